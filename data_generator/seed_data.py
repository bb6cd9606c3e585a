"""Seed data (``--seed-data``): rows of the user's own file that records are made for.

CSV, JSON Lines, JSON (an array of objects) and Parquet files, or a folder of them (read in
name order, as one table). Record *i* is made for row *(i-1) mod rows*, or with
``--seed-sample`` for a row drawn from the run seed. CSV and JSON Lines files are not held
in memory: one pass notes where each row starts (8 bytes a row) and hashes the bytes, and a
record reads its own row. JSON arrays and Parquet files are held once, as their rows.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import random
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from data_generator.errors import UsageError

__all__ = ["SEED_SUFFIXES", "RowCheck", "SeedRows", "load_seed_rows"]

#: The file kinds read, by suffix.
SEED_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json", ".parquet")
#: Checks one row (its 1-based number in its file, its values); returns what is wrong.
RowCheck = Callable[[Mapping[str, Any]], str | None]
_HINT = "Fix the seed file, or name another with --seed-data"
_SAMPLE_STREAM = 0x5EED


@dataclass
class _File:
    """One seed file: where its rows start (CSV, JSON Lines) or its rows (JSON, Parquet)."""

    path: Path
    kind: str
    offsets: array[int] = field(default_factory=lambda: array("q"))
    rows: list[dict[str, Any]] | None = None
    header: list[str] | None = None
    handle: BinaryIO | None = None

    @property
    def count(self) -> int:
        return len(self.rows) if self.rows is not None else len(self.offsets)

    def row(self, number: int) -> dict[str, Any]:
        """Row ``number`` (0-based) of this file."""
        if self.rows is not None:
            return self.rows[number]
        if self.handle is None:
            self.handle = self.path.open("rb")
        self.handle.seek(self.offsets[number])
        if self.kind == "jsonl":
            return _json_row(self.handle.readline())
        lines = (line.decode("utf-8-sig") for line in self.handle)
        assert self.header is not None
        return _csv_row(self.header, next(csv.reader(lines)))


class SeedRows:
    """The rows of a seed file or folder, one per record.

    Args:
        path: The file or folder as given.
        files: Its files, read.
        digest: A hash of their names and bytes (part of the run's fingerprint).
        sample: Whether records draw their rows by seed.
    """

    def __init__(self, path: Path, files: Sequence[_File], digest: str, sample: bool) -> None:
        self.path = path
        self._files = list(files)
        self.digest = digest
        self.sample = sample
        self._starts = [0]
        for found in self._files:
            self._starts.append(self._starts[-1] + found.count)
        #: Rows in all the files.
        self.count = self._starts[-1]
        columns: dict[str, None] = {}
        for found in self._files:
            columns.update(dict.fromkeys(found.header or ()))
        #: The columns the first rows (or headers) name, in order.
        self.columns = tuple(columns)

    def number(self, index: int, seed: int) -> int:
        """The 0-based row that record ``index`` is made for under ``seed``."""
        if not self.sample:
            return (index - 1) % self.count
        mixed = (seed << 40) ^ (_SAMPLE_STREAM << 24) ^ index
        return random.Random(mixed).randrange(self.count)

    def row(self, index: int, seed: int) -> dict[str, Any]:
        """The row of record ``index`` under ``seed``: column → value (empty cells left out)."""
        return self.row_at(self.number(index, seed))

    def row_at(self, number: int) -> dict[str, Any]:
        """Row ``number`` (0-based over all files)."""
        position = _file_of(self._starts, number)
        return self._files[position].row(number - self._starts[position])

    def fingerprint(self) -> dict[str, Any]:
        """What the run's fingerprint holds of the seed data."""
        return {"sha256": self.digest, "sample": self.sample}

    def close(self) -> None:
        """Close the files read row by row."""
        for found in self._files:
            if found.handle is not None:
                found.handle.close()
                found.handle = None


def _file_of(starts: list[int], number: int) -> int:
    """The position of the file holding the 0-based row ``number``."""
    return bisect.bisect_right(starts, number) - 1


def load_seed_rows(path: Path, *, sample: bool = False, check: RowCheck | None = None) -> SeedRows:
    """Read the seed file or folder ``path``, checking every row with ``check``.

    Raises:
        UsageError: The path cannot be read, holds no rows, is not tabular, or a row fails
            ``check`` (naming the file, the row and what is wrong).
    """
    if path.is_dir():
        files = sorted(item for item in path.iterdir() if item.suffix.lower() in SEED_SUFFIXES)
        if not files:
            raise UsageError(
                f"--seed-data {str(path)!r} holds no .csv, .jsonl, .json or .parquet file",
                hint=_HINT,
            )
    elif path.is_file():
        files = [path]
    else:
        raise UsageError(f"--seed-data {str(path)!r} does not exist", hint=_HINT)
    digest = hashlib.sha256()
    read = [_read(item, digest, check) for item in files]
    rows = SeedRows(path, read, digest.hexdigest()[:16], sample)
    if rows.count == 0:
        raise UsageError(f"--seed-data {str(path)!r} holds no rows", hint=_HINT)
    return rows


def _read(path: Path, digest: Any, check: RowCheck | None) -> _File:
    """Read one seed file: index or load its rows, hash its bytes, check each row."""
    kind = path.suffix.lower().lstrip(".")
    kind = "jsonl" if kind == "ndjson" else kind
    if kind not in ("csv", "jsonl", "json", "parquet"):
        raise UsageError(
            f"seed file {str(path)!r} is not .csv, .jsonl, .json or .parquet", hint=_HINT
        )
    digest.update(path.name.encode() + b"\0")
    try:
        if kind == "parquet":
            found = _File(path, kind, rows=_parquet_rows(path, digest))
        elif kind == "json":
            found = _File(path, kind, rows=_json_rows(path, digest))
        else:
            found = _index(path, kind, digest, check)
    except OSError as exc:
        raise UsageError(
            f"seed file {str(path)!r} cannot be read: {exc.strerror or exc}", hint=_HINT
        ) from exc
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"seed file {str(path)!r} is not tabular: {exc}", hint=_HINT) from exc
    if found.rows is not None:
        found.header = list(dict.fromkeys(key for row in found.rows for key in row))
        if check is not None:
            for number, row in enumerate(found.rows, start=1):
                _checked(path, number, row, check)
    return found


def _checked(path: Path, number: int, row: Mapping[str, Any], check: RowCheck) -> None:
    problem = check(row)
    if problem:
        raise UsageError(f"seed file {str(path)!r}, row {number}: {problem}", hint=_HINT)


def _index(path: Path, kind: str, digest: Any, check: RowCheck | None) -> _File:
    """Note where each row of a CSV or JSON Lines file starts; hash and check its rows."""
    found = _File(path, kind)
    offsets = found.offsets
    with path.open("rb") as handle:
        position = 0
        if kind == "jsonl":
            keys: dict[str, None] = {}
            found.header = []
            for line in handle:
                digest.update(line)
                if line.strip():
                    row = _json_row(line)  # an object, or the file is refused
                    offsets.append(position)
                    if len(keys) < len(keys.keys() | row.keys()):
                        keys.update(dict.fromkeys(row))
                        found.header = list(keys)
                    if check is not None:
                        _checked(path, len(offsets), row, check)
                position += len(line)
            return found
        starts: list[int] = []

        def lines() -> Iterator[str]:
            nonlocal position
            for line in handle:
                digest.update(line)
                starts.append(position)
                position += len(line)
                yield line.decode("utf-8-sig")

        reader = csv.reader(lines())
        header = next(reader, None)
        if not header or not any(name.strip() for name in header):
            raise ValueError("it has no header line naming its columns")
        found.header = names = [name.strip() for name in header]
        starts.clear()
        for record in reader:
            first = starts[0]
            starts.clear()  # the reader reads no further than the record it returns
            if not record:
                continue
            offsets.append(first)
            if len(record) > len(names):
                raise ValueError(f"row {len(offsets)} has more cells than the header names")
            if check is not None:
                _checked(path, len(offsets), _csv_row(names, record), check)
    return found


def _csv_row(header: list[str], cells: list[str]) -> dict[str, Any]:
    return {name: cell for name, cell in zip(header, cells, strict=False) if name and cell != ""}


def _json_row(line: bytes) -> dict[str, Any]:
    value = orjson.loads(line)
    if not isinstance(value, dict):
        raise ValueError(f"a line holds {type(value).__name__}, not an object")
    return {key: item for key, item in value.items() if item is not None}


def _json_rows(path: Path, digest: Any) -> list[dict[str, Any]]:
    data = path.read_bytes()
    digest.update(data)
    value = orjson.loads(data)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError("a .json seed file must hold an array of objects")
    return [{key: item for key, item in row.items() if item is not None} for row in value]


def _parquet_rows(path: Path, digest: Any) -> list[dict[str, Any]]:
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except pa.ArrowException as exc:
        raise ValueError(str(exc).splitlines()[0]) from exc
    return [
        {key: item for key, item in row.items() if item is not None} for row in table.to_pylist()
    ]
