"""Identity numbers Tremplin must never hold (CNIL, référentiel relatif aux traitements de
données à caractère personnel mis en œuvre dans le cadre de l'accompagnement social, 2021:
the NIR only where a text allows it — none does here): the social-security number (NIR),
the foreign-national number (AGDREF) and residence-permit numbers. Free text refuses them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: A NIR: sex (1, 2, 7, 8), year, month, département (2A/2B for Corsica), commune, order, and
#: an optional two-digit key; spaces, dots and hyphens are often typed between the groups.
NIR = re.compile(
    r"(?<![0-9])[1278][\s.-]?\d{2}[\s.-]?(?:0[1-9]|1[0-2]|[2-9]\d)[\s.-]?(?:\d{2}|2[AB])"
    r"[\s.-]?\d{3}[\s.-]?\d{3}(?:[\s.-]?\d{2})?(?![0-9])",
    re.IGNORECASE,
)
#: An AGDREF number (10 digits) or a residence-permit number (10 digits, or 2 letters and
#: 7 to 8 digits on the recent titles). A run of 10 digits starting with 0 is a French phone
#: number, which notes may hold.
AGDREF_OR_PERMIT = re.compile(r"(?<![0-9])[1-9]\d{9}(?![0-9])|\b[A-Z]{2}\d{7,8}\b", re.IGNORECASE)


def contains_identity_number(text):
    """True when `text` (str) holds what looks like a NIR, an AGDREF or a residence-permit
    number."""
    return bool(text) and bool(NIR.search(text) or AGDREF_OR_PERMIT.search(text))


def refuse_identity_numbers(value):
    """Validator: raises ValidationError when `value` holds an identity number."""
    if contains_identity_number(value):
        raise ValidationError(
            _(
                "Do not record a social-security, AGDREF or residence-permit number: "
                "Tremplin must not hold them."
            ),
            code="identity_number",
        )
