"""Running an `ImportJob`: the check that builds its preview, the write on confirmation, the
progress read by its page, the failure that says why. Called by the Celery tasks of
`beneficiaries.tasks` with the job's id only."""

import datetime
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..duplicates import likely_duplicates, record_candidates
from ..models import Beneficiary, DuplicateSource
from .models import ColumnMapping, ImportJob
from .pipeline import Importer, MissingColumns
from .reading import FileRefused

logger = logging.getLogger(__name__)

#: A checked file waiting for confirmation is deleted after this delay (its job then fails).
FILE_KEPT_FOR = datetime.timedelta(days=7)
#: Possible duplicates listed on the preview at most.
DUPLICATES_SHOWN = 50


def progress_key(job_id):
    return f"beneficiary-import-progress-{job_id}"


def progress(job):
    """How far the worker is with `job`: (rows done, rows in all), (0, 0) before it starts."""
    return cache.get(progress_key(job.pk), (0, 0))


def importer_for(job):
    """The Importer of `job`: its action, its creator, the organisation's remembered mapping
    overlaid with the job's own."""
    mapping = {}
    organisations = job.created_by.scope.operator_organisation_ids
    if organisations:
        mapping.update(
            ColumnMapping.objects.filter(organisation__in=organisations).values_list(
                "header", "column"
            )
        )
    mapping.update(job.mapping)
    return Importer(job.action, job.created_by, mapping)


def _check(job):
    importer = importer_for(job)

    def report(done, total):
        cache.set(progress_key(job.pk), (done, total), 3600)

    with job.file.open("rb") as stream:
        plan = importer.check(job.original_name, stream, progress=report)
    return importer, plan


def _fail(job, message):
    job.status = ImportJob.Status.FAILED
    job.failure = message
    job.finished_at = timezone.now()
    if job.file:
        job.file.delete(save=False)
    job.save()


def _run(job, work):
    """Run `work(job)` in the language of the job's creator; a refused file, missing columns or
    an unexpected error fail the job with its reason (nothing written: writing is one
    transaction)."""
    with translation.override(job.created_by.language or "fr"):
        try:
            work(job)
        except FileRefused as error:
            _fail(job, str(error))
        except MissingColumns as error:
            job.status = ImportJob.Status.MAPPING
            job.failure = _("Columns missing: %(columns)s.") % {
                "columns": ", ".join(str(column.label) for column in error.columns)
            }
            job.save()
        except Exception:
            logger.exception("Import %s failed.", job.pk)
            _fail(job, _("An unexpected error stopped the import: nothing was written."))
        finally:
            cache.delete(progress_key(job.pk))


def check(job_id):
    """Check the file of ImportJob `job_id` (int) and store its preview: counts, errors, and
    the possible duplicates. Returns the job."""
    job = ImportJob.objects.select_related("action__programme", "created_by").get(pk=job_id)

    def work(job):
        importer, plan = _check(job)
        job.total_rows = plan.total
        job.to_create, job.to_update = plan.to_create, plan.to_update
        job.unchanged, job.in_error = plan.unchanged, plan.in_error
        job.errors = plan.errors
        job.steps_to_create = plan.steps_to_create
        _find_duplicates(job, plan)
        job.status = ImportJob.Status.CHECKED
        job.failure = ""
        job.save()

    _run(job, work)
    return job


def write(job_id):
    """Check again and write the file of ImportJob `job_id` (int) in one transaction, then
    delete the file. Returns the job. A job no longer waiting to be written (a second run of
    the task: a message delivered again, two confirmations) is returned as it is: its file is
    gone and its outcome already told."""
    job = ImportJob.objects.select_related("action__programme", "created_by").get(pk=job_id)
    if job.status != ImportJob.Status.WRITING:
        return job

    def work(job):
        importer, plan = _check(job)
        if plan.in_error and not job.valid_rows_only:
            _fail(job, _("The file has rows in error: nothing was written."))
            return
        with transaction.atomic():  # the duplicate flags too: a failure leaves nothing
            counts = importer.write(
                plan,
                valid_rows_only=job.valid_rows_only,
                path=job.get_absolute_url(),
                reason=_("Import no. %(number)d") % {"number": job.pk},
            )
            _flag_duplicates(importer.created_people)
        job.created = counts["created"]
        job.updated = counts["updated"]
        job.enrolments_created = counts["enrolments_created"]
        job.steps_created = counts["steps_created"]
        job.status = ImportJob.Status.DONE
        job.finished_at = timezone.now()
        job.file.delete(save=False)
        job.save()

    _run(job, work)
    return job


def _find_duplicates(job, plan):
    """Record on `job` the possible duplicates (`beneficiaries.duplicates.likely_duplicates`)
    of the people the file would create: those the creator may see (ids, shown on the
    preview) and how many others exist, never who they are. A first query over the whole file
    (names and birth dates, e-mails, phones) finds the rows worth asking about."""
    new_rows = [row for row in plan.rows if plan.existing.get(row.key) is None]
    if not new_rows:
        return
    suspects = _suspects(new_rows, lambda row: row.person)
    visible = Beneficiary.objects.visible_to(job.created_by)
    shown, elsewhere = [], 0
    for row in suspects:
        ids = set(
            likely_duplicates(
                first_name=row.person["first_name"],
                last_name=row.person["last_name"],
                birth_date=row.person["birth_date"],
                email=row.person["email"],
                phone=row.person["phone"],
            ).values_list("pk", flat=True)
        )
        in_scope = set(visible.filter(pk__in=ids).values_list("pk", flat=True))
        if in_scope and len(shown) < DUPLICATES_SHOWN:
            shown.append({"line": row.line, "ids": sorted(in_scope)})
        if ids - in_scope:
            elsewhere += 1
    job.duplicates_in_scope = shown
    job.duplicates_elsewhere = elsewhere


def _suspects(items, details, exclude=()):
    """Those of `items` that may have a likely duplicate, found with one query for all: the
    same birth date and name key, e-mail or phone as someone recorded (not in `exclude`, a set
    of ids). `details(item)` gives the item's dict of first_name, last_name, birth_date, email
    and phone. `likely_duplicates` then answers for each suspect."""
    from ..names import name_key

    people = [(item, details(item)) for item in items]
    keys = {(name_key(d["first_name"], d["last_name"]), d["birth_date"]) for _i, d in people}
    emails = {d["email"].upper() for _i, d in people if d["email"]}
    phones = {str(d["phone"]) for _i, d in people if d["phone"]}
    found = (
        Beneficiary.objects.current()
        .alias(email_upper=Upper("email"))
        .filter(
            Q(birth_date__in={key[1] for key in keys}, name_key__in={key[0] for key in keys})
            | Q(email_upper__in=emails)
            | Q(phone__in=phones)
        )
        .exclude(pk__in=exclude)
        .values_list("name_key", "birth_date", "email", "phone")
    )
    hit_keys, hit_emails, hit_phones = set(), set(), set()
    for key, birth_date, email, phone in found:
        hit_keys.add((key, birth_date))
        hit_emails.add(email.upper())
        hit_phones.add(str(phone))
    return [
        item
        for item, d in people
        if (name_key(d["first_name"], d["last_name"]), d["birth_date"]) in hit_keys
        or (d["email"] and d["email"].upper() in hit_emails)
        or (d["phone"] and str(d["phone"]) in hit_phones)
    ]


def _flag_duplicates(created):
    """Flag for review the likely duplicates of the people an import created (`created`, a
    list of dicts of their values with their "id", see `Importer.write`): pairs of
    `DuplicateCandidate` found by "import". Only the few `_suspects` are read back as
    Beneficiary records. Returns how many pairs were created."""
    ids = {person["id"] for person in created}
    suspects = [person["id"] for person in _suspects(created, lambda person: person, exclude=ids)]
    return sum(
        record_candidates(person, DuplicateSource.IMPORT)
        for person in Beneficiary.objects.filter(pk__in=suspects).order_by("pk")
    )


def purge_files(now=None):
    """Delete the files of imports checked more than FILE_KEPT_FOR ago and never written (their
    job fails, saying so). Returns the number of files deleted."""
    now = now or timezone.now()
    stale = ImportJob.objects.filter(created_at__lt=now - FILE_KEPT_FOR).exclude(file="")
    count = 0
    for job in stale.select_related("created_by"):
        with transaction.atomic(), translation.override(job.created_by.language or "fr"):
            if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
                job.file.delete(save=True)
            else:
                _fail(
                    job,
                    _("The file was deleted after %(days)d days without confirmation.")
                    % {"days": FILE_KEPT_FOR.days},
                )
        count += 1
    return count
