"""The columns of an import file: one per field of a person and of their enrolment in the
action, with the French header of the template, whether it is required, what it holds and, for
coded columns, the accepted values. The template, its documentation page, the column mapping
and the pipeline all read this one list."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..choices import (
    CHOSEN_REFERRAL_SOURCES,
    AbandonReason,
    ContractType,
    EducationLevel,
    EmploymentSituation,
    EnrolmentStatus,
    ExitReason,
    FrenchLevel,
    HousingSituation,
    ProtectionStatus,
    ReferralSource,
    Sex,
    StepKind,
    StepStatus,
)
from .normalise import plain

TEXT, DATE, CHOICE, DEPARTMENT, COUNTRY, EMAIL, PHONE = (
    "text",
    "date",
    "choice",
    "department",
    "country",
    "email",
    "phone",
)


@dataclass(frozen=True)
class Column:
    """One column of the import: `name` the model field, `header` the template's French
    header, `label` what errors call it (translated), `kind` how its cells are read, `choices`
    the TextChoices of a coded column, `values` the codes of it a file may hold (None: every
    one) and `synonyms` further spellings accepted (text → code), `help` its documentation,
    `max_length` for text."""

    name: str
    header: str
    label: str
    kind: str = TEXT
    required: bool = False
    choices: type | None = None
    synonyms: dict = field(default_factory=dict)
    help: str = ""
    max_length: int = 150
    aliases: tuple = ()
    values: tuple | None = None

    def options(self):
        """The accepted (code, label) pairs of a coded column, in `choices`' order: those of
        `values` only, when given."""
        return [
            (code, label)
            for code, label in self.choices.choices
            if self.values is None or code in self.values
        ]


COLUMNS = (
    Column("last_name", "Nom", _("last name"), required=True, aliases=("nom de famille",)),
    Column("first_name", "Prénom", _("first name"), required=True, aliases=("prenoms",)),
    Column(
        "birth_date",
        "Date de naissance",
        _("birth date"),
        DATE,
        required=True,
        help=_("31/12/1990, 1990-12-31 or a date cell."),
    ),
    Column(
        "sex",
        "Sexe",
        _("sex"),
        CHOICE,
        required=True,
        choices=Sex,
        synonyms={"H": "M", "homme": "M", "femme": "F", "masculin": "M", "feminin": "F"},
    ),
    Column(
        "nationality",
        "Nationalité",
        _("nationality"),
        COUNTRY,
        help=_(
            "A country's name in French or English, or its ISO code (AF, AFG). Empty for "
            "a stateless person."
        ),
    ),
    Column(
        "protection_status",
        "Statut de protection",
        _("protection status"),
        CHOICE,
        required=True,
        choices=ProtectionStatus,
        synonyms={
            "réfugié": "refugee",
            "réfugiée": "refugee",
            "réfugié(e)": "refugee",
            "apatride": "stateless",
            "protection subsidiaire": "subsidiary",
            "rejoignant": "family_member",
            "réunification familiale": "family_member",
        },
    ),
    Column("protection_granted_on", "Protection accordée le", _("protection granted on"), DATE),
    Column(
        "department",
        "Département de résidence",
        _("département of residence"),
        DEPARTMENT,
        required=True,
        help=_("Its code (69, 069, 2A, 971) or its name (Rhône)."),
        aliases=("departement",),
    ),
    Column(
        "french_level_at_entry",
        "Niveau de français à l'entrée",
        _("French level at entry"),
        CHOICE,
        choices=FrenchLevel,
    ),
    Column(
        "education_level",
        "Niveau d'études",
        _("education level"),
        CHOICE,
        choices=EducationLevel,
        synonyms={
            "aucun": "none",
            "niveau 3": "3",
            "niveau 4": "4",
            "niveau 5": "5",
            "niveau 6": "6",
            "niveau 7": "7",
            "niveau 8": "8",
            "bac": "4",
            "cap": "3",
        },
    ),
    Column("prior_occupation", "Métier antérieur", _("prior occupation"), max_length=200),
    Column("phone", "Téléphone", _("phone"), PHONE),
    Column(
        "email",
        "Courriel",
        _("e-mail address"),
        EMAIL,
        max_length=254,
        aliases=("email", "adresse electronique", "mail"),
    ),
    Column(
        "employment_at_entry",
        "Situation d'emploi à l'entrée",
        _("employment at entry"),
        CHOICE,
        choices=EmploymentSituation,
        synonyms={"aucun": "none", "aucune": "none", "emploi": "job", "formation": "training"},
        help=_("Empty: neither job nor training."),
    ),
    Column(
        "housing_at_entry",
        "Hébergement à l'entrée",
        _("housing at entry"),
        CHOICE,
        required=True,
        choices=HousingSituation,
        synonyms={"DNA": "dna", "urgence": "emergency", "hébergé": "hosted", "logement": "tenancy"},
    ),
    Column(
        "notice_given_on",
        "Notice d'information remise le",
        _("information notice given on"),
        DATE,
        required=True,
    ),
    Column(
        "notice_version",
        "Version de la notice",
        _("information notice version"),
        required=True,
        max_length=20,
    ),
    Column(
        "referral_source",
        "Orienté par",
        _("referred by"),
        CHOICE,
        required=True,
        choices=ReferralSource,
        # "Another organisation, through Tremplin" comes only with an accepted referral.
        values=tuple(CHOSEN_REFERRAL_SOURCES),
        synonyms={"pole emploi": "france_travail", "spontané": "self", "spontanee": "self"},
    ),
    Column("referral_date", "Date d'orientation", _("referral date"), DATE, required=True),
    Column("entry_date", "Date d'entrée", _("entry date"), DATE),
    Column(
        "status",
        "Statut de l'inscription",
        _("enrolment status"),
        CHOICE,
        choices=EnrolmentStatus,
        synonyms={"orienté": "referred", "entré": "entered", "sorti": "exited"},
        help=_("Empty: deduced from the dates (referred, entered, exited)."),
    ),
    Column("exit_date", "Date de sortie", _("exit date"), DATE),
    Column("exit_reason", "Motif de sortie", _("exit reason"), CHOICE, choices=ExitReason),
    Column(
        "abandon_reason",
        "Motif d'abandon",
        _("reason for abandoning"),
        CHOICE,
        choices=AbandonReason,
    ),
)

BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED = tuple(column.name for column in COLUMNS if column.required)

#: The second sheet of a workbook: one row per pathway step of a person of the first sheet
#: (or already accompanied by the action's operator), named by their names and birth date.
STEP_COLUMNS = (
    BY_NAME["last_name"],
    BY_NAME["first_name"],
    BY_NAME["birth_date"],
    Column(
        "kind",
        "Type d'étape",
        _("kind of step"),
        CHOICE,
        required=True,
        choices=StepKind,
        synonyms={"formation": "training", "francais": "french_course", "pmsmp": "immersion"},
    ),
    Column(
        "step_status",
        "Statut de l'étape",
        _("status of the step"),
        CHOICE,
        choices=StepStatus,
        synonyms={"commencée": "started", "terminée": "completed", "prévue": "planned"},
        help=_("Empty: started."),
    ),
    Column("start_date", "Début", _("start"), DATE, required=True),
    Column("end_date", "Fin", _("end"), DATE),
    Column(
        "contract_type",
        "Type de contrat",
        _("contract type"),
        CHOICE,
        choices=ContractType,
        synonyms={"CDI": "cdi", "interim": "temp_under_6m", "apprentissage": "apprenticeship"},
        help=_("Required for a job."),
    ),
    Column("occupation", "Métier", _("occupation"), max_length=200),
    Column("certification", "Certification", _("certification"), max_length=200),
)
STEP_BY_NAME = {column.name: column for column in STEP_COLUMNS}
STEPS_SHEET = "Étapes"


def header_lookup(columns=COLUMNS):
    """A dict from the plain form of every header of `columns` Tremplin recognises by itself
    — the template's French header, the field's English and French label, its code name and
    its aliases — to the column's name."""
    from django.utils import translation

    lookup = {}
    for column in columns:
        texts = [column.header, column.name, *column.aliases]
        for language in ("en", "fr"):
            with translation.override(language):
                texts.append(str(column.label))
        for text in texts:
            lookup[plain(text)] = column.name
    return lookup
