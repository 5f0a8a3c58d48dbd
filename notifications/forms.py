"""The notification preferences form of "my account": per kind of reminder, how its e-mails
come, and the hour of the daily digest."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from config.forms import DsfrForm

from .kinds import ReminderKind
from .preferences import DigestSetting, EmailMode, digest_hour, email_modes, set_email_modes

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class BasePreferencesForm(DsfrForm):
    """The fields every preference form has; PreferencesForm adds one per kind of reminder."""

    submit_label = _("Save my preferences")
    field_order = [*ReminderKind.values, "digest_hour"]

    digest_hour = forms.TypedChoiceField(
        label=_("Time of the daily digest"),
        choices=HOURS,
        coerce=int,
        help_text=_("Paris time. The digest lists the notifications of the past day, if any."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        chosen = {**email_modes(user), "digest_hour": digest_hour(user)}
        kwargs["initial"] = {**chosen, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)

    @transaction.atomic
    def save(self):
        """Record the user's choices (one row per kind, one for the digest hour)."""
        set_email_modes(self.user, {kind: self.cleaned_data[kind] for kind in ReminderKind.values})
        DigestSetting.objects.update_or_create(
            user=self.user, defaults={"digest_hour": self.cleaned_data["digest_hour"]}
        )


PreferencesForm = type(
    "PreferencesForm",
    (BasePreferencesForm,),
    {
        "__module__": __name__,
        "__doc__": """One choice of EmailMode per ReminderKind (the field named after the kind's
        value) and `digest_hour`; built with `user=`, whose choices it shows and `save()`
        records.""",
        **{
            kind.value: forms.ChoiceField(label=kind.label, choices=EmailMode.choices)
            for kind in ReminderKind
        },
    },
)
