"""Pages of company mobilisation: the scoped list and month calendar of mobilisation actions,
an action with its organisations and history, their forms, and the contact notes
(interactions) kept on each organisation."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.once import SubmitOnceMixin
from config.choices import ChoicesView
from config.history import history_entries
from config.paginators import KeysFirstPaginator, KeysListPaginator

from ..models import Interaction, MobilisationAction, Organisation
from .filters import InteractionFilter, MobilisationActionFilter, involved_organisations
from .forms import InteractionForm, MobilisationActionForm

#: The calendar's range: enough for the archives and the plans, and safe for `datetime`.
CALENDAR_YEARS = range(1900, 2200)

_present = MobilisationAction.attendees.through.objects


def _present_count():
    """Organisations present at each action, as one subquery (no join, no GROUP BY)."""
    return Coalesce(
        Subquery(
            _present.filter(mobilisationaction=OuterRef("pk"))
            .order_by()
            .values("mobilisationaction")
            .annotate(count=Count("pk"))
            .values("count")
        ),
        0,
    )


class MobilisationActionListView(LoginRequiredMixin, FilterView):
    filterset_class = MobilisationActionFilter
    template_name = "partners/mobilisation/action_list.html"
    paginate_by = settings.PAGE_SIZE
    paginator_class = KeysFirstPaginator

    def get_queryset(self):
        return (
            MobilisationAction.objects.visible_to(self.request.user)
            .select_related("organiser")
            .prefetch_related("departments")
        )

    def get_paginator(self, *args, **kwargs):
        """The page's rows get their count of organisations present; the list's queryset none,
        so its scope and search are not read again for the page (`KeysFirstPaginator`). A
        search reads the list's keys once (`KeysListPaginator`): it normalises each visible
        title, which counting then paging would do twice (885 titles each time for the Rhône's
        coordinator at national volume)."""
        if self.filterset.is_valid() and self.filterset.form.cleaned_data.get("q"):
            self.paginator_class = KeysListPaginator
        return super().get_paginator(
            *args,
            annotate_rows=lambda rows: rows.annotate(present_count=_present_count()),
            **kwargs,
        )


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    actions: list = field(default_factory=list)


class MobilisationCalendarView(LoginRequiredMixin, generic.TemplateView):
    """One month of the actions the user may see, weeks starting on Monday."""

    template_name = "partners/mobilisation/calendar.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        year = self.kwargs.get("year", today.year)
        month = self.kwargs.get("month", today.month)
        if year not in CALENDAR_YEARS or not 1 <= month <= 12:
            raise Http404
        first = datetime.date(year, month, 1)
        last = first.replace(day=calendar.monthrange(year, month)[1])
        actions = (
            MobilisationAction.objects.visible_to(self.request.user)
            .filter(date__range=(first, last))
            .only("pk", "title", "kind", "date")
            .order_by("date", "title")
        )
        by_day = defaultdict(list)
        for action in actions:
            by_day[action.date].append(action)
        weeks = [
            [
                CalendarDay(
                    date=day,
                    in_month=day.month == month,
                    is_today=day == today,
                    actions=by_day[day] if day.month == month else [],
                )
                for day in week
            ]
            for week in calendar.Calendar(calendar.MONDAY).monthdatescalendar(year, month)
        ]
        previous = first - datetime.timedelta(days=1)
        following = last + datetime.timedelta(days=1)
        # Not the URL's year and month (TemplateView's kwargs): `month` is a date here.
        return super().get_context_data(
            month=first,
            month_end=last,
            weeks=weeks,
            weekdays=[day.date for day in weeks[0]],
            action_count=sum(len(day_actions) for day_actions in by_day.values()),
            previous_month=previous if previous.year in CALENDAR_YEARS else None,
            next_month=following if following.year in CALENDAR_YEARS else None,
            today=today,
        )


class MobilisationActionDetailView(LoginRequiredMixin, generic.DetailView):
    template_name = "partners/mobilisation/action_detail.html"
    context_object_name = "action"

    def get_queryset(self):
        return (
            MobilisationAction.objects.visible_to(self.request.user)
            .select_related("organiser", "created_by")
            .prefetch_related("departments", "invited", "attendees")
        )

    def get_context_data(self, **kwargs):
        action = self.object
        user = self.request.user
        involved = {*action.invited.all(), *action.attendees.all()}
        if action.organiser:
            involved.add(action.organiser)
        visible_ids = set(
            Organisation.objects.visible_to(user)
            .filter(pk__in=[organisation.pk for organisation in involved])
            .values_list("pk", flat=True)
        )
        # Company contacts see the facts of an event they were invited to, and their own
        # organisation in it; not the other guests, internal notes or the change history.
        staff = user.has_perm("partners.view_staff_details")

        def listed(organisations):
            return [
                (organisation, organisation.pk in visible_ids)
                for organisation in organisations
                if staff or organisation.pk in visible_ids
            ]

        return super().get_context_data(
            invited=listed(action.invited.all()),
            attendees=listed(action.attendees.all()),
            organiser_visible=action.organiser_id in visible_ids,
            show_internal=staff,
            can_edit=user.has_perm("partners.change_mobilisationaction", action),
            history=history_entries(action, user) if staff else [],
            **kwargs,
        )


class MobilisationActionFormMixin:
    model = MobilisationAction
    form_class = MobilisationActionForm
    template_name = "partners/mobilisation/action_form.html"
    success_message = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save(commit=False)
            if self.object.created_by_id is None:
                self.object.created_by = self.request.user
            self.object.save()
            form.save_m2m()
        messages.success(self.request, self.success_message % {"title": self.object.title})
        return redirect(self.object)


class MobilisationActionCreateView(
    LoginRequiredMixin,
    PermissionRequiredMixin,
    SubmitOnceMixin,
    MobilisationActionFormMixin,
    generic.CreateView,
):
    permission_required = "partners.add_mobilisationaction"
    success_message = _("The mobilisation action “%(title)s” has been recorded.")


class MobilisationActionUpdateView(
    LoginRequiredMixin, MobilisationActionFormMixin, generic.UpdateView
):
    success_message = _("The mobilisation action “%(title)s” has been updated.")

    def get_queryset(self):
        return MobilisationAction.objects.editable_by(self.request.user)


# --- Interactions ---------------------------------------------------------------------------


class OrganisationInteractionsMixin:
    """Views of one organisation's interactions: the organisation is one the user may see."""

    @cached_property
    def organisation(self):
        return get_object_or_404(
            Organisation.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)


class InteractionListView(
    LoginRequiredMixin, PermissionRequiredMixin, OrganisationInteractionsMixin, FilterView
):
    permission_required = "partners.view_interactions"
    filterset_class = InteractionFilter
    template_name = "partners/mobilisation/interaction_list.html"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        return (
            Interaction.objects.visible_to(self.request.user)
            .filter(organisation=self.organisation)
            .select_related("author")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add_interaction=self.request.user.has_perm("partners.add_interaction"),
            **kwargs,
        )


class InteractionCreateView(
    LoginRequiredMixin,
    PermissionRequiredMixin,
    OrganisationInteractionsMixin,
    SubmitOnceMixin,
    generic.CreateView,
):
    permission_required = "partners.add_interaction"
    model = Interaction
    form_class = InteractionForm
    template_name = "partners/mobilisation/interaction_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Interaction(organisation=self.organisation, author=self.request.user)
        return kwargs

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, _("The interaction has been recorded."))
        return redirect(self.object)


class InteractionUpdateView(LoginRequiredMixin, PermissionRequiredMixin, generic.UpdateView):
    """Open to its author and national staff; others who may see it get 403, the rest 404."""

    permission_required = "partners.change_interaction"
    form_class = InteractionForm
    template_name = "partners/mobilisation/interaction_form.html"

    def get_queryset(self):
        return Interaction.objects.visible_to(self.request.user).select_related(
            "organisation", "author"
        )

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)
        return self._object

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organisation=self.object.organisation,
            history=history_entries(self.object, self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, _("The interaction has been updated."))
        return redirect(self.object)


class InvolvedOrganisationChoicesView(ChoicesView):
    """Autocomplete of the list's organisation filter (`config.choices`): organisations the
    user may see that organised, were invited to or attended an action the user may see."""

    def get_queryset(self):
        return (
            involved_organisations(self.request).select_related("department").order_by("name", "pk")
        )

    def label(self, obj):
        return obj.choice_label
