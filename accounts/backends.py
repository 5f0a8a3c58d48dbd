"""National staff administer Tremplin: in the Django admin they hold every model permission."""

from django.contrib.auth.backends import BaseBackend


class NationalStaffBackend(BaseBackend):
    def has_perm(self, user_obj, perm, obj=None):
        return obj is None and user_obj.is_active and user_obj.scope.is_national

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and user_obj.scope.is_national
