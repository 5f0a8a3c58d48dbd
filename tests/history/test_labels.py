"""A history shows the labels of what was chosen, not the codes stored: a choice field's label
and, for a JSON list of codes (sectors, help wanted, CTAI domains), each code's label."""

import pytest
from django.utils import translation

from config.history import history_entries

from ..leads.factories import LeadFactory


@pytest.mark.django_db
def test_a_changed_list_of_sectors_shows_the_sectors_labels(departments, national_user):
    lead = LeadFactory(department=departments["75"], sectors=["construction"])
    lead.sectors = ["construction", "logistics"]
    lead.save()
    with translation.override("en"):
        [change] = history_entries(lead, national_user)[0].changes
    assert change == (
        lead._meta.get_field("sectors").verbose_name,
        "Construction and public works",
        "Construction and public works, Logistics and transport",
    )


@pytest.mark.django_db
def test_a_changed_status_shows_its_label(departments, national_user):
    lead = LeadFactory(department=departments["75"])
    lead.status = "contacted"
    lead.save()
    with translation.override("en"):
        [change] = history_entries(lead, national_user)[0].changes
    assert change[1:] == ("New", "Contacted")
