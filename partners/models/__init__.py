"""Models of the partners app, one module per concept."""

from .convention import Convention, ConventionAmendment, ConventionObjective, ConventionStatus
from .interest import HelpWanted, Lead, LeadStatus
from .mobilisation import Interaction, InteractionKind, MobilisationAction, MobilisationKind
from .organisation import (
    Contact,
    Organisation,
    OrganisationKind,
    SiretFormField,
    SizeBand,
    normalise_siret,
    validate_naf,
    validate_siret,
)

__all__ = [
    "Contact",
    "Convention",
    "ConventionAmendment",
    "ConventionObjective",
    "ConventionStatus",
    "HelpWanted",
    "Interaction",
    "InteractionKind",
    "Lead",
    "LeadStatus",
    "MobilisationAction",
    "MobilisationKind",
    "Organisation",
    "OrganisationKind",
    "SiretFormField",
    "SizeBand",
    "normalise_siret",
    "validate_naf",
    "validate_siret",
]
