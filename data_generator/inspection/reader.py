"""Read a run's output back into raw records, in any of the output formats."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
import yaml

from data_generator.errors import UsageError
from data_generator.formats import EXTENSIONS, READ_SUFFIXES, RECORD_FILE_STEM
from data_generator.inspection.listing import FileList
from data_generator.messages import count_of
from data_generator.writers.base import STATE_DIR_NAME, OutputLayout
from data_generator.writers.csv_cells import unescape_formula

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["Output", "RawRecord", "find_output", "text_columns"]


@dataclass(frozen=True)
class RawRecord:
    """One record as read: its data, or why it could not be read.

    Attributes:
        source: Where it came from (``file`` or ``file:line``).
        data: The record's JSON-ready values, or ``None`` when unreadable.
        text: The rendered document (``txt`` output), else ``None``.
        error: Why it could not be read, else ``""``.
    """

    source: str
    data: dict[str, Any] | None = None
    text: str | None = None
    error: str = ""


@dataclass(frozen=True)
class Output:
    """The files of one run's output.

    Attributes:
        files: The record files, sorted (iterated lazily, listed compactly).
        output_format: ``json``, ``jsonl``, ``csv``, ``yaml``, ``parquet`` or ``txt``.
        scenario: The scenario, from the manifest or the file names (``None``: unknown).
    """

    files: FileList
    output_format: str
    scenario: str | None

    def records(self, text_columns: set[str] | None = None) -> Iterator[RawRecord]:
        """Yield every record of every file, one at a time.

        Args:
            text_columns: CSV columns that hold text; every other CSV cell must be JSON.
                ``None`` (no record model): a cell is JSON if it parses, else text.
        """
        for path in self.files:
            yield from _read(path, self.output_format, text_columns)


def text_columns(model: type[BaseModel]) -> set[str]:
    """Top-level fields whose JSON schema is a string: CSV keeps them as text.

    Every other CSV cell holds JSON (numbers, booleans, lists, objects).
    """
    columns = set()
    for name, node in model.model_json_schema().get("properties", {}).items():
        if any(kind.get("type") == "string" for kind in [node, *node.get("anyOf", [])]):
            columns.add(name)
    return columns


def find_output(path: Path, state_root: Path | None = None) -> Output:
    """Find the record files at ``path`` (an output folder or one file).

    Args:
        path: An output folder or one output file.
        state_root: Where the run kept its state instead of ``<folder>/.datagen``
            (``--state-dir``), to find its manifest.

    Raises:
        UsageError: Nothing readable is there.
    """
    if not path.exists():
        raise UsageError(f"{path} does not exist", hint="Give an output folder or file")
    if path.is_file():
        files = FileList(path.parent)
        files.add(path.name)
    else:
        files = FileList.scan(path, set(READ_SUFFIXES))
    kinds = {READ_SUFFIXES.get(suffix) for suffix in files.suffixes()}
    first = files.first()
    if first is None or None in kinds:
        raise UsageError(
            f"{path} holds no datagen output",
            hint="Give a folder written by a datagen run, or a "
            f"{'/'.join(f'.{extension}' for extension in EXTENSIONS.values())} file",
        )
    if len(kinds) > 1:
        shown = ", ".join(sorted(str(kind) for kind in kinds))
        raise UsageError(f"{path} mixes formats ({shown})", hint="Inspect one file at a time")
    return Output(files, str(kinds.pop()), _scenario(files.folder, first, state_root))


def _scenario(folder: Path, first: Path, state_root: Path | None) -> str | None:
    if state_root is None:
        manifest = folder / STATE_DIR_NAME / "manifest.json"
    else:
        layout = OutputLayout(folder, "", "json", state_root=state_root)
        manifest = layout.state_dir / "manifest.json"
    if manifest.is_file():
        try:
            scenario = orjson.loads(manifest.read_bytes()).get("scenario")
        except (OSError, orjson.JSONDecodeError, AttributeError):
            scenario = None
        if isinstance(scenario, str):
            return scenario
    found = RECORD_FILE_STEM.match(first.stem)
    return found["scenario"] if found else first.stem


def _read(path: Path, output_format: str, text_columns: set[str] | None) -> Iterator[RawRecord]:
    name = path.name
    try:
        if output_format == "txt":
            yield RawRecord(name, text=path.read_text(encoding="utf-8"))
        elif output_format == "json":
            yield _one(name, "JSON", lambda: orjson.loads(path.read_bytes()))
        elif output_format == "yaml":
            yield _one(name, "YAML", lambda: yaml.safe_load(path.read_text(encoding="utf-8")))
        elif output_format == "jsonl":
            yield from _jsonl(path)
        elif output_format == "csv":
            yield from _csv(path, text_columns)
        else:
            yield from _parquet(path)
    except (OSError, UnicodeDecodeError) as exc:
        yield RawRecord(name, error=f"cannot read: {exc}")


def _one(source: str, language: str, load: Any) -> RawRecord:
    try:
        data = load()
    except (ValueError, yaml.YAMLError) as exc:
        return RawRecord(source, error=f"not {language}: {exc}".splitlines()[0])
    if not isinstance(data, dict):
        return RawRecord(source, error=f"not a record (a {type(data).__name__})")
    return RawRecord(source, data=data)


def _jsonl(path: Path) -> Iterator[RawRecord]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield _one(f"{path.name}:{number}", "JSON", lambda line=line: orjson.loads(line))


def _csv(path: Path, text_columns: set[str] | None) -> Iterator[RawRecord]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        modes = [
            "either" if text_columns is None else "text" if key in text_columns else "json"
            for key in header
        ]
        end = reader.line_num
        for row in reader:
            start, end = end + 1, reader.line_num  # a quoted cell may span lines
            source = f"{path.name}:{start}"
            if not row:
                continue
            if len(row) != len(header):
                yield RawRecord(
                    source, error=f"{count_of(len(row), 'cell')} where the header has {len(header)}"
                )
                continue
            try:
                data = {
                    key: _cell(cell, mode)
                    for key, mode, cell in zip(header, modes, row, strict=True)
                }
            except ValueError as exc:
                yield RawRecord(source, error=f"a cell is not JSON: {exc}")
                continue
            yield RawRecord(source, data=data)


def _cell(cell: str, mode: str) -> Any:
    """One CSV cell's value: ``None`` if empty, else text or JSON as ``mode`` says.

    ``either`` (no record model to say): JSON if it parses, else text.
    """
    if cell == "":
        return None
    if mode == "text":
        return unescape_formula(cell)
    try:
        return json.loads(cell)
    except ValueError:
        if mode == "either":
            return unescape_formula(cell)
        raise


#: Rows converted to Python at a time: Parquet is read one slice of a row group at a time.
_PARQUET_BATCH = 1024


def _parquet(path: Path) -> Iterator[RawRecord]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UsageError(
            "reading Parquet needs pyarrow", hint="pip install 'datagen[parquet]'"
        ) from exc
    number = 0
    try:
        with pq.ParquetFile(path) as parquet:
            for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH):
                for row in batch.to_pylist():
                    number += 1
                    yield RawRecord(f"{path.name}:{number}", data=row)
    except (ValueError, OSError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        where = f"{path.name}:{number + 1}" if number else path.name
        yield RawRecord(where, error=f"not Parquet: {exc}".splitlines()[0])
