"""The home page by role: staff land on their scope's key figures (this year against last, from
the dictionary) and a to-do list counted within their scope, each line linking to the list
filtered on it; a company contact lands on their partnership. What is outside a user's scope
counts for nothing: a coordinator of the Rhône does not count Paris's overdue follow-up."""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries.duplicates import record_candidates
from reporting.dictionary import Unit, compute
from reporting.home import KeyFigure, key_figures, scope_filters, todo_list

from ..beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory
from ..conftest import in_english
from ..conventions.factories import ConventionFactory, ObjectiveFactory
from ..factories import MembershipFactory, OrganisationFactory
from ..leads.factories import LeadFactory
from ..mobilisation.factories import MobilisationActionFactory
from ..programmes.factories import ActionFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def territory(department, operator):
    """In `department`, with an action of `operator`: a person who exited eight months ago (6-month
    follow-up overdue), one in progress with no step for 120 days, a lead new for 20 days and a
    convention ending in 30 days."""
    action = ActionFactory(
        operator=operator, departments=[department], start_date=days_ago(700), end_date=None
    )
    exited = EnrolmentFactory(
        beneficiary=BeneficiaryFactory(department=department),
        action=action,
        status="exited",
        referral_date=days_ago(400),
        entry_date=days_ago(390),
        exit_date=days_ago(240),
        exit_reason="completed",
    )
    quiet = EnrolmentFactory(
        beneficiary=BeneficiaryFactory(department=department),
        action=action,
        status="in_progress",
        referral_date=days_ago(130),
        entry_date=days_ago(120),
    )
    lead = LeadFactory(department=department, submitted_at=timezone.now() - datetime.timedelta(20))
    convention = ConventionFactory(
        active=True, departments=[department], scope="territorial", end_date=days_ago(-30)
    )
    return SimpleNamespace(
        action=action, exited=exited, quiet=quiet, lead=lead, convention=convention
    )


@pytest.fixture
def france(departments, rhone_operator):
    paris_operator = OrganisationFactory(kind="operator", department=departments["75"])
    return SimpleNamespace(
        rhone=territory(departments["69"], rhone_operator),
        paris=territory(departments["75"], paris_operator),
    )


def counts(user):
    return {todo.key: todo.count for todo in todo_list(user, timezone.localdate())}


def test_national_staff_count_every_territory(national_user, france):
    assert counts(national_user) == {
        "follow_ups": 2,
        "leads": 2,
        "quiet_enrolments": 2,
        "conventions_ending": 2,
        "conventions_behind": 0,
        "duplicates": 0,
    }


def test_a_coordinator_counts_their_territory_only(rhone_user, france):
    assert counts(rhone_user) == {
        "follow_ups": 1,
        "leads": 1,
        "quiet_enrolments": 1,
        "conventions_ending": 1,
        "conventions_behind": 0,
        "duplicates": 0,
    }


def test_an_operator_counts_their_actions_only(operator_user, france):
    # No leads (coordinators and national staff follow them); no convention signed.
    assert counts(operator_user) == {
        "follow_ups": 1,
        "quiet_enrolments": 1,
        "conventions_ending": 0,
        "conventions_behind": 0,
        "referrals": 0,
    }


def test_a_company_contact_has_no_to_do_list(company_user, france):
    assert counts(company_user) == {}


def test_each_line_links_to_the_list_filtered_on_what_it_counts(client, rhone_user, france):
    client = in_english(client)
    client.force_login(rhone_user)
    todos = {todo.key: todo for todo in todo_list(rhone_user, timezone.localdate())}
    follow_ups = client.get(todos["follow_ups"].url).content.decode()
    due = france.rhone.exited.follow_ups.get(months=6)
    assert reverse("beneficiaries:followup-record", args=[due.pk]) in follow_ups
    paris_due = france.paris.exited.follow_ups.get(months=6)
    assert reverse("beneficiaries:followup-record", args=[paris_due.pk]) not in follow_ups
    leads = client.get(todos["leads"].url).content.decode()
    assert france.rhone.lead.get_absolute_url() in leads
    assert france.paris.lead.get_absolute_url() not in leads
    people = client.get(todos["quiet_enrolments"].url).content.decode()
    assert france.rhone.quiet.beneficiary.get_absolute_url() in people
    assert france.rhone.exited.beneficiary.get_absolute_url() not in people
    conventions = client.get(todos["conventions_ending"].url).content.decode()
    assert france.rhone.convention.title in conventions
    assert france.paris.convention.title not in conventions
    for todo in todos.values():
        assert "?" not in todo.url or all(
            part.split("=")[1] in ("due", "true") for part in todo.url.split("?")[1].split("&")
        )


def test_the_home_page_shows_the_to_do_list_and_key_figures(client, rhone_user, france):
    client = in_english(client)
    client.force_login(rhone_user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-todo="follow_ups"' in page
    assert 'id="key-figures"' in page
    rate = KeyFigure("sortie_dynamique_rate", "Rate", 60.25, None, Unit.PERCENT)
    assert rate.shown.endswith(" %") and rate.previous_shown == "—"
    assert "Your roles in Tremplin" in page


def test_key_figures_are_the_dictionarys_on_the_users_scope(rhone_user, national_user, france):
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    figures = {f.code: f for f in key_figures(rhone_user, today)["figures"]}
    filters, _label = scope_filters(rhone_user, start, today)
    assert filters.departments == frozenset(rhone_user.scope.department_ids)
    for code, figure in figures.items():
        assert figure.value == compute(code, filters).total
    national = {f.code: f for f in key_figures(national_user, today)["figures"]}
    # The same in Paris: national staff count both, the coordinator the Rhône's only.
    assert national["persons_followed"].value == 2 * figures["persons_followed"].value > 0


def test_a_conventions_objective_behind_its_pace_is_to_do(rhone_user, paris_user, france):
    ObjectiveFactory(
        convention=france.rhone.convention,
        indicator="hires",
        target=50,
        period_start=days_ago(300),
        period_end=days_ago(-60),
    )
    assert counts(rhone_user)["conventions_behind"] == 1
    assert counts(paris_user)["conventions_behind"] == 0


def test_possible_duplicates_count_for_who_sees_both_records(
    client, national_user, rhone_user, paris_user, france
):
    person = france.rhone.exited.beneficiary
    twin = BeneficiaryFactory(
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        department=person.department,
    )
    record_candidates(twin, "form")
    assert counts(national_user)["duplicates"] == 1
    assert counts(rhone_user)["duplicates"] == 1
    assert counts(paris_user)["duplicates"] == 0
    client.force_login(rhone_user)
    line = next(t for t in todo_list(rhone_user, timezone.localdate()) if t.key == "duplicates")
    assert client.get(line.url).status_code == 200


def test_a_company_contact_lands_on_their_partnership(client, departments):
    company = OrganisationFactory(kind="company", department=departments["69"])
    user = MembershipFactory(role="company", organisation=company).user
    convention = ConventionFactory(active=True, parties=[company])
    ObjectiveFactory(convention=convention, indicator="hires", target=12)
    other = ConventionFactory(active=True)
    MobilisationActionFactory(title="Job dating de demain", date=days_ago(-10), invited=[company])
    client = in_english(client)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert 'id="partnership"' in page
    assert convention.title in page
    assert other.title not in page
    assert "Hires" in page
    assert 'id="todo"' not in page and 'id="key-figures"' not in page


def test_an_empty_scope_says_what_to_do_first(client, operator_user):
    client = in_english(client)
    client.force_login(operator_user)
    page = client.get(reverse("home")).content.decode()
    assert 'id="figures-empty"' in page
    assert reverse("beneficiaries:beneficiary-create") in page
    assert 'id="todo-empty"' in page


def test_a_company_contact_without_convention_is_told_what_to_do(client, company_user):
    client = in_english(client)
    client.force_login(company_user)
    page = client.get(reverse("home")).content.decode()
    assert 'id="partnership-empty"' in page


def test_people_without_a_step_count_once_as_the_linked_list_shows_them(client, rhone_user, france):
    """A person with two enrolments in progress and no step for 120 days is one line of the
    linked list of people, so the to-do line counts people, not enrolments."""
    second = ActionFactory(
        operator=france.rhone.action.operator,
        departments=france.rhone.action.departments.all(),
        start_date=days_ago(700),
        end_date=None,
    )
    EnrolmentFactory(
        beneficiary=france.rhone.quiet.beneficiary,
        action=second,
        status="in_progress",
        referral_date=days_ago(130),
        entry_date=days_ago(120),
    )
    todo = {t.key: t for t in todo_list(rhone_user, timezone.localdate())}["quiet_enrolments"]
    assert todo.count == 1
    client.force_login(rhone_user)
    response = client.get(todo.url)
    assert response.context["paginator"].count == 1


def test_an_operator_is_told_of_the_referrals_waiting_for_their_answer(
    client, operator_user, rhone_user, paris_user, france
):
    """A referral from Paris to the Rhône operator's action is on the Rhône operator's to-do
    list until answered, linking to the received inbox filtered on what is counted; the
    sender's side and the coordinators (who do not answer) have no such line."""
    from beneficiaries.models import Referral

    sender = MembershipFactory(role="operator", organisation=france.paris.action.operator).user
    referral = Referral.objects.create(
        beneficiary=france.paris.exited.beneficiary,
        from_organisation=france.paris.action.operator,
        referred_by=sender,
        action=france.rhone.action,
        message="Orientation vers Lyon.",
    )
    assert counts(operator_user)["referrals"] == 1
    assert counts(sender)["referrals"] == 0
    assert "referrals" not in counts(rhone_user) and "referrals" not in counts(paris_user)

    line = next(t for t in todo_list(operator_user, timezone.localdate()) if t.key == "referrals")
    client = in_english(client)
    client.force_login(operator_user)
    listed = client.get(line.url)
    assert listed.status_code == 200
    assert [r.pk for r in listed.context["object_list"]] == [referral.pk]
    assert "Referrals waiting for your answer" in client.get(reverse("home")).content.decode()

    referral.decline(operator_user, "full")
    assert counts(operator_user)["referrals"] == 0
    assert list(client.get(line.url).context["object_list"]) == []


def test_the_home_page_keeps_its_slow_figures_per_scope_until_a_fact_changes(
    client, rhone_user, departments, france
):
    """Key figures, quiet enrolments and conventions behind their pace take seconds at
    national volume: the page caches them per scope and day (`reporting.cache`), shared by
    the coordinators of one territory, read again once a watched fact changes; the other
    to-do counts are read on each visit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting import cache

    colleague = MembershipFactory(role="territorial", departments=[departments["69"]]).user

    def visit(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"))
        todos = {line.key: line.count for line in response.context["todos"]["lines"]}
        return len(queries), todos, response.context["figures"]

    cold, todos, figures = visit(rhone_user)
    warm, warm_todos, warm_figures = visit(colleague)
    assert warm < cold
    assert (warm_todos, warm_figures) == (todos, figures)
    assert warm_todos == counts(rhone_user)
    cache.bump()  # what a saved enrolment, step, convention or objective does after commit
    assert visit(colleague)[0] == cold


def test_the_conventions_behind_page_lists_what_the_to_do_line_counts(
    client, rhone_user, paris_user, france
):
    """The to-do line's list: the conventions the user may see with an objective behind its
    pace, as many as the line counts."""
    ObjectiveFactory(
        convention=france.rhone.convention,
        indicator="hires",
        target=50,
        period_start=days_ago(300),
        period_end=days_ago(-60),
    )
    url = reverse("reporting:conventions-behind")
    client = in_english(client)
    for user, expected in ((rhone_user, [france.rhone.convention]), (paris_user, [])):
        client.force_login(user)
        rows = client.get(url).context["rows"]
        assert [convention for convention, _objectives in rows] == expected
        assert counts(user)["conventions_behind"] == len(expected)
    client.force_login(rhone_user)
    response = client.get(url)
    page, [(_convention, [behind])] = response.content.decode(), response.context["rows"]
    assert f"{behind.indicator}: {behind.achieved_percent} % achieved" in page
    assert behind.expected_percent - behind.achieved_percent > 20


def test_the_conventions_behind_their_pace_are_listed_by_pages(
    client, rhone_user, departments, france, monkeypatch
):
    """Hundreds for national staff at national volume: a page at a time, all of them over the
    pages (here two a page)."""
    from reporting.home import ConventionsBehindView

    monkeypatch.setattr(ConventionsBehindView, "paginate_by", 2)
    for _ in range(3):
        convention = ConventionFactory(
            active=True, departments=[departments["69"]], scope="territorial"
        )
        ObjectiveFactory(
            convention=convention,
            indicator="hires",
            target=50,
            period_start=days_ago(300),
            period_end=days_ago(-60),
        )
    client.force_login(rhone_user)
    url = reverse("reporting:conventions-behind")
    first, second = client.get(url), client.get(f"{url}?page=2")
    assert first.context["paginator"].count == counts(rhone_user)["conventions_behind"] == 3
    shown = [c.pk for page in (first, second) for c, _objectives in page.context["rows"]]
    assert len(shown) == len(set(shown)) == 3
    assert "fr-pagination" in first.content.decode()


def test_staff_land_on_their_scopes_trend_with_its_table_and_csv(
    client, rhone_user, national_user, france
):
    """The home page's chart: entries, exits and sorties dynamiques by month of the user's
    scope this year, a line with its data table, and its CSV on a page of its own."""
    client = in_english(client)
    today = timezone.localdate()
    csv_url = f"{reverse('reporting:home-trend')}?format=csv&table=home-trend"
    for user in (rhone_user, national_user):
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert 'id="home-trend"' in page and "<line-chart" in page
        assert 'id="home-trend-table"' in page
        assert csv_url.replace("&", "&amp;") in page
        response = client.get(csv_url)
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == ["Month", "Entries", "Exits", "Sorties dynamiques"]
        assert len(rows) == 1 + today.month + 1  # January to this month, then the total
        filters, _label = scope_filters(user, today.replace(month=1, day=1), today)
        expected = [str(compute(code, filters).total) for code in ("entries", "exits")]
        assert rows[-1][0] == "Total" and rows[-1][1:3] == expected
    # Paris's people are in the national scope, not in the Rhône coordinator's.
    assert (
        compute(
            "entries", scope_filters(national_user, today.replace(month=1, day=1), today)[0]
        ).total
        == 2
        * compute(
            "entries", scope_filters(rhone_user, today.replace(month=1, day=1), today)[0]
        ).total
    )


def test_a_company_contact_has_no_trend(client, company_user):
    client.force_login(company_user)
    assert 'id="home-trend"' not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("reporting:home-trend")).status_code == 403
