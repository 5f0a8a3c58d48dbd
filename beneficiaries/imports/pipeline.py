"""The import pipeline: a file's rows are read (`reading`), each cell normalised and checked
(`check`, cells read by `cells.CellReader`), people matched with those already accompanied by
the action's operator, and — only when asked and only if every row is valid, or the user chose
to import the valid rows alone — written in one transaction (`write`), in batches, with their
history and access-log rows.

Re-importing a file creates nothing new: a person is the same when their names (plain form,
see `normalise.plain`) and birth date match someone the action's operator accompanies or is
the referent of; an enrolment is the same when that person already has one in the action still
open or referred on the same day."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from ..choices import AccessKind, EnrolmentStatus, ReferralSource
from ..models import (
    AccessLog,
    Beneficiary,
    Enrolment,
    FollowUp,
    PathwayStep,
)
from ..names import name_key
from ..signals import people_written
from . import columns as c
from . import writing
from .cells import CellReader
from .normalise import (
    plain,
)
from .reading import read_table

#: Rows written per INSERT or UPDATE.
BATCH_SIZE = 1000
#: Errors kept for the preview: beyond, the count says how many more there are.
MAX_ERRORS_KEPT = 1000
#: How often (rows) the progress callback is called.
PROGRESS_EVERY = 500

PERSON_FIELDS = (
    "last_name",
    "first_name",
    "birth_date",
    "sex",
    "nationality",
    "protection_status",
    "protection_granted_on",
    "department_id",
    "french_level_at_entry",
    "education_level",
    "prior_occupation",
    "phone",
    "email",
    "employment_at_entry",
    "housing_at_entry",
    "notice_given_on",
    "notice_version",
)
ENROLMENT_FIELDS = (
    "referral_source",
    "referral_date",
    "entry_date",
    "status",
    "exit_date",
    "exit_reason",
    "abandon_reason",
)


class MissingColumns(Exception):
    """Required columns are absent from the file and from the mapping: `columns` (list of
    Column)."""

    def __init__(self, columns, unknown):
        super().__init__(", ".join(column.name for column in columns))
        self.columns = columns
        self.unknown = unknown


def person_key(first_name, last_name, birth_date):
    """What identifies a person in an import: their names reduced by the duplicate check's
    `name_key` (accents, case, order, transliteration variants) and the birth date."""
    return (name_key(first_name, last_name), birth_date)


def resolve_headers(header, mapping=None, columns=c.COLUMNS):
    """Which column each cell of a row holds: a dict {index: column name} for the `header`
    (list of str), from the recognised headers of `columns` and the `mapping` (dict plain
    header → column name, "" to ignore a header). Returns (dict, unknown headers as typed)."""
    known = c.header_lookup(columns)
    names = {column.name for column in columns}
    mapping = mapping or {}
    indexes, unknown = {}, []
    for index, text in enumerate(header):
        key = plain(text)
        if not key:
            continue
        name = mapping.get(key, known.get(key))
        if key in mapping and not mapping[key]:
            continue
        if name in names and name not in indexes.values():
            indexes[index] = name
        elif name is None:
            unknown.append(text)
    return indexes, unknown


@dataclass
class Row:
    """One valid row: the person's and the enrolment's values (dicts of model attributes)."""

    line: int
    person: dict
    enrolment: dict
    key: tuple


@dataclass
class Plan:
    """What an import would do: `rows` valid rows; `errors` list of dicts (line, column,
    message), the first MAX_ERRORS_KEPT; counts of people to create, to update, rows already
    imported and rows in error; the existing people and enrolments matched."""

    total: int = 0
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    in_error: int = 0
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0
    existing: dict = field(default_factory=dict)
    enrolments: dict = field(default_factory=dict)
    steps: list = field(default_factory=list)
    steps_to_create: int = 0

    def error(self, line, column, message):
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append({"line": line, "column": column, "message": message})


class Importer(CellReader):
    """Imports files into `action` (a programmes.Action) for `user` (who writes the history and
    the access log). `mapping`: dict plain header → column name, the columns chosen for
    headers Tremplin does not know."""

    def __init__(self, action, user, mapping=None):
        super().__init__(is_agir=action.programme.code == "AGIR")
        self.action = action
        self.user = user
        self.mapping = mapping or {}

    # --- Reading and checking -------------------------------------------------------------

    def check(self, name, stream, progress=None):
        """The Plan of importing the file named `name` in `stream` (binary). `progress`: called
        with (rows done, rows in all) now and then. Raises reading.FileRefused for a refused
        file and MissingColumns when a required column is absent."""
        header, data = read_table(name, stream)
        indexes, unknown = resolve_headers(header, self.mapping)
        missing = [c.BY_NAME[n] for n in c.REQUIRED if n not in indexes.values()]
        if missing:
            raise MissingColumns(missing, unknown)
        plan = Plan(total=len(data))
        seen = {}
        for done, (line, cells) in enumerate(data, start=1):
            values = dict.fromkeys(c.BY_NAME, "")
            for index, column in indexes.items():
                if index < len(cells):
                    values[column] = cells[index]
            row = self._row(plan, line, values)
            if row is not None:
                if row.key in seen:
                    plan.in_error += 1
                    plan.error(
                        line,
                        str(c.BY_NAME["last_name"].label),
                        _("the same person as on line %(line)d") % {"line": seen[row.key]},
                    )
                else:
                    seen[row.key] = line
                    plan.rows.append(row)
            if progress and done % PROGRESS_EVERY == 0:
                progress(done, plan.total)
        self._match(plan)
        if name.lower().endswith(".xlsx"):
            stream.seek(0)
            self._check_steps(plan, *read_table(name, stream, sheet=c.STEPS_SHEET))
        return plan

    def _check_steps(self, plan, header, data):
        """Read the steps sheet's rows (`header` None: no such sheet) into `plan.steps`: dicts
        of a PathwayStep's values with the person's key, the steps already recorded left out.
        A step whose person is neither in the file nor accompanied is an error of its row."""
        if header is None:
            return
        sheet = _("Steps")
        indexes, _unknown = resolve_headers(header, columns=c.STEP_COLUMNS)
        missing = [
            col for col in c.STEP_COLUMNS if col.required and col.name not in indexes.values()
        ]
        if missing:
            raise MissingColumns(missing, [])
        keys = {row.key for row in plan.rows} | set(plan.existing)
        for line, cells in data:
            values = dict.fromkeys(c.STEP_BY_NAME, "")
            for index, name in indexes.items():
                if index < len(cells):
                    values[name] = cells[index]
            step, errors = self._step(values, keys)
            if errors:
                plan.in_error += 1
                for column, message in errors:
                    plan.error(line, f"{sheet} – {column.label}", message)
            else:
                plan.steps.append(step)
        self._leave_known_steps(plan)

    def _step(self, values, keys):
        """The values of a step's row (a dict with the person's `key`) and its errors (list of
        (Column, message)); `keys`: the people's keys a step may name."""
        parsed, errors = {}, []
        for column in c.STEP_COLUMNS:
            try:
                parsed[column.name] = self._cell(column, values[column.name])
            except ValidationError as error:
                errors.append((column, error.messages[0]))
        if errors:
            return None, errors
        if parsed["end_date"] and parsed["end_date"] < parsed["start_date"]:
            errors.append((c.STEP_BY_NAME["end_date"], _("before the start")))
        if parsed["kind"] == "job" and not parsed["contract_type"]:
            errors.append((c.STEP_BY_NAME["contract_type"], _("a job needs it")))
        key = person_key(parsed["first_name"], parsed["last_name"], parsed["birth_date"])
        if key not in keys:
            errors.append(
                (
                    c.STEP_BY_NAME["last_name"],
                    _(
                        "nobody with these names and birth date in the first sheet or among "
                        "the people the action's operator accompanies"
                    ),
                )
            )
        step = {
            "key": key,
            "kind": parsed["kind"],
            "status": parsed["step_status"] or "started",
            "start_date": parsed["start_date"],
            "end_date": parsed["end_date"],
            "contract_type": parsed["contract_type"],
            "occupation": parsed["occupation"],
            "certification": parsed["certification"],
        }
        return step, errors

    def _leave_known_steps(self, plan):
        """Drop from `plan.steps` those already recorded (same person, kind and start)."""
        known = set(
            PathwayStep.objects.filter(
                beneficiary__in=[person.pk for person in plan.existing.values()]
            ).values_list("beneficiary_id", "kind", "start_date")
        )
        fresh = []
        for step in plan.steps:
            person = plan.existing.get(step["key"])
            if person is None or (person.pk, step["kind"], step["start_date"]) not in known:
                fresh.append(step)
        plan.steps = fresh
        plan.steps_to_create = len(fresh)

    def _row(self, plan, line, values):
        errors = []
        parsed = {}
        for column in c.COLUMNS:
            text = values[column.name]
            try:
                parsed[column.name] = self._cell(column, text)
            except ValidationError as error:
                errors.append((column, error.messages[0]))
        if not errors:
            errors = self._check_row(parsed)
        if errors:
            plan.in_error += 1
            for column, message in errors:
                plan.error(line, str(column.label), message)
            return None
        person = {name: parsed[name] for name in PERSON_FIELDS if name != "department_id"}
        person["department_id"] = parsed["department"]
        person["referent_organisation_id"] = self.action.operator_id
        enrolment = {name: parsed[name] for name in ENROLMENT_FIELDS}
        key = person_key(person["first_name"], person["last_name"], person["birth_date"])
        return Row(line, person, enrolment, key)

    def _match(self, plan):
        """Find, for each valid row, the person and the enrolment already recorded, and count
        what would be created, updated or left as it is."""
        operator = self.action.operator_id
        accompanied = Enrolment.objects.filter(action__operator=operator).values("beneficiary_id")
        dates = {row.person["birth_date"] for row in plan.rows}
        candidates = (
            Beneficiary.objects.current()
            .filter(birth_date__in=dates)
            .filter(Q(referent_organisation=operator) | Q(pk__in=accompanied))
        )
        existing = {}
        for person in candidates.only(
            *[f for f in PERSON_FIELDS if f != "department_id"], "department"
        ):
            existing.setdefault(
                person_key(person.first_name, person.last_name, person.birth_date), person
            )
        enrolments = {}
        for enrolment in Enrolment.objects.filter(
            action=self.action, beneficiary__in=[p.pk for p in existing.values()]
        ).order_by("pk"):
            enrolments.setdefault(enrolment.beneficiary_id, []).append(enrolment)
        plan.existing, plan.enrolments = existing, {}
        for row in plan.rows:
            person = existing.get(row.key)
            if person is None:
                plan.to_create += 1
                continue
            enrolment = self._same_enrolment(enrolments.get(person.pk, []), row)
            plan.enrolments[row.line] = enrolment
            _keep_referral_source(enrolment, row)
            changed = (
                _changes(person, row.person, PERSON_FIELDS)
                or enrolment is None
                or (_changes(enrolment, row.enrolment, ENROLMENT_FIELDS))
            )
            if changed:
                plan.to_update += 1
            else:
                plan.unchanged += 1

    @staticmethod
    def _same_enrolment(enrolments, row):
        for enrolment in enrolments:
            if enrolment.referral_date == row.enrolment["referral_date"]:
                return enrolment
        for enrolment in enrolments:
            if enrolment.is_open:
                return enrolment
        return None

    # --- Writing --------------------------------------------------------------------------

    def write(self, plan, valid_rows_only=False, path="", reason=None):
        """Write `plan` (a Plan from `check`) in one transaction: new people and enrolments
        created, changed ones updated, each with its history row by `self.user` with the
        change reason `reason` (str ≤ 100 characters; "Import" translated by default),
        follow-ups of exited enrolments scheduled, the steps created, and one access-log row
        per person (created or changed) with `path`. Returns a dict of counts (created,
        updated, enrolments_created, steps_created). `self.created_people` then holds the
        values of the people created (dicts of field attnames, with their "id"). Sends
        `people_written` with every person written, before the commit.

        New rows go through `writing.insert` (PostgreSQL's COPY, else bulk_create): no model
        instance is made for them. Raises ValueError when the plan has errors and
        `valid_rows_only` is False: nothing is written unless every row is valid or the user
        chose to write the valid ones alone."""
        if plan.in_error and not valid_rows_only:
            raise ValueError("The file has rows in error.")
        history = {"user": self.user, "reason": reason or _("Import")}
        new_people, new_enrolments, changed_people, changed_enrolments = self._sort(plan)
        now = timezone.now()
        with transaction.atomic():
            writing.insert(Beneficiary, new_people, when=now, history=history)
            for enrolment in new_enrolments:
                person = enrolment.pop("beneficiary")
                enrolment["beneficiary_id"] = (
                    person["id"] if isinstance(person, dict) else person.pk
                )
            writing.insert(Enrolment, new_enrolments, when=now, history=history)
            self._update(changed_people.values(), changed_enrolments, now, history["reason"])
            self._schedule_follow_ups(new_enrolments, changed_enrolments, now, history)
            steps = self._steps(plan, new_people, new_enrolments)
            writing.insert(PathwayStep, steps, when=now, history=history)
            self._log_access(new_people, changed_people.values(), path, now)
            people_written.send(
                sender=type(self),
                beneficiary_ids={
                    *(person["id"] for person in new_people),
                    *(person.pk for person in changed_people.values()),
                    *(enrolment.beneficiary_id for enrolment in changed_enrolments),
                    *(step["beneficiary_id"] for step in steps),
                },
            )
        self.created_people = new_people
        return {
            "created": len(new_people),
            "updated": len(changed_people),
            "enrolments_created": len(new_enrolments),
            "steps_created": len(steps),
        }

    def _update(self, people, enrolments, now, reason):
        """Save the changed `people` (those whose values the file changed) and `enrolments`,
        each with its history row by `self.user` at `now` with `reason`."""
        user = self.user
        people_to_update = [p for p in people if _changes_saved(p)]
        for person in people_to_update:
            person.set_name_key()
            person.updated_at = now
        if people_to_update:
            bulk_update_with_history(
                people_to_update,
                Beneficiary,
                [*PERSON_FIELDS, "name_key", "updated_at"],
                batch_size=BATCH_SIZE,
                default_user=user,
                default_date=now,
                default_change_reason=reason,
            )
        if enrolments:
            for enrolment in enrolments:
                enrolment.updated_at = now
            bulk_update_with_history(
                enrolments,
                Enrolment,
                [*ENROLMENT_FIELDS, "updated_at"],
                batch_size=BATCH_SIZE,
                default_user=user,
                default_date=now,
                default_change_reason=reason,
            )

    def _sort(self, plan):
        """The people and enrolments to create and to update for `plan`: (new people as dicts
        of values, new enrolments as dicts whose "beneficiary" is the person's dict or
        Beneficiary, changed people by primary key, changed enrolments)."""
        new_people, new_enrolments, changed_enrolments = [], [], []
        changed_people = {}  # by primary key
        action = self.action.pk
        for row in plan.rows:
            person = plan.existing.get(row.key)
            if person is None:
                person = dict(row.person)
                person["name_key"] = row.key[0]
                new_people.append(person)
                new_enrolments.append({"beneficiary": person, "action_id": action, **row.enrolment})
                continue
            if _changes(person, row.person, PERSON_FIELDS):
                _assign(person, row.person, PERSON_FIELDS)
                changed_people[person.pk] = person
            enrolment = plan.enrolments.get(row.line)
            if enrolment is None:
                new_enrolments.append({"beneficiary": person, "action_id": action, **row.enrolment})
                changed_people.setdefault(person.pk, person)
            elif _changes(enrolment, row.enrolment, ENROLMENT_FIELDS):
                _assign(enrolment, row.enrolment, ENROLMENT_FIELDS)
                changed_enrolments.append(enrolment)
                changed_people.setdefault(person.pk, person)
        return new_people, new_enrolments, changed_people, changed_enrolments

    def _log_access(self, created, changed, path, now):
        """One access-log row per person created (dicts with their "id") or changed
        (Beneficiary), for `self.user` at `now` (none without a user: the management command
        run without --user)."""
        user = self.user
        if user is None:
            return
        rows = [
            {"beneficiary_id": p["id"], "user_id": user.pk, "kind": AccessKind.CREATE.value}
            for p in created
        ] + [
            {"beneficiary_id": p.pk, "user_id": user.pk, "kind": AccessKind.CHANGE.value}
            for p in changed
        ]
        for row in rows:
            row["path"] = path
        writing.insert(AccessLog, rows, when=now)

    def _steps(self, plan, new_people, new_enrolments):
        """The values of the PathwaySteps of `plan.steps` (dicts), each on its person (created
        or matched) and on the person's enrolment in the action."""
        if not plan.steps:
            return []
        people = {key: person.pk for key, person in plan.existing.items()}
        new_keys = [row.key for row in plan.rows if row.key not in plan.existing]
        people.update((key, person["id"]) for key, person in zip(new_keys, new_people, strict=True))
        enrolment_of = {e.beneficiary_id: e.pk for e in plan.enrolments.values() if e is not None}
        enrolment_of.update({e["beneficiary_id"]: e["id"] for e in new_enrolments})
        steps = []
        for step in plan.steps:
            person = people.get(step["key"])
            if person is None:  # its person's row was in error and left aside
                continue
            values = {k: v for k, v in step.items() if k != "key"}
            steps.append(
                {"beneficiary_id": person, "enrolment_id": enrolment_of.get(person), **values}
            )
        return steps

    def _schedule_follow_ups(self, new_enrolments, changed_enrolments, now, history):
        """The 6- and 12-month FollowUps (`FollowUp.MONTHS`) of the exited enrolments among
        `new_enrolments` (dicts with their "id") and `changed_enrolments` (Enrolment), those
        already scheduled left out, with their history rows (`history`: see writing.insert)."""
        from dateutil.relativedelta import relativedelta

        exited = [
            (e["id"], e["exit_date"])
            for e in new_enrolments
            if e["status"] == EnrolmentStatus.EXITED and e["exit_date"]
        ] + [
            (e.pk, e.exit_date)
            for e in changed_enrolments
            if e.status == EnrolmentStatus.EXITED and e.exit_date
        ]
        if not exited:
            return
        existing = set(
            FollowUp.objects.filter(enrolment__in=[e.pk for e in changed_enrolments]).values_list(
                "enrolment_id", "months"
            )
        )
        due = {}  # by (exit date, months): files repeat their exit dates
        rows = []
        for pk, exit_date in exited:
            for months in FollowUp.MONTHS:
                if (pk, months) in existing:
                    continue
                if (exit_date, months) not in due:
                    due[exit_date, months] = exit_date + relativedelta(months=months)
                rows.append(
                    {"enrolment_id": pk, "months": months, "due_date": due[exit_date, months]}
                )
        writing.insert(FollowUp, rows, when=now, history=history)


def _keep_referral_source(enrolment, row):
    """An enrolment made by accepting a referral keeps its source ("another organisation,
    through Tremplin", which a file may not state): the row's source is set to it, so that a
    re-import neither changes it nor counts it as an update."""
    if enrolment is not None and enrolment.referral_source == ReferralSource.ORGANISATION:
        row.enrolment["referral_source"] = ReferralSource.ORGANISATION


def _changes(instance, values, fields):
    """True when one of `fields` of `instance` differs from `values` (a dict; an empty value
    in the file leaves the recorded one)."""
    return any(
        values[name] not in ("", None) and _stored(getattr(instance, name)) != values[name]
        for name in fields
    )


def _stored(value):
    if value is None:
        return None
    if hasattr(value, "as_e164"):
        return value.as_e164
    if hasattr(value, "code") and not isinstance(value, str):
        return value.code
    return value


def _assign(instance, values, fields):
    instance._import_changed = True
    for name in fields:
        if values[name] not in ("", None):
            setattr(instance, name, values[name])


def _changes_saved(instance):
    return getattr(instance, "_import_changed", False)
