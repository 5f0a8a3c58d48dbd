"""Production settings refuse an unsafe start and pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SAFE_PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x7!k2-tremplin-production-secret-that-is-long-and-random-9f3a1c",
    "ALLOWED_HOSTS": "tremplin.example.gouv.fr",
    "DATABASE_URL": "postgres://tremplin@127.0.0.1:5432/tremplin",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, **env):
    # The test process's own variables (async-unsafe for Playwright…) are not production's.
    ignored = {*SAFE_PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    base = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in SAFE_PRODUCTION_ENV.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert missing in result.stderr
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SECRET_KEY", ""),
        ("SECRET_KEY", "   "),
        ("SECRET_KEY", "short-but-not-empty"),
        ("SECRET_KEY", "development-only-key-never-used-in-production"),
        ("SECRET_KEY", "a" * 60),
        ("ALLOWED_HOSTS", ""),
        ("ALLOWED_HOSTS", " , "),
        ("ALLOWED_HOSTS", "*"),
        ("DATABASE_URL", ""),
        ("DATABASE_URL", "sqlite:////tmp/tremplin.sqlite3"),
        ("REDIS_URL", ""),
        ("DEBUG", "true"),
    ],
)
def test_production_refuses_to_start_with_an_unsafe_value(variable, value):
    """Field case: `SECRET_KEY=` (set but blank, as a copied .env.example leaves it) passed
    `manage.py check`; the first signed cookie then failed."""
    result = manage("check", **{**SAFE_PRODUCTION_ENV, variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{variable}:" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **SAFE_PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_seed_demo_refuses_to_run_in_production():
    result = manage("seed_demo", **SAFE_PRODUCTION_ENV)
    assert result.returncode != 0
    assert "refuses to run with DJANGO_ENV=production" in result.stderr
