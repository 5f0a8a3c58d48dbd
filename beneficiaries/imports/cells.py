"""Reading the cells of an import row: each cell's text turned into the field's value or a
message in plain words, and the checks between the cells of a row (dates in order, an
enrolment's status and dates, the AGIR duration)."""

import datetime
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import EnrolmentStatus
from ..identifiers import contains_identity_number
from ..models import AGIR_MAX_MONTHS
from . import columns as c
from .normalise import choice_lookup, country_lookup, department_lookup, parse_date, plain

#: A cell a spreadsheet would take for a formula (OWASP "CSV injection"): starting with =, +,
#: -, @, a tab or a carriage return. Refused in free text (no name or occupation starts so); a
#: phone's "+33" is read as a phone.
FORMULA = re.compile(r"^\s*[=+\-@\t\r]")


class CellReader:
    """Reads cells with the lookups of coded values, countries and départements built once.
    `is_agir`: the rows go into an AGIR action (24 months at most)."""

    def __init__(self, is_agir=False):
        from territories.models import Department

        self.choices = {
            column.name: choice_lookup(column.options(), column.synonyms)
            for column in (*c.COLUMNS, *c.STEP_COLUMNS)
            if column.kind == c.CHOICE
        }
        self.countries = country_lookup()
        self.departments = department_lookup(Department.objects.values_list("id", "code", "name"))
        self.today = timezone.localdate()
        self.is_agir = is_agir
        self._readers = {
            c.DATE: self._date,
            c.CHOICE: self._choice,
            c.DEPARTMENT: self._department,
            c.COUNTRY: self._country,
            c.PHONE: self._phone,
            c.EMAIL: self._email,
        }
        self._dates = {}

    def _cell(self, column, text):
        """The value of a cell `text` (str) of `column`, or ValidationError with the message
        shown on its row."""
        if not text:
            if column.required:
                raise ValidationError(_("this column must be filled in"))
            if column.kind in (c.DATE, c.DEPARTMENT):
                return None
            if column.name == "employment_at_entry":
                return "none"
            return ""
        read = self._readers.get(column.kind, self._text)
        return read(column, text, f"« {text[:60]} »")

    def _date(self, column, text, quoted):
        value = self._dates.get(text)  # files repeat their dates: each text parsed once
        if value is None:
            value = parse_date(text)
            if value is None:
                raise ValidationError(_("%(value)s is not a date") % {"value": quoted})
            self._dates[text] = value
        return value

    def _choice(self, column, text, quoted):
        value = self.choices[column.name].get(plain(text))
        if value is None:
            raise ValidationError(
                _("%(value)s is not one of the accepted values (see the template's second sheet)")
                % {"value": quoted}
            )
        return value

    def _department(self, column, text, quoted):
        key = plain(text)
        value = self.departments.get(key) or self.departments.get(key.upper())
        if value is None and key.isdigit():
            value = self.departments.get(key.zfill(2))
        if value is None:
            raise ValidationError(_("%(value)s is not a French département") % {"value": quoted})
        return value

    def _country(self, column, text, quoted):
        value = self.countries.get(plain(text))
        if value is None:
            raise ValidationError(_("%(value)s is not a country") % {"value": quoted})
        return value

    def _phone(self, column, text, quoted):
        try:
            number = phonenumbers.parse(text, "FR")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(_("%(value)s is not a phone number") % {"value": quoted})
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def _email(self, column, text, quoted):
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(
                _("%(value)s is not an e-mail address") % {"value": quoted}
            ) from None
        return text.lower()

    def _text(self, column, text, quoted):
        if FORMULA.match(text):
            raise ValidationError(
                _("%(value)s looks like a spreadsheet formula: Tremplin stores no formula")
                % {"value": quoted}
            )
        if len(text) > column.max_length:
            raise ValidationError(
                _("longer than %(length)d characters") % {"length": column.max_length}
            )
        if contains_identity_number(text):
            raise ValidationError(
                _("do not record a social-security, AGDREF or residence-permit number")
            )
        return text

    def _check_row(self, values):
        """The errors (list of (Column, message)) between the cells of a row."""
        column = c.BY_NAME
        errors = []
        for name in ("birth_date", "notice_given_on", "protection_granted_on", "referral_date"):
            if values[name] and values[name] > self.today:
                errors.append((column[name], _("this date is in the future")))
        granted, birth = values["protection_granted_on"], values["birth_date"]
        if granted and granted < birth:
            errors.append((column["protection_granted_on"], _("before the birth date")))
        referral, entry, end = values["referral_date"], values["entry_date"], values["exit_date"]
        if entry and entry < referral:
            errors.append((column["entry_date"], _("before the referral date")))
        if end and end < (entry or referral):
            errors.append((column["exit_date"], _("before the entry date")))
        status = values["status"]
        if not status:
            if end and values["abandon_reason"]:
                status = EnrolmentStatus.ABANDONED
            elif end:
                status = EnrolmentStatus.EXITED
            elif entry:
                status = EnrolmentStatus.ENTERED
            else:
                status = EnrolmentStatus.REFERRED
            values["status"] = status
        if status in ("entered", "in_progress", "exited") and not entry:
            errors.append((column["entry_date"], _("an enrolment that has started needs it")))
        if status in ("exited", "abandoned") and not end:
            errors.append((column["exit_date"], _("an enrolment that has ended needs it")))
        if status not in ("exited", "abandoned") and end:
            errors.append((column["exit_date"], _("only an enrolment that has ended has one")))
        if status == "exited":
            values["abandon_reason"] = ""
        elif status == "abandoned":
            values["exit_reason"] = ""
        if self.is_agir and entry and end:
            limit = entry + datetime.timedelta(days=round(AGIR_MAX_MONTHS * 30.44))
            if end > limit:
                errors.append(
                    (
                        column["exit_date"],
                        _("an AGIR accompaniment lasts at most %(months)d months")
                        % {"months": AGIR_MAX_MONTHS},
                    )
                )
        return errors
