"""Server-rendered SVG charts, built from numbers alone; every label is escaped.

Colours meet WCAG 2.2 AA on white: bars #1d70b8 (5.2:1, above the 3:1 graphics need),
text #0b0c0c (19:1), axes #505a5f (7:1). Each chart has role="img", a <title> and an
aria-label; the page puts a data table with the same numbers beside it. Words, numbers and
days are in the reader's language (British English outside a request).
"""

from datetime import date

from babel.dates import format_skeleton
from babel.numbers import format_decimal
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

BAR = "#1d70b8"
TEXT = "#0b0c0c"
AXIS = "#505a5f"
TRACK = "#f3f2f1"
WIDTH = 640
ROW = 52
MAX_LABEL = 70
FONT = 'font-family="system-ui, sans-serif"'


def _locale():
    return get_locale() or "en_GB"


def count_text(count: int) -> str:
    """A count with the reader's digit grouping."""
    return format_decimal(int(count), locale=_locale())


def percent_text(percent: float) -> str:
    """A percentage's number with one decimal place, as the reader writes it: 40.0, 40,0."""
    return format_decimal(float(percent), "#,##0.0", locale=_locale())


def _label(text: str) -> str:
    text = str(text)
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…"


def _svg(title: str, description: str, height: int, body: list[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" aria-label="{escape(description)}" '
        f'{FONT}><title>{escape(title)}</title>{"".join(body)}</svg>')


def bar_chart(title: str, rows: list[tuple[str, int, float]]) -> Markup:
    """One horizontal bar per (label, count, percent), the label above it, the count after."""
    counts = [int(row[1]) for row in rows]
    top = max(counts, default=0) or 1
    track = WIDTH - 150
    body = []
    for index, (label, count, percent) in enumerate(rows):
        y = index * ROW
        length = round(track * int(count) / top, 1)
        body.append(
            f'<text x="0" y="{y + 16}" font-size="15" fill="{TEXT}">{escape(_label(label))}</text>'
            f'<rect x="0" y="{y + 24}" width="{track}" height="20" fill="{TRACK}"/>'
            f'<rect x="0" y="{y + 24}" width="{length}" height="20" fill="{BAR}"/>'
            f'<text x="{track + 8}" y="{y + 40}" font-size="15" fill="{TEXT}">'
            f'{escape(_count_and_percent(count, percent))}</text>')
    summary = "; ".join(_("%(option)s: %(count)s (%(percent)s%%)", option=_label(label),
                          count=count_text(count), percent=percent_text(percent))
                        for label, count, percent in rows)
    summary = summary or _("No options.")
    return _svg(title, f"{title}. {summary}", max(ROW * len(rows), ROW), body)


def _count_and_percent(count: int, percent: float) -> str:
    return _("%(count)s (%(percent)s%%)", count=count_text(count), percent=percent_text(percent))


def day_label(iso: str) -> str:
    """A day as the reader writes it, the month abbreviated: 11 Jun 2026, 11 июн. 2026 г."""
    return format_skeleton("yMMMd", date.fromisoformat(iso), locale=_locale())


def line_chart(title: str, points: list[tuple[str, int]]) -> Markup:
    """A running total by day: (ISO date, total) pairs, dates spaced by their real distance."""
    if not points:
        none = _("No responses yet.")
        return _svg(title, f"{title}. {none}", 40,
                    [f'<text x="0" y="24" font-size="15" fill="{TEXT}">{escape(none)}</text>'])
    left, right, top, bottom, height = 48, WIDTH - 16, 16, 200, 240
    days = [date.fromisoformat(iso) for iso, _ in points]
    span = (days[-1] - days[0]).days
    peak = max(int(total) for _, total in points) or 1

    def x(day: date) -> float:
        if not span:  # one day: a single point in the middle
            return (left + right) / 2
        return round(left + (right - left) * (day - days[0]).days / span, 1)

    def y(total: int) -> float:
        return round(bottom - (bottom - top) * int(total) / peak, 1)

    coords = [(x(day), y(total)) for day, (_, total) in zip(days, points, strict=True)]
    path = " ".join(f"{cx},{cy}" for cx, cy in coords)
    body = [
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{AXIS}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{AXIS}"/>',
        f'<text x="{left - 8}" y="{bottom + 5}" font-size="14" fill="{TEXT}" '
        f'text-anchor="end">0</text>',
        f'<text x="{left - 8}" y="{top + 5}" font-size="14" fill="{TEXT}" '
        f'text-anchor="end">{escape(count_text(peak))}</text>',
        *_day_axis(points, left, right, height),
        f'<polyline points="{path}" fill="none" stroke="{BAR}" stroke-width="3"/>',
        *(f'<circle cx="{cx}" cy="{cy}" r="4" fill="{BAR}"/>' for cx, cy in coords),
    ]
    first, last = day_label(points[0][0]), day_label(points[-1][0])
    shown = count_text(peak)
    if first == last:
        words = ngettext("On %(day)s, %(shown)s response.", "On %(day)s, %(shown)s responses.",
                         peak, day=first, shown=shown)
    else:
        words = ngettext("From %(first)s to %(last)s, rising to %(shown)s response.",
                         "From %(first)s to %(last)s, rising to %(shown)s responses.",
                         peak, first=first, last=last, shown=shown)
    return _svg(title, f"{title}. {words}", height, body)


def _day_axis(points: list[tuple[str, int]], left: int, right: int, height: int) -> list[str]:
    """The first and last day under the axis; one day is named once, under its point."""
    first, last = day_label(points[0][0]), day_label(points[-1][0])
    if first == last:
        return [f'<text x="{(left + right) / 2}" y="{height - 12}" font-size="14" '
                f'fill="{TEXT}" text-anchor="middle">{escape(first)}</text>']
    return [f'<text x="{left}" y="{height - 12}" font-size="14" fill="{TEXT}">'
            f'{escape(first)}</text>',
            f'<text x="{right}" y="{height - 12}" font-size="14" fill="{TEXT}" '
            f'text-anchor="end">{escape(last)}</text>']
