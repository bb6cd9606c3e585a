"""The commonest TABs answered before Typer is imported: scenario and command names.

These are the word after ``datagen``, and the scenario after ``show`` or ``wizard``.

Importing Typer costs more than the 0.15 s a completion request may take on a slow
machine, and completing those words needs none of it: the candidates are the built-in
commands and the registry's scenario names. :func:`quick_answer` reads the same shell
protocol Typer's completion classes read (``COMP_WORDS``/``COMP_CWORD`` for bash,
``_TYPER_COMPLETE_ARGS`` for zsh, fish and PowerShell) and writes the same answer, byte for
byte (a test compares the two for every shell). Every other request — options, a
scenario's flags and choices, anything further along — returns ``None`` and goes through
Typer as before.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BUILTIN_COMMANDS",
    "QuickAnswer",
    "fish_item",
    "one_line",
    "powershell_item",
    "quick_answer",
    "short_help",
    "zsh_item",
]

#: The built-in commands in Typer's listing order, with the first line of their help.
BUILTIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("list", "List the scenarios with one-line descriptions."),
    ("inspect", "Describe a run's output: validity, duplicates, fields, categories."),
    ("merge", "Join the out-dirs of a run's shards into one, as a single run writes it."),
    ("show", "Show a scenario: options, record schema, an offline example record, examples."),
    ("upload", "Upload a run's out-dir to Azure Blob Storage (or load it into a database)."),
    ("wizard", "Guided run: questions instead of flags."),
    ("providers", "List the model providers with their settings: flags and variables."),
    ("batches", "Show a --batch run's batches with their live state; --cancel cancels them."),
)
_COMPLETE_VAR = "_DATAGEN_COMPLETE"


@dataclass(frozen=True)
class QuickAnswer:
    """What to print on stdout (if anything) and the exit code."""

    output: str | None
    code: int = 0


def quick_answer(environ: Mapping[str, str] = os.environ) -> QuickAnswer | None:
    """Answer a completion request for the first word, or ``None`` to leave it to Typer.

    The first word is a built-in command or a scenario; the word after ``show`` or
    ``wizard`` is a scenario, offered with its whole description as Typer does.
    """
    kind, _, shell = environ.get(_COMPLETE_VAR, "").partition("_")
    if kind != "complete" or shell not in _FORMATS:
        return None
    found = _words(shell, environ)
    if found is None:
        return None
    args, word = found
    if word and not word[0].isalnum():
        return None  # an option: Typer knows them
    if not args:
        items = [(name, short_help(text)) for name, text in BUILTIN_COMMANDS]
        items += [(entry.name, short_help(entry.description)) for entry in _registry(environ)]
    elif args in (["show"], ["wizard"]):
        items = [(entry.name, one_line(entry.description)) for entry in _registry(environ)]
    else:
        return None
    chosen = [(name, text) for name, text in items if name.startswith(word)]
    return _FORMATS[shell](chosen, environ)


def _registry(environ: Mapping[str, str]) -> list[_Entry]:
    from data_generator.registry import SCENARIOS_FILE, SCENARIOS_FILE_VARIABLE, ToolRegistry

    registry = ToolRegistry.discover(Path(environ.get(SCENARIOS_FILE_VARIABLE) or SCENARIOS_FILE))
    return [_Entry(entry.name, entry.description) for entry in registry]


@dataclass(frozen=True)
class _Entry:
    name: str
    description: str


def _split(text: str) -> list[str]:
    """Split like click's ``split_arg_string``: tolerate an unclosed quote."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def _words(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str] | None:
    """The words typed after ``datagen`` and the partial word being completed.

    ``None`` when the shell's variables do not say (Typer then reports it).
    """
    if shell == "bash":
        words = _split(environ.get("COMP_WORDS", ""))
        try:
            position = int(environ.get("COMP_CWORD", ""))
        except ValueError:
            return None
        return words[1:position], words[position] if position < len(words) else ""
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    args = _split(line)[1:]
    if shell in ("powershell", "pwsh"):
        incomplete = environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        return (args[:-1] if incomplete else args), incomplete
    if args and not line.endswith(" "):
        return args[:-1], args[-1]
    return args, ""


def short_help(text: str, limit: int = 45) -> str:
    """A help text shortened as click's ``make_default_short_help`` does for listings."""
    end = text.find("\n\n")
    words = (text[:end] if end != -1 else text).split()
    if words and words[0] == "\b":
        words = words[1:]
    total = 0
    index = 0
    for index, word in enumerate(words):
        total += len(word) + (index > 0)
        if total > limit:
            break
        if word[-1] == ".":
            return " ".join(words[: index + 1])
        if total == limit and index != len(words) - 1:
            break
    else:
        return " ".join(words)
    total += len("...")
    while index > 0:
        total -= len(words[index]) + (index > 0)
        if total <= limit:
            break
        index -= 1
    return " ".join(words[:index]) + "..."


def one_line(text: str) -> str:
    """``text`` with every run of whitespace, newlines included, as one space."""
    return " ".join(text.split())


_ZSH_SPECIAL = re.compile(r"[\"'$`:]")
_ZSH_ESCAPES = {'"': '""', "'": "''", "$": "\\$", "`": "\\`", ":": r"\\:"}


def _zsh_escape(text: str) -> str:
    return _ZSH_SPECIAL.sub(lambda found: _ZSH_ESCAPES[found.group()], text)


def zsh_item(value: str, text: str | None) -> str:
    """One candidate in zsh's ``_arguments`` list, with its help as written."""
    quoted = f'"{_zsh_escape(value)}"'
    return f'{quoted}:"{_zsh_escape(one_line(text))}"' if text else quoted


def fish_item(value: str, text: str | None) -> str:
    """One candidate for fish: the value, a tab and its help on one line."""
    return f"{value}\t{one_line(text)}" if text else value


def powershell_item(value: str, text: str | None) -> str:
    """One candidate for PowerShell: ``value:::help`` (a space for no help)."""
    return f"{value}:::{one_line(text) if text else ' '}"


def _bash(items: list[tuple[str, str]], _environ: Mapping[str, str]) -> QuickAnswer:
    return QuickAnswer("\n".join(name for name, _ in items))


def _zsh(items: list[tuple[str, str]], _environ: Mapping[str, str]) -> QuickAnswer:
    if not items:
        return QuickAnswer("_files")
    joined = "\n".join(zsh_item(name, text) for name, text in items)
    return QuickAnswer(f"_arguments '*: :(({joined}))'")


def _fish(items: list[tuple[str, str]], environ: Mapping[str, str]) -> QuickAnswer:
    action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
    if action == "is-args":  # completing arguments (1) or file names (0)?
        return QuickAnswer(None, 0 if items else 1)
    if action == "get-args" and items:
        return QuickAnswer("\n".join(fish_item(name, text) for name, text in items))
    return QuickAnswer("")


def _powershell(items: list[tuple[str, str]], _environ: Mapping[str, str]) -> QuickAnswer:
    return QuickAnswer("\n".join(powershell_item(name, text) for name, text in items))


_FORMATS = {
    "bash": _bash,
    "zsh": _zsh,
    "fish": _fish,
    "powershell": _powershell,
    "pwsh": _powershell,
}
