"""The demo beneficiaries' identities and situation at entry, drawn from the published AGIR
entry profile (Ministry of the Interior, Info-migrations n° 107, 108, 113): about two-thirds
men, 32 years old on average, three in ten from Afghanistan, 80 % without job or training at
entry, about 40 % housed by the national reception scheme (DNA)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from beneficiaries.choices import (
    EducationLevel,
    EmploymentSituation,
    FrenchLevel,
    HousingSituation,
    ProtectionStatus,
    Sex,
)

from .names import NATIONALITIES, PRIOR_OCCUPATIONS, feminine

EMPLOYMENT = [
    (EmploymentSituation.NONE, 80),
    (EmploymentSituation.JOB, 12),
    (EmploymentSituation.TRAINING, 8),
]
HOUSING = [
    (HousingSituation.DNA, 40),
    (HousingSituation.HOSTED, 24),
    (HousingSituation.EMERGENCY, 16),
    (HousingSituation.TENANCY, 12),
    (HousingSituation.OTHER, 8),
]
FRENCH = [
    (FrenchLevel.A0, 24),
    (FrenchLevel.A1, 34),
    (FrenchLevel.A2, 20),
    (FrenchLevel.B1, 13),
    (FrenchLevel.B2, 6),
    (FrenchLevel.C1, 3),
]
EDUCATION = [
    (EducationLevel.NONE, 30),
    (EducationLevel.LEVEL_3, 20),
    (EducationLevel.LEVEL_4, 24),
    (EducationLevel.LEVEL_5, 11),
    (EducationLevel.LEVEL_6, 9),
    (EducationLevel.LEVEL_7, 5),
    (EducationLevel.LEVEL_8, 1),
]
PROTECTION = [
    (ProtectionStatus.REFUGEE, 64),
    (ProtectionStatus.SUBSIDIARY, 28),
    (ProtectionStatus.FAMILY_MEMBER, 8),
]


def pick(rng, weighted):
    """One value of a [(value, weight)] list."""
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@dataclass
class Person:
    """A demo beneficiary before it is saved, with the enrolments of its pathway."""

    fields: dict
    enrolments: list = field(default_factory=list)

    @property
    def key(self):
        return (self.fields["last_name"], self.fields["first_name"], self.fields["birth_date"])


def person(rng, department, referral_day, referent):
    """A Person residing in `department`, first referred on `referral_day` (a date) by
    `referent` (an Organisation)."""
    nationality = pick(rng, [(code, spec[0]) for code, spec in NATIONALITIES.items()])
    _share, men, names = NATIONALITIES[nationality]
    sex = Sex.MALE if rng.random() < men else Sex.FEMALE
    age = min(62, max(18, round(rng.gauss(32, 8.5))))
    birth = referral_day - timedelta(days=365 * age + rng.randint(0, 364))
    granted = referral_day - timedelta(days=rng.randint(30, 900))
    status = ProtectionStatus.STATELESS if not nationality else pick(rng, PROTECTION)
    last_name = rng.choice(names["last"])
    if sex == Sex.FEMALE:
        last_name = feminine(last_name, nationality)
    if rng.random() < 0.06:  # two family names, as some papers give them
        last_name = f"{last_name}-{rng.choice(names['last'])}"
    first_name = rng.choice(names[sex])
    notice = max(referral_day, date(2024, 1, 2))
    return Person(
        {
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": birth,
            "sex": sex,
            "nationality": nationality,
            "protection_status": status,
            "protection_granted_on": max(granted, birth + timedelta(days=1)),
            "department": department,
            "french_level_at_entry": pick(rng, FRENCH),
            "education_level": pick(rng, EDUCATION),
            "prior_occupation": rng.choice(PRIOR_OCCUPATIONS),
            "phone": mobile(rng) if rng.random() < 0.8 else "",
            "email": contact_email(rng, first_name, last_name) if rng.random() < 0.45 else "",
            "employment_at_entry": pick(rng, EMPLOYMENT),
            "housing_at_entry": pick(rng, HOUSING),
            "referent_organisation": referent,
            "notice_given_on": notice,
            "notice_version": "2024-01" if notice < date(2026, 1, 1) else "2026-01",
        }
    )


def mobile(rng):
    """A French mobile number (+33 6…, E.164) that libphonenumber accepts: a drawn number in a
    range it does not (some +33 639… and +33 69… are overseas) moves to +33 61…, with the
    same draws so that the other choices stay the same."""
    import phonenumbers

    number = f"+336{rng.randint(10_000_000, 99_999_999)}"
    if phonenumbers.is_valid_number(phonenumbers.parse(number)):
        return number
    return f"+3361{number[5:]}"


def contact_email(rng, first_name, last_name):
    """An example.org address made of the person's names, ASCII only."""
    import unicodedata

    def ascii_part(text):
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(c for c in text.lower() if c.isalnum())

    return f"{ascii_part(first_name)}.{ascii_part(last_name)}{rng.randint(1, 99)}@example.org"
