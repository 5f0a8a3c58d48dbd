"""National staff administer Tremplin: in the Django admin they hold every model permission.
The sign-in lockout counts failures under the address's one spelling."""

from django.conf import settings
from django.contrib.auth.backends import BaseBackend

from .models import normalise_email


class NationalStaffBackend(BaseBackend):
    def has_perm(self, user_obj, perm, obj=None):
        return obj is None and user_obj.is_active and user_obj.scope.is_national

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and user_obj.scope.is_national


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
