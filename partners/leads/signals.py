"""What the lead pipeline tells the rest of Tremplin (notifications listens)."""

from django.dispatch import Signal

#: A company sent the partnership form: `lead`, and the `language` the visitor used. Sent inside
#: the transaction that records the lead, so that what listeners record commits with it.
lead_submitted = Signal()
