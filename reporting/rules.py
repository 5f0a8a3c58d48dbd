"""Who may read which report: the mobilisation funnel is for national and territorial staff
(403 for others); each report counts only what `department_ids` of the user's scope allow."""

import rules

from accounts.rules import has_a_staff_role, is_company, is_national, is_territorial

rules.add_perm("reporting.view_funnel", is_national | is_territorial)
# The funnel of all France; coordinators read their territory's.
rules.add_perm("reporting.view_national_funnel", is_national)

# Dashboards (issue 13). Which territory, programme or action a user may open is each view's
# business (404 outside); these say which dashboards a role opens at all.
rules.add_perm("reporting.view_dashboards", has_a_staff_role)
# National figures: DIAIR's own; coordinators see them as aggregates, small counts suppressed.
rules.add_perm("reporting.view_national_dashboard", is_national | is_territorial)
rules.add_perm("reporting.view_territory_dashboards", is_national | is_territorial)
rules.add_perm("reporting.view_programme_dashboards", has_a_staff_role)
# Companies: national and territorial staff; a company contact sees their own organisation's.
rules.add_perm("reporting.view_company_dashboard", is_national | is_territorial | is_company)
# The map of France by département: figures of every département, those outside a
# coordinator's territory under the small-count rule (reporting/map/choropleth.py).
rules.add_perm("reporting.view_map", is_national | is_territorial)
# The home page: staff land on their scope's key figures and to-do list, company contacts on
# their partnership (reporting/home.py).
rules.add_perm("reporting.view_key_figures", has_a_staff_role)
rules.add_perm("reporting.view_todo_list", has_a_staff_role)
rules.add_perm("reporting.view_partnership", is_company)


@rules.predicate
def follows_department(user, department):
    """National staff follow every département; a coordinator those of their territory."""
    return department is not None and (
        user.scope.is_national or department.pk in user.scope.department_ids
    )


# A département's dashboard, which the map links to (the dashboard itself answers 404 outside).
rules.add_perm(
    "reporting.view_department_dashboard", (is_national | is_territorial) & follows_department
)
