"""An action of the Rhône operator to import into, and uploads kept in a temporary folder."""

import pytest

from ...programmes.factories import ActionFactory


@pytest.fixture
def action(departments, rhone_operator):
    return ActionFactory(operator=rhone_operator, departments=[departments["69"]])


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    return tmp_path / "private"


@pytest.fixture(autouse=True)
def in_english():
    """Messages in the language of their source strings, which the tests assert."""
    from django.utils import translation

    with translation.override("en"):
        yield
