"""Pages of referrals: sending one from a person's page, the inbox of those received and sent,
one referral, and its answers (accept, decline, withdraw).

Doors: the role's permission (403 for a company contact on a list or a form, 404 on a URL
naming a person or a referral), then `Referral.objects.visible_to` (404 outside), then the
answer's own permission on the referral (403: the user sees it but it is not theirs to
answer). Until a referral is accepted, its receiver reads only `Referral.summary` of the
person; every page showing a referral writes the access log (docs/decisions.md).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.once import SubmitOnceMixin
from config.choices import ChoicesView

from ..access import record_access
from ..choices import AccessKind
from ..models import Beneficiary
from .filters import ReferralFilter
from .forms import AcceptForm, DeclineForm, ReferralForm, WithdrawForm, action_label
from .models import Referral, actions_open_to_referrals

#: The two boxes of the inbox: box → (title, queryset method, URL name). The received box is
#: the menu's "Referrals" page.
BOXES = {
    "recues": (_("Referrals"), "received_by", "beneficiaries:referral-list"),
    "envoyees": (_("Referrals sent"), "sent_by", "beneficiaries:referral-sent-list"),
}


class RolePermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The role must hold `permission_required` (asked without an object); a role without it
    gets 403 on a list or a blank form and 404 on a URL naming an object, as on the
    beneficiaries' pages."""

    permission_required = "beneficiaries.list_referrals"

    def get_permission_object(self):
        return None

    def handle_no_permission(self):
        if self.request.user.is_authenticated and "pk" in self.kwargs:
            raise Http404
        return super().handle_no_permission()


def person_visible(user, beneficiary_id):
    """Whether `user` may see the person's record (one query, none for national staff)."""
    if user.scope.is_national:
        return True
    return Beneficiary.objects.visible_to(user).filter(pk=beneficiary_id).exists()


# --- Sending ------------------------------------------------------------------------------------


class ReferralCreateView(RolePermissionMixin, SubmitOnceMixin, generic.CreateView):
    """Refer a person one may see (404 otherwise) to another organisation's running action."""

    form_class = ReferralForm
    template_name = "beneficiaries/referral_form.html"

    @cached_property
    def beneficiary(self):
        return get_object_or_404(
            Beneficiary.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        permitted = user.is_authenticated and self.has_permission()
        # `self.beneficiary` answers 404 outside the user's scope first.
        if permitted and not user.has_perm("beneficiaries.add_referral", self.beneficiary):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "beneficiary": self.beneficiary,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(beneficiary=self.beneficiary, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record_access(self.request, self.beneficiary, AccessKind.CHANGE)
        messages.success(
            self.request,
            _("The referral has been sent: the receiving organisation answers it from its inbox."),
        )
        return response


class ReferralActionChoicesView(RolePermissionMixin, ChoicesView):
    """Autocomplete of the actions a user may refer a person to (`actions_open_to_referrals`),
    by title, programme code or operator's name."""

    search_fields = ("title", "programme__code", "operator__name")

    def get_queryset(self):
        return (
            actions_open_to_referrals(self.request.user)
            .select_related("programme", "operator")
            .order_by("programme__code", "title", "pk")
        )

    def label(self, obj):
        return action_label(obj)


# --- Inbox --------------------------------------------------------------------------------------


class ReferralListView(RolePermissionMixin, FilterView):
    """The referrals received (sent to the user's organisation or territory) or sent."""

    filterset_class = ReferralFilter
    template_name = "beneficiaries/referral_list.html"

    def get_paginate_by(self, queryset):
        return settings.PAGE_SIZE

    @property
    def box(self):
        return self.kwargs["box"]

    def get_queryset(self):
        user = self.request.user
        method = BOXES[self.box][1]
        # `sent_by` reads the sent among those the user sees; what staff receive they see
        # (`Referral.objects.visible_to`): neither needs `visible_to` again.
        queryset = getattr(Referral.objects, method)(user)
        visible = Beneficiary.objects.visible_to(user).filter(pk=OuterRef("beneficiary_id"))
        return queryset.select_related(
            "beneficiary__department",
            "action__programme",
            "action__operator",
            "from_organisation",
            "referred_by",
        ).annotate(person_visible=Exists(visible))

    def get_context_data(self, **kwargs):
        boxes = [
            (reverse("beneficiaries:referral-list"), _("Received"), self.box == "recues"),
            (reverse("beneficiaries:referral-sent-list"), _("Sent"), self.box == "envoyees"),
        ]
        return super().get_context_data(
            box=self.box, title=BOXES[self.box][0], boxes=boxes, **kwargs
        )


# --- One referral and its answers ---------------------------------------------------------------


class ScopedReferralMixin(RolePermissionMixin):
    """The referral named by the URL's `pk`, among those the user sees (404 otherwise)."""

    @cached_property
    def referral(self):
        return get_object_or_404(
            Referral.objects.visible_to(self.request.user).select_related(
                "beneficiary__department",
                "action__programme",
                "action__operator",
                "from_organisation",
                "referred_by",
                "decided_by",
            ),
            pk=self.kwargs["pk"],
        )


class ReferralDetailView(ScopedReferralMixin, generic.TemplateView):
    template_name = "beneficiaries/referral_detail.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Even the summary (first name, initial, year of birth, département) is personal data.
        record_access(request, self.referral.beneficiary, AccessKind.VIEW)
        return response

    def get_context_data(self, **kwargs):
        user, referral = self.request.user, self.referral
        offered = {}
        if referral.is_waiting and user.has_perm("beneficiaries.answer_referral", referral):
            offered["accept_form"] = (AcceptForm, "referral-accept")
            offered["decline_form"] = (DeclineForm, "referral-decline")
        if referral.is_waiting and user.has_perm("beneficiaries.withdraw_referral", referral):
            offered["withdraw_form"] = (WithdrawForm, "referral-withdraw")
        forms = {}
        for name, (form_class, url_name) in offered.items():
            forms[name] = form_class()
            forms[name].helper.form_action = reverse(
                f"beneficiaries:{url_name}", args=[referral.pk]
            )
        return super().get_context_data(
            referral=referral,
            summary=referral.summary,
            person_visible=person_visible(user, referral.beneficiary_id),
            **forms,
            **kwargs,
        )


class ReferralAnswerView(ScopedReferralMixin, generic.FormView):
    """Accept, decline or withdraw: `answer_permission` on the referral (403 without), then
    `answer(form)`, in one transaction with the access log. A referral answered meanwhile (a
    second click, a colleague) is shown as it is now, with a message."""

    template_name = "beneficiaries/referral_answer.html"
    answer_permission = "beneficiaries.answer_referral"
    title = None
    success_message = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            if not request.user.has_perm(self.answer_permission, self.referral):
                raise PermissionDenied
            if not self.referral.is_waiting:
                return self.already_answered()
        return super().dispatch(request, *args, **kwargs)

    def already_answered(self):
        messages.info(
            self.request,
            _("This referral has already been %(status)s.")
            % {"status": self.referral.get_status_display().lower()},
        )
        return redirect(self.referral)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            referral=self.referral, summary=self.referral.summary, title=self.title, **kwargs
        )

    def form_valid(self, form):
        try:
            with transaction.atomic():
                target = self.answer(form)
                record_access(self.request, self.referral.beneficiary, AccessKind.CHANGE)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.referral)
        messages.success(self.request, self.success_message)
        return redirect(target)

    def answer(self, form):
        """Apply the answer; return where to go next (a model or URL). Each answer (accept,
        decline, withdraw) implements it."""
        raise NotImplementedError("A referral answer view implements answer().")


class ReferralAcceptView(ReferralAnswerView):
    form_class = AcceptForm
    title = _("Accept the referral")
    success_message = _("The referral has been accepted: the person is enrolled as referred.")

    def answer(self, form):
        """The person's page, which the receiver may now open."""
        self.referral.accept(self.request.user)
        return self.referral.beneficiary


class ReferralDeclineView(ReferralAnswerView):
    form_class = DeclineForm
    title = _("Decline the referral")
    success_message = _("The referral has been declined; the sender sees your reason.")

    def answer(self, form):
        data = form.cleaned_data
        self.referral.decline(self.request.user, data["decline_reason"], data["decline_details"])
        return self.referral


class ReferralWithdrawView(ReferralAnswerView):
    form_class = WithdrawForm
    answer_permission = "beneficiaries.withdraw_referral"
    title = _("Withdraw the referral")
    success_message = _("The referral has been withdrawn.")

    def answer(self, form):
        self.referral.withdraw(self.request.user)
        return self.referral
