"""Dashboards' tables cached per dashboard, scope and filters, in Django's default cache (Redis in
production, files for the embedded default).

An entry lives `TIMEOUT` seconds (10 minutes) at most, and every entry is dropped at once when
a fact a dashboard counts changes: its key holds a version number, which `bump` increments
after the commit of any save or deletion of a beneficiary, an enrolment, a pathway step, a
follow-up, an action or a target, a convention or an objective, a lead, a mobilisation action
or an organisation (and of their many-to-many links). Writes that send no signal (bulk imports
with `bulk_create` or COPY, `QuerySet.update`) show within the ten minutes, except an import's,
which sends `beneficiaries.signals.people_written`. See docs/decisions.md.

The key never names a user: two users with the same scope and filters share an entry. What is
in the key is what the tables depend on — the dashboard and its subject, the indicator filters
(`reporting.dictionary.Filters`), the breakdown, whether small counts are suppressed for the
viewer, and the language of the labels.
"""

import hashlib
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: What a cache backend raises when it cannot be reached: Redis down (production), the
#: file-based cache's directory unwritable (embedded default). The figures are then computed
#: on each request, and the pages still served (issue 14: "Redis down, pages still served").
UNREACHABLE = (RedisError, OSError)

#: Seconds an entry is kept at most.
TIMEOUT = 10 * 60
VERSION_KEY = "reporting:dashboards:version"
PREFIX = "reporting:dashboard"

#: "app_label.ModelName" of the models whose saves and deletions drop every entry.
WATCHED = (
    "beneficiaries.Beneficiary",
    "beneficiaries.Enrolment",
    "beneficiaries.PathwayStep",
    "beneficiaries.FollowUp",
    "programmes.Action",
    "programmes.Target",
    "programmes.TerritorialContract",
    "partners.Organisation",
    "partners.Convention",
    "partners.ConventionObjective",
    "partners.Lead",
    "partners.MobilisationAction",
)


def version():
    """The current version number (int), created at 1 when the cache has none."""
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        current = cache.get(VERSION_KEY, 1)
    return current


def bump():
    """Drop every cached dashboard now, by moving to the next version (atomic in Redis). With
    the cache unreachable, logs a warning and returns: what it held is at most `TIMEOUT`
    seconds old when it comes back."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet, or evicted
            cache.add(VERSION_KEY, 2, timeout=None)
    except UNREACHABLE as error:
        logger.warning("Figures' cache unreachable, not bumped: %s", type(error).__name__)


def key(*parts):
    """The cache key of the tables described by `parts` (reprs of plain values and frozen
    dataclasses, stable across processes), in the current version and language."""
    digest = hashlib.sha256(repr((get_language(), *parts)).encode()).hexdigest()
    return f"{PREFIX}:{version()}:{digest}"


def scope_key(user):
    """What `user`'s scope is made of (`accounts.scope.Scope`), as sorted plain values: a part
    of a key that two users with the same scope share and that names nobody."""
    scope = user.scope
    return (
        tuple(sorted(scope.roles)),
        tuple(sorted(scope.department_ids)),
        tuple(sorted(scope.operator_organisation_ids)),
        tuple(sorted(scope.company_organisation_ids)),
    )


def cached(parts, compute):
    """The value cached under `parts`, else `compute()` stored for `TIMEOUT` seconds. Two
    cache reads when warm, no database query. With the cache unreachable (`UNREACHABLE`):
    `compute()`, and a warning logged (the error's class, no figure)."""
    try:
        entry = key(*parts)
        value = cache.get(entry)
    except UNREACHABLE as error:
        logger.warning("Figures' cache unreachable, computed: %s", type(error).__name__)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(entry, value, TIMEOUT)
        except UNREACHABLE as error:
            logger.warning("Figures' cache unreachable, not stored: %s", type(error).__name__)
    return value


def _changed(sender, using=None, **kwargs):
    # After the commit: a page computed meanwhile would otherwise cache the old figures under
    # the new version. Once per transaction, however many rows it saves (an import, a seed).
    # A callback registered in the same savepoint runs exactly when this change commits.
    connection = transaction.get_connection(using)
    current = set(connection.savepoint_ids)
    if connection.in_atomic_block and any(
        callback is bump and savepoints == current
        for savepoints, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(bump, using=using)


def connect():
    """Listen to the watched models (called once, by `ReportingConfig.ready`)."""
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        uid = f"reporting-cache-{label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}"
            )
    # An import writes without per-row signals: it says which people it wrote.
    from beneficiaries.signals import people_written

    people_written.connect(_changed, dispatch_uid="reporting-cache-people-written")
