"""Find the line of a key in TOML text, for messages (``tomllib`` keeps no positions).

The key ``scenarios.x.fields.a.minimum`` is found as a ``minimum = ...`` line under
``[scenarios.x.fields.a]``, as a dotted key ``fields.a.minimum = ...`` under
``[scenarios.x]``, or (for a key written inside an inline table) as the line that opens
the nearest enclosing key. A key that is not written at all (one that is missing) is
found as its table's line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["key_line"]

_PART = re.compile(r"""\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*""")
_MULTILINE = ('"""', "'''")


def key_line(text: str, path: Sequence[str]) -> int | None:
    """The 1-based line that defines ``path``, or else its nearest written parent.

    Returns:
        The line number, or ``None`` when not even the first part of ``path`` is written.
    """
    wanted = tuple(path)
    best: tuple[int, int] | None = None  # (parts matched, line number)
    table: tuple[str, ...] = ()
    closing: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if closing is not None:  # inside a multi-line string
            if line.count(closing) % 2:
                closing = None
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            header = _dotted(stripped.strip("[").lstrip(), "]")
            if header is None:
                continue
            table, written = header[0], header[0]
        else:
            assignment = _dotted(stripped, "=")
            if assignment is None:
                continue
            keys, value = assignment
            written = table + keys
            closing = _opens_multiline(value)
        if written == wanted[: len(written)] and (best is None or len(written) > best[0]):
            best = (len(written), number)
    return None if best is None else best[1]


def _dotted(text: str, end: str) -> tuple[tuple[str, ...], str] | None:
    """Parse ``a."b c".d`` up to ``end``; return the parts and the text after ``end``."""
    parts: list[str] = []
    position = 0
    while True:
        match = _PART.match(text, position)
        if match is None or not match.group(0).strip():
            return None
        parts.append(next(group for group in match.groups() if group is not None))
        position = match.end()
        if text.startswith(".", position):
            position += 1
        elif text.startswith(end, position):
            return tuple(parts), text[position + 1 :]
        else:
            return None


def _opens_multiline(value: str) -> str | None:
    """The delimiter of a multi-line string that ``value`` opens and does not close."""
    value = value.strip()
    for delimiter in _MULTILINE:
        if value.startswith(delimiter) and value.count(delimiter) % 2:
            return delimiter
    return None
