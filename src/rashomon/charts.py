"""Charts as pure functions: data in, an SVG string out, drawn on the server.

Two charts, each with a table twin that the page lays out beside it from the same
rows (:func:`timeline_table`, :func:`counts_table`), so that a reader without the
picture, or a screen reader, gets the same numbers:

* :func:`timeline_svg`, per event: who said what when. One lane per side, in the
  side's colour (:mod:`rashomon.palette`); a mark per claim at the time it was
  made public, in UTC; a revision (``compare.revisions``: one source's 2, later 0,
  later 5) drawn as arrows from each figure of its chain to the next.
* :func:`counts_svg`, per day and side: the figures each side's sources gave for
  one slot (launched, intercepted, hit), with a mark on the days where an event has
  a contradiction on that slot.

Every text that comes from the data is escaped; marks carry their numbers in
``data-`` attributes, as the table twin does in its cells.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Iterable
from xml.sax.saxutils import escape as xml_escape

from . import palette
from .ledger import Claim, Document, Event, Finding, Ledger
from .report import LedgerIndex, event_claims, format_value, row_label, side_of, side_sort_key, slot_label


def escape(value: str) -> str:
    """Text of the data made safe anywhere in the SVG: & < > and both quotes as entities."""
    return xml_escape(str(value), {'"': "&quot;", "'": "&#39;"})


def quoteattr(value: str) -> str:
    """An attribute value, escaped and in double quotes."""
    return f'"{escape(value)}"'


FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
UNKNOWN = "unknown"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def moment(text: str | None) -> datetime | None:
    """An ISO date or date-time as a UTC moment (a day alone: its midnight, UTC;
    a time without a zone: taken as UTC)."""
    if not text:
        return None
    try:
        found = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            found = datetime.combine(date.fromisoformat(text.strip()[:10]), datetime.min.time())
        except ValueError:
            return None
    return found.astimezone(timezone.utc) if found.tzinfo else found.replace(tzinfo=timezone.utc)


def utc_text(at: datetime | None, *, day_only: bool = False) -> str:
    """How a moment is written everywhere in the charts and their tables (a day
    without a time as the day alone: its midnight is where it is drawn, not when)."""
    if at is None:
        return "time not given"
    return at.strftime("%Y-%m-%d (no time given)") if day_only else at.strftime("%Y-%m-%d %H:%M UTC")


# --- the timeline of an event ---------------------------------------------------------------


@dataclass(frozen=True)
class TimelineMark:
    """One claim on the timeline."""

    claim: str
    side: str  # as the claim's source gives it ("unknown" when none)
    source: str
    at: datetime | None  # UTC
    text: str
    values: tuple[str, ...] = ()  # "intercepted = 2"
    href: str = ""
    day_only: bool = False  # only the day is known (drawn at its midnight, UTC)

    @property
    def when(self) -> str:
        return utc_text(self.at, day_only=self.day_only)


@dataclass(frozen=True)
class Arrow:
    """One step of a revision chain: the figure ``start`` said, later replaced by ``end``'s."""

    start: str  # claim ids
    end: str
    slot: str
    text: str  # the finding's explanation


def claim_moment(claim: Claim, document: Document | None) -> datetime | None:
    """When a claim was made public: its document's publication time, unless the claim
    says it was made on another day (then that day); else the day it was said."""
    said = moment(claim.said_at)
    published = moment(document.published) if document is not None else None
    if claim.said_at and "T" in claim.said_at:
        return said  # the claim gives its own time
    if published is not None and (said is None or said.date() == published.date()):
        return published
    return said


def timeline_marks(ledger: Ledger, event: Event, index: LedgerIndex | None = None, *,
                   href=lambda claim_id: f"#claim-{claim_id}") -> list[TimelineMark]:
    """The event's claims as marks, in the event's timeline order (then claim order)."""
    index = index or LedgerIndex.of(ledger)
    order = {t.claim: n for n, t in enumerate(event.timeline)}
    marks = []
    for claim in sorted(event_claims(ledger, event, index), key=lambda c: order.get(c.id, len(order))):
        document = index.documents.get(claim.doc)
        at = claim_moment(claim, document)
        marks.append(TimelineMark(
            claim=claim.id, side=side_of(claim.source.side) or UNKNOWN,
            source=claim.source.label or row_label(claim, document), at=at,
            day_only=at is not None and at == moment(claim.said_at) and "T" not in (claim.said_at or ""),
            text=claim.text, values=tuple(f"{slot_label(f.slot)} = {format_value(f)}" for f in claim.facts),
            href=href(claim.id)))
    return marks


def revision_arrows(findings: Iterable[Finding]) -> list[Arrow]:
    """Each revision finding's chain as arrows between consecutive claims (2 → 0 → 5)."""
    arrows = []
    for finding in findings:
        if finding.kind != "revision":
            continue
        for start, end in zip(finding.claims, finding.claims[1:]):
            if start != end:
                arrows.append(Arrow(start=start, end=end, slot=finding.slot, text=finding.explanation))
    return arrows


def lanes(marks: Iterable[TimelineMark]) -> list[str]:
    """The sides of the marks, in the report's side order (unknown last)."""
    return sorted({m.side for m in marks}, key=lambda s: side_sort_key(None if s == UNKNOWN else s))


_STEPS = [timedelta(minutes=m) for m in (15, 30, 60, 120, 180, 360, 720)] + \
         [timedelta(days=d) for d in (1, 2, 7, 14, 30, 91, 182, 365)]


def time_ticks(start: datetime, end: datetime, most: int = 6) -> list[datetime]:
    """Round moments between ``start`` and ``end``, at most ``most`` of them."""
    span = end - start
    step = next((s for s in _STEPS if span / s <= most), _STEPS[-1])
    epoch = datetime(2000, 1, 1, tzinfo=timezone.utc)
    first = epoch + math.ceil((start - epoch) / step) * step
    ticks = []
    at = first
    while at <= end and len(ticks) <= most:
        ticks.append(at)
        at += step
    return ticks


def tick_text(at: datetime, step_days: bool) -> str:
    return at.strftime("%-d %b") if step_days else at.strftime("%-d %b %H:%M")


def timeline_svg(marks: list[TimelineMark], arrows: Iterable[Arrow] = (), *, label: str = "Timeline",
                 width: int = 900) -> str:
    """Who said what when: a lane per side, a mark per dated claim, revisions as arrows."""
    sides = lanes(marks) or [UNKNOWN]
    dated = [m for m in marks if m.at is not None]
    gutter, right, top, lane_h = 150, 30, 44, 52
    height = top + lane_h * len(sides) + 18
    if dated:
        start, end = min(m.at for m in dated), max(m.at for m in dated)  # type: ignore[type-var]
    else:
        start = end = datetime(2000, 1, 1, tzinfo=timezone.utc)
    if end - start < timedelta(hours=2):
        start, end = start - timedelta(hours=1), end + timedelta(hours=1)
    pad = (end - start) * 0.04
    start, end = start - pad, end + pad
    plot = width - gutter - right

    def x_of(at: datetime) -> float:
        return gutter + plot * ((at - start) / (end - start))

    lane_of = {side: n for n, side in enumerate(sides)}
    positions: dict[str, tuple[float, float]] = {}
    crowd: dict[tuple[int, int], int] = defaultdict(int)
    for mark in dated:
        x = x_of(mark.at)  # type: ignore[arg-type]
        lane = lane_of[mark.side]
        bucket = (lane, round(x / 10))
        shift = crowd[bucket]
        crowd[bucket] += 1
        # marks at one moment in one lane are stacked up and down the lane, not on each other
        offset = (1 if shift % 2 else -1) * ((shift + 1) // 2) * 9
        positions[mark.claim] = (x, top + lane * lane_h + lane_h / 2 + max(-20, min(20, offset)))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart timeline-chart" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label={quoteattr(label)} {FONT}>',
             f"<title>{escape(label)}</title>"]
    ticks = time_ticks(start, end)
    step_days = len(ticks) > 1 and (ticks[1] - ticks[0]) >= timedelta(days=1)
    parts.append(f'<g class="axis" font-size="12" fill="{palette.MARKS["text"]}">')
    parts.append(f'<text x="{gutter}" y="14" font-size="12">time (UTC)</text>')
    for tick in ticks:
        x = x_of(tick)
        parts.append(f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{top - 8}" y2="{height - 14}" '
                     f'stroke="{palette.MARKS["grid"]}"/>')
        parts.append(f'<text x="{_n(x)}" y="{top - 12}" text-anchor="middle">{escape(tick_text(tick, step_days))}</text>')
    parts.append("</g>")
    for side in sides:
        y = top + lane_of[side] * lane_h
        found = palette.colour(None if side == UNKNOWN else side)
        parts.append(f'<g class="lane" data-side={quoteattr(side)}>'
                     f'<rect x="0" y="{y + 2}" width="{width}" height="{lane_h - 4}" fill="{found.wash}"/>'
                     f'<text x="8" y="{_n(y + lane_h / 2 + 4)}" font-size="13" font-weight="600" '
                     f'fill="{found.ink}">{escape(_clip(side, 18))}</text></g>')
    parts.append(f'<g class="arrows" fill="none" stroke="{palette.MARKS["text"]}" stroke-width="1.6">')
    for arrow in arrows:
        if arrow.start not in positions or arrow.end not in positions:
            continue
        (x1, y1), (x2, y2) = positions[arrow.start], positions[arrow.end]
        parts.append(_arrow(x1, y1, x2, y2, arrow))
    parts.append("</g><g class=\"marks\">")
    for mark in dated:
        x, y = positions[mark.claim]
        found = palette.colour(None if mark.side == UNKNOWN else mark.side)
        said = "; ".join(mark.values)
        text = f"{mark.source} ({mark.side}), {mark.when}: {said or mark.text}"
        parts.append(f'<a href={quoteattr(mark.href)} aria-label={quoteattr(text)}>'
                     f'<circle class="claim-mark" cx="{_n(x)}" cy="{_n(y)}" r="6.5" fill="{found.swatch}" '
                     f'stroke="#FFFFFF" stroke-width="1.5" data-claim={quoteattr(mark.claim)} '
                     f'data-side={quoteattr(mark.side)} data-at={quoteattr(mark.when)}>'
                     f"<title>{escape(text)}</title></circle></a>")
    parts.append("</g>")
    missing = len(marks) - len(dated)
    if missing:
        parts.append(f'<text x="{gutter}" y="{height - 2}" font-size="12" fill="{palette.MARKS["text"]}">'
                     f'{missing} claim{"" if missing == 1 else "s"} without a time: see the table</text>')
    parts.append("</svg>")
    return "".join(parts)


def _arrow(x1: float, y1: float, x2: float, y2: float, arrow: Arrow, *, gap: float = 8.0) -> str:
    """A curved arrow between two marks, its head drawn as a triangle (no marker: the
    SVG refers to nothing, so that two charts on one page share no id)."""
    bend = -18.0 if abs(y1 - y2) < 1 else 0.0
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2 + bend
    angle = math.atan2(y2 - cy, x2 - cx)
    tip_x, tip_y = x2 - gap * math.cos(angle), y2 - gap * math.sin(angle)
    start = math.atan2(cy - y1, cx - x1)
    sx, sy = x1 + gap * math.cos(start), y1 + gap * math.sin(start)
    size, spread = 7.0, 0.45
    head = [(tip_x, tip_y)] + [(tip_x - size * math.cos(angle + k * spread), tip_y - size * math.sin(angle + k * spread))
                               for k in (1, -1)]
    title = escape("revision — " + arrow.text)
    return (f'<g class="revision" data-from={quoteattr(arrow.start)} data-to={quoteattr(arrow.end)}>'
            f"<title>{title}</title>"
            f'<path d="M{_n(sx)} {_n(sy)}Q{_n(cx)} {_n(cy)} {_n(tip_x)} {_n(tip_y)}"/>'
            f'<path d="M{" L".join(f"{_n(x)} {_n(y)}" for x, y in head)}Z" fill="{palette.MARKS["text"]}" '
            'stroke="none"/></g>')


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


@dataclass(frozen=True)
class TimelineRow:
    at: str  # utc_text
    side: str
    source: str
    values: str
    text: str
    claim: str
    href: str
    revised: bool  # part of a revision chain


def timeline_table(marks: list[TimelineMark], arrows: Iterable[Arrow] = ()) -> list[TimelineRow]:
    """The table twin of :func:`timeline_svg`: a row per claim, dated ones in time order."""
    chained = {a.start for a in arrows} | {a.end for a in arrows}
    ordered = sorted(marks, key=lambda m: (m.at is None, m.at or datetime.min.replace(tzinfo=timezone.utc)))
    return [TimelineRow(at=m.when, side=m.side, source=m.source, values="; ".join(m.values), text=m.text,
                        claim=m.claim, href=m.href, revised=m.claim in chained) for m in ordered]


# --- each side's counts per day ------------------------------------------------------------------

COUNT_SLOTS = ("launched", "intercepted", "hit")


@dataclass(frozen=True)
class SlotFigure:
    """One claim's figure for a slot, on its event's day."""

    event: str
    day: str  # the event's first day, ISO
    side: str
    value: int


@dataclass
class CountSeries:
    """Each side's figure per day: per event the largest figure the side's sources
    gave (one source's regional count is a part of another's total), summed over the
    day's events."""

    slot: str
    days: list[str]  # every day from the first to the last
    sides: list[str]
    values: dict[tuple[str, str], int]  # (day, side) -> figure
    events: dict[tuple[str, str], int]  # (day, side) -> how many events gave it
    contradicted: set[str] = field(default_factory=set)  # days with a contradiction on the slot

    @property
    def empty(self) -> bool:
        return not self.values


def daily_counts(figures: Iterable[SlotFigure], slot: str, contradicted_events: Iterable[str] = (),
                 *, most_days: int = 731) -> CountSeries:
    """Aggregate claims' figures into a :class:`CountSeries`. The days run from the first
    to the last without gaps, unless that is more than ``most_days``: then only the
    days that have figures."""
    best: dict[tuple[str, str, str], int] = {}
    event_day: dict[str, str] = {}
    for figure in figures:
        if not _is_day(figure.day):
            continue  # an event without a (readable) first day is on no day
        key = (figure.event, figure.day, figure.side)
        best[key] = max(best.get(key, figure.value), figure.value)
        event_day[figure.event] = figure.day
    values: dict[tuple[str, str], int] = defaultdict(int)
    events: dict[tuple[str, str], int] = defaultdict(int)
    for (_, day, side), value in best.items():
        values[(day, side)] += value
        events[(day, side)] += 1
    present = sorted({day for day, _ in values})
    days = present
    if present:
        first, last = date.fromisoformat(present[0]), date.fromisoformat(present[-1])
        if (last - first).days < most_days:
            days = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    sides = sorted({side for _, side in values}, key=lambda s: side_sort_key(None if s == UNKNOWN else s))
    contradicted = {event_day[e] for e in contradicted_events if e in event_day}
    return CountSeries(slot=slot, days=days, sides=sides, values=dict(values), events=dict(events),
                       contradicted=contradicted)


def _is_day(text: str | None) -> bool:
    try:
        date.fromisoformat(text or "")
    except ValueError:
        return False
    return True


def nice_ceiling(value: float) -> tuple[float, float]:
    """(top, step): a round top of the axis at or above ``value`` and its tick step."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step * math.ceil(value / step), step


def counts_svg(series: CountSeries, *, label: str | None = None, width: int = 900, height: int = 340) -> str:
    """Each side's figures per day as a line with a dot per day; a contradiction's day
    banded and marked ⚠ at the top."""
    label = label or f"{slot_label(series.slot).capitalize()} per day, as each side's sources give it"
    left, right, top, bottom = 56, 16, 56, 54
    plot_w, plot_h = width - left - right, height - top - bottom
    days = series.days or [""]
    high, step = nice_ceiling(max(series.values.values(), default=0))
    slot_w = plot_w / len(days)

    def x_of(index: int) -> float:
        return left + slot_w * (index + 0.5)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / high)

    ink = palette.MARKS["text"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart counts-chart" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label={quoteattr(label)} {FONT}>',
             f"<title>{escape(label)}</title>"]
    position = {day: n for n, day in enumerate(days)}
    parts.append('<g class="contradictions">')
    for day in sorted(series.contradicted):
        if day not in position:
            continue
        x = x_of(position[day])
        note = f"<title>{escape(f'{day}: the sides contradict each other on {slot_label(series.slot)}')}</title>"
        if slot_w >= 10:  # room for a band and a sign
            band = min(slot_w, 28)
            parts.append(f'<g class="contradiction" data-day={quoteattr(day)}>{note}'
                         f'<rect x="{_n(x - band / 2)}" y="{top}" width="{_n(band)}" height="{plot_h}" '
                         f'fill="{palette.MARKS["contested"]}" fill-opacity="0.12"/>'
                         f'<text x="{_n(x)}" y="{top - 9}" text-anchor="middle" font-size="13" '
                         f'fill="{palette.MARKS["contested"]}">⚠</text></g>')
        else:  # many days: a tick above the plot, as a rug
            width_tick = max(slot_w, 1.2)
            parts.append(f'<g class="contradiction" data-day={quoteattr(day)}>{note}'
                         f'<rect x="{_n(x - width_tick / 2)}" y="{top - 14}" width="{_n(width_tick)}" height="9" '
                         f'fill="{palette.MARKS["contested"]}"/></g>')
    parts.append("</g>")
    parts.append(f'<g class="axis" font-size="12" fill="{ink}">')
    value = 0.0
    while value <= high + 1e-9:
        y = y_of(value)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{_n(y)}" y2="{_n(y)}" stroke="{palette.MARKS["grid"]}"/>')
        parts.append(f'<text x="{left - 6}" y="{_n(y + 4)}" text-anchor="end">{_n(value)}</text>')
        value += step
    every = max(1, math.ceil(len(days) / 9))
    for n, day in enumerate(days):
        if n % every == 0 and day:
            parts.append(f'<text x="{_n(x_of(n))}" y="{height - bottom + 18}" text-anchor="middle">'
                         f'{escape(day[5:] if len(days) > 1 else day)}</text>')
    if days[0]:
        parts.append(f'<text x="{left}" y="{height - 8}">{escape(days[0][:4])}{"–" + escape(days[-1][:4]) if days[-1][:4] != days[0][:4] else ""}'
                     f' · days in UTC · per event, the largest figure a side gave</text>')
    parts.append("</g>")
    # the sides' dots of one day side by side, so that equal figures do not hide each other
    dodge = min(slot_w * 0.5 / max(len(series.sides), 1), 7)
    for n_side, side in enumerate(series.sides):
        found = palette.colour(None if side == UNKNOWN else side)
        shift = (n_side - (len(series.sides) - 1) / 2) * dodge
        points = [(position[d], series.values[(d, side)]) for d in days if (d, side) in series.values]
        # the dots' colours on their group: a long period has a thousand dots
        ring = 'stroke="#FFFFFF" stroke-width="1"' if slot_w >= 10 else 'stroke="none"'  # dense: no speckle
        parts.append(f'<g class="series" data-side={quoteattr(side)} fill="{found.swatch}" {ring}>')
        run: list[tuple[float, float]] = []
        segments = []
        previous = None
        for index, value in points:
            if previous is not None and index != previous + 1:
                segments.append(run)
                run = []
            run.append((x_of(index) + shift, y_of(value)))
            previous = index
        segments.append(run)
        for segment in segments:
            if len(segment) > 1:
                parts.append(f'<polyline fill="none" stroke="{found.swatch}" stroke-width="2.2" points="'
                             + " ".join(f"{_n(x)},{_n(y)}" for x, y in segment) + '"/>')
        shape_r = 4.5 if len(days) <= 62 else 2.5 if len(days) <= 200 else 1.5
        for index, value in points:
            day = days[index]
            # a dot's own words only while they can be pointed at; the table holds them all
            title = f"<title>{escape(f'{day}: {side} sources, {slot_label(series.slot)} {value}')}</title>" \
                if len(days) <= 62 else ""
            parts.append(f'<circle class="count-mark" cx="{_n(x_of(index) + shift)}" cy="{_n(y_of(value))}" '
                         f'r="{shape_r}" data-day={quoteattr(day)} data-side={quoteattr(side)} data-value="{value}">'
                         f"{title}</circle>")
        parts.append("</g>")
        lx = left + n_side * 150
        parts.append(f'<g class="key"><rect x="{lx}" y="8" width="14" height="14" rx="3" fill="{found.swatch}"/>'
                     f'<text x="{lx + 20}" y="20" font-size="13" fill="{found.ink}">{escape(_clip(side, 16))}</text></g>')
    if series.contradicted:
        lx = left + len(series.sides) * 150
        parts.append(f'<text x="{lx}" y="20" font-size="13" fill="{palette.MARKS["contested"]}">{"⚠" if slot_w >= 10 else "▮"} contradiction</text>')
    if series.empty:
        parts.append(f'<text x="{width / 2}" y="{top + plot_h / 2}" text-anchor="middle" font-size="14" '
                     f'fill="{ink}">No figure for {escape(slot_label(series.slot))} in these events</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class CountRow:
    day: str
    values: dict[str, int | None]  # side -> figure (None: no figure that day)
    contradicted: bool


def counts_table(series: CountSeries) -> list[CountRow]:
    """The table twin of :func:`counts_svg`: a row per day that has a figure or a contradiction."""
    rows = []
    for day in series.days:
        values = {side: series.values.get((day, side)) for side in series.sides}
        if any(v is not None for v in values.values()) or day in series.contradicted:
            rows.append(CountRow(day=day, values=values, contradicted=day in series.contradicted))
    return rows


def ledger_figures(ledger: Ledger, slot: str) -> tuple[list[SlotFigure], set[str]]:
    """A ledger's figures for ``slot`` and the events with a contradiction on it (the
    HTML report's counts chart; the web app reads the same from the store)."""
    index = LedgerIndex.of(ledger)
    figures = []
    for event in ledger.events:
        if not event.date:
            continue
        for claim in event_claims(ledger, event, index):
            document = index.documents.get(claim.doc)
            if document is not None and document.duplicate_of:
                continue
            figures += claim_figures(event.id, event.date[:10], claim.source.side, claim.facts, slot)
    contradicted = {f.event for f in ledger.findings if f.kind == "contradiction" and f.slot == slot}
    return figures, contradicted


def claim_figures(event: str, day: str, side: str | None, facts: Iterable, slot: str) -> list[SlotFigure]:
    """The whole-count figures a claim gives for ``slot`` (a scoped part of a total is
    not one), as :class:`SlotFigure`. ``facts``: ``Fact`` objects or their JSON."""
    found = []
    for fact in facts:
        get = fact.get if isinstance(fact, dict) else lambda k, f=fact: getattr(f, k, None)
        if get("slot") != slot or get("scope") or isinstance(get("value"), bool):
            continue
        if isinstance(get("value"), (int, float)):
            found.append(SlotFigure(event=event, day=day, side=side_of(side) or UNKNOWN, value=int(get("value"))))
    return found
