"""Permissions are registered when the apps load, not when a view module is imported: a Celery
worker or the shell, which never import views, answer `has_perm` as a page does."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from ..conftest import child_process_environ

pytestmark = pytest.mark.django_db(transaction=True)

#: Permissions of the partnership slices (`partners/leads`, `conventions`, `mobilisation`),
#: which are packages and not apps, and of reporting, with a page that checks each.
SLICE_PERMISSIONS = {
    "partners.list_leads": "leads:lead-list",
    "reporting.view_funnel": "reporting:funnel",
    "partners.add_convention": "conventions:convention-create",
    "partners.add_mobilisationaction": "mobilisation:action-create",
}

SHELL_SCRIPT = """
import json, sys
from accounts.models import User
answers = {
    email: {perm: User.objects.get(email=email).has_perm(perm) for perm in PERMS}
    for email in EMAILS
}
views_loaded = [name for name in sys.modules if name.startswith("partners.") and "views" in name]
print(json.dumps({"answers": answers, "views_loaded": views_loaded}))
"""


def shell_answers(emails):
    script = f"PERMS = {list(SLICE_PERMISSIONS)!r}\nEMAILS = {emails!r}\n{SHELL_SCRIPT}"
    completed = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=child_process_environ(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_the_shell_answers_as_the_pages_do(
    client, national_user, rhone_user, operator_user, company_user
):
    if connection.vendor != "postgresql":
        pytest.skip("the shell process needs a server database (DATABASE_URL=postgres://…)")
    users = [national_user, rhone_user, operator_user, company_user]
    in_request = {}
    for user in users:
        client.force_login(user)
        in_request[user.email] = {
            perm: client.get(reverse(url_name)).status_code == 200
            for perm, url_name in SLICE_PERMISSIONS.items()
        }

    shell = shell_answers([user.email for user in users])

    assert shell["views_loaded"] == []
    assert shell["answers"] == in_request
    # The table is not trivially true or false: coordinators follow leads, operators do not.
    assert in_request[rhone_user.email]["partners.list_leads"] is True
    assert in_request[operator_user.email]["partners.list_leads"] is False
