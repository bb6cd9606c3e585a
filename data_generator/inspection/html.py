"""A self-contained HTML page of an inspection: inline CSS and SVG, nothing fetched."""

from __future__ import annotations

from html import escape

from data_generator.inspection.profile import (
    FieldProfile,
    Profile,
    shown_distinct,
    shown_range,
)

__all__ = ["render_html"]

_BAR_HEIGHT = 18
_BAR_AREA = 260
_COUNT_WIDTH = 70
#: The widest label column in pixels; longer labels are shortened (full text in the tooltip).
_LABEL_PIXELS = 300
_GAP = 8
#: Advance widths of a 12 px label by character class, a little above DejaVu Sans (the
#: widest common sans-serif; Arial, Helvetica and Segoe UI are narrower), so a label never
#: needs more room than estimated.
_NARROW, _NARROW_PX = frozenset(" !'(),./:;I[]fijlrt|"), 4.2
_WIDE, _WIDE_PX = frozenset("%@MWmw"), 12.5
_CAPITAL_PX = 9.6
_OTHER_PX = 7.9
#: Characters outside ASCII (accents aside, CJK is a full em).
_FULL_PX = 12.5

_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure.chart { display: inline-block; margin: 1rem 2rem 1rem 0; vertical-align: top; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { font: 12px system-ui, sans-serif; }
svg g.bar:hover rect { fill: #24507d; }
.problem { color: #a40000; }
"""


def render_html(profile: Profile, title: str) -> str:
    """Render ``profile`` as one HTML document titled ``title``."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        _summary(profile),
    ]
    if profile.problems:
        parts.append("<h2>Problems</h2><ul>")
        parts += [
            f'<li class="problem"><code>{escape(source)}</code>: {escape(reason)}</li>'
            for source, reason in profile.problems
        ]
        more = profile.problem_count - len(profile.problems)
        if more:
            parts.append(f"<li>… and {more:,} more</li>")
        parts.append("</ul>")
    if profile.fields:
        parts.append("<h2>Fields</h2>" + _fields_table(profile.fields))
        charts = [_chart(field) for field in profile.fields if field.kind == "categorical"]
        if charts:
            parts.append("<h2>Categories</h2>" + "".join(charts))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _summary(profile: Profile) -> str:
    rows = [
        ("scenario", profile.scenario or "unknown"),
        ("format", profile.output_format),
        ("files", str(profile.files)),
        ("records", str(profile.records)),
        ("valid", "not checked" if profile.valid is None else str(profile.valid)),
        ("invalid", str(profile.invalid)),
        ("unreadable", str(profile.unreadable)),
        ("duplicates", str(profile.duplicates)),
    ]
    if profile.words is not None:
        rows.append(("words per document", f"{profile.words:.0f}"))
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="summary">{body}</table>'


def _fields_table(fields: list[FieldProfile]) -> str:
    head = (
        "<tr><th>field</th><th>kind</th><th>distinct ratio</th><th>null share</th>"
        "<th>range</th></tr>"
    )
    rows = [
        f"<tr><td><code>{escape(field.path)}</code></td><td>{field.kind}</td>"
        f'<td class="n">{shown_distinct(field)}</td>'
        f'<td class="n">{field.null_share:.0%}</td>'
        f'<td class="n">{escape(shown_range(field))}</td></tr>'
        for field in fields
    ]
    return f'<table class="fields">{head}{"".join(rows)}</table>'


def _chart(field: FieldProfile) -> str:
    """A horizontal bar chart of a categorical field, as inline SVG.

    Labels are left-aligned in a column as wide as the longest one needs (estimated
    generously from its characters), up to :data:`_LABEL_PIXELS`; a longer label is
    shortened with ``…``. Every bar's tooltip (``<title>``) holds the full label.
    """
    labels = [_fit(value, _LABEL_PIXELS) for value, _ in field.top]
    label_width = round(max((_pixels(label) for label in labels), default=0)) + _GAP
    largest = max((count for _, count in field.top), default=1)
    width = label_width + _BAR_AREA + _COUNT_WIDTH
    height = _BAR_HEIGHT * len(field.top) + 4
    bars = []
    for row, (label, (value, count)) in enumerate(zip(labels, field.top, strict=True)):
        y = row * _BAR_HEIGHT + 2
        bar = max(1, round(_BAR_AREA * count / largest))
        bars.append(
            f'<g class="bar"><title>{escape(value)}: {count}</title>'
            f'<text class="label" x="0" y="{y + 13}">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{bar}" height="{_BAR_HEIGHT - 4}" '
            f'fill="#3b6ea5"></rect>'
            f'<text x="{label_width + bar + 6}" y="{y + 13}">{count}</text></g>'
        )
    return (
        f'<figure class="chart" data-field="{escape(field.path)}">'
        f"<figcaption>{escape(field.path)}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(field.path)}">'
        f"{''.join(bars)}</svg></figure>"
    )


def _pixels(text: str) -> float:
    """The estimated width of ``text`` as a 12 px label (never less than it renders)."""
    return sum(_char_pixels(char) for char in text)


def _char_pixels(char: str) -> float:
    if char in _NARROW:
        return _NARROW_PX
    if char in _WIDE:
        return _WIDE_PX
    if "A" <= char <= "Z":
        return _CAPITAL_PX
    return _OTHER_PX if char.isascii() else _FULL_PX


def _fit(text: str, limit: float) -> str:
    """``text`` on one line, shortened with ``…`` to fit ``limit`` pixels."""
    line = " ".join(text.split())
    if _pixels(line) <= limit:
        return line
    room = limit - _char_pixels("…")
    end, used = 0, 0.0
    while used + _char_pixels(line[end]) <= room:  # stops inside: the line is too long
        used += _char_pixels(line[end])
        end += 1
    return line[:end].rstrip() + "…"
