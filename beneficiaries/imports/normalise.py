"""Turning what offices type in spreadsheets into Tremplin's values: dates in three forms,
coded values from their code or their French or English label, départements and countries by
code or name. Leaf module: no database query except the one loading the départements."""

import datetime
import functools
import re
import unicodedata

from django.utils import translation
from django_countries import countries
from openpyxl.utils.datetime import from_excel

#: Excel serial numbers of dates between 1900-03-01 and 2099-12-31 (what a cell formatted as a
#: number shows once its date format is lost).
EXCEL_SERIALS = (61, 73415)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


@functools.lru_cache(maxsize=65536)
def plain(text):
    """`text` (str) in lower case without accents, every run of other characters than letters
    and digits as one space, stripped: the form in which headers and labels are compared
    (« Réfugié(e) » → "refugie e")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@functools.lru_cache(maxsize=65536)
def parse_date(text):
    """A date (datetime.date) from `text` (str): DD/MM/YYYY, YYYY-MM-DD (a time after it is
    ignored), DD-MM-YYYY, DD.MM.YYYY, DD/MM/YY, or an Excel serial number. Returns None when
    it is none of these or not a real day (31/02/2025)."""
    text = text.strip()
    for pattern, order in ((DAY_MONTH_YEAR, (2, 1, 0)), (YEAR_MONTH_DAY, (0, 1, 2))):
        match = pattern.fullmatch(text)
        if match:
            parts = match.groups()
            try:
                return datetime.date(*(int(parts[i]) for i in order))
            except ValueError:
                return None
    if re.fullmatch(r"\d+(\.0+)?", text):
        serial = int(float(text))
        if EXCEL_SERIALS[0] <= serial <= EXCEL_SERIALS[1]:
            return from_excel(serial).date()
        return None
    text = re.sub(r"[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?$", "", text)
    for form in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def choice_lookup(options, synonyms=None):
    """A dict from the plain form (`plain`) of each code, French label and English label of
    `options` ((code, label) pairs, as a TextChoices' `choices`) — and of each of `synonyms`
    (dict text → code) naming one of these codes — to the code."""
    lookup = {}
    for code, label in options:
        lookup[plain(code)] = code
        for language in ("en", "fr"):
            with translation.override(language):
                lookup[plain(str(label))] = code
    codes = {code for code, _label in options}
    for text, code in (synonyms or {}).items():
        if code in codes:
            lookup[plain(text)] = code
    return lookup


def country_lookup():
    """A dict from the plain form of each ISO 3166 alpha-2 and alpha-3 code and each country
    name in French and English to its alpha-2 code."""
    lookup = {}
    for language in ("en", "fr"):
        with translation.override(language):
            for code, name in countries:
                lookup[plain(name)] = code
                lookup[plain(code)] = code
                alpha3 = countries.alpha3(code)
                if alpha3:
                    lookup[plain(alpha3)] = code
    return lookup


def department_lookup(departments):
    """A dict from what people type for a département — `69`, `069`, `2A`, `Rhône`,
    `Rhône (69)` — in plain form, to its id. `departments`: an iterable of (id, code, name)."""
    lookup = {}
    for pk, code, name in departments:
        for text in (code, name, f"{name} ({code})", f"{code} {name}"):
            lookup[plain(text)] = pk
        if code.isdigit():
            lookup[code.zfill(3)] = pk
            lookup[str(int(code))] = pk
    return lookup
