"""Send the outgoing messages still unsent, those past their last automatic attempt included
(after a long mail-server outage, say). Says what it would send unless run with --wet-run."""

from config.commands import DataChangeCommand
from notifications.models import OutgoingMessage
from notifications.tasks import send


class Command(DataChangeCommand):
    help = __doc__
    # Each message sent is marked sent at once: a later failure must not unmark it.
    atomic = False

    def change(self, **options):
        pending = OutgoingMessage.objects.unsent().order_by("created_at")
        for message_id, kind in pending.values_list("pk", "kind"):
            if not self.wet_run:
                self.count(f"{kind} to send")
            elif send(message_id):
                self.count(f"{kind} sent")
            else:
                self.count(f"{kind} not sent")
