"""Signals the beneficiaries' app sends where it writes rows without a per-row signal."""

from django.dispatch import Signal

#: Sent by a bulk write that sends no `post_save` per row (an import written with COPY or
#: `bulk_create`, changes saved with `bulk_update`), inside its transaction, with
#: `beneficiary_ids`: the set of ids (ints) of the people whose record, enrolments or pathway
#: steps it created or changed. Receivers keep what they derive from these rows (the stored
#: exit situations, the figures' cache).
people_written = Signal()
