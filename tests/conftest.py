"""Shared fixtures: demo-like users for every role, eager Celery by default, Playwright on
Debian's Chromium."""

import importlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import django.test
import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from .factories import MembershipFactory, OrganisationFactory, UserFactory  # noqa: E402


class Client(django.test.Client):
    """Signs in through ModelBackend: django-axes' backend, first in the list, loads no user."""

    def force_login(self, user, backend="django.contrib.auth.backends.ModelBackend"):
        super().force_login(user, backend=backend)


@pytest.fixture
def client():
    return Client()


def in_english(client):
    """`client`, whose `force_login` first sets the user's language to English: pages then
    read in the language of the source strings a test asserts."""
    from accounts.models import User

    force_login = client.force_login

    def force_login_in_english(user, **kwargs):
        User.objects.filter(pk=user.pk).update(language="en")
        user.language = "en"
        force_login(user, **kwargs)

    client.force_login = force_login_in_english
    return client


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings, request):
    """Each test counts its own rate limits, in memory: clearing a Redis cache would also wipe
    the Celery broker sharing it."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        },
    }


@pytest.fixture(autouse=True)
def cold_reporting_cache():
    """Each test starts without the figures an earlier test cached (dashboards, the home
    page's): their keys name scopes and days, which tests share, not data."""
    from reporting import cache

    cache.bump()


@pytest.fixture(autouse=True)
def eager_celery(settings):
    """Tasks run in-process unless a test asks for the real worker."""
    from config.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def reference_data(request):
    """The data migrations' rows (territories, programmes), put back for a test that runs in a
    transaction when an earlier transactional test's flush removed them (pytest-django runs
    transactional tests among the others; `serialized_rollback` does not work alongside
    pytest-playwright)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if transactional or (marker is None and "db" not in request.fixturenames):
        return
    request.getfixturevalue("db")
    from programmes.models import Programme
    from territories.loading import load_territories
    from territories.models import Department, Region

    if Department.objects.count() < 101:
        load_territories(Region, Department)
        restore_beat_schedules()
    programmes = importlib.import_module("programmes.migrations.0002_load_programmes")
    existing = set(Programme.objects.values_list("code", flat=True))
    # bulk_create: reference rows put back leave no change history behind.
    Programme.objects.bulk_create(
        Programme(**data) for data in programmes.PROGRAMMES if data["code"] not in existing
    )


def restore_beat_schedules():
    """Beat's periodic tasks that Tremplin's migrations create (`config.beat`), put back after a
    transactional test's flush removed them, by running those migration operations again."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(None, ignore_no_migrations=True)
    for migration in loader.disk_migrations.values():
        for operation in migration.operations:
            if isinstance(operation, RunPython) and operation.code.__qualname__.startswith(
                "schedule_"
            ):
                operation.code(apps, None)


@pytest.fixture
def departments(db):
    from territories.loading import load_territories
    from territories.models import Department, Region

    if Department.objects.count() < 101:  # flushed by an earlier transactional test
        load_territories(Region, Department)
    return {d.code: d for d in Department.objects.filter(code__in=["69", "75", "13", "01"])}


@pytest.fixture
def national_user(db):
    return MembershipFactory(role="national").user


@pytest.fixture
def rhone_user(departments):
    return MembershipFactory(role="territorial", departments=[departments["69"]]).user


@pytest.fixture
def paris_user(departments):
    return MembershipFactory(role="territorial", departments=[departments["75"]]).user


@pytest.fixture
def rhone_operator(departments):
    return OrganisationFactory(kind="operator", department=departments["69"])


@pytest.fixture
def operator_user(rhone_operator):
    return MembershipFactory(role="operator", organisation=rhone_operator).user


@pytest.fixture
def company_user(departments):
    company = OrganisationFactory(kind="company", department=departments["69"])
    return MembershipFactory(role="company", organisation=company).user


@pytest.fixture
def user_without_role(db):
    return UserFactory()


# --- Playwright ---------------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = os.environ.get("TREMPLIN_CHROMIUM") or shutil.which("chromium")
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if executable:
        args["executable_path"] = executable
    return args


# --- A real Celery worker -------------------------------------------------------------------------


def _redis_answers(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def child_process_environ():
    """The environment of a child process (a worker, `manage.py shell`) that works on the test
    database, which a transactional test commits to."""
    from django.db import connection

    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER'] or ''}:{db['PASSWORD'] or ''}@{db['HOST'] or ''}:"
            f"{db['PORT'] or ''}/{db['NAME']}"
        ),
        "CONN_MAX_AGE": "0",
    }


@pytest.fixture
def celery_worker_process(transactional_db, settings, tmp_path):
    """A `celery worker` process over Redis, sharing the test database; e-mails go to files.

    Skips where no Redis or no server database is reachable, except in CI
    (TREMPLIN_REQUIRE_SERVICES=1), where a missing service is a failure.
    """
    from django.db import connection

    from config.celery import app

    required = os.environ.get("TREMPLIN_REQUIRE_SERVICES") == "1"
    reason = None
    if not settings.REDIS_URL or not _redis_answers(settings.REDIS_URL):
        reason = "no Redis reachable at REDIS_URL"
    elif connection.vendor != "postgresql":
        reason = "the worker process needs a server database (DATABASE_URL=postgres://…)"
    if reason:
        if required:
            pytest.fail(f"real-worker test needs its services: {reason}")
        pytest.skip(reason)

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **child_process_environ(),
        "EMAIL_URL": f"filemail:///{mail_dir}",  # django-environ drops one slash
    }
    app.conf.task_always_eager = False
    worker = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "celery"),
            "--app",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdout=open(tmp_path / "worker.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "the Celery worker did not start:\n" + (tmp_path / "worker.log").read_text()
                )
        yield mail_dir
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        app.conf.task_always_eager = True
