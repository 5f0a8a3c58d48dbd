"""Sign-in, invitations, the user's own account, the (scoped) list of users and their management:
deactivation, reactivation, roles given and removed, invitations sent again."""

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
    MembershipForm,
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

    def get_context_data(self, **kwargs):
        # The menu's name for this page (accounts.context_processors): one title for both.
        if self.request.user.has_perm("accounts.view_user_directory"):
            page_title = _("Users")
        else:
            page_title = _("My team")
        return super().get_context_data(page_title=page_title, **kwargs)


class UserDetailView(LoginRequiredMixin, generic.DetailView):
    template_name = "accounts/user_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return _users_with_memberships(User.objects.visible_to(self.request.user))

    def get_context_data(self, **kwargs):
        can_manage = self.request.user.has_perm("accounts.manage_user", self.object)
        return super().get_context_data(can_manage=can_manage, **kwargs)


class ManagedUserMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A person looked up among the accounts the user may see (else 404) and whom the user may
    manage (`accounts.manage_user`, else 403). `person_kwarg` names the URL's argument."""

    permission_required = "accounts.manage_user"
    person_kwarg = "pk"

    def get_person(self):
        """The managed `User`, with their memberships; raises Http404 outside the scope."""
        if not hasattr(self, "person"):
            people = _users_with_memberships(User.objects.visible_to(self.request.user))
            self.person = get_object_or_404(people, pk=self.kwargs[self.person_kwarg])
        return self.person

    def get_permission_object(self):
        return self.get_person()


class UserActivationView(ManagedUserMixin, generic.TemplateView):
    """Deactivate (`activate=False`) or reactivate an account: GET asks to confirm, POST acts.
    A deactivated person can no longer sign in (Django refuses inactive users); their data and
    history stay. Only an account that has set a password is reactivated: a pending invitation
    is sent again instead."""

    template_name = "accounts/user_confirm.html"
    activate = False

    def applies(self, person):
        if self.activate:
            return not person.is_active and person.has_usable_password()
        return person.is_active

    def get(self, request, pk):
        person = self.get_person()
        if not self.applies(person):
            return redirect(person)
        if self.activate:
            page_title = _("Reactivate %(name)s") % {"name": person}
        else:
            page_title = _("Deactivate %(name)s") % {"name": person}
        return self.render_to_response(
            self.get_context_data(person=person, page_title=page_title, activate=self.activate)
        )

    def post(self, request, pk):
        person = self.get_person()
        if self.applies(person):
            person.is_active = self.activate
            person.save(update_fields=["is_active"])
            if self.activate:
                message = _("%(name)s can sign in again.")
            else:
                message = _("%(name)s can no longer sign in.")
            messages.success(request, message % {"name": person})
        return redirect(person)


class MembershipCreateView(ManagedUserMixin, SubmitOnceMixin, generic.CreateView):
    """A role given to a person (`MembershipForm` limits which)."""

    form_class = MembershipForm
    template_name = "accounts/membership_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "manager": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.get_person(), **kwargs)

    def form_valid(self, form):
        form.instance.user = self.get_person()
        form.save()
        messages.success(self.request, _("The role has been added."))
        return redirect(self.get_person())


class MembershipDeleteView(ManagedUserMixin, generic.DeleteView):
    """A role taken away from a person: GET asks to confirm, POST deletes (kept in history)."""

    template_name = "accounts/membership_confirm_delete.html"
    person_kwarg = "user_pk"
    context_object_name = "membership"

    def get_queryset(self):
        return Membership.objects.filter(user=self.get_person()).select_related(
            "organisation", "region"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.get_person(), **kwargs)

    def form_valid(self, form):
        self.object.delete()
        messages.success(self.request, _("The role has been removed."))
        return redirect(self.get_person())


class InvitationResendView(ManagedUserMixin, generic.View):
    """A pending invitation, expired or not, sent again with a fresh three-day link."""

    http_method_names = ["post"]

    def post(self, request, pk):
        person = self.get_person()
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
