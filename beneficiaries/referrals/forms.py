"""Forms of a referral: sending one, and declining one with a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.choices import Autocomplete
from config.forms import DsfrForm, DsfrModelForm
from partners.models import Organisation

from ..models import Enrolment
from .models import MESSAGE_MAX_LENGTH, DeclineReason, Referral, actions_open_to_referrals


class ReferralForm(DsfrModelForm):
    """Refers `beneficiary` to a running action of another organisation, as `user`. The
    referring organisation is the user's operator organisation when they have one (a choice
    when several), none for a coordinator or national staff."""

    submit_label = _("Send the referral")

    class Meta:
        model = Referral
        fields = ["action", "from_organisation", "message"]
        widgets = {
            "action": Autocomplete("beneficiaries:referral-action-choices"),
            "message": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user, beneficiary, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.beneficiary = beneficiary
        self.instance.referred_by = user
        action = self.fields["action"]
        action.queryset = actions_open_to_referrals(user).select_related("programme", "operator")
        action.label_from_instance = action_label
        action.help_text = _("A running action of another organisation: type its title.")
        own = Organisation.objects.filter(pk__in=user.scope.operator_organisation_ids)
        organisation = self.fields["from_organisation"]
        organisation.queryset = own.order_by("name")
        if len(user.scope.operator_organisation_ids) == 1:
            self.instance.from_organisation_id = next(iter(user.scope.operator_organisation_ids))
        if len(user.scope.operator_organisation_ids) <= 1:
            del self.fields["from_organisation"]
            self.helper.layout.fields.remove("from_organisation")
        else:
            organisation.required = True
        self.fields["message"].max_length = MESSAGE_MAX_LENGTH

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action is None:
            return cleaned
        from_organisation = cleaned.get("from_organisation") or self.instance.from_organisation
        beneficiary = self.instance.beneficiary
        if from_organisation and action.operator_id == from_organisation.pk:
            self.add_error(
                "action", _("Refer to another organisation's action: enrol the person here.")
            )
        elif Enrolment.objects.open().filter(beneficiary=beneficiary, action=action):
            self.add_error("action", _("This person is already enrolled in this action."))
        elif Referral.objects.waiting().filter(beneficiary=beneficiary, action=action):
            self.add_error("action", _("This person has already been referred to this action."))
        return cleaned


def action_label(action):
    """How an action reads among the choices: programme, title and operator."""
    return f"{action.programme.code} — {action.title} ({action.operator.name})"


class DeclineForm(DsfrForm):
    submit_label = _("Decline the referral")
    decline_reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Choose a reason")), *DeclineReason.choices]
    )
    decline_details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The sender reads them: what they could do instead, for instance."),
    )


class AcceptForm(DsfrForm):
    submit_label = _("Accept the referral")


class WithdrawForm(DsfrForm):
    submit_label = _("Withdraw the referral")
