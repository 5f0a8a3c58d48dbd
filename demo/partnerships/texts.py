"""The long texts of the demo partnerships (jobs, notes, reasons), kept in
``demo/data/partnerships.json`` and keyed by the choices they go with."""

import json
from pathlib import Path

from config.vocabularies import Sector
from partners.models import InteractionKind, MobilisationKind

_TEXTS = json.loads(
    (Path(__file__).parent.parent / "data" / "partnerships.json").read_text(encoding="utf-8")
)

#: Jobs offered, by sector.
JOBS = {Sector(sector): jobs for sector, jobs in _TEXTS["jobs"].items()}
SECTOR_WORDS = {Sector(sector): words for sector, words in _TEXTS["sector_words"].items()}
NOT_PURSUED_REASONS = _TEXTS["not_pursued_reasons"]
QUALIFIED_NOTES = _TEXTS["qualified_notes"]
WEBINAR_TOPICS = _TEXTS["webinar_topics"]
ACTION_NOTES = {MobilisationKind(kind): notes for kind, notes in _TEXTS["action_notes"].items()}
ACTION_FOLLOW_UPS = {
    MobilisationKind(kind): text for kind, text in _TEXTS["action_follow_ups"].items()
}
#: What a coordinator notes after meeting a company at an event, by kind of action.
EVENT_NOTES = {MobilisationKind(kind): text for kind, text in _TEXTS["event_notes"].items()}
#: (kind, text) of the notes on GEIQ; ``{n}`` is a number of candidates or places.
GEIQ_NOTES = [(InteractionKind(kind), text) for kind, text in _TEXTS["geiq_notes"]]
