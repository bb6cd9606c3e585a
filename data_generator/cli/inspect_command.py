"""``datagen inspect PATH``: what a run wrote, in the terminal, as JSON or as an HTML page.

The records are read in one pass; a long pass shows a progress line on stderr (redrawn in
place on a terminal, a plain line every ``DATAGEN_PROGRESS_INTERVAL`` seconds otherwise).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from data_generator.errors import EXIT_SOME_FAILED, DatagenError, OutputError
from data_generator.messages import count_of

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console

    from data_generator.inspection.profile import FieldProfile, Profile
    from data_generator.registry import ToolRegistry

__all__ = ["inspect_output"]

_BAR_WIDTH = 30
#: Labels are shortened to fit the terminal, but never below this many characters.
_LABEL_WIDTH = 24
#: Seconds between redraws of the progress line on a terminal.
_REDRAW = 0.2


def inspect_output(
    path: Path,
    scenario: str | None,
    html: Path | None,
    registry: ToolRegistry,
    *,
    as_json: bool = False,
    strict: bool = False,
    state_dir: Path | None = None,
) -> int:
    """Read the output at ``path``, report its profile, and write ``html`` if asked.

    Args:
        path: An output folder or one output file.
        scenario: Check against this scenario (default: the one detected).
        html: Also write a self-contained HTML page here.
        registry: The scenarios known.
        as_json: Print one JSON object on stdout instead of tables.
        strict: Exit 1 if any record is unreadable, invalid or a duplicate.
        state_dir: The ``--state-dir`` the run kept its state in, to find its manifest.

    Returns:
        The exit code: 0, or 1 when ``strict`` and a record is bad.

    Raises:
        UsageError: ``path`` holds no output, or ``scenario`` is unknown.
        OutputError: The HTML report cannot be written.
    """
    from data_generator.inspection.profile import profile_output
    from data_generator.inspection.reader import find_output

    output = find_output(path, state_dir)
    name = scenario or output.scenario
    model = _record_model(registry, name, required=scenario is not None)
    progress = _Progress(sys.stderr, _progress_interval())
    try:
        profile = profile_output(output, model, progress)
    except BaseException:
        progress.clear()
        raise
    progress.finish(profile.records, profile.elapsed)
    if scenario is not None:
        profile.scenario = scenario
    if as_json:
        import orjson

        from data_generator.inspection.json_report import profile_json

        data = profile_json(profile, str(path))
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        _print(profile, model is not None)
    if html is not None:
        _write_html(profile, html, f"datagen inspect: {path}", stdout=not as_json)
    return _strict_code(profile, path) if strict else 0


def _strict_code(profile: Profile, path: Path) -> int:
    """Exit 1 (with one line) if any record is bad."""
    from data_generator.cli.report import print_error

    if profile.problem_count or profile.duplicates:
        print_error(
            f"--strict: {profile.problem_count:,} of {profile.records:,} records in {path} "
            f"are unreadable or invalid and {profile.duplicates:,} are duplicates"
        )
        return EXIT_SOME_FAILED
    if profile.valid is None and not profile.words:
        from data_generator.cli.logs import stderr_line

        sys.stderr.write(
            stderr_line(
                "--strict: validity not checked (unknown scenario; give --scenario); only "
                "unreadable and duplicate records were looked for",
                "warning",
            )
        )
    return 0


def _progress_interval() -> float:
    """``DATAGEN_PROGRESS_INTERVAL``; a broken ``.env`` does not stop an inspection."""
    from data_generator.settings import Settings, load_settings

    try:
        return load_settings().progress_interval
    except DatagenError:
        default: float = Settings.model_fields["progress_interval"].default
        return default


class _Progress:
    """Records read and the rate, on stderr.

    On a terminal one line is redrawn in place, else a plain line is printed every
    ``interval`` seconds (and a closing one if any was printed).
    """

    def __init__(self, stream: TextIO, interval: float) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.interval = min(interval, _REDRAW) if self.terminal else interval
        self.shown_at = 0.0
        self.shown = False

    def __call__(self, records: int, elapsed: float) -> None:
        if elapsed - self.shown_at < self.interval:
            return
        self.shown_at, self.shown = elapsed, True
        line = f"inspect: {records:,} records read, {records / elapsed:,.0f} records/s"
        if self.terminal:
            self.stream.write(f"\r{line}\x1b[K")
            self.stream.flush()
        else:
            from data_generator.cli.logs import stderr_line

            self.stream.write(stderr_line(line))

    def clear(self) -> None:
        """Take the progress line off the terminal."""
        if self.shown and self.terminal:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def finish(self, records: int, elapsed: float) -> None:
        """Clear the terminal line, or print a closing plain line if any was printed."""
        self.clear()
        if self.shown and not self.terminal:
            from data_generator.cli.logs import stderr_line

            rate = records / elapsed if elapsed else 0.0
            self.stream.write(
                stderr_line(
                    f"inspect: read {records:,} records in {elapsed:.1f} s, {rate:,.0f} records/s"
                )
            )


def _record_model(
    registry: ToolRegistry, name: str | None, *, required: bool
) -> type[BaseModel] | None:
    if name is None:
        return None
    if name not in registry:
        if required:
            registry.get(name)  # raises: no scenario called ...
        return None
    model: type[BaseModel] = registry.get(name).load().record_model
    return model


def _print(profile: Profile, checked: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from data_generator.inspection.profile import SHOWN_PROBLEMS, shown_distinct, shown_range

    console = Console(highlight=False)
    valid = (
        f"{profile.valid} valid" if profile.valid is not None
        else "validity not checked (unknown scenario; try --scenario)" if not checked
        else "validity not checked (rendered text)"
    )  # fmt: skip
    console.print(
        f"[bold]{profile.records:,}[/bold] {profile.scenario or 'unknown'} "
        f"{'record' if profile.records == 1 else 'records'} in "
        f"{count_of(profile.files, f'{profile.output_format} file')}: {valid}, "
        f"{count_of(profile.duplicates, 'duplicate')}",
        soft_wrap=True,
    )
    if profile.words is not None:
        console.print(f"{profile.words:.0f} words per document on average")
    if profile.problem_count:
        console.print(f"[bold red]{count_of(profile.problem_count, 'problem')}[/bold red]:")
        for source, reason in profile.problems[:SHOWN_PROBLEMS]:
            console.print(f"  {source}: {reason}", markup=False, soft_wrap=True)
    if profile.duplicate_sources:
        shown = ", ".join(profile.duplicate_sources)
        more = ", ..." if profile.duplicates > len(profile.duplicate_sources) else ""
        console.print(f"duplicates: {shown}{more}", markup=False, soft_wrap=True)
    if not profile.fields:
        return
    table = Table("field", "kind", "distinct", "nulls", "range", box=None)
    table.columns[0].no_wrap = True
    for field in profile.fields:
        table.add_row(
            field.path,
            field.kind,
            shown_distinct(field),
            f"{field.null_share:.0%}",
            shown_range(field),
        )
    console.print(table)
    if profile.fields_left_out:
        console.print("(more fields than the profile holds; the rest were left out)")
    for field in profile.fields:
        if field.kind == "categorical":
            _print_chart(console, field)


def _print_chart(console: Console, field: FieldProfile) -> None:
    from rich.cells import cell_len

    console.print(f"\n[bold]{field.path}[/bold]")
    largest = max((count for _, count in field.top), default=1)
    digits = len(f"{largest}")
    most = max(_LABEL_WIDTH, console.width - _BAR_WIDTH - digits - 4)
    labels = [_fit_cells(value, most) for value, _ in field.top]
    label_width = max((cell_len(label) for label in labels), default=0)
    room = max(1, min(_BAR_WIDTH, console.width - label_width - digits - 4))
    for label, (_, count) in zip(labels, field.top, strict=True):
        bar = "█" * max(1, round(room * count / largest))
        padding = " " * (label_width - cell_len(label))
        console.print(f"  {label}{padding} {bar} {count}", markup=False)


def _fit_cells(text: str, width: int) -> str:
    """``text`` on one line, at most ``width`` terminal cells (wide characters count 2)."""
    from rich.cells import cell_len, set_cell_size

    line = " ".join(text.split())
    if cell_len(line) <= width:
        return line
    return set_cell_size(line, width - 1).rstrip() + "…"


def _write_html(profile: Profile, target: Path, title: str, *, stdout: bool) -> None:
    from data_generator.inspection.html import render_html

    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_text(render_html(profile, title), encoding="utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(
            f"cannot write {str(target)!r}: {exc.strerror or exc}",
            hint="Choose a folder you can write to",
        ) from exc
    print(f"Wrote {target}", file=sys.stdout if stdout else sys.stderr)
