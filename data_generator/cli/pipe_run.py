"""Runs that keep nothing: ``-o -`` streams records to stdout, ``--preview N`` shows them.

Both make records with the same engine as any run (see
:mod:`~data_generator.engine.stream_run`) and leave no out-dir, state, manifest or lock.
stdout carries only the records (or the preview); progress, logs and the summary go to
stderr. A reader that closes the pipe (``| head -n 5``) ends the run quietly: stdout is
pointed at the null device so Python's last flush cannot fail, a summary line on stderr
says how many records were written, and the exit code is 0 (the reader chose to stop; no
record failed). A ``--dry-run`` with ``-o -`` prints its plan on stderr, leaving stdout
empty: a pipe downstream reads zero records rather than the plan as records.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import typer

from data_generator.cli.common import is_stdout
from data_generator.errors import UsageError
from data_generator.messages import count_of

if TYPE_CHECKING:
    from pydantic import BaseModel

    from data_generator.engine import DataGenerator
    from data_generator.engine.plan import RunPlan
    from data_generator.engine.stream_run import StreamResult

__all__ = [
    "check_keep_nothing",
    "pipe_plan",
    "preview_records",
    "print_stream_plan",
    "run_keeping_nothing",
    "stream_records",
]

#: Common options (parameter name, flag) that a run keeping nothing contradicts.
_CONTRADICTED = (
    ("overwrite", "--overwrite"),
    ("prune", "--prune"),
    ("state_dir", "--state-dir"),
    ("batch", "--batch"),
    ("upload_to", "--upload-to"),
    ("to", "--to"),
)
#: Contradicted by ``--preview`` alone (it picks the count and prints no file).
_NOT_WITH_PREVIEW = (
    ("count", "--count"),
    ("dry_run", "--dry-run"),
    ("shard", "--shard"),
    ("output_format", "--output-format"),
)
_CELL_CHARS = 200  # a preview cell's text kept at most (the column cuts it shorter)
_COLUMN_CHARS = 32  # a preview column's width at most
_NARROWEST = 8  # a preview column narrower than this is left out


def check_keep_nothing(common: dict[str, Any]) -> None:
    """Refuse ``-o -`` / ``--preview`` / ``--json`` with options they contradict.

    Called when one of them was given.

    Args:
        common: The common options as parsed (parameter name to value).

    Raises:
        UsageError: Two options contradict each other.
    """
    preview, stream = common["preview"], is_stdout(common["out_dir"])
    if common["json"] and preview is None:
        raise UsageError("--json goes with --preview", hint="Add --preview N, or leave out --json")
    assert preview is not None or stream, "called for -o - or --preview only"
    mode = f"--preview {preview}" if preview is not None else "-o -"
    if preview is not None and common["out_dir"] is not None:
        raise UsageError(
            f"--preview {preview} writes nothing, so it takes no -o/--out-dir",
            hint="Leave out -o, or leave out --preview to write the records",
        )
    for name, flag in _CONTRADICTED:
        if common.get(name):
            raise UsageError(
                f"{mode} keeps no files, so it contradicts {flag}",
                hint=f"Leave out {flag}, or give a folder with -o to keep the records",
            )
    for name, flag in _NOT_WITH_PREVIEW if preview is not None else ():
        if common.get(name):
            raise UsageError(
                f"{mode} makes {preview} records and prints them, so it contradicts {flag}",
                hint=f"Leave out {flag} or --preview",
            )


def run_keeping_nothing(plan: RunPlan, common: dict[str, Any]) -> int:
    """Run ``plan`` for ``-o -`` or ``--preview`` (as ``common`` says); return the exit code.

    Raises:
        UsageError: The format cannot be streamed, or ``DATAGEN_BATCH`` asks for the
            Batch API.
        typer.Exit: 130 after Ctrl-C.
    """
    from data_generator.engine import DataGenerator

    preview = common["preview"]
    mode = f"--preview {preview}" if preview is not None else "-o -"
    plan = _check_settings(plan, mode)
    if preview is None:
        plan = pipe_plan(plan, common["output_format"] is not None)
    generator = DataGenerator(plan)
    if preview is not None:
        return preview_records(
            generator,
            as_json=common["json"],
            quiet=common["quiet"],
            no_progress=common["no_progress"],
        )
    if common["dry_run"]:
        print_stream_plan(generator)
        return 0
    return stream_records(generator, quiet=common["quiet"], no_progress=common["no_progress"])


def _check_settings(plan: RunPlan, mode: str) -> RunPlan:
    """``plan`` without the settings that only concern files; refuse ``DATAGEN_BATCH``.

    Their flags are refused earlier (:func:`check_keep_nothing`); from the environment or
    ``.env`` they are project defaults that a run keeping nothing has no use for, except
    the Batch API, whose price the user chose.
    """
    from data_generator.settings import flag_and_variable

    if plan.settings.batch:
        flag, variable = flag_and_variable("batch")
        raise UsageError(
            f"{mode} keeps no files, so it contradicts {flag} (set by {variable})",
            hint=f"Unset {variable} for this run, or give a folder with -o",
        )
    unused = {
        name: None for name in ("upload_to", "to", "state_dir") if getattr(plan.settings, name)
    }
    return plan.with_settings(**unused) if unused else plan


def pipe_plan(plan: RunPlan, format_given: bool) -> RunPlan:
    """The plan of a ``-o -`` run: its format ``jsonl`` or ``csv``.

    Without ``--output-format`` a format that cannot stream (from the environment or
    ``scenarios.toml``) gives way to ``jsonl`` (``csv`` if the scenario writes no jsonl).

    Raises:
        UsageError: The format given cannot be streamed, or the scenario writes neither.
    """
    from data_generator.writers.pipe import PIPE_FORMATS

    if plan.output_format in PIPE_FORMATS:
        return plan
    streamable = [fmt for fmt in PIPE_FORMATS if fmt in plan.tool.output_formats]
    if format_given or not streamable:
        raise UsageError(
            f"-o - streams jsonl or csv, not {plan.output_format}",
            hint="Pass -f jsonl or -f csv, or give a folder with -o"
            if streamable
            else f"{plan.tool.name} writes neither; give a folder with -o",
        )
    return replace(plan, output_format=streamable[0])


def print_stream_plan(generator: DataGenerator) -> None:
    """``--dry-run`` with ``-o -``: the plan, on stderr."""
    from data_generator.cli import report
    from data_generator.engine.stream_run import STREAM_PLACE

    plan = replace(generator.dry_run(fresh=True), out_dir=STREAM_PLACE)
    with contextlib.redirect_stdout(sys.stderr):
        report.print_plan(plan)


def stream_records(generator: DataGenerator, *, quiet: bool, no_progress: bool) -> int:
    """Make the records and write them to stdout; return the exit code.

    Raises:
        typer.Exit: 130 after Ctrl-C.
    """
    from data_generator.cli.run_display import RunDisplay
    from data_generator.writers.pipe import PipeWriter

    settings = generator.settings
    out = sys.stdout.buffer
    writer = PipeWriter(
        out,
        generator.output_format,
        generator.tool.record_model,
        escape_formulas=settings.csv_formulas == "escape",
    )
    written = _Counter()
    generator.subscribe(written)
    display = RunDisplay(generator, settings, quiet=quiet, no_progress=no_progress)
    result: StreamResult | None = None
    try:
        writer.open()
        result = generator.stream(writer)
    except BrokenPipeError:  # the reader left before the CSV header
        pass
    except KeyboardInterrupt:
        display.close()
        _note(f"interrupted after {count_of(written.count, 'record')} written to stdout")
        raise typer.Exit(130) from None
    finally:
        display.close()
    if result is None or result.status == "closed":
        _silence_stdout()
    if result is None:
        _note("0 records written to stdout; the reader closed the pipe")
        return 0
    if not quiet or result.failed or result.status != "complete":
        _note(_summary(result))
    return result.exit_code


def preview_records(
    generator: DataGenerator, *, as_json: bool, quiet: bool, no_progress: bool
) -> int:
    """Make the records and print them on stdout as a table or JSON; return the exit code.

    Raises:
        typer.Exit: 130 after Ctrl-C.
    """
    from data_generator.cli.run_display import RunDisplay

    records: list[BaseModel] = []
    display = RunDisplay(generator, generator.settings, quiet=quiet, no_progress=no_progress)
    try:
        result = generator.stream(lambda _index, record: records.append(record))
    except KeyboardInterrupt:
        _note("interrupted; nothing was written")
        raise typer.Exit(130) from None
    finally:
        display.close()
    if as_json:
        import orjson

        data = _dumped(records)
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        _print_table(records, generator.tool.record_model, generator.tool.name)
    if result.failed:
        _note(f"{count_of(result.failed, 'record')} failed (see the warnings above)")
    _note(
        f"previewed {count_of(result.written, 'record')} (seed {result.seed}); nothing was written"
    )
    return result.exit_code


def _print_table(records: list[BaseModel], record_model: type[BaseModel], title: str) -> None:
    """One row per record, one column per top-level field, as many fields as fit the terminal.

    A column is as wide as its widest cell, up to :data:`_COLUMN_CHARS`; longer text ends
    in an ellipsis. Fields that do not fit are named in the caption (``--json`` has them).
    """
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    fields = list(record_model.model_fields)
    rows = [[_cell(data[name]) for name in fields] for data in _dumped(records)]
    number_width = len(str(len(records)))
    room = console.width - number_width - 4  # the number column and the outer borders
    shown: list[tuple[int, int]] = []  # (field position, column width)
    for position, name in enumerate(fields):
        natural = _column_width(name, [row[position] for row in rows])
        width = min(natural, room - 3)
        if shown and width < min(natural, _NARROWEST):  # too cut to read: leave it out
            break
        shown.append((position, width))
        room -= width + 3
    hidden = len(fields) - len(shown)
    caption = f"{count_of(hidden, 'more field')} (--json shows every field)" if hidden else None
    table = Table(title=title, caption=caption, highlight=False)
    table.add_column("#", justify="right", no_wrap=True)
    for position, width in shown:
        table.add_column(fields[position], overflow="ellipsis", no_wrap=True, max_width=width)
    for number, row in enumerate(rows, 1):
        table.add_row(str(number), *(row[position] for position, _ in shown))
    console.print(table)


def _dumped(records: list[BaseModel]) -> list[dict[str, Any]]:
    return [record.model_dump(mode="json") for record in records]


def _column_width(name: str, cells: list[str]) -> int:
    """A column's width: its widest cell or its name, at most :data:`_COLUMN_CHARS`."""
    return min(_COLUMN_CHARS, max(len(name), *(len(cell) for cell in cells)))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else _json_text(value)
    text = " ".join(text.split())
    return text if len(text) <= _CELL_CHARS else text[: _CELL_CHARS - 1] + "…"


def _json_text(value: Any) -> str:
    import orjson

    return orjson.dumps(value).decode()


def _summary(result: StreamResult) -> str:
    if result.status == "closed":
        records = count_of(result.written, "record")
        return f"{records} written to stdout (seed {result.seed}); the reader closed the pipe"
    of = f" of {result.requested}" if result.written < result.requested else ""
    noun = "record" if result.written == 1 and not of else "records"
    line = (
        f"wrote {result.written}{of} {result.scenario} {noun} to stdout in "
        f"{result.elapsed:.2f} s (seed {result.seed})"
    )
    if result.failed:
        line += f"; {count_of(result.failed, 'record')} failed (see the warnings above)"
    if result.status == "budget":
        line += "; the token budget was reached"
    return line


def _note(line: str) -> None:
    from data_generator.cli.logs import stderr_line

    sys.stderr.write(stderr_line(line))


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's flush at exit meets no closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


class _Counter:
    """Counts the records written, for the line after Ctrl-C."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, event: object) -> None:
        from data_generator.engine.events import RecordWritten

        if isinstance(event, RecordWritten):
            self.count += 1
