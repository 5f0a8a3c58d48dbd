"""What a signed-in user's home page shows, within their scope: the key figures of their
dashboard (this year against last year, from `reporting.dictionary`), their to-do list (what
is due, by the same definitions as the reminders: the domain models' querysets and
`reporting.progress.objectives_behind`), and for a company contact, their partnership.

The account home page (`accounts/home.html`) asks for these through the `home` template tags:
`accounts` sits below `reporting` and never imports it. The page keeps its key figures and the
two to-do counts that measure many rows (objectives behind their pace, quiet enrolments) in the
dashboards' cache (`reporting.cache`, `remembered_for`): at national volume they take seconds,
and they change only with facts that cache watches. The other counts are read on each visit.
"""

from collections import defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic
from rules.contrib.views import PermissionRequiredMixin

from beneficiaries.filters import QUIET_DAYS
from beneficiaries.models import DuplicateCandidate, Enrolment, FollowUp, Referral
from beneficiaries.referrals.models import ReferralStatus
from partners.conventions.filters import ENDING_WITHIN_DAYS
from partners.models import Convention, ConventionObjective, Lead, MobilisationAction, Organisation
from partners.models.interest import LEAD_RESPONSE_WORKING_DAYS

from . import cache
from .dashboards import Subject, View, trend_table
from .dictionary import Filters, Unit, compute_many, compute_together_many, get
from .progress import objectives_behind
from .tables import PERCENT, display
from .views import TablesCsvMixin, within_scope

#: The dictionary's indicators on a staff member's home page, in this order.
KEY_FIGURES = ("entries", "persons_followed", "exits", "sortie_dynamique_rate")

#: Upcoming mobilisation actions shown on a company contact's home page.
UPCOMING_EVENTS_SHOWN = 3


@dataclass(frozen=True)
class KeyFigure:
    """One key figure: the dictionary's `code` and `label`, the figure of this year so far and
    of the same days of last year (numbers or None), its `unit` (`reporting.dictionary.Unit`),
    each figure as written (`shown`, `previous_shown`: a rate with its "%")."""

    code: str
    label: str
    value: object
    previous: object
    unit: str

    @property
    def shown(self):
        return display(self.value, PERCENT if self.unit == Unit.PERCENT else "")

    @property
    def previous_shown(self):
        return display(self.previous, PERCENT if self.unit == Unit.PERCENT else "")


def scope_filters(user, start, end):
    """The dictionary's `Filters` of what `user` follows from `start` to `end` (dates, both
    included), as their dashboards narrow them (`reporting.views.within_scope`: all France for
    national staff, their départements for coordinators, their organisations' actions for
    operators), and a label naming that scope."""
    scope = user.scope
    if scope.is_national:
        label = _("All France")
    elif scope.is_territorial:
        label = _("Your territory")
    else:
        label = _("Your actions")
    return within_scope(Filters(start=start, end=end), user), label


def key_figures(user, today):
    """The key figures of `user`'s scope (`scope_filters`) from 1 January to `today` (a date,
    Europe/Paris) against the same days of last year: a dict of `figures` ([KeyFigure]),
    `scope` (its label), `start`, `end` and `empty` (True when nothing was recorded this year).
    One aggregate query for the figures reading the same rows, both years at once
    (`reporting.dictionary.compute_together_many`; `compute_many` for any other), whatever the
    volumes."""
    start = today.replace(month=1, day=1)
    last_year = today - relativedelta(years=1)  # 29 February gives the 28th
    filters, label = scope_filters(user, start, today)
    previous_filters, _label = scope_filters(user, start.replace(year=start.year - 1), last_year)
    periods = {"now": filters, "before": previous_filters}
    together = compute_together_many(KEY_FIGURES, periods)
    figures = []
    for code in KEY_FIGURES:
        both = together[code] if code in together else compute_many(code, periods)
        figures.append(
            KeyFigure(
                code, get(code).label, both["now"].total, both["before"].total, both["now"].unit
            )
        )
    return {
        "figures": figures,
        "scope": label,
        "start": start,
        "end": today,
        "empty": not any(figure.value for figure in figures),
    }


def trend(user, today):
    """The chart of `user`'s home page: the dashboards' monthly trend (`dashboards.TREND`:
    entries, exits and sorties dynamiques by month) of their scope (`scope_filters`) from 1
    January to `today` (a date, Europe/Paris), as a `reporting.tables.Table` of id
    "home-trend" drawn as a line, one row per month (`dashboards.trend_table`). Within the
    user's own scope: nothing is suppressed, as for the key figures. Two queries."""
    filters, _label = scope_filters(user, today.replace(month=1, day=1), today)
    return trend_table(View(Subject("home"), filters, previous=filters), table_id="home-trend")


class HomeTrendView(
    TablesCsvMixin, LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView
):
    """The home page's chart on a page of its own (`trend`, from the same cache entry), where
    its CSV download lives: `?format=csv&table=home-trend`. Staff only
    (`reporting.view_key_figures`), their own scope."""

    permission_required = "reporting.view_key_figures"
    template_name = "reporting/home/trend.html"
    csv_filename = "tremplin-mon-perimetre"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        table = remembered_for(user, today)("trend", lambda: trend(user, today))
        return super().get_context_data(tables=[table], table=table, **kwargs)


def remembered_for(user, today):
    """A `remember(name, compute)` function for `todo_list` and the home page's figures: the
    value of `compute()` cached under `name`, `today` and `user`'s scope (`cache.scope_key`)
    in the dashboards' cache (`reporting.cache.cached`: ten minutes at most, dropped when a
    watched fact changes)."""

    def remember(name, compute):
        return cache.cached(("home", name, today, cache.scope_key(user)), compute)

    return remember


def computed(name, compute):
    """The `remember` that caches nothing: `compute()`."""
    return compute()


@dataclass(frozen=True)
class Todo:
    """One line of the to-do list: `key` (stable, for tests), `label`, `count` and `url`, the
    list filtered on exactly what is counted (no personal data in it)."""

    key: str
    label: str
    count: int
    url: str


def _link(url_name, **query):
    url = reverse(url_name)
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def todo_list(user, today, remember=computed):
    """[Todo] for `user` on `today` (a date, Europe/Paris): one line per kind of work the user
    may do, counted within what they may see, whether the count is 0 or not (staff only:
    `reporting.view_todo_list`). One query per
    line (a few for the objectives behind their pace), whatever the volumes. The counts of
    quiet enrolments and of conventions behind their pace go through `remember(name,
    compute)` (`remembered_for` caches them; by default they are computed)."""
    todos = []
    if not user.has_perm("reporting.view_todo_list"):
        return todos
    if user.has_perm("beneficiaries.list_follow_ups"):
        count = FollowUp.objects.visible_to(user).due(today).count()
        url = _link("beneficiaries:followup-list", state="due")
        todos.append(Todo("follow_ups", _("Follow-ups due or overdue"), count, url))
    if user.has_perm("partners.list_leads"):
        count = Lead.objects.visible_to(user).waiting(LEAD_RESPONSE_WORKING_DAYS, today).count()
        url = _link("leads:lead-list", late="true")
        label = _("Company leads not handled within 5 working days")
        todos.append(Todo("leads", label, count, url))
    if user.has_perm("beneficiaries.list_beneficiaries"):
        quiet = Enrolment.objects.accompanied_by(user).without_step_for(QUIET_DAYS, today)
        url = _link("beneficiaries:beneficiary-list", quiet="true")
        # The linked list shows people: a person with two quiet enrolments counts once.
        count = remember(
            "quiet_enrolments", lambda: quiet.values("beneficiary_id").distinct().count()
        )
        label = _("People with an enrolment with no step recorded for 90 days")
        todos.append(Todo("quiet_enrolments", label, count, url))
    if user.has_perm("partners.list_conventions"):
        todos.extend(_convention_todos(user, today, remember))
    if user.has_perm("beneficiaries.review_duplicates"):
        count = DuplicateCandidate.objects.to_review_by(user).count()
        url = reverse("beneficiaries:duplicate-list")
        todos.append(Todo("duplicates", _("Possible duplicates to review"), count, url))
    if user.scope.is_operator and user.has_perm("beneficiaries.list_referrals"):
        todos.append(_referrals_todo(user))
    return todos


def _referrals_todo(user):
    """The referrals received by an operator still waiting for their answer: the received
    inbox's rows (`Referral.objects.visible_to(user).received_by(user)`), `waiting()`, and
    a link to that inbox filtered on the same status."""
    # What a staff member receives they also see (`Referral.objects.visible_to` is "about a
    # person they see, or received"): `received_by` alone counts the same rows without
    # evaluating who they see (30 ms instead of 1 at national volume).
    received = Referral.objects.received_by(user)
    count = received.waiting().count()
    url = _link("beneficiaries:referral-list", status=ReferralStatus.SENT.value)
    return Todo("referrals", _("Referrals waiting for your answer"), count, url)


def _convention_todos(user, today, remember):
    visible = Convention.objects.visible_to(user)
    ending = visible.ending_within(ENDING_WITHIN_DAYS, today).count()
    # Only the count is kept for the home page: the objectives themselves, hundreds for
    # national staff, are the list's (`ConventionsBehindView`), cached apart.
    behind_visible = remember(
        "conventions_behind_count", lambda: len(behind_by_convention(user, today, visible))
    )
    return [
        Todo(
            "conventions_ending",
            _("Conventions ending within 60 days"),
            ending,
            _link("conventions:convention-list", ending="true"),
        ),
        Todo(
            "conventions_behind",
            _("Conventions with an objective behind its pace"),
            behind_visible,
            reverse("reporting:conventions-behind"),
        ),
    ]


@dataclass(frozen=True)
class Behind:
    """One objective behind its pace, as the list shows it: its indicator's label, the share of
    the target achieved and the share expected by today (percentages). Plain values: the list
    keeps hundreds of them in the cache, read back on each page."""

    indicator: str
    achieved_percent: int
    expected_percent: int


def behind_by_convention(user, today, visible=None):
    """{convention id: [Behind]}: the objectives behind their pace on `today`
    (`reporting.progress.objectives_behind`) of the conventions `user` may see (`visible`,
    their queryset, when the caller has it)."""
    visible = Convention.objects.visible_to(user) if visible is None else visible
    # What `get_indicator_display` answers, translated once: it builds its dict of choices
    # on each call (1,453 objectives behind for national staff at national volume: 100 ms).
    labels = {
        value: str(label)
        for value, label in ConventionObjective._meta.get_field("indicator").flatchoices
    }
    behind = defaultdict(list)
    for objective, progress in objectives_behind(today, conventions=visible):
        behind[objective.convention_id].append(
            Behind(
                labels.get(objective.indicator, objective.indicator),
                progress.achieved_percent,
                progress.expected_percent,
            )
        )
    return dict(behind)


def partnership(user, today):
    """A company contact's partnership: the conventions they may see (parties and objectives
    loaded, for `reporting.progress.objectives_progress`), their objectives, and the next
    `UPCOMING_EVENTS_SHOWN` mobilisation actions from `today` (a date, Europe/Paris). A dict of
    `conventions`, `objectives` and `events`; four queries."""
    conventions = list(
        Convention.objects.visible_to(user)
        .active(today)
        .order_by("end_date", "title")
        .prefetch_related(
            Prefetch("parties", queryset=Organisation.objects.order_by("name")),
            Prefetch(
                "objectives", queryset=ConventionObjective.objects.select_related("department")
            ),
        )
    )
    events = (
        MobilisationAction.objects.visible_to(user)
        .filter(date__gte=today)
        .order_by("date", "title")[:UPCOMING_EVENTS_SHOWN]
    )
    return {
        "conventions": conventions,
        "objectives": [o for c in conventions for o in c.objectives.all()],
        "events": list(events),
    }


class ConventionsBehindView(LoginRequiredMixin, PermissionRequiredMixin, generic.ListView):
    """The conventions, among those the user may see, with an objective behind its pro-rata
    pace today (`reporting.progress.objectives_behind`): the to-do list's filtered list, by
    pages (hundreds for national staff at national volume).

    The cached list is in the page's order, so that a page reads its 25 conventions alone:
    no count query, and no `IN` of every convention behind (601 for national staff at national
    volume) sent twice on each visit."""

    permission_required = "reporting.view_todo_list"
    template_name = "reporting/conventions_behind.html"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        """[(convention id, [Behind])] in the list's order, cached per scope and day
        (`ordered_behind`); the paginator slices it."""
        user, today = self.request.user, timezone.localdate()
        return remembered_for(user, today)(
            "conventions_behind_ordered", lambda: ordered_behind(user, today)
        )

    def get_context_data(self, **kwargs):
        """The page's `rows`, [(Convention, [Behind])], read among the conventions the user
        may see (one query for the page's keys)."""
        context = super().get_context_data(**kwargs)
        page = context["object_list"]
        conventions = Convention.objects.visible_to(self.request.user).in_bulk(
            [convention_id for convention_id, _behind in page]
        )
        context["rows"] = [
            (conventions[convention_id], behind)
            for convention_id, behind in page
            if convention_id in conventions
        ]
        return context


def ordered_behind(user, today):
    """[(convention id, [Behind])]: `behind_by_convention` in the list's order (end date,
    title, key), which one query over those conventions gives."""
    behind = behind_by_convention(user, today)
    order = (
        Convention.objects.filter(pk__in=list(behind))
        .order_by("end_date", "title", "pk")
        .values_list("pk", flat=True)
    )
    return [(convention_id, behind[convention_id]) for convention_id in order]
