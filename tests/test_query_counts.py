"""The exact number of SQL queries of every list and detail page, per role that may open it, so
that a query added by mistake or a per-row query (N+1) fails a test naming the page and role.

QUERY_COUNTS is the table to update when a change means to add or save queries; PAGES says
where each page is and what its users rely on seeing. The second half checks that the pages
that loop over rows keep the same count with more rows.
"""

import datetime

import holidays
import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import Lead, LeadStatus, Organisation
from programmes.models import Programme
from reporting import cache as dashboards_cache

from .beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory, PathwayStepFactory
from .conventions.factories import AmendmentFactory, ConventionFactory, ObjectiveFactory
from .factories import MembershipFactory, OrganisationFactory
from .leads.factories import ContactFactory, LeadFactory
from .mobilisation.factories import InteractionFactory, MobilisationActionFactory
from .notifications.factories import NotificationFactory
from .programmes.factories import ActionFactory, ContractFactory, TargetFactory

# (page, role, queries): one row per page and role that may open it.
QUERY_COUNTS = [
    ("home", "national", 20),  # + the trend of their scope (entries; exits together)
    ("home", "rhone", 20),
    ("home", "operator", 19),
    ("home", "company", 15),
    ("programme-list", "national", 6),
    ("programme-list", "rhone", 6),
    ("programme-list", "operator", 6),
    ("programme-detail", "national", 10),
    ("programme-detail", "rhone", 10),
    ("programme-detail", "operator", 10),
    ("action-list", "national", 10),
    ("action-list", "rhone", 10),
    ("action-list", "paris", 10),
    ("action-list", "operator", 10),
    ("action-detail", "national", 18),
    ("action-detail", "rhone", 18),
    ("action-detail", "paris", 18),
    ("action-detail", "operator", 18),
    ("contract-list", "national", 8),
    ("contract-list", "rhone", 8),
    ("contract-list", "paris", 8),
    ("contract-list", "operator", 8),
    ("contract-detail", "national", 19),
    ("contract-detail", "rhone", 19),
    ("contract-detail", "paris", 19),
    ("contract-detail", "operator", 18),
    ("agir-rollout", "national", 7),
    ("agir-rollout", "rhone", 7),
    ("organisation-list", "national", 8),
    ("organisation-list", "rhone", 8),
    ("organisation-list", "paris", 8),
    ("organisation-list", "operator", 8),
    ("organisation-running", "national", 8),
    ("organisation-running", "rhone", 8),
    ("organisation-running", "paris", 8),
    ("organisation-running", "operator", 8),
    ("organisation-detail", "national", 13),
    ("organisation-detail", "rhone", 14),
    ("organisation-detail", "operator", 13),
    ("organisation-detail", "company", 9),
    ("interaction-list", "national", 7),
    ("interaction-list", "rhone", 7),
    ("lead-list", "national", 9),
    ("lead-list", "rhone", 9),
    ("lead-list", "paris", 9),
    ("lead-detail", "national", 11),
    ("lead-detail", "rhone", 11),
    ("funnel", "national", 11),
    ("funnel", "rhone", 12),
    ("map", "national", 6),
    ("map", "rhone", 9),
    ("convention-list", "national", 9),
    ("convention-list", "rhone", 9),
    ("convention-list", "paris", 9),
    ("convention-list", "operator", 9),
    ("convention-list", "company", 9),
    ("convention-detail", "national", 17),
    ("convention-detail", "rhone", 18),
    ("convention-detail", "paris", 18),
    ("convention-detail", "operator", 17),
    ("convention-detail", "company", 13),
    ("company-home", "company", 19),
    ("mobilisation-list", "national", 9),
    ("mobilisation-list", "rhone", 9),
    ("mobilisation-list", "paris", 9),
    ("mobilisation-list", "operator", 9),
    ("mobilisation-list", "company", 9),
    ("mobilisation-calendar", "national", 5),
    ("mobilisation-calendar", "rhone", 5),
    ("mobilisation-calendar", "company", 5),
    ("mobilisation-detail", "national", 15),
    ("mobilisation-detail", "rhone", 15),
    ("mobilisation-detail", "paris", 15),
    ("mobilisation-detail", "operator", 14),
    ("mobilisation-detail", "company", 9),
    ("user-list", "national", 8),
    ("user-list", "rhone", 8),
    ("user-list", "operator", 8),
    ("user-list", "company", 8),
    ("user-detail", "national", 7),
    ("user-detail", "rhone", 7),
    ("user-detail", "operator", 7),
    ("user-detail", "company", 7),
    ("notification-list", "national", 7),
    ("notification-list", "operator", 7),
    ("notification-list", "company", 7),
    ("dashboard-index", "national", 8),
    ("dashboard-index", "rhone", 8),
    ("dashboard-index", "operator", 6),
    ("dashboard-national", "national", 16),  # the trend's exits in one query
    ("dashboard-national", "rhone", 20),
    ("dashboard-department", "national", 15),
    ("dashboard-department", "rhone", 15),
    ("dashboard-programme", "national", 16),
    ("dashboard-programme", "operator", 14),
    ("dashboard-action", "operator", 13),
    ("dashboard-companies", "national", 18),
    ("dashboard-companies", "company", 8),
]

# page: (world, role) -> (url, a text the user relies on finding there)
PAGES = {
    "home": lambda w, role: (
        reverse("home"),
        reverse("company:home" if role == "company" else "programmes:action-list"),
    ),
    "programme-list": lambda w, role: (reverse("programmes:programme-list"), "AGIR"),
    "programme-detail": lambda w, role: (
        reverse("programmes:programme-detail", args=[Programme.PIC]),
        w.pic_action.title,
    ),
    "action-list": lambda w, role: (reverse("programmes:action-list"), w.pic_action.title),
    "action-detail": lambda w, role: (w.pic_action.get_absolute_url(), w.pic_action.title),
    "contract-list": lambda w, role: (reverse("programmes:contract-list"), w.contract.name),
    "contract-detail": lambda w, role: (w.contract.get_absolute_url(), w.ctai_action.title),
    "agir-rollout": lambda w, role: (
        reverse("programmes:agir-rollout"),
        w.agir_action.get_absolute_url(),
    ),
    "organisation-list": lambda w, role: (
        reverse("partners:organisation-list"),
        w.rhone_operator.name if role == "operator" else "Groupe National",
    ),
    # Organisations running or joining a running action: the partner of the PIC action each
    # coordinator may see, the operator its own organisation.
    "organisation-running": lambda w, role: (
        reverse("partners:organisation-list") + "?has_active_action=true",
        {"operator": w.rhone_operator.name, "paris": "Paris Services"}.get(role, "Rhône Bâtiment"),
    ),
    # Operators open their own organisation, others the company (with its mobilisation).
    "organisation-detail": lambda w, role: (
        (w.rhone_operator if role == "operator" else w.company).get_absolute_url(),
        (w.rhone_operator if role == "operator" else w.company).siret,
    ),
    "interaction-list": lambda w, role: (
        reverse("mobilisation:interaction-list", args=[w.company.pk]),
        "Point sur les besoins 1",
    ),
    "lead-list": lambda w, role: (reverse("leads:lead-list"), w.leads[role].organisation.name),
    "lead-detail": lambda w, role: (w.leads["rhone"].get_absolute_url(), "Commis de cuisine"),
    "funnel": lambda w, role: (reverse("reporting:funnel"), 'data-step="qualified"'),
    "map": lambda w, role: (reverse("reporting:map"), 'data-code="976"'),
    "convention-list": lambda w, role: (
        reverse("conventions:convention-list"),
        w.conventions[0].title,
    ),
    "convention-detail": lambda w, role: (
        w.conventions[0].get_absolute_url(),
        w.conventions[0].title,
    ),
    "company-home": lambda w, role: (reverse("company:home"), w.conventions[-1].title),
    "mobilisation-list": lambda w, role: (
        reverse("mobilisation:action-list"),
        w.mobilisation_action.title,
    ),
    "mobilisation-calendar": lambda w, role: (
        reverse("mobilisation:calendar", args=[2026, 3]),
        w.mobilisation_action.title,
    ),
    "mobilisation-detail": lambda w, role: (
        w.mobilisation_action.get_absolute_url(),
        w.mobilisation_action.title,
    ),
    "user-list": lambda w, role: (reverse("accounts:user-list"), w.colleagues[role].email),
    "user-detail": lambda w, role: (
        reverse("accounts:user-detail", args=[w.colleagues[role].pk]),
        w.colleagues[role].email,
    ),
    "notification-list": lambda w, role: (
        reverse("notifications:notification-list"),
        w.notifications[role].title,
    ),
    # Dashboards, computed cold (`cold_caches` drops their cache).
    "dashboard-index": lambda w, role: (reverse("reporting:dashboard-index"), "dashboard-"),
    "dashboard-national": lambda w, role: (
        reverse("reporting:dashboard-national"),
        'id="key-figures"',
    ),
    "dashboard-department": lambda w, role: (
        reverse("reporting:dashboard-department", args=["69"]),
        'id="key-figures"',
    ),
    "dashboard-programme": lambda w, role: (
        reverse("reporting:dashboard-programme", args=[Programme.PIC]),
        'id="key-figures"',
    ),
    "dashboard-action": lambda w, role: (
        reverse("reporting:dashboard-action", args=[w.pic_action.pk]),
        'id="key-figures"',
    ),
    "dashboard-companies": lambda w, role: (
        reverse("reporting:dashboard-companies"),
        'id="key-figures"',
    ),
}


class World:
    """A small Tremplin: a few of everything, several rows wherever a page loops."""


@pytest.fixture(autouse=True)
def cold_caches():
    """Count from a cold start, whatever the tests before have cached in this process."""
    ContentType.objects.clear_cache()
    dashboards_cache.bump()


def add_conventions(n, parties, **kwargs):
    """`n` active conventions of `parties`, each with three objectives and an amendment."""
    conventions = ConventionFactory.create_batch(n, active=True, parties=parties, **kwargs)
    for convention in conventions:
        ObjectiveFactory(convention=convention)
        ObjectiveFactory(convention=convention, indicator="hires", target=12)
        ObjectiveFactory(convention=convention, indicator="immersions", target=5)
        AmendmentFactory(convention=convention, document="")
    return conventions


def add_leads(n, department):
    """`n` leads of `department`, at every step of the pipeline, each with history."""
    steps = [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.NEW]
    leads = []
    for index in range(n):
        lead = LeadFactory(
            department=department,
            submitted_at=timezone.now() - datetime.timedelta(days=10 + index),
        )
        status = steps[index % len(steps)]
        if status != LeadStatus.NEW:
            lead.set_status(status)
            lead.notes = "Rappeler la DRH"
            lead.save()
        leads.append(lead)
    return leads


def change_lead(lead, times, assignees):
    """`times` saved changes of `lead`'s follow-up: status, notes, assignee."""
    for index in range(times):
        lead.notes = f"Échange numéro {lead.history.count()}"
        lead.assignee = assignees[index % len(assignees)]
        lead.set_status([LeadStatus.CONTACTED, LeadStatus.QUALIFIED][index % 2])
        lead.save()


def change_mobilisation_action(action, times, organisations):
    """`times` saved changes of `action`: its participants and the organisations invited."""
    for index in range(times):
        action.participants = index + 1
        action.save()
        action.invited.set(organisations[: 1 + index % len(organisations)])


@pytest.fixture
def world(
    departments, national_user, rhone_user, paris_user, operator_user, company_user, rhone_operator
):
    w = World()
    rhone, paris = departments["69"], departments["75"]
    w.users = {
        "national": national_user,
        "rhone": rhone_user,
        "paris": paris_user,
        "operator": operator_user,
        "company": company_user,
    }
    w.rhone_operator = rhone_operator
    w.company = company_user.memberships.get().organisation
    opco = OrganisationFactory(kind="opco", name="Constructys", department=None)
    Organisation.objects.filter(pk=w.company.pk).update(opco=opco, needs_sectors=["hospitality"])
    w.company.refresh_from_db()
    others = [
        OrganisationFactory(name="Rhône Bâtiment", department=rhone, opco=opco),
        OrganisationFactory(name="Paris Services", department=paris),
        OrganisationFactory(name="Groupe National", department=None),
        OrganisationFactory(kind="geiq", name="GEIQ Propreté", department=rhone),
    ]
    ContactFactory.create_batch(2, organisation=w.company)
    ContactFactory.create_batch(2, organisation=others[0])
    w.colleagues = {
        "national": rhone_user,
        "rhone": MembershipFactory(role="territorial", departments=[rhone]).user,
        "operator": MembershipFactory(role="operator", organisation=rhone_operator).user,
        "company": MembershipFactory(role="company", organisation=w.company).user,
    }

    # Programmes: actions of several programmes, CTAI contracts with targets.
    prefecture = OrganisationFactory(kind="state_service", name="Préfecture du Rhône")
    w.contract = ContractFactory(
        name="CTAI Lyon Métropole",
        prefecture=prefecture,
        departments=[rhone, paris],
        signatories=[others[2], prefecture],
    )
    ContractFactory(name="CTAI Paris", departments=[paris], signatories=[others[1]])
    TargetFactory.create_batch(2, contract=w.contract)
    w.pic_action = ActionFactory(
        title="Cuisine et français à Lyon",
        operator=rhone_operator,
        departments=[rhone, paris],
    )
    w.pic_action.partners.set(others[:2])
    w.pic_action.funders.set([opco, prefecture])
    # Ended in 2026 whatever today is: the dashboards of 2026 measure them.
    TargetFactory.create_batch(2, action=w.pic_action, period_end=datetime.date(2026, 6, 30))
    ActionFactory.create_batch(2, operator=rhone_operator, departments=[rhone])
    ActionFactory(hope=True, departments=[paris])
    w.ctai_action = ActionFactory(
        ctai=True, title="Emploi CTAI Lyon", contract=w.contract, operator=rhone_operator
    )
    w.ctai_action.departments.set([rhone, paris])
    ActionFactory(ctai=True, contract=w.contract, departments=[rhone])
    w.agir_action = ActionFactory(
        agir=True,
        title="AGIR Rhône",
        operator=rhone_operator,
        agir_department=rhone,
        departments=[rhone],
    )
    ActionFactory(agir=True, agir_department=paris, departments=[paris], status="planned")
    w.pic_action.capacity = 24  # a change in its history
    w.pic_action.save()

    # Conventions: three of the company, one of the operator, one in Paris.
    w.conventions = add_conventions(1, [w.company, rhone_operator, others[0]])
    w.conventions += add_conventions(1, [w.company], departments=[rhone])
    w.conventions += add_conventions(1, [w.company, others[2]])
    add_conventions(1, [others[1]], departments=[paris])
    add_conventions(1, [rhone_operator], departments=[rhone])

    # Leads at several steps, with history.
    w.leads = {"rhone": add_leads(4, rhone)[1], "paris": add_leads(2, paris)[0]}
    w.leads["national"] = w.leads["rhone"]
    change_lead(w.leads["rhone"], 2, [rhone_user, national_user])
    Lead.objects.filter(pk=w.leads["rhone"].pk).update(
        convention=w.conventions[0], status=LeadStatus.CONVENTION
    )

    # Mobilisation: actions here, in Paris and national, with organisations and history.
    w.mobilisation_action = MobilisationActionFactory(
        title="Job dating Lyon",
        organiser=rhone_operator,
        invited=[w.company, rhone_operator, *others],
        attendees=[w.company, others[0]],
    )
    change_mobilisation_action(w.mobilisation_action, 2, [w.company, rhone_operator, *others])
    MobilisationActionFactory(departments=[rhone], invited=[w.company], attendees=[w.company])
    MobilisationActionFactory(departments=[paris], invited=[others[1]], attendees=[others[1]])
    MobilisationActionFactory(
        webinar=True, date=datetime.date(2026, 3, 3), invited=[w.company, rhone_operator]
    )
    for index in range(3):
        InteractionFactory(
            organisation=w.company, author=rhone_user, summary=f"Point sur les besoins {index}"
        )
    w.notifications = {
        role: NotificationFactory.create_batch(3, user=user)[0] for role, user in w.users.items()
    }
    return w


def get_counted(client, user, url):
    """Sign `user` in, then open `url` counting its queries."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, queries


ROLES = sorted({role for _, role, _ in QUERY_COUNTS})


@pytest.mark.parametrize("role", ROLES)
def test_each_page_makes_its_exact_number_of_queries(client, world, role):
    """Every page of one role on the same world (built once per role, not per page): each
    page's status, content and exact query count, all mismatches reported together."""
    client.force_login(world.users[role])
    failures = []
    for page, page_role, expected in QUERY_COUNTS:
        if page_role != role:
            continue
        url, text = PAGES[page](world, role)
        ContentType.objects.clear_cache()
        # Counted cold: no figures cached by the pages before it (the funnel, objectives…).
        dashboards_cache.bump()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            failures.append(f"{page} as {role}: status {response.status_code}")
            continue
        if text not in response.content.decode():
            failures.append(f"{page} as {role}: “{text}” is missing")
        if len(queries) != expected:
            sql = "\n".join(f"  {i}. {q['sql']}" for i, q in enumerate(queries.captured_queries, 1))
            failures.append(
                f"{page} as {role}: {len(queries)} queries, QUERY_COUNTS says {expected}\n{sql}"
            )
    assert not failures, "\n".join(failures)


# --- Flat where pages loop ------------------------------------------------------------------------


class Few:
    """The least a page needs, to which rows are added."""


@pytest.fixture
def few(departments, national_user, rhone_user, company_user, operator_user, rhone_operator):
    f = Few()
    f.rhone = departments["69"]
    f.users = {
        "national": national_user,
        "rhone": rhone_user,
        "company": company_user,
        "operator": operator_user,
    }
    f.company = company_user.memberships.get().organisation
    f.others = [rhone_operator, OrganisationFactory(name="Rhône Bâtiment", department=f.rhone)]
    f.lead = LeadFactory(department=f.rhone)
    f.mobilisation_action = MobilisationActionFactory(
        departments=[f.rhone], invited=[f.company], attendees=[f.company]
    )
    return f


def conventions(f, n):
    add_conventions(n, [f.company, f.others[0]])


def leads(f, n):
    add_leads(n, f.rhone)


def lead_changes(f, n):
    change_lead(f.lead, n, [f.users["rhone"], f.users["national"]])


def mobilisation_changes(f, n):
    change_mobilisation_action(f.mobilisation_action, n, [f.company, *f.others])


def organisations(f, n):
    """`n` companies of the Rhône, each a partner of a running action of the operator."""
    for organisation in OrganisationFactory.create_batch(n, department=f.rhone):
        ActionFactory(operator=f.others[0], departments=[f.rhone]).partners.set([organisation])


def mobilisation_actions(f, n):
    """`n` actions in the Rhône to which the company and the operator were invited."""
    MobilisationActionFactory.create_batch(
        n, departments=[f.rhone], invited=[f.company, f.others[0]], attendees=[f.company]
    )


def actions(f, n):
    """`n` actions of the operator in the Rhône, each with a partner and a funder."""
    for action in ActionFactory.create_batch(n, operator=f.others[0], departments=[f.rhone]):
        action.partners.set([f.others[1]])
        action.funders.set([f.company])


def contracts(f, n):
    """`n` CTAI contracts of the Rhône, each with an employment action of the operator."""
    for contract in ContractFactory.create_batch(n, departments=[f.rhone]):
        ActionFactory(ctai=True, contract=contract, operator=f.others[0], departments=[f.rhone])


def contract_actions(f, n):
    """`n` employment actions of the operator on a CTAI contract of the Rhône (made with the
    first ones), each with a target, as the contract has."""
    if not hasattr(f, "contract"):
        f.contract = ContractFactory(departments=[f.rhone])
        TargetFactory(contract=f.contract)
    for action in ActionFactory.create_batch(
        n, ctai=True, contract=f.contract, operator=f.others[0], departments=[f.rhone]
    ):
        TargetFactory(action=action)


def colleagues(f, n):
    """`n` coordinators of the Rhône."""
    MembershipFactory.create_batch(n, role="territorial", departments=[f.rhone])


def notifications(f, n):
    NotificationFactory.create_batch(n, user=f.users["operator"])


def interactions(f, n):
    InteractionFactory.create_batch(n, organisation=f.company, author=f.users["rhone"])


def people(f, n):
    """`n` people of the Rhône in an action of the operator: entered, exited to a job."""
    action = ActionFactory(operator=f.others[0], departments=[f.rhone])
    for person in BeneficiaryFactory.create_batch(n, department=f.rhone):
        enrolment = EnrolmentFactory(beneficiary=person, action=action, exited=True)
        PathwayStepFactory(enrolment=enrolment, job=True, start_date=enrolment.exit_date)


FLAT_PAGES = {
    "home": lambda f: reverse("home"),
    "company-home": lambda f: reverse("company:home"),
    "convention-list": lambda f: reverse("conventions:convention-list"),
    "lead-list": lambda f: reverse("leads:lead-list"),
    "lead-detail": lambda f: f.lead.get_absolute_url(),
    "mobilisation-detail": lambda f: f.mobilisation_action.get_absolute_url(),
    "organisation-list": lambda f: reverse("partners:organisation-list"),
    "organisation-running": lambda f: (
        reverse("partners:organisation-list") + "?has_active_action=true"
    ),
    "mobilisation-list": lambda f: reverse("mobilisation:action-list"),
    "action-list": lambda f: reverse("programmes:action-list"),
    "contract-list": lambda f: reverse("programmes:contract-list"),
    "contract-detail": lambda f: f.contract.get_absolute_url(),
    "user-list": lambda f: reverse("accounts:user-list"),
    "interaction-list": lambda f: reverse("mobilisation:interaction-list", args=[f.company.pk]),
    "notification-list": lambda f: reverse("notifications:notification-list"),
    "dashboard-national": lambda f: reverse("reporting:dashboard-national"),
    "dashboard-department": lambda f: reverse("reporting:dashboard-department", args=["69"]),
    "dashboard-companies": lambda f: reverse("reporting:dashboard-companies"),
}

#: More rows than a page holds, so that the many rows are paginated.
PAGE_AND_MORE = settings.PAGE_SIZE + 2

# (page, role, rows added, few and many of them, what must not grow)
FLATNESS = [
    ("company-home", "company", conventions, 1, 6, "queries"),
    ("home", "company", conventions, 1, 6, "queries"),
    ("home", "rhone", leads, 2, 6, "queries"),
    ("home", "national", conventions, 1, 4, "queries"),
    ("convention-list", "company", conventions, 1, 4, "queries"),
    ("convention-list", "rhone", conventions, 1, 4, "queries"),
    ("organisation-list", "national", organisations, 1, PAGE_AND_MORE, "queries"),
    ("organisation-list", "rhone", organisations, 1, PAGE_AND_MORE, "queries"),
    ("organisation-running", "rhone", organisations, 1, 4, "queries"),
    ("mobilisation-list", "rhone", mobilisation_actions, 1, 4, "queries"),
    ("mobilisation-list", "operator", mobilisation_actions, 1, 4, "queries"),
    ("mobilisation-list", "company", mobilisation_actions, 1, 4, "queries"),
    ("action-list", "rhone", actions, 1, 4, "queries"),
    ("action-list", "operator", actions, 1, 4, "queries"),
    ("contract-list", "operator", contracts, 1, 4, "queries"),
    ("contract-list", "rhone", contracts, 1, 4, "queries"),
    ("contract-detail", "rhone", contract_actions, 1, 4, "queries"),
    ("contract-detail", "national", contract_actions, 1, 4, "queries"),
    ("contract-detail", "operator", contract_actions, 1, 4, "queries"),
    ("user-list", "rhone", colleagues, 1, 4, "queries"),
    ("interaction-list", "rhone", interactions, 1, 4, "queries"),
    ("lead-list", "rhone", leads, 2, 6, "queries"),
    ("lead-list", "rhone", leads, 2, 6, "holiday calendars"),
    ("lead-detail", "rhone", lead_changes, 2, 10, "queries"),
    ("mobilisation-detail", "national", mobilisation_changes, 2, 10, "queries"),
    ("notification-list", "operator", notifications, 1, PAGE_AND_MORE, "queries"),
    ("dashboard-national", "national", people, 1, 6, "queries"),
    ("dashboard-department", "rhone", people, 1, 6, "queries"),
    ("dashboard-companies", "company", conventions, 1, 4, "queries"),
]


@pytest.fixture
def holiday_calendars(monkeypatch):
    """How many French holiday calendars are built: it is not a query, but as slow as one."""
    built = []
    france = holidays.France

    def counted(*args, **kwargs):
        built.append(args or kwargs)
        return france(*args, **kwargs)

    monkeypatch.setattr(holidays, "France", counted)
    return built


@pytest.mark.parametrize(("page", "role", "rows", "few_rows", "many_rows", "counted"), FLATNESS)
def test_looping_pages_count_the_same_with_more_rows(
    client, few, holiday_calendars, page, role, rows, few_rows, many_rows, counted
):
    def count():
        del holiday_calendars[:]
        dashboards_cache.bump()
        response, queries = get_counted(client, few.users[role], FLAT_PAGES[page](few))
        assert response.status_code == 200
        return len(queries) if counted == "queries" else len(holiday_calendars)

    rows(few, few_rows)
    with_few = count()
    rows(few, many_rows - few_rows)
    with_many = count()
    assert with_many == with_few, (
        f"{page} as {role}: {with_few} {counted} with {few_rows} rows, {with_many} with {many_rows}"
    )
