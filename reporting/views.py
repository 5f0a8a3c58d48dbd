"""Report pages: the company mobilisation funnel of a territory over a period, the public
indicator dictionary (/indicateurs/), the dashboards, and the CSV download that any page of
tables offers (`TablesCsvMixin`)."""

from dataclasses import replace

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import generic
from rules.contrib.views import PermissionRequiredMixin

from programmes.models import Action, Programme
from territories.models import Department, Region

from . import cache, dashboards, dictionary, suppression
from .dashboards import ACTION, COMPANIES, DEPARTMENT, NATIONAL, PROGRAMME, REGION, Subject, View
from .dictionary import Filters
from .forms import DashboardForm, FunnelForm
from .funnel import funnel
from .tables import find, to_csv


class TablesCsvMixin:
    """For a page whose context holds `tables` (a list of `reporting.tables.Table`): the same
    URL with `?format=csv&table=<id>` answers that table as a CSV file, computed by the same
    view, so in the same scope, with the same filters and suppression. 404 for an unknown id.
    `csv_filename` names the file (the table's id is appended)."""

    csv_filename = "tremplin"

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get("format") != "csv":
            return super().render_to_response(context, **response_kwargs)
        table = find(context.get("tables", []), self.request.GET.get("table", ""))
        if table is None:
            raise Http404("No such table on this page.")
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
        filename = slugify(f"{self.csv_filename}-{table.id}") or "table"
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response


class FunnelView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    permission_required = "reporting.view_funnel"
    template_name = "reporting/funnel.html"

    def get_context_data(self, **kwargs):
        form = FunnelForm(self.request.GET, user=self.request.user)
        result = territory = None
        if form.is_valid():
            department_ids = form.department_ids()
            result = funnel(form.cleaned_data["start"], form.cleaned_data["end"], department_ids)
            if department_ids is not None:
                territory = Department.objects.filter(pk__in=department_ids).order_by("code")
        return super().get_context_data(form=form, funnel=result, territory=territory, **kwargs)


class IndicatorListView(generic.TemplateView):
    """Every indicator of the dictionary, documented for anyone (no sign-in): what it counts,
    how, from which source, in which version and since when."""

    template_name = "reporting/indicator_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(indicators=list(dictionary.DICTIONARY.values()), **kwargs)


class IndicatorDetailView(generic.TemplateView):
    """One indicator of the dictionary, with every version of its definition (404 for an
    unknown code)."""

    template_name = "reporting/indicator_detail.html"

    def get_context_data(self, **kwargs):
        code = self.kwargs["code"]
        if code not in dictionary.VERSIONS:
            raise Http404(code)
        versions = dictionary.VERSIONS[code]
        return super().get_context_data(
            indicator=versions[-1],
            former_versions=list(reversed(versions[:-1])),
            indicators_crumb=(_("Indicators"), reverse("reporting:indicator-list")),
            **kwargs,
        )


class DashboardView(
    LoginRequiredMixin, PermissionRequiredMixin, TablesCsvMixin, generic.TemplateView
):
    """A dashboard: its subject (`get_subject`, 404 outside the user's scope), the filters of
    `DashboardForm` narrowed to what the user may see (`narrow`), and its tables from
    `reporting.dashboards`, cached per view (`reporting.cache`). The same URL answers each
    table as CSV (`?format=csv&table=<id>`)."""

    template_name = "reporting/dashboard.html"
    #: Whether the form offers a territory (département) and a programme.
    territory_filter = True
    programme_filter = True
    #: Whether the form offers a breakdown of people (the companies' tables break none down).
    breakdown_filter = True

    def get_subject(self):
        """The `Subject` the page is about (404 outside the user's scope): each dashboard
        view says its own."""
        raise NotImplementedError("A dashboard view implements get_subject().")

    def narrow(self, filters, subject):
        """`filters` restricted to the subject and to what the user may see."""
        return filters

    def get_context_data(self, **kwargs):
        user = self.request.user
        subject = self.get_subject()
        form = DashboardForm(
            self.request.GET,
            user=user,
            territory=self.territory_filter,
            programmes=self.programme_filter,
            breakdowns=self.breakdown_filter,
        )
        start, end = form.dates()
        filters = self.narrow(
            Filters(
                start=start,
                end=end,
                departments=form.department_ids(),
                programmes=form.programme_ids(),
            ),
            subject,
        )
        previous_start, previous_end = form.previous_dates()
        suppressed = suppression.sees_outside_scope(user, filters)
        view = View(
            subject=subject,
            filters=filters,
            previous=replace(filters, start=previous_start, end=previous_end),
            breakdown=form.people_breakdown(),
            suppressed=suppressed,
            own=suppression.own_filters(user, filters) if suppressed else None,
        )
        parts, tables = self.cached_tables(view, user)
        self.csv_filename = f"tableau-de-bord-{subject.kind}-{start:%Y%m%d}-{end:%Y%m%d}"
        figures_html = ""
        if self.request.GET.get("format") != "csv":
            # The figures' markup, cached beside the tables: a page served from the cache
            # renders only its frame and filters. Its CSV links repeat the query string.
            request = self.request
            figures_html = cache.cached(
                (*parts, "html", request.path, request.GET.urlencode()),
                lambda: mark_safe(  # noqa: S308 (a template's own output)
                    render_to_string(
                        "reporting/includes/dashboard_figures.html",
                        {"key_figures": tables[0], "charts": tables[1:], "request": request},
                    )
                ),
            )
        return super().get_context_data(
            form=form,
            subject=subject,
            view=view,
            tables=tables,
            figures_html=figures_html,
            filters_html=filters_html(self.request, form) if figures_html else "",
            title=self.title(subject),
            **kwargs,
        )

    def cached_tables(self, view, user):
        """(the cache key's parts, the tables of `view` for `user`), from the cache when it
        has them. The rows the viewer knows (`suppression.known_rows`) follow from their scope
        and the actions, whose changes drop the cache: the key holds the scope, and they are
        read only when the tables are computed."""
        parts = (*cache_parts(view), cache.scope_key(user) if view.suppressed else None)
        tables = cache.cached(
            parts,
            lambda: dashboards.tables_for(
                replace(view, known=suppression.known_rows(user)) if view.suppressed else view
            ),
        )
        return parts, tables

    def title(self, subject):
        return subject.name


#: Stands for the request's CSP nonce in the cached filters markup.
NONCE_PLACEHOLDER = "tremplin-csp-nonce-placeholder"


def filters_html(request, form):
    """The dashboard's filters form (`includes/filters.html`), rendered once per user, URL and
    query string and cached like the figures: its département list (101 options for
    national staff) was a third to a half of a page served from the cache. The choices a
    user is offered may lag a change of their roles by the cache's `TIMEOUT`; what they may
    choose is still checked by the form itself on every request. The request's CSP nonce is
    put back into the cached markup on each request."""
    nonce = str(getattr(request, "csp_nonce", ""))

    def render():
        html = render_to_string(
            "includes/filters.html", {"filter_form": form, "request": request}, request=request
        )
        return html.replace(nonce, NONCE_PLACEHOLDER) if nonce else html

    parts = ("filters", request.user.pk, request.path, request.GET.urlencode())
    html = cache.cached(parts, render)
    return mark_safe(html.replace(NONCE_PLACEHOLDER, nonce))  # noqa: S308 (a template's own output)


def cache_parts(view):
    """The values `view`'s tables depend on, in a stable order (sets sorted); the caller adds
    the viewer's scope when small counts are suppressed (the rows they know follow from it)."""

    def ids(values):
        return None if values is None else tuple(sorted(values))

    def period(filters):
        return (
            filters.start.isoformat(),
            filters.end.isoformat(),
            ids(filters.departments),
            ids(filters.programmes),
            ids(filters.actions),
            ids(filters.organisations),
        )

    return (
        "dashboard",
        view.subject.kind,
        view.subject.pk,
        period(view.filters),
        period(view.previous),
        view.breakdown,
        view.suppressed,
        period(view.own) if view.own is not None else None,
    )


class NationalDashboardView(DashboardView):
    permission_required = "reporting.view_national_dashboard"

    def get_subject(self):
        return Subject(NATIONAL, None, _("National dashboard"))


class RegionDashboardView(DashboardView):
    """A région's dashboard: national staff open every one, a coordinator those whose every
    département is in their territory (404 otherwise)."""

    permission_required = "reporting.view_territory_dashboards"
    territory_filter = False

    def get_subject(self):
        region = get_object_or_404(Region, code=self.kwargs["code"])
        departments = frozenset(region.departments.values_list("pk", flat=True))
        scope = self.request.user.scope
        if not scope.is_national and not departments <= scope.department_ids:
            raise Http404("Not in your territory.")
        self.departments = departments
        return Subject(REGION, region.pk, str(region))

    def narrow(self, filters, subject):
        return replace(filters, departments=self.departments)


class DepartmentDashboardView(DashboardView):
    """A département's dashboard: national staff open every one, a coordinator theirs."""

    permission_required = "reporting.view_territory_dashboards"
    territory_filter = False

    def get_subject(self):
        department = get_object_or_404(Department, code=self.kwargs["code"])
        scope = self.request.user.scope
        if not scope.is_national and department.pk not in scope.department_ids:
            raise Http404("Not in your territory.")
        return Subject(DEPARTMENT, department.pk, str(department))

    def narrow(self, filters, subject):
        return replace(filters, departments=frozenset({subject.pk}))


def within_scope(filters, user):
    """`filters` narrowed to a coordinator's départements, or an operator's organisations;
    national staff keep them whole."""
    scope = user.scope
    if scope.is_national:
        return filters
    if scope.is_territorial:
        chosen = filters.departments
        departments = scope.department_ids if chosen is None else chosen & scope.department_ids
        return replace(filters, departments=departments)
    return replace(filters, organisations=scope.operator_organisation_ids)


class ProgrammeDashboardView(DashboardView):
    """A programme's dashboard, over what the user may see of it: all of it for national
    staff, their territory's for a coordinator, their organisation's actions for an operator."""

    permission_required = "reporting.view_programme_dashboards"
    programme_filter = False

    def get_subject(self):
        programme = get_object_or_404(
            Programme.objects.visible_to(self.request.user), code=self.kwargs["code"]
        )
        return Subject(PROGRAMME, programme.pk, str(programme))

    def narrow(self, filters, subject):
        filters = replace(filters, programmes=frozenset({subject.pk}))
        return within_scope(filters, self.request.user)


class ActionDashboardView(DashboardView):
    """An action's dashboard: the actions the user sees (`Action.objects.visible_to`); its
    operator counts everyone in it, a coordinator the people of their territory."""

    permission_required = "reporting.view_programme_dashboards"
    programme_filter = False
    territory_filter = False

    def get_subject(self):
        action = get_object_or_404(
            Action.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        self.operator_id = action.operator_id
        return Subject(ACTION, action.pk, action.title)

    def narrow(self, filters, subject):
        filters = replace(filters, actions=frozenset({subject.pk}))
        scope = self.request.user.scope
        if scope.is_national:
            return filters
        if self.operator_id in scope.operator_organisation_ids:
            # Their own organisation's action: every person in it is theirs.
            return replace(filters, organisations=frozenset({self.operator_id}))
        if scope.is_territorial:
            return replace(filters, departments=scope.department_ids)
        # An action they are a partner of: its people are not theirs (suppressed).
        return filters


class CompanyDashboardView(DashboardView):
    """The companies' dashboard: the mobilisation funnel, conventions and objectives, leads,
    by sector and territory, for national staff (all France) and coordinators (their
    territory); a company contact sees their own organisation's figures."""

    permission_required = "reporting.view_company_dashboard"
    programme_filter = False
    breakdown_filter = False

    def get_subject(self):
        return Subject(COMPANIES, None, _("Companies dashboard"))

    def narrow(self, filters, subject):
        scope = self.request.user.scope
        if scope.is_national:
            return filters
        if scope.is_territorial:
            return within_scope(filters, self.request.user)
        return replace(filters, departments=None, organisations=scope.company_organisation_ids)

    def get_context_data(self, **kwargs):
        scope = self.request.user.scope
        # A company contact's figures are their organisation's: no territory to choose.
        self.territory_filter = scope.is_national or scope.is_territorial
        return super().get_context_data(**kwargs)


class DashboardIndexView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """The dashboards a user may open: national, their régions and départements, the
    programmes, their actions (operators), the companies'."""

    permission_required = "reporting.view_dashboards"
    template_name = "reporting/dashboard_index.html"
    #: Operators' actions listed at most (the rest through the programme dashboards).
    ACTIONS_LISTED = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        scope = user.scope
        departments = Department.objects.select_related("region").order_by("code")
        if not scope.is_national:
            departments = departments.filter(pk__in=scope.department_ids)
        departments = list(departments)
        regions = {}
        for department in Department.objects.filter(
            region__in={d.region_id for d in departments}
        ).values_list("region_id", "pk"):
            regions.setdefault(department[0], set()).add(department[1])
        open_regions = [
            region
            for region in Region.objects.filter(pk__in=regions).order_by("name")
            if scope.is_national or regions[region.pk] <= scope.department_ids
        ]
        actions = []
        if scope.is_operator:
            actions = list(
                Action.objects.visible_to(user)
                .select_related("programme")
                .order_by("-start_date", "title")[: self.ACTIONS_LISTED]
            )
        return super().get_context_data(
            regions=open_regions,
            departments=departments,
            programmes=Programme.objects.visible_to(user).order_by("code"),
            actions=actions,
            **kwargs,
        )
