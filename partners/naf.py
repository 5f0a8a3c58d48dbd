"""NAF rév. 2 sections (the letter above each two-digit division), for filtering organisations."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SECTIONS = {
    "A": _("Agriculture, forestry and fishing"),
    "B": _("Mining and quarrying"),
    "C": _("Manufacturing"),
    "D": _("Electricity and gas supply"),
    "E": _("Water supply, waste management"),
    "F": _("Construction"),
    "G": _("Trade, repair of motor vehicles"),
    "H": _("Transport and storage"),
    "I": _("Accommodation and food service"),
    "J": _("Information and communication"),
    "K": _("Finance and insurance"),
    "L": _("Real estate"),
    "M": _("Professional, scientific and technical activities"),
    "N": _("Administrative and support services"),
    "O": _("Public administration"),
    "P": _("Education"),
    "Q": _("Human health and social work"),
    "R": _("Arts, entertainment and recreation"),
    "S": _("Other service activities"),
    "T": _("Households as employers"),
    "U": _("Extraterritorial organisations"),
}

# First and last two-digit division of each section.
_DIVISIONS = [
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
]

SECTION_CHOICES = [
    (letter, format_lazy("{} — {}", letter, label)) for letter, label in SECTIONS.items()
]


def section_of(naf_code):
    """The section letter of a NAF code such as "43.99C", or "" when unknown."""
    try:
        division = int(naf_code[:2])
    except (TypeError, ValueError):
        return ""
    for letter, first, last in _DIVISIONS:
        if first <= division <= last:
            return letter
    return ""
