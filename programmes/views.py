"""Pages of programmes, actions, CTAI contracts, their targets and the AGIR rollout.

What a user sees goes through each model's `visible_to`, what they change through
`editable_by` (404 outside); what a role may never do is refused by `programmes/rules.py` (403).
"""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.once import SubmitOnceMixin
from config.choices import ChoicesView
from config.history import history_entries
from territories.models import Department

from .filters import ActionFilter, ContractFilter, ProgrammeFilter, visible_operators
from .forms import ActionForm, ContractForm, ProgrammeForm, TargetForm
from .models import Action, ActionStatus, Programme, Target, TerritorialContract


class StaffPageMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Programme pages are for national, territorial and operator staff (403 otherwise)."""

    permission_required = "programmes.view_programmes"


class UserFormMixin(SuccessMessageMixin):
    """Forms whose choices and checks depend on the signed-in user."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


# --- Programmes ---------------------------------------------------------------------------------


class ProgrammeListView(StaffPageMixin, FilterView):
    filterset_class = ProgrammeFilter
    template_name = "programmes/programme_list.html"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        visible_actions = Action.objects.visible_to(self.request.user)
        # Aggregates drop the model's default ordering, which pagination needs.
        return (
            Programme.objects.visible_to(self.request.user)
            .annotate(
                action_count=Count("actions", filter=Q(actions__in=visible_actions), distinct=True)
            )
            .order_by(*Programme._meta.ordering)
        )


class ProgrammeDetailView(LoginRequiredMixin, generic.DetailView):
    template_name = "programmes/programme_detail.html"
    slug_field = "code"
    slug_url_kwarg = "code"
    #: The most recent actions shown on the page; the action list has them all.
    shown_actions = 10

    def get_queryset(self):
        return Programme.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        actions = Action.objects.visible_to(user).filter(programme=self.object)
        recent = actions.select_related("operator").prefetch_related("departments")
        return super().get_context_data(
            # Counted by the template through reporting's tags (this app never imports it).
            programme_actions=actions,
            actions=recent[: self.shown_actions],
            can_edit=user.has_perm("programmes.change_programme", self.object),
            history=history_entries(self.object, user),
            **kwargs,
        )


class ProgrammeCreateView(
    LoginRequiredMixin,
    PermissionRequiredMixin,
    SubmitOnceMixin,
    SuccessMessageMixin,
    generic.CreateView,
):
    permission_required = "programmes.add_programme"
    form_class = ProgrammeForm
    template_name = "programmes/programme_form.html"
    success_message = _("The programme has been created.")


class ProgrammeUpdateView(
    LoginRequiredMixin, PermissionRequiredMixin, SuccessMessageMixin, generic.UpdateView
):
    permission_required = "programmes.change_programme"
    form_class = ProgrammeForm
    template_name = "programmes/programme_form.html"
    slug_field = "code"
    slug_url_kwarg = "code"
    success_message = _("The programme has been updated.")

    def get_queryset(self):
        return Programme.objects.visible_to(self.request.user)


# --- Actions ------------------------------------------------------------------------------------


class ActionListView(StaffPageMixin, FilterView):
    filterset_class = ActionFilter
    template_name = "programmes/action_list.html"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        return (
            Action.objects.visible_to(self.request.user)
            .select_related("programme", "operator")
            .prefetch_related("departments")
        )


class ActionDetailView(LoginRequiredMixin, generic.DetailView):
    template_name = "programmes/action_detail.html"

    def get_queryset(self):
        return (
            Action.objects.visible_to(self.request.user)
            .select_related(
                "programme", "operator", "hope_centre", "hope_opco", "agir_department", "contract"
            )
            .prefetch_related("departments", "funders", "partners", "targets")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_edit=self.request.user.has_perm("programmes.change_action", self.object),
            history=history_entries(self.object, self.request.user),
            **kwargs,
        )


class ActionCreateView(
    LoginRequiredMixin, PermissionRequiredMixin, SubmitOnceMixin, UserFormMixin, generic.CreateView
):
    permission_required = "programmes.add_action"
    form_class = ActionForm
    template_name = "programmes/action_form.html"
    success_message = _("The action has been created.")

    def get_initial(self):
        initial = super().get_initial()
        code = self.request.GET.get("programme")
        if code:
            initial["programme"] = code
        return initial


class ActionUpdateView(LoginRequiredMixin, UserFormMixin, generic.UpdateView):
    form_class = ActionForm
    template_name = "programmes/action_form.html"
    success_message = _("The action has been updated.")

    def get_queryset(self):
        return Action.objects.editable_by(self.request.user).select_related("programme")


# --- CTAI contracts -----------------------------------------------------------------------------


class ContractListView(StaffPageMixin, FilterView):
    filterset_class = ContractFilter
    template_name = "programmes/contract_list.html"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        visible_actions = Action.objects.visible_to(self.request.user)
        return (
            TerritorialContract.objects.visible_to(self.request.user)
            .select_related("prefecture")
            .prefetch_related("departments")
            .annotate(
                action_count=Count("actions", filter=Q(actions__in=visible_actions), distinct=True)
            )
            .order_by(*TerritorialContract._meta.ordering)
        )


class ContractDetailView(LoginRequiredMixin, generic.DetailView):
    context_object_name = "contract"
    template_name = "programmes/contract_detail.html"

    def get_queryset(self):
        return (
            TerritorialContract.objects.visible_to(self.request.user)
            .select_related("prefecture")
            .prefetch_related("signatories", "departments", "targets")
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        actions = (
            Action.objects.visible_to(user)
            .filter(contract=self.object)
            .select_related("operator")
            .prefetch_related("departments", "targets")
        )
        # The targets of every action and of the contract, so that the page measures their
        # progress in one go instead of once per action.
        page_targets = [target for action in actions for target in action.targets.all()]
        page_targets += self.object.targets.all()
        return super().get_context_data(
            actions=actions,
            page_targets=page_targets,
            can_edit=user.has_perm("programmes.change_contract", self.object),
            history=history_entries(self.object, user),
            **kwargs,
        )


class ContractCreateView(
    LoginRequiredMixin, PermissionRequiredMixin, SubmitOnceMixin, UserFormMixin, generic.CreateView
):
    permission_required = "programmes.add_contract"
    form_class = ContractForm
    template_name = "programmes/contract_form.html"
    success_message = _("The contract has been created.")


class ContractUpdateView(LoginRequiredMixin, UserFormMixin, generic.UpdateView):
    form_class = ContractForm
    template_name = "programmes/contract_form.html"
    success_message = _("The contract has been updated.")

    def get_queryset(self):
        return TerritorialContract.objects.editable_by(self.request.user)


# --- Targets ------------------------------------------------------------------------------------


def editable_targets(user):
    """Targets of the actions and contracts the user may change."""
    return Target.objects.filter(
        Q(action__in=Action.objects.editable_by(user))
        | Q(contract__in=TerritorialContract.objects.editable_by(user))
    ).select_related("action", "contract")


class TargetMixin(LoginRequiredMixin, SuccessMessageMixin):
    form_class = TargetForm
    template_name = "programmes/target_form.html"

    def get_success_url(self):
        return self.parent.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent, **kwargs)


class TargetCreateView(TargetMixin, SubmitOnceMixin, generic.CreateView):
    """A target on an action (`parent_model` Action) or a contract, from the parent's page."""

    parent_model = None
    success_message = _("The target has been added.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.parent = get_object_or_404(
                self.parent_model.objects.editable_by(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        field = "action" if self.parent_model is Action else "contract"
        return {**super().get_form_kwargs(), "instance": Target(**{field: self.parent})}


class TargetUpdateView(TargetMixin, generic.UpdateView):
    success_message = _("The target has been updated.")

    def get_queryset(self):
        return editable_targets(self.request.user)

    def get_object(self, queryset=None):
        target = super().get_object(queryset)
        self.parent = target.action or target.contract
        return target


class TargetDeleteView(LoginRequiredMixin, SuccessMessageMixin, generic.DeleteView):
    template_name = "programmes/target_confirm_delete.html"
    success_message = _("The target has been deleted.")

    def get_queryset(self):
        return editable_targets(self.request.user)

    def get_object(self, queryset=None):
        target = super().get_object(queryset)
        self.parent = target.action or target.contract
        return target

    def get_success_url(self):
        return self.parent.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent, **kwargs)


# --- AGIR rollout -------------------------------------------------------------------------------


class AgirRolloutView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """Every département with its AGIR deployment: three queries whatever the number of rows.

    A département's status is that of its running deployment, else of a planned one; closed
    deployments alone leave it at “none”. Coordinators see the whole country: the rollout is
    no personal data (see docs/decisions.md)."""

    permission_required = "programmes.view_agir_rollout"
    template_name = "programmes/agir_rollout.html"

    def get_context_data(self, **kwargs):
        deployments = (
            Action.objects.agir()
            .filter(agir_department__isnull=False)
            .exclude(status=ActionStatus.CLOSED)
            .select_related("operator")
            .order_by("start_date", "pk")
        )
        current = {}
        for deployment in deployments:
            shown = current.get(deployment.agir_department_id)
            if shown is None or (
                deployment.status == ActionStatus.RUNNING and shown.status != ActionStatus.RUNNING
            ):
                current[deployment.agir_department_id] = deployment
        visible = set(
            Action.objects.visible_to(self.request.user)
            .agir()
            .filter(pk__in=[d.pk for d in current.values()])
            .values_list("pk", flat=True)
        )
        rows = [
            {
                "department": department,
                "deployment": current.get(department.pk),
                "linked": department.pk in current and current[department.pk].pk in visible,
            }
            for department in Department.objects.select_related("region").order_by("code")
        ]
        counts = {"running": 0, "planned": 0, "none": 0}
        for row in rows:
            counts[row["deployment"].status if row["deployment"] else "none"] += 1
        return super().get_context_data(rows=rows, counts=counts, **kwargs)


class ActionChoicesView(StaffPageMixin, ChoicesView):
    """Autocomplete of the actions the user may see (`Action.objects.visible_to`), by title or
    programme code: the beneficiaries' and follow-ups' action filters."""

    search_fields = ("title", "programme__code")

    def get_queryset(self):
        return (
            Action.objects.visible_to(self.request.user)
            .select_related("programme")
            .order_by("programme__code", "title", "pk")
        )

    def label(self, obj):
        return f"{obj.programme.code} — {obj.title}"


class OperatorChoicesView(StaffPageMixin, ChoicesView):
    """Autocomplete of the action list's operator filter (`config.choices`): organisations
    operating an action the user may see (`Action.objects.visible_to`), by name."""

    def get_queryset(self):
        return visible_operators(self.request).select_related("department").order_by("name", "pk")

    def label(self, obj):
        return obj.choice_label
