"""The ``datagen`` command line: a thin skin over :class:`~data_generator.DataGenerator`.

:func:`main` is the only place that catches every exception: it turns each into one line
on stderr and an exit code (2 usage or configuration, 1 generation, 130 interrupted).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from data_generator.cli.report import print_error
from data_generator.cli.state import CliState
from data_generator.errors import (
    EXIT_CONFIG,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    DatagenError,
)
from data_generator.messages import plain_reason, shorten_quoted

if TYPE_CHECKING:
    import typer

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``datagen`` with ``argv`` (``sys.argv[1:]`` by default); return the exit code."""
    if "_DATAGEN_COMPLETE" in os.environ:  # a TAB: the first word needs no Typer
        from data_generator.cli.quick_completion import quick_answer

        answer = quick_answer()
        if answer is not None:
            if answer.output is not None:
                sys.stdout.write(answer.output + "\n")
            return answer.code
    import typer.main

    from data_generator.cli.app import build_app
    from data_generator.cli.completion import prepare_completion

    state = CliState()
    command = typer.main.get_command(build_app())
    prepare_completion()  # after get_command, which registers Typer's completion formats
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = command.main(args=args, prog_name="datagen", standalone_mode=False, obj=state)
    except Exception as exc:  # the CLI's top edge: every error becomes one line
        return _report(exc, state)
    except KeyboardInterrupt:
        print_error("interrupted; rerun the same command to complete the set", json=state.json_logs)
        return EXIT_INTERRUPTED
    return code if isinstance(code, int) else 0


def _report(exc: Exception, state: CliState) -> int:
    """Print ``exc`` as one line (with its traceback after --debug); return the exit code."""
    import typer

    debug = state.debug
    if isinstance(exc, DatagenError):
        print_error(shorten_quoted(exc.one_line()), exc=exc, debug=debug, json=state.json_logs)
        return exc.exit_code
    if isinstance(exc, typer.Abort):
        print_error("aborted")
        return EXIT_INTERRUPTED
    if type(exc).__name__ == "NoArgsIsHelpError":  # bare 'datagen': show the help
        sys.stdout.write(exc.format_message().rstrip("\n") + "\n")  # type: ignore[attr-defined]
        return EXIT_OK
    if isinstance(exc, typer.TyperException):  # click's usage errors
        print_error(_usage_line(exc), exc=exc, debug=debug, json=state.json_logs)
        return int(getattr(exc, "exit_code", EXIT_CONFIG))
    root = _root_cause(exc)
    cause = f" (caused by {type(root).__name__}: {root})" if root is not exc else ""
    print_error(
        f"unexpected {type(exc).__name__}: {exc}{cause}. Rerun with --debug for the "
        "traceback and report it",
        exc=exc,
        debug=debug,
        json=state.json_logs,
    )
    return EXIT_SOME_FAILED


def _root_cause(exc: BaseException) -> BaseException:
    """The innermost cause of ``exc`` (wrappers such as Semantic Kernel's hide it)."""
    seen = {id(exc)}
    while exc.__cause__ is not None and id(exc.__cause__) not in seen:
        exc = exc.__cause__
        seen.add(id(exc))
    return exc


def _usage_line(exc: typer.TyperException) -> str:
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    head, colon, reason = message.partition(": ")
    message = f"{head}{colon}{plain_reason(reason)}" if colon else plain_reason(message)
    message = shorten_quoted(" ".join(message.split()))
    if not message.endswith((".", "?", "!")):
        message += "."
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "datagen"
    return f"{message} See '{path} --help'."
