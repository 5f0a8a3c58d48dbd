"""Background work of the beneficiaries app: the nightly search for duplicates and the imports
of files. Tasks take ids, never a person's data."""

import logging

from celery import shared_task

from .imports import jobs

logger = logging.getLogger(__name__)


@shared_task
def find_duplicates():
    """The nightly search for likely duplicates over every person (`beneficiaries.duplicates.
    find_all_candidates`), run by beat at night (Europe/Paris). Returns the number of new pairs
    to review; run again, it finds none more."""
    from .duplicates import find_all_candidates

    return find_all_candidates()


@shared_task
def check_import(job_id):
    """Check the file of ImportJob `job_id` (int) and store its preview. Idempotent."""
    job = jobs.check(job_id)
    logger.info("Import %s checked: %s.", job_id, job.status)
    return job.status


@shared_task
def write_import(job_id):
    """Write the file of ImportJob `job_id` (int) once confirmed; a second run finds every row
    already imported and creates nothing."""
    job = jobs.write(job_id)
    logger.info("Import %s written: %s.", job_id, job.status)
    return job.status


@shared_task
def purge_import_files():
    """Delete the import files left unconfirmed for a week (run daily by beat). Returns the
    number of files deleted."""
    deleted = jobs.purge_files()
    logger.info("Import files purged: %s.", deleted)
    return deleted
