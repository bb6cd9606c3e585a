"""CSV cells: quoted where they must be, and formulas a spreadsheet would run neutralised.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some also one
that starts with a tab or a carriage return) as a formula. As OWASP recommends ("CSV
Injection"), :func:`escape_formula` puts a ``'`` before such a text; a spreadsheet shows the
text and hides the ``'``. Only text fields are escaped: a number such as ``-5`` stays a
number. A text that already starts with ``'`` and then one of those characters (or a second
``'``) gets one more ``'``, so :func:`unescape_formula` gives back exactly what was escaped.

:func:`encode_row` quotes every cell that holds a carriage return, a line feed, a double
quote or the separator (doubling its double quotes), which Python's ``csv`` module does not
do for a lone carriage return when rows end in a line feed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["FORMULA_STARTS", "encode_row", "escape_formula", "unescape_formula"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = frozenset("=+-@\t\r")
_ESCAPED_STARTS = FORMULA_STARTS | {"'"}
_NEEDS_QUOTES = re.compile(r'[\r\n",]')


def escape_formula(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would run it as a formula."""
    first = text[:1]
    if first in FORMULA_STARTS or (first == "'" and text[1:2] in _ESCAPED_STARTS):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """The text :func:`escape_formula` was given for ``text``."""
    if text[:1] == "'" and text[1:2] in _ESCAPED_STARTS:
        return text[1:]
    return text


def encode_row(cells: Sequence[str]) -> bytes:
    """One CSV row (comma-separated, ending in a line feed) as UTF-8."""
    if len(cells) == 1 and not cells[0]:
        return b'""\n'  # else an empty line, which readers skip
    return (
        ",".join(
            f'"{cell.replace(chr(34), chr(34) * 2)}"' if _NEEDS_QUOTES.search(cell) else cell
            for cell in cells
        )
        + "\n"
    ).encode("utf-8")
