"""Referrals between organisations: who opens which referral page (role × a referral on their
side × one outside it), what the receiver reads before accepting (only what the referral
states: the person's page stays 404 and the person stays out of their lists and counts), and
after; declining, withdrawing, answering twice, the accept's single transaction, the person's
timeline and the access log."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.once import TOKEN_FIELD
from beneficiaries.models import AccessLog, Beneficiary, Enrolment, Referral

from ..conftest import in_english
from ..factories import MembershipFactory, OrganisationFactory
from ..programmes.factories import ActionFactory
from .factories import EnrolmentFactory

MESSAGE = "Sortie de session HOPE, souhaite un accompagnement logement et emploi à Paris."


@pytest.fixture
def client(client):
    """Pages in English, the language of the source strings these tests read."""
    return in_english(client)


@pytest.fixture
def referrals(followed, departments):
    """`rhone`: the Rhône operator refers its person to the Paris operator's action (received
    by the Paris operator and coordinator). `paris`: the Paris operator refers its person to a
    third operator's action in the Bouches-du-Rhône, outside the Rhône side's scope."""
    users = followed.users
    elsewhere = ActionFactory(
        operator=OrganisationFactory(kind="operator", department=departments["13"]),
        departments=[departments["13"]],
    )
    return {
        "rhone": Referral.objects.create(
            beneficiary=followed.rhone.person,
            from_organisation=followed.rhone.action.operator,
            referred_by=users["operator"],
            action=followed.paris.action,
            message=MESSAGE,
        ),
        "paris": Referral.objects.create(
            beneficiary=followed.paris.person,
            from_organisation=followed.paris_operator,
            referred_by=users["other_operator"],
            action=elsewhere,
            message="Orientation vers Marseille.",
        ),
    }


# --- Who opens which page -----------------------------------------------------------------------

ROLES = ("national", "rhone", "paris", "operator", "other_operator", "company")
EVERY_STAFF = (200, 200, 200, 200, 200, 403)
# A referral: seen by both sides; answered by the receiving operator only; withdrawn by its
# sender only. 403 where the user sees the referral but it is not theirs to answer.
SEEN = {"rhone": (200, 200, 200, 200, 200, 404), "paris": (200, 404, 200, 404, 200, 404)}
ANSWERED = {"rhone": (403, 403, 403, 403, 200, 404), "paris": (403, 404, 403, 404, 403, 404)}
WITHDRAWN = {"rhone": (403, 403, 403, 200, 403, 404), "paris": (403, 404, 403, 404, 200, 404)}
# Referring a person: those who see the person (tests/beneficiaries/test_url_scope.py).
REFERRED = {"rhone": (200, 200, 404, 200, 404, 404), "paris": (200, 404, 200, 404, 200, 404)}

PAGES = [
    ("referral-list", None, EVERY_STAFF),
    ("referral-sent-list", None, EVERY_STAFF),
    ("referral-action-choices", None, EVERY_STAFF),
]
for place in ("rhone", "paris"):
    PAGES += [
        ("referral-create", place, REFERRED[place]),
        ("referral-detail", place, SEEN[place]),
        ("referral-accept", place, ANSWERED[place]),
        ("referral-decline", place, ANSWERED[place]),
        ("referral-withdraw", place, WITHDRAWN[place]),
    ]


def url_of(followed, referrals, name, place):
    if place is None:
        return reverse(f"beneficiaries:{name}")
    if name == "referral-create":
        return reverse("beneficiaries:referral-create", args=[getattr(followed, place).person.pk])
    return reverse(f"beneficiaries:{name}", args=[referrals[place].pk])


CASES = [
    pytest.param(name, place, role, status, id=f"{name}-{place}-{role}")
    for name, place, statuses in PAGES
    for role, status in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("name", "place", "role", "expected"), CASES)
def test_page_answers_by_role_and_side(client, followed, referrals, name, place, role, expected):
    client.force_login(followed.users[role])
    assert client.get(url_of(followed, referrals, name, place)).status_code == expected


@pytest.mark.parametrize(("name", "place"), sorted({(n, p) for n, p, _s in PAGES}, key=str))
def test_anonymous_visitors_are_sent_to_sign_in(client, followed, referrals, name, place):
    response = client.get(url_of(followed, referrals, name, place))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_referrals_of_its_side(followed, referrals, role):
    visible = set(Referral.objects.visible_to(followed.users[role]))
    expected = {r for place, r in referrals.items() if SEEN[place][ROLES.index(role)] == 200}
    assert visible == expected


def test_a_company_contact_never_sees_a_referral_nor_its_person(client, followed, referrals):
    company = followed.users["company"]
    assert not Referral.objects.visible_to(company).exists()
    client.force_login(company)
    for referral in referrals.values():
        assert client.get(referral.get_absolute_url()).status_code == 404
        assert client.get(referral.beneficiary.get_absolute_url()).status_code == 404
        assert (
            client.post(reverse("beneficiaries:referral-accept", args=[referral.pk])).status_code
            == 404
        )
    assert client.get(reverse("beneficiaries:referral-list")).status_code == 403
    assert Referral.objects.filter(status="sent").count() == 2


# --- Before and after acceptance ----------------------------------------------------------------


def people_listed(client):
    response = client.get(reverse("beneficiaries:beneficiary-list"))
    return response.content.decode(), response.context["paginator"].count


@pytest.mark.parametrize("receiver", ["other_operator", "paris"])
def test_the_receiver_sees_the_person_only_once_accepted(client, followed, referrals, receiver):
    person = followed.rhone.person
    client.force_login(followed.users[receiver])
    assert client.get(person.get_absolute_url()).status_code == 404
    content, count = people_listed(client)
    assert "HAIDARI" not in content
    assert count == 1  # their own Paris person only
    assert not Beneficiary.objects.visible_to(followed.users[receiver]).filter(pk=person.pk)

    referrals["rhone"].accept(followed.users["other_operator"])

    assert client.get(person.get_absolute_url()).status_code == 200
    content, count = people_listed(client)
    assert "HAIDARI" in content
    assert count == 2


def test_before_acceptance_the_receiver_reads_only_what_the_referral_states(
    client, followed, referrals
):
    person = followed.rhone.person
    Beneficiary.objects.filter(pk=person.pk).update(
        first_name="Ahmad", email="ahmad@example.org", phone="+33612345678"
    )
    client.force_login(followed.users["other_operator"])
    page = client.get(referrals["rhone"].get_absolute_url()).content.decode()
    assert "Ahmad H." in page
    assert "1994" in page
    assert "Rhône" in page
    assert MESSAGE in page
    for hidden in ("Haidari", "HAIDARI", "12/05/1994", "ahmad@example.org", "612345678"):
        assert hidden not in page, hidden
    assert person.get_absolute_url() not in page
    inbox = client.get(reverse("beneficiaries:referral-list")).content.decode()
    assert "Ahmad H." in inbox
    assert "HAIDARI" not in inbox


def test_the_sender_reads_the_full_name_and_links_to_the_person(client, followed, referrals):
    client.force_login(followed.users["operator"])
    page = client.get(referrals["rhone"].get_absolute_url()).content.decode()
    assert "HAIDARI" in page
    assert followed.rhone.person.get_absolute_url() in page
    sent = client.get(reverse("beneficiaries:referral-sent-list")).content.decode()
    assert "HAIDARI" in sent
    received = client.get(reverse("beneficiaries:referral-list"))
    assert received.context["paginator"].count == 0


def test_every_view_of_a_referral_is_in_the_access_log(client, followed, referrals):
    client.force_login(followed.users["other_operator"])
    url = referrals["rhone"].get_absolute_url()
    client.get(url)
    rows = AccessLog.objects.filter(beneficiary=followed.rhone.person)
    assert [(r.user, r.kind, r.path) for r in rows] == [
        (followed.users["other_operator"], "view", url)
    ]


# --- Answers ------------------------------------------------------------------------------------


def accept_url(referral):
    return reverse("beneficiaries:referral-accept", args=[referral.pk])


def test_accepting_enrols_the_person_as_referred(client, followed, referrals):
    referral = referrals["rhone"]
    receiver = followed.users["other_operator"]
    client.force_login(receiver)
    response = client.post(accept_url(referral))
    assert response.status_code == 302
    assert response.url == followed.rhone.person.get_absolute_url()
    referral.refresh_from_db()
    enrolment = referral.enrolment
    assert (referral.status, referral.decided_by) == ("accepted", receiver)
    assert (enrolment.beneficiary, enrolment.action) == (
        followed.rhone.person,
        followed.paris.action,
    )
    assert (enrolment.status, enrolment.referral_source) == ("referred", "organisation")
    assert enrolment.referral_date == timezone.localdate(referral.sent_at)
    assert AccessLog.objects.filter(
        beneficiary=followed.rhone.person, user=receiver, kind="change"
    ).exists()
    assert referral.history.count() == 2  # sent, accepted


def test_accepting_twice_enrols_once(client, followed, referrals):
    referral = referrals["rhone"]
    client.force_login(followed.users["other_operator"])
    client.post(accept_url(referral))
    second = client.post(accept_url(referral), follow=True)
    assert "already been accepted" in second.content.decode()
    enrolled = Enrolment.objects.filter(
        beneficiary=followed.rhone.person, action=followed.paris.action
    )
    assert enrolled.count() == 1
    with pytest.raises(ValidationError):
        referral.accept(followed.users["other_operator"])  # a stale copy, still "sent"
    assert enrolled.count() == 1


def test_an_accept_failing_halfway_writes_nothing(followed, referrals):
    """The enrolment is created, then marking the referral accepted fails (answered before it
    was sent: a clock gone wrong): the enrolment goes with it."""
    referral = referrals["rhone"]
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() + datetime.timedelta(days=1)
    )
    referral.refresh_from_db()
    enrolments = Enrolment.objects.count()
    with pytest.raises(ValidationError):
        referral.accept(followed.users["other_operator"])
    assert Enrolment.objects.count() == enrolments
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_accepting_a_person_already_enrolled_there_is_refused(client, followed, referrals):
    referral = referrals["rhone"]
    EnrolmentFactory(beneficiary=followed.rhone.person, action=followed.paris.action)
    client.force_login(followed.users["other_operator"])
    response = client.post(accept_url(referral), follow=True)
    assert "already enrolled in this action" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_declining_needs_a_reason_that_the_sender_reads(client, followed, referrals):
    referral = referrals["rhone"]
    url = reverse("beneficiaries:referral-decline", args=[referral.pk])
    client.force_login(followed.users["other_operator"])
    assert client.post(url, {"decline_details": "Plus de place"}).status_code == 200
    referral.refresh_from_db()
    assert referral.status == "sent"
    client.post(url, {"decline_reason": "full", "decline_details": "Session complète en juin."})
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "full")
    assert referral.enrolment is None
    assert client.get(followed.rhone.person.get_absolute_url()).status_code == 404
    client.force_login(followed.users["operator"])
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "No place left in the action" in page
    assert "Session complète en juin." in page


def test_the_sender_withdraws_while_sent_and_it_cannot_be_accepted_after(
    client, followed, referrals
):
    referral = referrals["rhone"]
    client.force_login(followed.users["operator"])
    client.post(reverse("beneficiaries:referral-withdraw", args=[referral.pk]))
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == ("withdrawn", followed.users["operator"])
    client.force_login(followed.users["other_operator"])
    page = client.post(accept_url(referral), follow=True).content.decode()
    assert "already been withdrawn" in page
    assert referral.status == Referral.objects.get(pk=referral.pk).status == "withdrawn"
    assert not Enrolment.objects.filter(beneficiary=followed.rhone.person, status="referred")


def test_the_database_refuses_inconsistent_states(followed, referrals):
    referral = referrals["rhone"]
    changes = [
        {"status": "accepted", "decided_at": timezone.now(), "decided_by": referral.referred_by},
        {"status": "declined", "decided_at": timezone.now(), "decided_by": referral.referred_by},
        {"status": "withdrawn"},
        {"decline_reason": "full"},
    ]
    for change in changes:
        with pytest.raises(IntegrityError), transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(**change)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(
            beneficiary=referral.beneficiary,
            referred_by=referral.referred_by,
            action=referral.action,
            message="Deux fois",
        )


# --- Sending ------------------------------------------------------------------------------------


def token_of(page):
    return re.search(rf'name="{TOKEN_FIELD}" value="([0-9a-f]+)"', page).group(1)


def test_an_operator_refers_a_person_once_however_often_the_form_is_sent(client, followed):
    operator = followed.users["operator"]
    url = reverse("beneficiaries:referral-create", args=[followed.rhone.person.pk])
    client.force_login(operator)
    token = token_of(client.get(url).content.decode())
    data = {"action": followed.paris.action.pk, "message": MESSAGE, TOKEN_FIELD: token}
    first = client.post(url, data)
    again = client.post(url, data)
    referral = Referral.objects.get()
    assert first.url == again.url == referral.get_absolute_url()
    assert (referral.from_organisation, referral.referred_by) == (
        followed.rhone.action.operator,
        operator,
    )
    assert (referral.status, referral.message) == ("sent", MESSAGE)
    assert AccessLog.objects.filter(user=operator, kind="change").count() == 1


def test_a_person_is_referred_to_another_organisations_running_action_only(
    client, followed, departments
):
    closed = ActionFactory(status="closed", departments=[departments["75"]])
    url = reverse("beneficiaries:referral-create", args=[followed.rhone.person.pk])
    client.force_login(followed.users["operator"])
    for action in (followed.rhone.action, closed):
        response = client.post(url, {"action": action.pk, "message": MESSAGE})
        assert response.status_code == 200
        assert response.context["form"].errors["action"]
    EnrolmentFactory(beneficiary=followed.rhone.person, action=followed.paris.action)
    response = client.post(url, {"action": followed.paris.action.pk, "message": MESSAGE})
    assert "already enrolled in this action" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_action_autocomplete_offers_running_actions_of_other_organisations(
    client, followed, departments
):
    closed = ActionFactory(status="closed", title="Fermée", departments=[departments["75"]])
    client.force_login(followed.users["operator"])
    response = client.get(reverse("beneficiaries:referral-action-choices"))
    offered = {row["value"] for row in response.json()["results"]}
    assert followed.paris.action.pk in offered
    assert followed.rhone.action.pk not in offered
    assert closed.pk not in offered
    by_operator = client.get(
        reverse("beneficiaries:referral-action-choices"),
        {"q": followed.paris_operator.name[:8]},
    )
    assert followed.paris.action.pk in {row["value"] for row in by_operator.json()["results"]}


def test_an_operator_of_two_organisations_says_which_refers(client, followed):
    operator = followed.users["operator"]
    MembershipFactory(user=operator, role="operator", organisation=followed.paris_operator)
    url = reverse("beneficiaries:referral-create", args=[followed.rhone.person.pk])
    client.force_login(operator)
    action = ActionFactory(departments=[followed.paris.person.department])
    response = client.post(url, {"action": action.pk, "message": MESSAGE})
    assert response.context["form"].errors["from_organisation"]
    client.post(
        url,
        {"action": action.pk, "message": MESSAGE, "from_organisation": followed.paris_operator.pk},
    )
    assert Referral.objects.get().from_organisation == followed.paris_operator


def test_a_coordinator_refers_in_their_own_name(client, followed):
    client.force_login(followed.users["rhone"])
    url = reverse("beneficiaries:referral-create", args=[followed.rhone.person.pk])
    client.post(url, {"action": followed.paris.action.pk, "message": MESSAGE})
    referral = Referral.objects.get()
    assert (referral.from_organisation, referral.referred_by) == (None, followed.users["rhone"])


# --- Inbox and timeline -------------------------------------------------------------------------


def test_the_inbox_filters_by_status(client, followed, referrals, departments):
    client.force_login(followed.users["other_operator"])
    other = ActionFactory(operator=followed.paris_operator, departments=[departments["75"]])
    declined = Referral.objects.create(
        beneficiary=followed.rhone.person,
        from_organisation=followed.rhone.action.operator,
        referred_by=followed.users["operator"],
        action=other,
        message="Autre",
    )
    declined.decline(followed.users["other_operator"], "full")
    url = reverse("beneficiaries:referral-list")
    assert list(client.get(url).context["object_list"]) == [declined, referrals["rhone"]]
    waiting = client.get(url, {"status": "sent"})
    assert list(waiting.context["object_list"]) == [referrals["rhone"]]


def test_each_referral_is_on_the_persons_timeline(client, followed, referrals):
    referral = referrals["rhone"]
    client.force_login(followed.users["operator"])
    page = client.get(followed.rhone.person.get_absolute_url()).content.decode()
    assert "Referral sent" in page
    assert referral.get_absolute_url() in page
    assert reverse("beneficiaries:referral-create", args=[followed.rhone.person.pk]) in page
    referral.accept(followed.users["other_operator"])
    client.force_login(followed.users["other_operator"])
    page = client.get(followed.rhone.person.get_absolute_url()).content.decode()
    assert "Referral sent" in page
    assert "Referral accepted" in page
    assert referral.get_absolute_url() in page


# --- Queries ------------------------------------------------------------------------------------

# (page, role): queries, the same with more referrals (the timeline's included).
QUERY_COUNTS = {
    ("referral-list", "other_operator"): 7,
    ("referral-list", "paris"): 7,
    ("referral-sent-list", "operator"): 7,
    ("referral-sent-list", "national"): 6,
    ("referral-detail", "other_operator"): 7,
    ("referral-detail", "national"): 6,
    ("beneficiary-detail", "operator"): 11,
}


def more_referrals(followed, n):
    """`n` more referrals of the Rhône person to new actions of the Paris operator."""
    for _index in range(n):
        Referral.objects.create(
            beneficiary=followed.rhone.person,
            from_organisation=followed.rhone.action.operator,
            referred_by=followed.users["operator"],
            action=ActionFactory(
                operator=followed.paris_operator, departments=[followed.paris.person.department]
            ),
            message=MESSAGE,
        )


@pytest.mark.parametrize(("page", "role"), sorted(QUERY_COUNTS))
def test_query_count_is_exact_and_flat(client, followed, referrals, settings, page, role):
    settings.PAGE_SIZE = 5
    client.force_login(followed.users[role])
    if page == "referral-detail":
        url = referrals["rhone"].get_absolute_url()
    elif page == "beneficiary-detail":
        url = followed.rhone.person.get_absolute_url()
    else:
        url = reverse(f"beneficiaries:{page}")
    counts = []
    for extra in (0, settings.PAGE_SIZE + 2):
        more_referrals(followed, extra)
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [QUERY_COUNTS[page, role]] * 2


def test_the_organisation_source_comes_only_with_an_accepted_referral(client, followed):
    """The enrolment form does not offer it: a person typed in by hand was not referred
    through Tremplin."""
    client.force_login(followed.users["operator"])
    url = reverse("beneficiaries:enrolment-create", args=[followed.rhone.person.pk])
    choices = dict(client.get(url).context["form"].fields["referral_source"].choices)
    assert "organisation" not in choices
    assert {"ofii", "france_travail", "self", "other"} <= set(choices)
