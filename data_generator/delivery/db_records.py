"""An out-dir's records with their indices, read back from its files in any state.

A run's files say which record each index is: a per-record file by its name, a
``jsonl``/``csv`` file by its journal (``.datagen/<name>.journal``), a Parquet file by its
row-group journal and the rows being filled. Mid-run (a resumed run, before the writer
adds anything) the single-file formats are read where the writer keeps them, in
``.datagen/``. A file without its run state (copied out of its out-dir) is numbered in
file order from 1.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import yaml
from pydantic import BaseModel, ValidationError

from data_generator.errors import UsageError
from data_generator.inspection.reader import find_output, text_columns
from data_generator.writers.base import OutputLayout
from data_generator.writers.csv_cells import unescape_formula
from data_generator.writers.journal import scan_journal

__all__ = ["indexed_records", "json_ready"]

Wanted = Callable[[int], bool]


def indexed_records(
    layout: OutputLayout, model: type[BaseModel], wanted: Wanted = lambda _index: True
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(index, values)`` for each record of ``layout``'s files that ``wanted`` takes.

    The values are JSON-ready, as the record model dumps them. A record may come twice
    (a Parquet group being sealed when the run was killed): with the same values.

    Raises:
        UsageError: ``txt`` output (rendered text, not records), or a file that cannot
            be read.
    """
    if layout.output_format == "txt":
        raise UsageError(
            "txt output holds rendered documents, which cannot be loaded into a table",
            hint="Choose another --output-format (json, jsonl, csv, yaml or parquet) with --to",
        )
    try:
        if layout.per_record:
            source = _per_record(layout, wanted)
        elif layout.output_format == "parquet":
            source = _parquet(layout, wanted)
        else:
            source = _stream(layout, model, wanted)
        for index, data in source:
            yield index, json_ready(model, data)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise UsageError(
            f"cannot read the records of {str(layout.out_dir)!r}: {exc}".splitlines()[0],
            hint="Check the out-dir's files, or rerun the same command to repair them",
        ) from exc


def json_ready(model: type[BaseModel], data: Any) -> dict[str, Any]:
    """``data`` as the record model dumps it (CSV text, Parquet dates made alike).

    Values the model refuses (a file edited by hand) are kept as they are.
    """
    try:
        dumped: dict[str, Any] = model.model_validate(data).model_dump(mode="json")
    except ValidationError:
        dumped = orjson.loads(orjson.dumps(data, default=str))
    return dumped


def _per_record(layout: OutputLayout, wanted: Wanted) -> Iterator[tuple[int, Any]]:
    stem, extension = f"{layout.scenario}-", f".{layout.extension}"
    for entry in sorted(os.scandir(layout.out_dir), key=lambda entry: entry.name):
        name = entry.name
        number = name[len(stem) : -len(extension)]
        found = name.startswith(stem) and name.endswith(extension) and number.isdigit()
        if found and wanted(int(number)):
            data = Path(entry.path).read_bytes()
            if layout.output_format == "json":
                yield int(number), orjson.loads(data)
            else:
                yield int(number), yaml.safe_load(data.decode("utf-8"))


def _stream(
    layout: OutputLayout, model: type[BaseModel], wanted: Wanted
) -> Iterator[tuple[int, Any]]:
    final = layout.data_path
    part = layout.state_dir / f"{final.name}.part"
    journal = layout.state_dir / f"{final.name}.journal"
    path = part if part.exists() else final
    if not path.exists():
        return
    if not journal.exists():
        yield from _numbered(path, wanted)
        return
    with open(path, "rb") as handle:
        header = handle.readline() if layout.output_format == "csv" else b""
        size = os.fstat(handle.fileno()).st_size
        scan = scan_journal(journal, size, len(header), keep_order=True)
        columns = next(csv.reader(io.StringIO(header.decode("utf-8")))) if header else []
        texts = text_columns(model)
        start = len(header)
        for index, end in zip(scan.order, _ends(journal, scan.lines), strict=True):
            first, start = start, end
            if not wanted(index):
                continue
            chunk = os.pread(handle.fileno(), end - first, first)
            if not header:
                yield index, orjson.loads(chunk)
                continue
            row = next(csv.reader(io.StringIO(chunk.decode("utf-8"))))
            yield (
                index,
                {
                    column: _cell(cell, column in texts)
                    for column, cell in zip(columns, row, strict=True)
                },
            )


def _ends(journal: Path, lines: int) -> Iterator[int]:
    with open(journal, "rb") as handle:
        for _ in range(lines):
            yield int(handle.readline().split()[1])


def _cell(cell: str, text: bool) -> Any:
    if cell == "":
        return None
    return unescape_formula(cell) if text else orjson.loads(cell)


def _parquet(layout: OutputLayout, wanted: Wanted) -> Iterator[tuple[int, Any]]:
    from data_generator.writers.groups import GroupLog

    name = layout.data_path.name
    state = layout.state_dir
    groups = GroupLog(state / f"{name}.groups.journal", state / f"{name}.groups")
    if not groups.path.exists():
        if layout.data_path.exists():
            yield from _numbered(layout.data_path, wanted)
        return
    import pyarrow.parquet as pq

    groups.read()
    for number in range(1, groups.count + 1):
        indices = groups.group_indices(number)
        if not any(wanted(index) for index in indices):
            continue
        if number <= groups.in_final:
            with pq.ParquetFile(layout.data_path) as final:
                rows = final.read_row_group(number - 1).to_pylist()
        else:
            rows = pq.read_table(groups.group_path(number)).to_pylist()
        for index, row in zip(indices, rows, strict=True):
            if wanted(index):
                yield index, row
    rows_path = state / f"{name}.rows"
    if rows_path.exists():
        data = rows_path.read_bytes()
        scan = scan_journal(state / f"{name}.rows.journal", len(data), 0, keep_order=True)
        for index, line in zip(scan.order, data[: scan.end].splitlines(), strict=True):
            if wanted(index):
                yield index, orjson.loads(line)


def _numbered(path: Path, wanted: Wanted) -> Iterator[tuple[int, Any]]:
    """The records of a file without its journal, numbered in file order from 1."""
    for number, raw in enumerate(find_output(path).records(), start=1):
        if raw.data is None:
            raise ValueError(f"{raw.source}: {raw.error}")
        if wanted(number):
            yield number, raw.data
