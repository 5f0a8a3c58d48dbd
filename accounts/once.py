"""Forms that create something create it once: a double click on a slow line, or Back then
Send, shows the first result instead of making a second object and sending more e-mails."""

import uuid

from crispy_forms.layout import Field
from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .models import FormSubmission

TOKEN_FIELD = "submission_token"


class SubmitOnceMixin:
    """For create views: each rendering of the form carries a fresh token; the first POST
    with it that succeeds (a redirect) spends it, in one transaction with what it created; any
    later POST of the same token is sent to what the first one created. A POST without a token
    (a page from before) is served as before."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64, initial=uuid.uuid4().hex
        )
        helper = getattr(form, "helper", None)
        if helper is not None and helper.layout is not None:
            helper.layout.append(Field(TOKEN_FIELD))
        return form

    def post(self, request, *args, **kwargs):
        token = request.POST.get(TOKEN_FIELD, "")
        if not token or len(token) > 64:
            return super().post(request, *args, **kwargs)
        spent = FormSubmission.objects.filter(token=token).first()
        if spent is not None:
            return self.already_submitted(spent)
        try:
            with transaction.atomic():
                # A concurrent POST of the same token waits here until this one ends.
                submission = FormSubmission.objects.create(token=token)
                response = super().post(request, *args, **kwargs)
                if not isinstance(response, HttpResponseRedirect):
                    # Not saved (errors to correct): the token stays usable.
                    transaction.set_rollback(True)
                    return response
                submission.result_url = response.url
                submission.save(update_fields=["result_url"])
                return response
        except IntegrityError:
            spent = FormSubmission.objects.filter(token=token).first()
            if spent is None:
                raise  # not the token's: an error of what was being created
            return self.already_submitted(spent)

    def already_submitted(self, submission):
        messages.info(
            self.request, _("This form had already been sent: it was recorded only once.")
        )
        return redirect(submission.result_url)
