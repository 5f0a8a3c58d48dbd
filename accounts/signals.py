"""What the accounts app tells the rest of Tremplin (notifications listens)."""

from django.dispatch import Signal

#: National staff invited `user` at `invited_at`. Sent inside the transaction that creates the
#: account, so that what listeners record commits with it.
user_invited = Signal()
