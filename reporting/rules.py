"""Who may read which report: the mobilisation funnel is for national and territorial staff
(403 for others); each report counts only what `department_ids` of the user's scope allow."""

import rules

from accounts.rules import is_national, is_territorial

rules.add_perm("reporting.view_funnel", is_national | is_territorial)
# The funnel of all France; coordinators read their territory's.
rules.add_perm("reporting.view_national_funnel", is_national)
