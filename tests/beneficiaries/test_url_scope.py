"""Who may open which beneficiary page: every URL × role × a person in the demo operator's
scope (Rhône) and one outside it (Paris) → status. Out of scope is 404 (the person's existence
does not leak); a company contact, who never sees a beneficiary, gets 403; an anonymous
visitor is sent to sign in."""

import pytest
from django.urls import reverse

ROLES = ("national", "rhone", "paris", "operator", "other_operator", "company")
#: Statuses for an object of the Rhône followed and of the Paris followed.
RHONE = (200, 200, 404, 200, 404, 403)
PARIS = (200, 404, 200, 404, 200, 403)
EVERY_STAFF = (200, 200, 200, 200, 200, 403)

# (URL name, what the URL names: None, or (place, attribute) in the followed; statuses by role)
PAGES = [
    ("beneficiary-list", None, EVERY_STAFF),
    ("beneficiary-create", None, EVERY_STAFF),
    ("followup-list", None, EVERY_STAFF),
]
for place, statuses in (("rhone", RHONE), ("paris", PARIS)):
    PAGES += [
        ("beneficiary-detail", (place, "person"), statuses),
        ("beneficiary-update", (place, "person"), statuses),
        ("enrolment-create", (place, "person"), statuses),
        ("step-create", (place, "person"), statuses),
        ("enrolment-detail", (place, "enrolment"), statuses),
        ("enrolment-enter", (place, "enrolment"), statuses),
        ("enrolment-close", (place, "enrolment"), statuses),
        ("enrolment-abandon", (place, "enrolment"), statuses),
        ("followup-record", (place, "follow_up"), statuses),
    ]


def url_of(followed, name, target):
    if target is None:
        return reverse(f"beneficiaries:{name}")
    place, attribute = target
    pk = getattr(getattr(followed, place), attribute).pk
    if name == "step-create":
        return reverse("beneficiaries:step-create", args=[pk, "job"])
    return reverse(f"beneficiaries:{name}", args=[pk])


CASES = [
    pytest.param(name, target, role, status, id=f"{name}-{target and target[0]}-{role}")
    for name, target, statuses in PAGES
    for role, status in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("name", "target", "role", "expected"), CASES)
def test_page_answers_by_role_and_scope(client, followed, name, target, role, expected):
    client.force_login(followed.users[role])
    assert client.get(url_of(followed, name, target)).status_code == expected


@pytest.mark.parametrize(("name", "target"), sorted({(n, t) for n, t, _s in PAGES}, key=str))
def test_anonymous_visitors_are_sent_to_sign_in(client, followed, name, target):
    response = client.get(url_of(followed, name, target))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("beneficiary-update", ("paris", "person")),
        ("enrolment-create", ("paris", "person")),
        ("step-create", ("paris", "person")),
        ("enrolment-close", ("paris", "enrolment")),
        ("enrolment-abandon", ("paris", "enrolment")),
        ("followup-record", ("paris", "follow_up")),
    ],
)
def test_posting_outside_scope_changes_nothing(client, followed, name, target):
    client.force_login(followed.users["operator"])
    response = client.post(url_of(followed, name, target), {"exit_date": "2026-08-01"})
    assert response.status_code == 404
    followed.paris.enrolment.refresh_from_db()
    assert followed.paris.enrolment.status == "entered"


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_the_people_in_scope(client, followed, role):
    client.force_login(followed.users[role])
    response = client.get(reverse("beneficiaries:beneficiary-list"))
    if role == "company":
        assert response.status_code == 403
        return
    content = response.content.decode()
    sees_rhone = role in ("national", "rhone", "operator")
    sees_paris = role in ("national", "paris", "other_operator")
    assert ("HAIDARI" in content) is sees_rhone
    assert ("TOURÉ" in content) is sees_paris
    follow_ups = client.get(reverse("beneficiaries:followup-list") + "?state=pending")
    content = follow_ups.content.decode()
    assert ("HAIDARI" in content) is sees_rhone
    assert ("TOURÉ" in content) is sees_paris
