r"""Regex ``pattern`` s rewritten for grammar engines (llama.cpp, vLLM/xgrammar, Ollama).

Servers that turn a JSON schema into a grammar accept a narrower regex dialect than Python:
llama.cpp's JSON-schema-to-grammar converter (``llama_cpp.llama_grammar`` and
``common/json-schema-to-grammar.cpp``) copies a backslash escape such as ``\d``, ``\s`` or
``\.`` into the grammar, whose parser then stops at an "unknown escape"; it asserts on
``(?`` groups; and it needs the pattern anchored with ``^`` and ``$``. Unbounded repeats
(``+``, ``*``, ``{n,}``) let a small model write digits until ``max_tokens``.

:func:`grammar_pattern` rewrites a pattern into that dialect: character classes instead of
escapes (``\d`` -> ``[0-9]``, ``\.`` -> ``[.]``; ``\s`` -> a space, and ``\S`` or
``[^\s]`` -> every whitespace character itself, excluded), plain groups instead of
``(?:``/``(?P<name>``, and every repeat bounded. It
returns ``None`` when the pattern cannot be said without a backslash (a literal backslash
or ``]``, look-arounds, back-references, anchors in the middle, a top-level ``|``): the
wire schema then drops the pattern and bounds the string's length instead. Validation
still checks the full pattern.
"""

from __future__ import annotations

import re

__all__ = ["DIGIT_SLACK", "REPEAT_SLACK", "grammar_pattern", "unbounded_repeats"]

#: Extra repetitions allowed where a pattern says "or more": ``{n,}`` becomes
#: ``{n,n+REPEAT_SLACK}``, ``+`` becomes ``{1,1+REPEAT_SLACK}``, ``*`` becomes
#: ``{0,REPEAT_SLACK}``. Room for any id or e-mail local part a record holds.
REPEAT_SLACK = 32
#: The slack of a repeated digit (``\d{6,}`` becomes ``[0-9]{6,10}``): ids and numbers
#: hold a few digits more than their least, and a small model held to a long run of
#: digits writes zeros until the run ends.
DIGIT_SLACK = 4
_DIGIT = "[0-9]"

#: Every character Python's ``\s`` matches, raw (a class body): what ``\S`` and
#: ``[^\s]`` exclude. A grammar writes characters as they are, and JSON wants a tab or a
#: newline escaped, so a ``\s`` that *admits* characters admits the space alone.
_ALL_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
_CLASSES = {"d": "0-9", "w": "A-Za-z0-9_", "s": " "}
_NEGATED = {"D": "0-9", "W": "A-Za-z0-9_", "S": _ALL_WHITESPACE}
_CONTROL = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v"}
_SPECIAL = set(".^$*+?()[]{}|\\")
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")


class _UnsayableError(Exception):
    """The pattern needs a construct the grammar dialect lacks."""


def grammar_pattern(pattern: str, slack: int = REPEAT_SLACK) -> str | None:
    """Return ``pattern`` in the grammar engines' dialect, or ``None`` if it has none.

    Args:
        pattern: A JSON-schema ``pattern`` (Python ``re`` syntax, as pydantic takes it).
        slack: Extra repetitions allowed by an unbounded repeat (see :data:`REPEAT_SLACK`).

    Returns:
        An anchored pattern without backslashes and with every repeat bounded, matching
        what ``pattern`` matches (up to the bounds); ``None`` when it cannot be said so.
    """
    if not (pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")):
        return None
    try:
        body = _Rewriter(pattern[1:-1], slack).sequence(top=True)
    except _UnsayableError:
        return None
    rewritten = f"^{body}$"
    try:
        re.compile(rewritten)
    except re.error:  # pragma: no cover - the rewriter only emits what it parsed
        return None
    return rewritten


def unbounded_repeats(pattern: str) -> list[str]:
    """The unbounded repeats (``*``, ``+``, ``{n,}``) outside character classes of ``pattern``."""
    found: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "]":
                index += 1
        elif char in "*+":
            found.append(char)
        elif char == "{":
            match = _QUANTIFIER.match(pattern, index)
            if match and match.group(2) and not match.group(3):
                found.append(match.group(0))
        index += 1
    return found


class _Rewriter:
    """A recursive-descent reader of one pattern body that writes it back in the dialect."""

    def __init__(self, text: str, slack: int) -> None:
        self.text = text
        self.slack = slack
        self.at = 0

    def peek(self, ahead: int = 0) -> str:
        index = self.at + ahead
        return self.text[index] if index < len(self.text) else ""

    def sequence(self, *, top: bool = False) -> str:
        """Alternatives up to the end of the text or the closing ``)`` of a group."""
        out: list[str] = []
        while self.at < len(self.text):
            char = self.peek()
            if char == ")":
                if top:
                    raise _UnsayableError("unbalanced )")
                return "".join(out)
            if char == "|":
                if top:  # ``^a|b$`` means (^a)|(b$) in Python, ^(a|b)$ to the converter
                    raise _UnsayableError("top-level alternation")
                self.at += 1
                out.append("|")
                continue
            atom = self.atom()
            out.append(atom + self.quantifier(DIGIT_SLACK if atom == _DIGIT else self.slack))
        if not top:
            raise _UnsayableError("unbalanced (")
        return "".join(out)

    def atom(self) -> str:
        char = self.peek()
        self.at += 1
        if char == "(":
            self.group_prefix()
            inner = self.sequence()
            self.at += 1  # the ")"
            return f"({inner})"
        if char == "[":
            return self.char_class()
        if char == "\\":
            return self.escape_outside()
        if char in "^$*+?":
            raise _UnsayableError("anchor inside the pattern, or nothing to repeat")
        return "." if char == "." else _literal(char)

    def group_prefix(self) -> None:
        if self.peek() != "?":
            return
        if self.peek(1) == ":":
            self.at += 2
            return
        name = re.compile(r"\?P?<([A-Za-z_]\w*)>").match(self.text, self.at)
        if name is None:
            raise _UnsayableError("look-around or inline flags")
        self.at = name.end()

    def quantifier(self, slack: int) -> str:
        char = self.peek()
        if char in ("*", "+", "?"):
            self.at += 1
            quantified = {
                "*": f"{{0,{slack}}}",
                "+": f"{{1,{1 + slack}}}",
                "?": "?",
            }[char]
        elif char == "{" and (match := _QUANTIFIER.match(self.text, self.at)):
            low, comma, high = match.groups()
            if not low and not high:
                return ""  # "{}" / "{,}" is a literal in Python: read on as a literal
            self.at = match.end()
            least = int(low or 0)
            if not comma:
                quantified = f"{{{least}}}"
            else:
                most = int(high) if high else least + slack
                quantified = f"{{{least},{most}}}"
        else:
            return ""
        if self.peek() in ("?", "+"):  # lazy or possessive: the same language
            self.at += 1
        return quantified

    def escape_outside(self) -> str:
        char = self.peek()
        self.at += 1
        if char in _CLASSES:
            return f"[{_CLASSES[char]}]"
        if char in _NEGATED:
            return f"[^{_NEGATED[char]}]"
        return _literal(self.escaped_char(char))

    def escaped_char(self, char: str) -> str:
        r"""The character that ``\`` + ``char`` stands for (a literal)."""
        if char in _CONTROL:
            return _CONTROL[char]
        if char == "x":
            return self.hex_char(2)
        if char == "u":
            return self.hex_char(4)
        if char and not char.isalnum():
            return char
        raise _UnsayableError(f"escape \\{char}")

    def hex_char(self, digits: int) -> str:
        code = self.text[self.at : self.at + digits]
        if len(code) != digits or not all(c in "0123456789abcdefABCDEF" for c in code):
            raise _UnsayableError("bad hex escape")
        self.at += digits
        return chr(int(code, 16))

    def char_class(self) -> str:
        negated = self.peek() == "^"
        if negated:
            self.at += 1
        if self.peek() == "]":
            raise _UnsayableError("] first in a class")
        parts: list[str] = []
        while (char := self.class_char(negated)) != "]":
            if len(char) == 1 and self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.at += 1
                end = self.class_char(negated)
                if {char, end} & set("\\]^-") or len(end) > 1:
                    raise _UnsayableError("range with a special end")
                char = f"{char}-{end}"
            elif char in "\\]":
                raise _UnsayableError("backslash or ] inside a class")
            parts.append(char)
        dash, caret = "-" in parts, "^" in parts
        body = "".join(part for part in parts if part not in ("-", "^"))
        if caret:  # a literal ^ goes anywhere but first
            if body or negated:
                body += "^"
            elif dash:
                body, dash = "-^", False
            else:
                raise _UnsayableError("a class of ^ alone")
        return f"[{'^' if negated else ''}{body}{'-' if dash else ''}]"

    def class_char(self, negated: bool) -> str:
        """The next member of a class: a character, or a shorthand's expansion; ``]`` ends it."""
        char = self.peek()
        if not char:
            raise _UnsayableError("unbalanced [")
        self.at += 1
        if char == "[":  # "[[" warns in Python; "[:" is a POSIX class elsewhere
            raise _UnsayableError("[ inside a class")
        if char != "\\":
            return char
        escaped = self.peek()
        self.at += 1
        if escaped == "s" and negated:
            return _ALL_WHITESPACE
        if escaped in _CLASSES:
            return _CLASSES[escaped]
        if escaped in _NEGATED:
            raise _UnsayableError("negated shorthand inside a class")
        found = self.escaped_char(escaped)
        if found == "]":
            raise _UnsayableError("] inside a class")
        return found


def _literal(char: str) -> str:
    """One literal character, as a class when it is special to the converter."""
    if char in "\\]^[":  # none can stand alone in a class without a backslash
        raise _UnsayableError(f"literal {char}")
    if char in _SPECIAL:
        return f"[{char}]"
    return char
