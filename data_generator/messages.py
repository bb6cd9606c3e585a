"""Small helpers that keep user-facing messages short, plain and grammatical.

A leaf module: it imports nothing of the project, so errors, settings, tools, the engine
and the CLI can all use it without weight.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "SHOWN_LIMIT",
    "byte_size",
    "count_of",
    "indefinite",
    "plain_reason",
    "shorten",
    "shorten_quoted",
    "show_value",
    "suggest",
]

#: The most characters of a value an error message echoes.
SHOWN_LIMIT = 80
_ELLIPSIS = "…"
_PYDANTIC_PREFIXES = ("Value error, ", "Assertion failed, ")


def shorten(text: str, limit: int = SHOWN_LIMIT) -> str:
    """``text`` cut in the middle to at most ``limit`` characters (``…`` marks the cut).

    Both ends stay: a path keeps its root and its file name, a sentence its start and end.
    """
    if len(text) <= limit:
        return text
    keep = max(limit - len(_ELLIPSIS), 2)
    head = (keep + 1) // 2
    return text[:head] + _ELLIPSIS + text[len(text) - (keep - head) :]


def show_value(value: object, limit: int = SHOWN_LIMIT) -> str:
    """``repr(value)`` for an error message: at most ``limit`` characters, with its length.

    Example:
        ``show_value("x" * 13000)`` gives ``'xxx…xxx' (13,000 characters)``.
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    size = len(value) if isinstance(value, str) else len(text)
    return f"{shorten(text, limit)} ({size:,} characters)"


# A quote opens after a blank, a bracket or the start and closes before one or punctuation,
# so the text between two quoted values ("'-'; ... '-'") is never taken for a value.
_QUOTED_VALUE = rf"'[^']{{{SHOWN_LIMIT - 1},}}'|\"[^\"]{{{SHOWN_LIMIT - 1},}}\""
_LONG_QUOTED = re.compile(rf"(?<![^\s(\[=:])(?:{_QUOTED_VALUE})(?![^\s)\].,;:])")


#: A quoted path or URL (no blanks, a slash, at most 4,096 characters): never shortened.
_PATH_LIKE = re.compile(r"""(['"])[^\s'"]*/[^\s'"]*\1""")


def shorten_quoted(line: str) -> str:
    """``line`` with every quoted value over :data:`SHOWN_LIMIT` characters shortened.

    Paths and URLs stay whole, up to 4,096 characters: they name what the user must find.

    For messages made elsewhere (click's) that echo a value whole: ``'xxx…xxx' (13,000
    characters)``, the length being the value's, without its quotes.
    """

    def short(found: re.Match[str]) -> str:
        text = found.group()
        if len(text) <= 4098 and _PATH_LIKE.fullmatch(text):
            return text  # a file or URL the user must find: shown whole
        return f"{shorten(text)} ({len(text) - 2:,} characters)"

    return _LONG_QUOTED.sub(short, line)


def plain_reason(message: str) -> str:
    """A pydantic error message without its ``Value error, `` (or similar) prefix."""
    for prefix in _PYDANTIC_PREFIXES:
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def byte_size(count: float) -> str:
    """``512 B``, ``1.2 KB``, ``3.4 MB``, ``5.6 GB`` (powers of 1,000)."""
    for unit in ("B", "KB", "MB", "GB"):
        if abs(count) < 1000 or unit == "GB":
            return f"{count:,.0f} {unit}" if unit == "B" else f"{count:,.1f} {unit}"
        count /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


def count_of(number: int, noun: str, plural: str | None = None) -> str:
    """``1 record``, ``2 records``, ``1,000 records``: a count with its noun agreeing."""
    word = noun if number == 1 else (plural or f"{noun}s")
    return f"{number:,} {word}"


def indefinite(word: str) -> str:
    """``word`` with its indefinite article: ``an invoice``, ``a ticket``, ``an in-progress``."""
    article = "an" if word and word[0].lower() in "aeiou" else "a"
    return f"{article} {word}"


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``name`` was most likely meant to be, or ``None``.

    Case and ``_`` for ``-`` are forgiven first (``Tech_Support`` is ``tech-support``);
    otherwise the closest spelling wins (``healthcar`` is ``healthcare``).
    """
    import difflib  # only a mistyped name pays for it

    known = list(candidates)
    folded = name.casefold().replace("_", "-")
    for candidate in known:
        if candidate.casefold().replace("_", "-") == folded:
            return candidate
    by_folded = {candidate.casefold().replace("_", "-"): candidate for candidate in known}
    close = difflib.get_close_matches(folded, list(by_folded), n=1, cutoff=0.75)
    return by_folded[close[0]] if close else None
