"""One colour per side, for the terminal, the HTML report and the web app.

A side keeps its colour whatever sides an event or a report holds and in
whatever order they appear: Russia is orange and Ukraine blue everywhere. The
colours are those of the Okabe–Ito palette (Okabe and Ito, "Color Universal
Design", 2008), chosen to stay apart under the three common kinds of colour
blindness; ``tests/test_palette.py`` checks that with a simulation (Machado et
al., 2009) as well. Red is not a side's colour: it marks contradictions.

Each side has three shades of one hue:

- ``swatch``: the Okabe–Ito colour itself, for bars, borders and marks, and for
  text in the terminal (whose background is unknown: these mid-tones read on
  dark and light ones);
- ``ink``: a darker shade of the same hue for text on white (contrast at least
  4.5:1, WCAG AA);
- ``wash``: a light tint for backgrounds;
- ``ink_dark`` and ``wash_dark``: the same for a dark page (the HTML report follows
  the reader's dark mode).

Sides outside the registry's list share the ``other`` colour (that of the
independent side: neither belligerent); an unknown side is dark grey (a light one
would be lost on white and, for a deuteranope, near the reddish purple).
"""

from __future__ import annotations

from dataclasses import dataclass

UNKNOWN = "unknown"
OTHER = "other"


@dataclass(frozen=True)
class SideColour:
    side: str
    name: str    # the Okabe–Ito name of the swatch
    swatch: str  # #RRGGBB
    ink: str
    wash: str
    ink_dark: str
    wash_dark: str


PALETTE: dict[str, SideColour] = {c.side: c for c in (
    SideColour("ukraine", "blue", "#0072B2", "#0072B2", "#E6F1F8", "#56B4E9", "#15293A"),
    SideColour("russia", "orange", "#E69F00", "#8A5A00", "#FDF3DF", "#E69F00", "#35280F"),
    SideColour("independent", "bluish green", "#009E73", "#00785A", "#E3F4EE", "#009E73", "#123027"),
    SideColour("international", "reddish purple", "#CC79A7", "#A8447F", "#F8EBF2", "#CC79A7",
               "#33212C"),
    SideColour(OTHER, "bluish green", "#009E73", "#00785A", "#E3F4EE", "#009E73", "#123027"),
    SideColour(UNKNOWN, "dark grey", "#595959", "#595959", "#EEF0F3", "#A0A0A0", "#252A33"),
)}


def side_key(side: str | None) -> str:
    """The palette key of a side: itself when the palette has it, ``other`` for a side
    outside it, ``unknown`` when missing, blank or 'unknown'."""
    side = (side or "").strip().casefold()
    if not side or side == UNKNOWN:
        return UNKNOWN
    return side if side in PALETTE else OTHER


def colour(side: str | None) -> SideColour:
    """The colours of a side (see :func:`side_key`)."""
    return PALETTE[side_key(side)]


def css_class(side: str | None) -> str:
    """The CSS class that colours a side: ``side-russia``, ``side-other``, ``side-unknown``."""
    return f"side-{side_key(side)}"


def rich_style(side: str | None) -> str:
    """The Rich style of a side's name in the terminal."""
    return f"bold {colour(side).swatch}"


def css(*, dark: bool = False) -> str:
    """The side colours as CSS: a custom property per side and shade, and a class per
    side setting ``--c`` (the ink), ``--s`` (the swatch) and ``--w`` (the wash);
    ``dark`` adds the shades for a reader in dark mode."""
    lines = [":root {"]
    for key, found in PALETTE.items():
        lines.append(f"  --{key}: {found.ink}; --{key}-swatch: {found.swatch}; "
                     f"--{key}-wash: {found.wash};")
    lines.append("}")
    if dark:
        lines.append("@media (prefers-color-scheme: dark) { :root {")
        for key, found in PALETTE.items():
            lines.append(f"  --{key}: {found.ink_dark}; --{key}-wash: {found.wash_dark};")
        lines.append("} }")
    for key in PALETTE:
        lines.append(f".side-{key} {{ --c: var(--{key}); --s: var(--{key}-swatch); "
                     f"--w: var(--{key}-wash); }}")
    return "\n".join(lines) + "\n"


# The map's and the charts' colours that are not a side's. A contradiction is
# Okabe–Ito vermillion, as red marks contradictions everywhere; an event without one
# is the dark grey of text, which a reader with any colour blindness tells from
# vermillion by its lightness alone; a highlighted region is Okabe–Ito yellow.
MARKS: dict[str, str] = {
    "contested": "#D55E00",    # vermillion
    "uncontested": "#3B3B3B",  # dark grey
    "focus": "#F0E442",        # yellow: the event's region on its page
    "sea": "#EAF1F5",
    "land": "#F1F0EC",         # countries around
    "home": "#FFFFFF",         # the regions of Ukraine and Russia
    "region": "#B8B8B0",
    "border": "#6F6F68",
    "text": "#1F1F1F",
    "grid": "#D9D9D4",
}
