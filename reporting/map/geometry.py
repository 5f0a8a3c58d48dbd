"""The départements' shapes, vendored from the DSFR charts (``static/vendor/france-departements``,
refreshed by ``scripts/refresh_department_map.py``), keyed by INSEE code like
`territories.Department.code`."""

import json
from dataclasses import dataclass
from functools import cache

from django.conf import settings

SHAPES_FILE = settings.BASE_DIR / "static" / "vendor" / "france-departements" / "departements.json"

#: The overseas départements, in the order their insets are drawn, with their names as the
#: insets' captions come from `Department.name`.
OVERSEAS = ("971", "972", "973", "974", "976")


@dataclass(frozen=True)
class Frame:
    """One drawing: an SVG viewBox and the INSEE codes of the départements drawn in it, with
    their path data (``{code: d}``)."""

    key: str
    view_box: str
    paths: dict


@cache
def frames():
    """The frames of the map: metropolitan France, Paris and its inner ring enlarged, then each
    overseas département (`OVERSEAS`). Read once per process from `SHAPES_FILE`."""
    shapes = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))
    metropole = shapes["metropole"]["paths"]
    paris = shapes["paris"]
    return (
        Frame("metropole", shapes["metropole"]["viewBox"], metropole),
        Frame("paris", paris["viewBox"], {code: metropole[code] for code in paris["codes"]}),
        *(
            Frame(code, shapes["overseas"][code]["viewBox"], {code: shapes["overseas"][code]["d"]})
            for code in OVERSEAS
        ),
    )


def drawn_codes():
    """Every INSEE code the map draws (each once, the Paris inset aside)."""
    return {code for frame in frames() if frame.key != "paris" for code in frame.paths}
