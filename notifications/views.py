"""The notification centre (each user's own notifications: list, mark read, the header's bell),
the notification preferences of "my account", the unsubscribe links of e-mails (no sign-in),
and the e-mails that failed, for national staff."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.decorators.csrf import csrf_exempt
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.models import User

from .filters import NotificationFilter
from .forms import PreferencesForm
from .kinds import ReminderKind
from .models import Notification, OutgoingMessage
from .preferences import EmailMode, set_email_modes
from .unsubscribe import read_token

#: htmx stops polling on this status (https://htmx.org/docs/#polling): a signed-out page.
HTMX_STOP_POLLING = 286


def own_notifications(user):
    """The notifications (queryset) `user` may read: their own, nobody else's."""
    return Notification.objects.visible_to(user)


class NotificationListView(LoginRequiredMixin, FilterView):
    filterset_class = NotificationFilter
    template_name = "notifications/notification_list.html"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        return own_notifications(self.request.user).order_by("-created_at", "-pk")

    def paginate_queryset(self, queryset, page_size):
        """Like Django's, but a page past the last one shows the last one (an empty list its
        first page) instead of answering 404: marking the last unread notification of a page
        read, under the "unread" filter, comes back to a page that no longer exists."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        unread = own_notifications(self.request.user).filter(read_at__isnull=True).exists()
        return super().get_context_data(has_unread=unread, **kwargs)


def _back(request):
    """Where to go after marking read: the page the form came from, when it is ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(reverse("notifications:notification-list"))


class NotificationReadView(LoginRequiredMixin, generic.View):
    """POST: one of the user's notifications is read (404 for anyone else's)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        notification = get_object_or_404(own_notifications(request.user), pk=pk)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return _back(request)


class NotificationReadAllView(LoginRequiredMixin, generic.View):
    """POST: every notification of the user is read."""

    http_method_names = ["post"]

    def post(self, request):
        count = (
            own_notifications(request.user)
            .filter(read_at__isnull=True)
            .update(read_at=timezone.now())
        )
        if count:
            messages.success(request, _("All your notifications are marked as read."))
        return _back(request)


class NotificationOpenView(LoginRequiredMixin, generic.View):
    """GET: open one of the user's notifications — it is read — and go to its object's page
    (which checks scope itself); 404 for anyone else's. A notification without a link, or with
    a link off the site, leads to the notification centre."""

    http_method_names = ["get"]

    def get(self, request, pk):
        notification = get_object_or_404(own_notifications(request.user), pk=pk)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        if notification.url and url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(notification.url)
        return HttpResponseRedirect(reverse("notifications:notification-list"))


class BellView(generic.View):
    """The header's bell with the number of unread notifications: an htmx fragment, polled.
    Outside htmx (a link followed, a page reloaded) it leads to the notification centre."""

    http_method_names = ["get"]

    def get(self, request):
        if not request.user.is_authenticated:
            return HttpResponse(status=HTMX_STOP_POLLING)
        if not request.htmx:
            return HttpResponseRedirect(reverse("notifications:notification-list"))
        unread = own_notifications(request.user).filter(read_at__isnull=True).count()
        return TemplateResponse(request, "notifications/includes/bell.html", {"unread": unread})


class PreferencesView(LoginRequiredMixin, generic.FormView):
    form_class = PreferencesForm
    template_name = "notifications/preferences.html"
    success_url = reverse_lazy("notifications:preferences")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        account = (_("My account"), reverse("accounts:account"))
        return super().get_context_data(account_crumb=account, **kwargs)

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your notification preferences have been saved."))
        return super().form_valid(form)


@method_decorator(csrf_exempt, name="dispatch")  # mail clients' one-click POST (RFC 8058)
class UnsubscribeView(generic.TemplateView):
    """An e-mail's unsubscribe link, without signing in: GET asks to confirm, POST stops the
    e-mails of the token's kinds for the token's user (their in-app notifications stay).
    A token tampered with, or whose user is gone, answers 404."""

    template_name = "notifications/unsubscribe.html"

    def dispatch(self, request, token):
        try:
            user_id, kinds = read_token(token)
        except signing.BadSignature:
            raise Http404("Invalid unsubscribe link.") from None
        self.person = User.objects.filter(pk=user_id, is_active=True).first()
        if self.person is None:
            raise Http404("Unknown account.")
        self.kinds = [ReminderKind(kind) for kind in kinds]
        return super().dispatch(request, token)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=self.kinds, person=self.person, **kwargs)

    def post(self, request, token):
        set_email_modes(self.person, dict.fromkeys(self.kinds, EmailMode.NONE))
        return self.render_to_response(self.get_context_data(done=True))


class FailedMessageListView(LoginRequiredMixin, PermissionRequiredMixin, generic.ListView):
    """The e-mails that will not be tried again, with why, for national staff to act on."""

    permission_required = "notifications.view_failed_messages"
    template_name = "notifications/failed_message_list.html"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        return OutgoingMessage.objects.failed().order_by("-created_at", "-pk")
