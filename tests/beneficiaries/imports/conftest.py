"""An action of the Rhône operator to import into, and uploads kept in a temporary folder."""

import pytest

from ...programmes.factories import ActionFactory


@pytest.fixture
def action(departments, rhone_operator):
    return ActionFactory(operator=rhone_operator, departments=[departments["69"]])


@pytest.fixture(autouse=True)
def private_storage(monkeypatch, tmp_path):
    """Uploads kept in a temporary folder (the field's storage is resolved once, at import)."""
    from django.core.files.storage import FileSystemStorage

    from beneficiaries.imports.models import ImportJob

    location = tmp_path / "private"
    field = ImportJob._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=location, base_url=None))
    return location


@pytest.fixture(autouse=True)
def in_english():
    """Messages in the language of their source strings, which the tests assert."""
    from django.utils import translation

    with translation.override("en"):
        yield
