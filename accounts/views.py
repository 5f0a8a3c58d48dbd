"""Sign-in, invitations, the user's own account and the (scoped) list of users."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.i18n import set_language
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from .filters import UserFilter
from .forms import (
    AccountForm,
    InvitationForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from .models import Membership, User
from .once import SubmitOnceMixin


class HomeView(generic.TemplateView):
    """Signed-in users land on their roles and pages; visitors on the public presentation,
    with the partnership-interest form and the sign-in."""

    def get_template_names(self):
        if self.request.user.is_authenticated:
            return ["accounts/home.html"]
        return ["public_home.html"]

    def get_context_data(self, **kwargs):
        if not self.request.user.is_authenticated:
            return super().get_context_data(**kwargs)
        memberships = (
            self.request.user.memberships.select_related("organisation", "region")
            .prefetch_related("departments")
            .order_by("role")
        )
        return super().get_context_data(memberships=memberships, **kwargs)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invited person sets their password; their account becomes active and signed in."""

    form_class = SetPasswordForm
    template_name = "accounts/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("home")

    def get_user(self, uidb64):
        """Only a pending invitation (inactive, no password yet): a deactivated account is
        not switched back on by a password link."""
        user = super().get_user(uidb64)
        if user is None or not user.is_invited:
            return None
        return user

    def form_valid(self, form):
        form.user.is_active = True
        response = super().form_valid(form)
        messages.success(self.request, _("Welcome to Tremplin: your account is ready."))
        return response


class AccountView(LoginRequiredMixin, generic.UpdateView):
    form_class = AccountForm
    template_name = "accounts/account.html"
    success_url = reverse_lazy("accounts:account")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your account has been updated."))
        return super().form_valid(form)


class PasswordChangeView(LoginRequiredMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


def set_language_view(request):
    """Django's language switcher, which also remembers the choice on a signed-in account."""
    response = set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(User._meta.get_field("language").choices):
        user.language = language
        user.save(update_fields=["language"])
    return response


def _users_with_memberships(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organisation", "region").prefetch_related(
                "departments"
            ),
        )
    )


class UserListView(LoginRequiredMixin, PermissionRequiredMixin, FilterView):
    permission_required = "accounts.list_users"
    filterset_class = UserFilter
    template_name = "accounts/user_list.html"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        return _users_with_memberships(User.objects.visible_to(self.request.user))


class UserDetailView(LoginRequiredMixin, generic.DetailView):
    template_name = "accounts/user_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return _users_with_memberships(User.objects.visible_to(self.request.user))


class InvitationResendView(LoginRequiredMixin, PermissionRequiredMixin, generic.View):
    """A pending invitation, expired or not, sent again with a fresh three-day link."""

    permission_required = "accounts.invite_user"
    http_method_names = ["post"]

    def post(self, request, pk):
        person = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
        if person.is_invited:
            person.invite_again()
            messages.success(
                request,
                _("The invitation has been sent again to %(email)s.") % {"email": person.email},
            )
        return redirect(person)


class InvitationCreateView(
    LoginRequiredMixin, PermissionRequiredMixin, SubmitOnceMixin, generic.CreateView
):
    permission_required = "accounts.invite_user"
    form_class = InvitationForm
    template_name = "accounts/invitation_form.html"

    def form_valid(self, form):
        user = form.save(invited_by=self.request.user)
        messages.success(
            self.request, _("An invitation has been sent to %(email)s.") % {"email": user.email}
        )
        return redirect(user)
