"""Reading a history costs the same number of queries however many changes it holds: the
records, the rows of each many-to-many field, and one query per model the changes name."""

import pytest

from config.history import history_entries

from ..factories import OrganisationFactory, UserFactory
from ..mobilisation.factories import MobilisationActionFactory


@pytest.mark.parametrize("changes", [3, 12])
def test_history_queries_do_not_grow_with_the_number_of_changes(
    changes, departments, rhone_user, django_assert_num_queries
):
    action = MobilisationActionFactory(departments=[departments["69"]])
    for number in range(changes):
        organisation = OrganisationFactory(department=departments["69" if number % 2 else "75"])
        author = UserFactory()
        action._history_user = author
        action.organiser = organisation
        action.created_by = author
        action.participants = number
        action.save()
        action.invited.add(organisation)
        action.attendees.set([organisation])
        action.departments.set([departments["13" if number % 2 else "01"]])
    assert rhone_user.scope.is_territorial  # computed once per request, before the history

    # Records; invited, attendees and départements rows; organisations, users, départements.
    with django_assert_num_queries(7):
        entries = history_entries(action, rhone_user)
    assert entries[0].changes
