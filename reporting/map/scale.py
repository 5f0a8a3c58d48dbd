"""The map's colour scale: a sequential ramp of the DSFR charts' palette, in classes with fixed
bounds so that a colour means the same thing from one year, indicator or user to the next."""

from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

#: The DSFR charts' sequential palette, light theme (`@gouvfr/dsfr-chart` 2.0.4,
#: "dsfr-chart-colors-09" to "-10"), from the lightest class to the darkest.
RAMP_START, RAMP_END = "#DBDAFF", "#00005F"
#: Départements without a figure (nothing recorded, or no target), and those whose figure is
#: hidden by the small-count rule: DSFR greys, the latter darker so the two read apart.
NO_DATA_COLOUR = "#E5E5E5"
SUPPRESSED_COLOUR = "#B1B1B1"


def ramp(count, start=RAMP_START, end=RAMP_END):
    """`count` (≥ 2) colours evenly spaced in RGB between `start` and `end` ("#RRGGBB"), as the
    DSFR charts' scale (chroma.js, RGB mode) gives them."""
    first = [int(start[i : i + 2], 16) for i in (1, 3, 5)]
    last = [int(end[i : i + 2], 16) for i in (1, 3, 5)]
    return [
        "#"
        + "".join(
            f"{round(a + (b - a) * step / (count - 1)):02X}"
            for a, b in zip(first, last, strict=True)
        )
        for step in range(count)
    ]


@dataclass(frozen=True)
class Band:
    """A class of the scale: values from `lower` (included) to `upper` (excluded; None: no
    upper bound), drawn in `colour` and named `label` in the legend."""

    lower: float
    upper: float | None
    colour: str
    label: str

    def holds(self, value):
        return value >= self.lower and (self.upper is None or value < self.upper)


@dataclass(frozen=True)
class Scale:
    bands: tuple

    def band(self, value):
        """The band holding `value` (a number), or None (a value below every band)."""
        return next((band for band in self.bands if band.holds(value)), None)

    def colour(self, value):
        """The fill of a département whose figure is `value` (None: no figure)."""
        band = None if value is None else self.band(value)
        return band.colour if band else NO_DATA_COLOUR

    def legend(self):
        """The legend's entries, as (colour, label): each band, then "no figure" and the
        small-count rule's grey."""
        return [
            *((band.colour, band.label) for band in self.bands),
            (NO_DATA_COLOUR, _("No figure")),
            (SUPPRESSED_COLOUR, _("Not shown: fewer than 5 people, or would reveal them")),
        ]


def percent_scale(bounds):
    """A scale of percentages in len(bounds) classes: [0, b1), [b1, b2)… [bn, ∞), e.g. bounds
    (0, 20, 40, 60, 80) gives "0 to 20 %" … "80 % and more"."""
    colours = ramp(len(bounds))
    bands = []
    for index, lower in enumerate(bounds):
        upper = bounds[index + 1] if index + 1 < len(bounds) else None
        if upper is None:
            label = format_lazy(_("{lower} % and more"), lower=lower)
        else:
            label = format_lazy(_("{lower} to {upper} %"), lower=lower, upper=upper)
        bands.append(Band(lower, upper, colours[index], label))
    return Scale(tuple(bands))


def categories_scale(labels):
    """A scale of categories 0, 1, 2… named `labels`, from the lightest colour to the darkest."""
    colours = ramp(len(labels))
    return Scale(
        tuple(Band(index, index + 1, colours[index], label) for index, label in enumerate(labels))
    )
