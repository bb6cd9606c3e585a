"""A self-contained HTML page of an inspection: inline CSS and SVG, nothing fetched."""

from __future__ import annotations

from html import escape

from data_generator.inspection.profile import FieldProfile, Profile, format_number

__all__ = ["render_html"]

_BAR_HEIGHT = 18
_CHART_WIDTH = 480
_LABEL_WIDTH = 160

_STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure.chart { display: inline-block; margin: 1rem 2rem 1rem 0; vertical-align: top; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { font: 12px system-ui, sans-serif; }
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
        ("duplicates", str(profile.duplicates)),
    ]
    if profile.words is not None:
        rows.append(("words per document", f"{profile.words:.0f}"))
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="summary">{body}</table>'


def _fields_table(fields: list[FieldProfile]) -> str:
    head = (
        "<tr><th>field</th><th>kind</th><th>distinct ratio</th><th>null share</th>"
        "<th>min</th><th>max</th><th>mean</th></tr>"
    )
    rows = []
    for field in fields:
        cells = "".join(
            f'<td class="n">{format_number(value)}</td>'
            for value in (field.minimum, field.maximum, field.mean)
        )
        rows.append(
            f"<tr><td><code>{escape(field.path)}</code></td><td>{field.kind}</td>"
            f'<td class="n">{field.distinct_ratio:.2f}</td>'
            f'<td class="n">{field.null_share:.0%}</td>{cells}</tr>'
        )
    return f'<table class="fields">{head}{"".join(rows)}</table>'


def _chart(field: FieldProfile) -> str:
    """A horizontal bar chart of a categorical field, as inline SVG."""
    largest = max((count for _, count in field.top), default=1)
    height = _BAR_HEIGHT * len(field.top) + 4
    bars = []
    for row, (value, count) in enumerate(field.top):
        y = row * _BAR_HEIGHT + 2
        width = max(1, round((_CHART_WIDTH - _LABEL_WIDTH - 60) * count / largest))
        bars.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{escape(value)}</text>'
            f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{width}" height="{_BAR_HEIGHT - 4}" '
            f'fill="#3b6ea5"><title>{escape(value)}: {count}</title></rect>'
            f'<text x="{_LABEL_WIDTH + width + 6}" y="{y + 13}">{count}</text>'
        )
    return (
        f'<figure class="chart" data-field="{escape(field.path)}">'
        f"<figcaption>{escape(field.path)}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_CHART_WIDTH}" height="{height}" '
        f'role="img" aria-label="{escape(field.path)}">{"".join(bars)}</svg></figure>'
    )
