"""Reference data: current (post-2016) French régions and départements."""

import json
from collections import Counter
from pathlib import Path

import pytest

from territories.models import Department, Region

DATA_FILE = Path(__file__).resolve().parents[2] / "territories" / "data" / "territories.json"


@pytest.mark.django_db
def test_counts_after_migrations():
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("department_code", "department_name", "region_code", "region_name"),
    [
        ("69", "Rhône", "84", "Auvergne-Rhône-Alpes"),
        ("2A", "Corse-du-Sud", "94", "Corse"),
        ("2B", "Haute-Corse", "94", "Corse"),
        ("75", "Paris", "11", "Île-de-France"),
        ("976", "Mayotte", "06", "Mayotte"),
        ("59", "Nord", "32", "Hauts-de-France"),
    ],
)
def test_department_is_in_its_current_region(
    department_code, department_name, region_code, region_name
):
    department = Department.objects.select_related("region").get(code=department_code)
    assert department.name == department_name
    assert department.region.code == region_code
    assert department.region.name == region_name


@pytest.mark.django_db
def test_overseas_regions_and_no_collectivites_d_outre_mer():
    assert set(Region.objects.filter(code__lt="10").values_list("code", flat=True)) == {
        "01",
        "02",
        "03",
        "04",
        "06",
    }
    assert not Department.objects.filter(code__in=["975", "977", "978", "984", "986"]).exists()


@pytest.mark.django_db
def test_every_region_has_at_least_one_department():
    assert not Region.objects.filter(departments__isnull=True).exists()


@pytest.mark.django_db
def test_str():
    assert str(Region.objects.get(code="11")) == "Île-de-France"
    assert str(Department.objects.get(code="2A")) == "Corse-du-Sud (2A)"


def test_data_file_has_unique_codes():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    region_codes = Counter(r["code"] for r in data["regions"])
    department_codes = Counter(d["code"] for d in data["departments"])
    assert [code for code, n in region_codes.items() if n > 1] == []
    assert [code for code, n in department_codes.items() if n > 1] == []
    assert len(region_codes) == 18
    assert len(department_codes) == 101
    assert {d["region"] for d in data["departments"]} == set(region_codes)
    assert data["source"].startswith("@etalab/decoupage-administratif@")
