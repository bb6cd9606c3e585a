"""Prompting primitives of ``datagen wizard``: parse one answer, or say why it is refused.

The parsers (:func:`parse_int`, :func:`parse_float`, :func:`parse_bool`,
:func:`parse_choice`, :func:`parse_text`) are plain functions that raise
:class:`InvalidAnswerError` with a short reason. :class:`Prompter` asks a question until an
answer parses, repeating the reason after each refusal; Enter keeps the shown default, and
``<`` or ``back`` raises :class:`GoBack` when the caller offers a way back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

from rich.columns import Columns
from rich.console import Console
from rich.text import Text

from data_generator.tool import CliArgument

__all__ = [
    "BACK_ANSWERS",
    "Default",
    "GoBack",
    "InvalidAnswerError",
    "Prompter",
    "bounds_text",
    "format_value",
    "parse_bool",
    "parse_choice",
    "parse_float",
    "parse_int",
    "parse_text",
]

T = TypeVar("T")
Number = int | float
NumberT = TypeVar("NumberT", int, float)

_YES = ("y", "yes", "true", "1")
_NO = ("n", "no", "false", "0")
#: The answers that return to the previous question (any case).
BACK_ANSWERS = ("<", "back")
#: The answer that lists a menu shown in columns again, one choice per line.
_LIST = "?"
#: Lines a menu leaves free on the screen: the question below it and the lines above it.
_SPARE_LINES = 4


class InvalidAnswerError(ValueError):
    """An answer that does not fit its question; ``str(exc)`` is the reason shown."""


class GoBack(Exception):  # noqa: N818 - a request, not an error
    """The user answered ``<`` or ``back``: return to the previous question."""


@dataclass(frozen=True)
class Default(Generic[T]):
    """What Enter means: ``value``, shown to the user as ``[shown]``.

    Attributes:
        value: The value an empty answer stands for.
        shown: How the default is written in the question.
    """

    value: T
    shown: str


def format_value(value: Any) -> str:
    """Show an option value as the user would type it (``yes``/``no`` for booleans)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def bounds_text(minimum: Number | None, maximum: Number | None) -> str:
    """Describe inclusive bounds: ``1 to 200``, ``at least 1``, ``at most 5`` or ``""``."""
    if minimum is not None and maximum is not None:
        return f"{minimum} to {maximum}"
    if minimum is not None:
        return f"at least {minimum}"
    if maximum is not None:
        return f"at most {maximum}"
    return ""


def _check_bounds(value: Number, minimum: Number | None, maximum: Number | None) -> None:
    if minimum is not None and value < minimum:
        raise InvalidAnswerError(f"must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise InvalidAnswerError(f"must be at most {maximum}")


def parse_int(text: str, minimum: Number | None = None, maximum: Number | None = None) -> int:
    """Parse a whole number within inclusive bounds.

    Raises:
        InvalidAnswerError: ``text`` is not a whole number, or lies outside the bounds.
    """
    return _parse_number(text, int, "a whole number", minimum, maximum)


def parse_float(text: str, minimum: Number | None = None, maximum: Number | None = None) -> float:
    """Parse a finite number within inclusive bounds.

    Raises:
        InvalidAnswerError: ``text`` is not a finite number, or lies outside the bounds.
    """
    return _parse_number(text, float, "a number", minimum, maximum)


def _parse_number(
    text: str,
    convert: Callable[[str], NumberT],
    noun: str,
    minimum: Number | None,
    maximum: Number | None,
) -> NumberT:
    answer = parse_text(text)
    try:
        value = convert(answer)
    except ValueError:
        raise InvalidAnswerError(f"{answer!r} is not {noun}") from None
    if not math.isfinite(value):
        raise InvalidAnswerError(f"{answer!r} is not a finite number")
    _check_bounds(value, minimum, maximum)
    return value


def parse_bool(text: str) -> bool:
    """Parse ``y``/``yes``/``n``/``no`` (and ``true``/``false``, ``1``/``0``).

    Raises:
        InvalidAnswerError: ``text`` is neither yes nor no.
    """
    answer = text.strip().lower()
    if answer in _YES:
        return True
    if answer in _NO:
        return False
    raise InvalidAnswerError("answer y or n")


def parse_choice(text: str, choices: Sequence[str]) -> str:
    """Parse a menu answer: a listed name (any case) or its 1-based number.

    Raises:
        InvalidAnswerError: ``text`` is neither a listed name nor a number of the menu.
    """
    answer = text.strip()
    for choice in choices:
        if answer.lower() == choice.lower():
            return choice
    if answer.isdigit() and 1 <= int(answer) <= len(choices):
        return choices[int(answer) - 1]
    raise InvalidAnswerError(f"choose 1-{len(choices)} or a listed name")


def parse_text(text: str) -> str:
    """Parse a free-text answer: anything but blank.

    Raises:
        InvalidAnswerError: ``text`` is blank.
    """
    answer = text.strip()
    if not answer:
        raise InvalidAnswerError("a value is required")
    return answer


class Prompter:
    """Asks questions on a Rich console and reads one line per answer.

    Args:
        console: Where questions, menus and refusals are printed.
        read_line: Reads one answer line; raises ``EOFError`` at the end of input. The
            built-in :func:`input` by default (works on a terminal and on a pipe).
        back: Read ``<`` and ``back`` (:data:`BACK_ANSWERS`) as a request to go back:
            :meth:`ask` raises :class:`GoBack` while :attr:`can_go_back` is true and
            explains otherwise. Without it those answers are parsed like any other.

    Attributes:
        can_go_back: Whether a previous question exists to return to (set by the caller).
    """

    def __init__(
        self, console: Console, read_line: Callable[[], str] = input, *, back: bool = False
    ) -> None:
        self.console = console
        self._read_line = read_line
        self._back = back
        self.can_go_back = False

    def ask(
        self,
        question: str,
        parse: Callable[[str], T],
        default: Default[T] | None = None,
        *,
        listing: Callable[[], None] | None = None,
    ) -> T:
        """Ask until ``parse`` accepts the answer; an empty answer takes ``default``.

        Args:
            question: The question, without the default or the colon.
            parse: Turns an answer into a value or raises :class:`InvalidAnswerError`.
            default: What Enter means; no default makes an answer required.
            listing: Called when the answer is ``?`` (a menu's long form), then asked again.

        Raises:
            GoBack: The answer was ``<`` or ``back`` and there is a question to go back to.
            EOFError: Input ended before an acceptable answer.
            KeyboardInterrupt: The user pressed Ctrl-C.
        """
        suffix = f" [{default.shown}]" if default is not None else ""
        while True:
            self.console.print(Text(f"{question}{suffix}: ", style="bold"), end="")
            answer = self._read_line().strip()
            if not answer and default is not None:
                return default.value
            if self._back and answer.lower() in BACK_ANSWERS:
                if self.can_go_back:
                    raise GoBack
                self.refuse("this is the first question: there is nothing to go back to")
                continue
            if answer == _LIST and listing is not None:
                listing()
                continue
            try:
                return parse(answer)
            except InvalidAnswerError as exc:
                self.refuse(str(exc))

    def refuse(self, reason: str) -> None:
        """Say why an answer was not taken."""
        self.console.print(Text(f"  ! {reason}", style="red"), soft_wrap=True)

    def note(self, text: str, style: str = "dim") -> None:
        """Print a line of explanation."""
        self.console.print(Text(text, style=style), soft_wrap=True)

    def choose(
        self,
        question: str,
        choices: Sequence[str],
        default: str | None = None,
        descriptions: Mapping[str, str] | None = None,
        *,
        parse: Callable[[str], str] | None = None,
    ) -> str:
        """Show a numbered menu and ask for a number or a name.

        Args:
            question: The question, without the range of numbers.
            choices: The menu, in order.
            default: The choice Enter takes, marked in the menu.
            descriptions: A line of explanation per choice.
            parse: Reads the answer instead of :func:`parse_choice` (to accept aliases).
        """
        in_columns = self.menu(choices, default, descriptions)
        fallback = Default(default, default) if default is not None else None
        return self.ask(
            f"{question} (1-{len(choices)} or a name)",
            parse or partial(parse_choice, choices=tuple(choices)),
            fallback,
            listing=partial(self._long_menu, choices, default, descriptions)
            if in_columns
            else None,
        )

    def menu(
        self,
        choices: Sequence[str],
        default: str | None = None,
        descriptions: Mapping[str, str] | None = None,
        *,
        columns: bool | None = None,
    ) -> bool:
        """Print ``choices`` as a numbered menu, marking the default.

        One choice per line, with its description, when that fits the console; in
        columns, without descriptions, when the lines would wrap at its width or the menu
        would not fit its height.

        Args:
            choices: The menu, in order.
            default: The choice to mark.
            descriptions: A line of explanation per choice.
            columns: Force one layout; by default the one that fits.

        Returns:
            Whether the menu was shown in columns.
        """
        descriptions = descriptions or {}
        width = max(len(choice) for choice in choices) if descriptions else 0
        lines = [
            self._menu_line(number, choice, default, descriptions, width)
            for number, choice in enumerate(choices, start=1)
        ]
        if columns is None:
            columns = len(choices) > 1 and not self._fits(lines)
        if not columns:
            for line in lines:
                self.console.print(line, soft_wrap=True)
            return False
        cells = [
            self._menu_line(number, choice, default, {}, 0)
            for number, choice in enumerate(choices, start=1)
        ]
        self.console.print(Columns(cells, padding=(0, 3), column_first=True))
        if descriptions:
            self.note("  (answer ? to list them one per line, with what each is)")
        return True

    def _long_menu(
        self, choices: Sequence[str], default: str | None, descriptions: Mapping[str, str] | None
    ) -> None:
        self.menu(choices, default, descriptions, columns=False)

    def _fits(self, lines: Sequence[Text]) -> bool:
        """Whether ``lines`` fit the console without wrapping or scrolling off."""
        width, height = self.console.size
        too_wide = any(line.cell_len > width for line in lines)
        return not too_wide and len(lines) <= max(height - _SPARE_LINES, 1)

    @staticmethod
    def _menu_line(
        number: int,
        choice: str,
        default: str | None,
        descriptions: Mapping[str, str],
        width: int,
    ) -> Text:
        line = Text(f"  {number:>2}. ")
        line.append(choice.ljust(width))
        if choice in descriptions:
            line.append(f"  {descriptions[choice]}", style="dim")
        if choice == default:
            line.append("  (default)", style="cyan")
        return line

    def confirm(self, question: str, default: bool) -> bool:
        """Ask a yes/no question; Enter takes ``default``."""
        return self.ask(question, parse_bool, Default(default, "Y/n" if default else "y/N"))

    def argument(self, argument: CliArgument, current: Any = None) -> Any:
        """Ask for one scenario option, offering ``current`` (else its default) on Enter."""
        self.console.print(
            Text.assemble(
                "\n",
                (argument.flags[0], "bold cyan"),
                f"  {argument.help}" if argument.help else "",
            ),
            soft_wrap=True,
        )
        value = argument.default if current is None else current
        label = argument.name.replace("_", " ").capitalize()
        if argument.kind == "choice":
            return self.choose(label, argument.choices, value)
        if argument.kind == "bool":
            return self.confirm(label + "?", bool(value))
        default: Default[Any] | None = None
        if value is not None:
            default = Default(value, format_value(value))
        elif not argument.required:
            default = Default(None, "none")
        if argument.kind in ("int", "float"):
            parse = parse_int if argument.kind == "int" else parse_float
            bounds = bounds_text(argument.minimum, argument.maximum)
            question = f"{label} ({bounds})" if bounds else label
            return self.ask(
                question,
                partial(parse, minimum=argument.minimum, maximum=argument.maximum),
                default,
            )
        return self.ask(label, parse_text, default)
