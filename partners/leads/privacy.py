"""What the partnership form tells people about their data, shared by its page and e-mails."""

from django.conf import settings


def privacy_contact():
    """Where people exercise their data-protection rights (PRIVACY_CONTACT_EMAIL)."""
    return settings.PRIVACY_CONTACT_EMAIL
