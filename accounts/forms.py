"""Forms of the accounts app: sign-in, invitations, the user's own account."""

from crispy_forms.layout import Layout
from django import forms
from django.contrib.auth import forms as auth_forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.choices import Autocomplete, SearchableSelectMultiple
from config.forms import DsfrFormMixin, DsfrModelForm
from partners.models import Organisation, OrganisationKind
from territories.models import Department, Region

from .models import ORGANISATION_ROLES, Membership, Role, User, normalise_email
from .signals import user_invited


class LoginForm(DsfrFormMixin, auth_forms.AuthenticationForm):
    submit_label = _("Sign in")

    username = auth_forms.UsernameField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_username(self):
        return normalise_email(self.cleaned_data["username"])


class PasswordResetForm(DsfrFormMixin, auth_forms.PasswordResetForm):
    submit_label = _("Send me a link")

    def save(self, *args, **kwargs):
        """Someone whose invitation was never accepted has no password to reset: they get a
        fresh invitation, under the same "if the address is known" page as everyone."""
        super().save(*args, **kwargs)
        email = normalise_email(self.cleaned_data["email"])
        for user in User.objects.filter(email=email, is_active=False):
            user.invite_again()


class SetPasswordForm(DsfrFormMixin, auth_forms.SetPasswordForm):
    submit_label = _("Save my password")


class PasswordChangeForm(DsfrFormMixin, auth_forms.PasswordChangeForm):
    submit_label = _("Change my password")


class AccountForm(DsfrModelForm):
    submit_label = _("Save")

    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]


class InvitationForm(DsfrModelForm):
    """National staff invite a person with one role and its scope."""

    submit_label = _("Send the invitation")

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)
    region = forms.ModelChoiceField(
        label=_("Région"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("Territorial coordinators: a whole région…"),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Départements"),
        queryset=Department.objects.all(),
        required=False,
        widget=SearchableSelectMultiple,
        help_text=_("…or one or more départements."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=Autocomplete("partners:organisation-choices"),
        help_text=_("Operators and company contacts: the organisation they work for."),
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "language"]

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        existing = User.objects.filter(email=email).first()
        if existing is not None and existing.is_invited:
            raise forms.ValidationError(
                _("This person is already invited: send the invitation again from their page."),
                code="already_invited",
            )
        if existing is not None:
            raise forms.ValidationError(_("An account already exists with this e-mail address."))
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        region, departments = cleaned.get("region"), cleaned.get("departments")
        organisation = cleaned.get("organisation")
        if role == Role.TERRITORIAL:
            if not region and not departments:
                self.add_error(
                    "departments", _("Choose the région or the départements they coordinate.")
                )
            if organisation:
                self.add_error("organisation", _("A territorial coordinator has no organisation."))
        elif role in ORGANISATION_ROLES:
            if not organisation:
                self.add_error("organisation", _("Choose the organisation they work for."))
            if region or departments:
                self.add_error("departments", _("This role's scope is its organisation."))
        elif role == Role.NATIONAL and (region or departments or organisation):
            self.add_error(None, _("National staff see all of France: leave the scope empty."))
        return cleaned

    @transaction.atomic
    def save(self, invited_by):
        user = super().save(commit=False)
        user.is_active = False
        user.invited_by = invited_by
        # Its link's three days count from now; the sending moves the date to when it left.
        user.invited_at = timezone.now()
        user.set_unusable_password()
        user.save()
        membership = Membership.objects.create(
            user=user,
            role=self.cleaned_data["role"],
            region=self.cleaned_data["region"],
            organisation=self.cleaned_data["organisation"],
        )
        membership.departments.set(self.cleaned_data["departments"])
        user_invited.send(User, user=user, invited_at=user.date_joined)
        return user


class MembershipForm(DsfrModelForm):
    """A role given to an existing account by `manager`: national staff give any role;
    coordinators an operator's role in their territory (`accounts.grant_membership`). The
    database constraints check the organisation and région of each role."""

    submit_label = _("Add the role")

    class Meta:
        model = Membership
        fields = ["role", "region", "departments", "organisation"]
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.manager = manager
        self.fields["region"].required = False
        self.fields["departments"].required = False
        self.fields["organisation"].queryset = Organisation.objects.visible_to(manager)
        if not manager.has_perm("accounts.grant_any_role"):
            # An operator's role, in an organisation the manager may edit: nothing else to ask.
            self.fields["role"].choices = [(Role.OPERATOR.value, Role.OPERATOR.label)]
            self.fields["role"].initial = Role.OPERATOR
            del self.fields["region"], self.fields["departments"]
            self.helper.layout = Layout(*self.fields)
            self.fields["organisation"].required = True
            self.fields["organisation"].queryset = Organisation.objects.editable_by(manager).filter(
                kind=OrganisationKind.OPERATOR
            )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == Role.TERRITORIAL and not (cleaned.get("region") or cleaned.get("departments")):
            self.add_error(
                "departments", _("Choose the région or the départements they coordinate.")
            )
        if role != Role.TERRITORIAL and cleaned.get("departments"):
            self.add_error("departments", _("Only territorial coordinators cover départements."))
        membership = Membership(role=role, organisation=cleaned.get("organisation"))
        if role and not self.manager.has_perm("accounts.grant_membership", membership):
            self.add_error(
                "organisation",
                _("Choose an operator of your territory: you may give no other role."),
            )
        return cleaned
