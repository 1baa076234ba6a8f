"""Server-rendered SVG charts, built from numbers alone; every label is escaped.

Colours meet WCAG 2.2 AA on white: bars #1d70b8 (5.2:1, above the 3:1 graphics need),
text #0b0c0c (19:1), axes #505a5f (7:1). Each chart has role="img", a <title> and an
aria-label; the page puts a data table with the same numbers beside it.
"""

from datetime import date

from markupsafe import Markup, escape

BAR = "#1d70b8"
TEXT = "#0b0c0c"
AXIS = "#505a5f"
TRACK = "#f3f2f1"
WIDTH = 640
ROW = 52
MAX_LABEL = 70
FONT = 'font-family="system-ui, sans-serif"'


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
    counts = [int(count) for _, count, _ in rows]
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
            f'{int(count)} ({float(percent)}%)</text>')
    summary = "; ".join(f"{_label(label)}: {int(count)} ({float(percent)}%)"
                        for label, count, percent in rows)
    return _svg(title, f"{title}. {summary or 'No options.'}", max(ROW * len(rows), ROW), body)


def day_label(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%b %Y}"


def line_chart(title: str, points: list[tuple[str, int]]) -> Markup:
    """A running total by day: (ISO date, total) pairs, dates spaced by their real distance."""
    if not points:
        return _svg(title, f"{title}. No responses yet.", 40,
                    [f'<text x="0" y="24" font-size="15" fill="{TEXT}">No responses yet.</text>'])
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
        f'text-anchor="end">{peak}</text>',
        *_day_axis(points, left, right, height),
        f'<polyline points="{path}" fill="none" stroke="{BAR}" stroke-width="3"/>',
        *(f'<circle cx="{cx}" cy="{cy}" r="4" fill="{BAR}"/>' for cx, cy in coords),
    ]
    noun = "response" if peak == 1 else "responses"
    first, last = day_label(points[0][0]), day_label(points[-1][0])
    description = (f"{title}. On {first}, {peak} {noun}." if first == last else
                   f"{title}. From {first} to {last}, rising to {peak} {noun}.")
    return _svg(title, description, height, body)


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
