"""Authentication backends beside Django's ModelBackend (which signs people in with their
e-mail address and password). Roles come from memberships and permissions from `rules.py`:
Tremplin keeps no permission rows (see `User._perm_cache`)."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.backends import BaseBackend

from .models import normalise_email
from .rules import is_national


def is_model_permission(perm):
    """Django's own permissions on a model (`partners.change_organisation`), those the admin
    asks; not Tremplin's (`partners.list_leads`), which `rules.py` alone answers."""
    app_label, _dot, codename = perm.partition(".")
    action, _underscore, model_name = codename.partition("_")
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return action in model._meta.default_permissions


class NationalStaffBackend(BaseBackend):
    """National staff administer Tremplin: in the Django admin they hold every model
    permission."""

    def has_perm(self, user_obj, perm, obj=None):
        return obj is None and is_national(user_obj) and is_model_permission(perm)

    def has_module_perms(self, user_obj, app_label):
        return is_national(user_obj)


def lockout_username(request, credentials):
    """django-axes' AXES_USERNAME_CALLABLE: `Rhone@…` and `rhone@…` are one account, so one
    failure counter and one lockout, whichever form (Tremplin's or the admin's) was used.
    Axes passes no credentials when it reads the username from the request itself."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return normalise_email(username) if username else username
