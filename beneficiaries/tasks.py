"""Background work of the beneficiaries app."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def find_duplicates():
    """The nightly search for likely duplicates over every person (`beneficiaries.duplicates.
    find_all_candidates`), run by beat at night (Europe/Paris). Returns the number of new pairs
    to review; run again, it finds none more."""
    from .duplicates import find_all_candidates

    return find_all_candidates()
