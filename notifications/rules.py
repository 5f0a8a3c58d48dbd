"""Who may do what with notifications and outgoing messages. Each user reads and marks their own
notifications only (their queryset says so); national staff follow the e-mails that failed."""

import rules

from accounts.rules import is_national

rules.add_perm("notifications.view_failed_messages", is_national)
