"""Seed data (``--seed-data``): rows of the user's own file that records are made for.

CSV, JSON Lines, JSON (an array of objects) and Parquet files, or a folder of them (read in
name order, as one table). Record *i* is made for row *(i-1) mod rows*, or with
``--seed-sample`` for a row drawn from the run seed. CSV and JSON Lines files are not held
in memory: one pass notes where each row starts (8 bytes a row) and hashes the bytes, and a
record reads its own row. A Parquet file is held as its (columnar) table, a JSON array as
its rows.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import random
import weakref
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
#: Checks one row's values; returns what is wrong with them, if anything.
RowCheck = Callable[[Mapping[str, Any]], str | None]
#: Whether the rows of a file with these columns need checking at all.
Concerns = Callable[[Sequence[str]], bool]
_HINT = "Fix the seed file, or name another with --seed-data"
_SAMPLE_STREAM = 0x5EED
#: Rows kept parsed (records of a small file, or of neighbouring indices, share them).
_RECENT_ROWS = 4096


@dataclass
class _File:
    """One seed file: where its rows start (CSV, JSON Lines), its rows (JSON) or its table."""

    path: Path
    kind: str
    offsets: array[int] = field(default_factory=lambda: array("q"))
    rows: list[dict[str, Any]] | None = None
    table: Any = None  # a pyarrow Table: columns take far less memory than rows
    header: list[str] | None = None
    handle: BinaryIO | None = None

    @property
    def count(self) -> int:
        if self.table is not None:
            return int(self.table.num_rows)
        return len(self.rows) if self.rows is not None else len(self.offsets)

    def row(self, number: int) -> dict[str, Any]:
        """Row ``number`` (0-based) of this file."""
        if self.table is not None:
            return _present(self.table.slice(number, 1).to_pylist()[0])
        if self.rows is not None:
            return self.rows[number]
        if self.handle is None:
            self.handle = self.path.open("rb")
        self.handle.seek(self.offsets[number])
        if self.kind == "jsonl":
            return _json_row(self.handle.readline())
        assert self.header is not None
        return _csv_row(self.header, _cells(next(_csv_records(self.handle))[1]))


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
        #: The columns the headers (or rows) name, in order.
        self.columns = tuple(columns)
        self._recent: dict[int, dict[str, Any]] = {}
        # Files read row by row stay open while the rows are in use.
        self._closer = weakref.finalize(self, _close, self._files)

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
        """Row ``number`` (0-based over all files); the same object while it is cached."""
        found = self._recent.get(number)
        if found is None:
            position = _file_of(self._starts, number)
            found = self._files[position].row(number - self._starts[position])
            if len(self._recent) >= _RECENT_ROWS:
                self._recent.clear()
            self._recent[number] = found
        return found

    def fingerprint(self) -> dict[str, Any]:
        """What the run's fingerprint holds of the seed data."""
        return {"sha256": self.digest, "sample": self.sample}

    def close(self) -> None:
        """Close the files read row by row (a later row opens its file again)."""
        _close(self._files)


def _close(files: list[_File]) -> None:
    for found in files:
        if found.handle is not None:
            found.handle.close()
            found.handle = None


def _file_of(starts: list[int], number: int) -> int:
    """The position of the file holding the 0-based row ``number``."""
    return bisect.bisect_right(starts, number) - 1


def load_seed_rows(
    path: Path,
    *,
    sample: bool = False,
    check: RowCheck | None = None,
    concerns: Concerns | None = None,
) -> SeedRows:
    """Read the seed file or folder ``path``, checking every row with ``check``.

    ``concerns`` says, from a CSV file's header, whether its rows need ``check`` at all
    (a CSV's text cells often do not): they are then only indexed, not parsed.

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
    read = [_read(item, digest, check, concerns) for item in files]
    rows = SeedRows(path, read, digest.hexdigest()[:16], sample)
    if rows.count == 0:
        raise UsageError(f"--seed-data {str(path)!r} holds no rows", hint=_HINT)
    return rows


def _read(path: Path, digest: Any, check: RowCheck | None, concerns: Concerns | None) -> _File:
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
            found = _File(path, kind, table=_parquet_table(path, digest))
        elif kind == "json":
            found = _File(path, kind, rows=_json_rows(path, digest))
        else:
            found = _index(path, kind, digest, check, concerns)
    except OSError as exc:
        raise UsageError(
            f"seed file {str(path)!r} cannot be read: {exc.strerror or exc}", hint=_HINT
        ) from exc
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"seed file {str(path)!r} is not tabular: {exc}", hint=_HINT) from exc
    _check_held(found, check, concerns)
    return found


def _check_held(found: _File, check: RowCheck | None, concerns: Concerns | None) -> None:
    """Name the columns of a file held in memory, and check its rows."""
    if found.table is not None:
        found.header = list(found.table.column_names)
        if check is not None and (concerns is None or concerns(found.header)):
            number = 0
            for batch in found.table.to_batches(max_chunksize=10_000):
                for row in batch.to_pylist():
                    number += 1
                    _checked(found.path, number, _present(row), check)
    elif found.rows is not None:
        found.header = list(dict.fromkeys(key for row in found.rows for key in row))
        if check is not None:
            for number, row in enumerate(found.rows, start=1):
                _checked(found.path, number, row, check)


def _checked(path: Path, number: int, row: Mapping[str, Any], check: RowCheck) -> None:
    problem = check(row)
    if problem:
        raise UsageError(f"seed file {str(path)!r}, row {number}: {problem}", hint=_HINT)


def _index(
    path: Path, kind: str, digest: Any, check: RowCheck | None, concerns: Concerns | None
) -> _File:
    """Note where each row of a CSV or JSON Lines file starts; hash and check its rows."""
    _hash_file(path, digest)
    found = _File(path, kind)
    with path.open("rb") as handle:
        if kind == "jsonl":
            _index_jsonl(found, handle, check)
        else:
            _index_csv(found, handle, check, concerns)
    return found


def _index_jsonl(found: _File, handle: BinaryIO, check: RowCheck | None) -> None:
    offsets, keys = found.offsets, dict[str, None]()
    found.header = []
    position = 0
    for line in handle:
        if line.strip():
            row = _json_row(line)  # an object, or the file is refused
            offsets.append(position)
            if not row.keys() <= keys.keys():
                keys.update(dict.fromkeys(row))
                found.header = list(keys)
            if check is not None:
                _checked(found.path, len(offsets), row, check)
        position += len(line)


def _index_csv(
    found: _File, handle: BinaryIO, check: RowCheck | None, concerns: Concerns | None
) -> None:
    records = _csv_records(handle)
    header = next((_cells(text) for _, text in records), None)
    if not header or not any(name.strip() for name in header):
        raise ValueError("it has no header line naming its columns")
    found.header = names = [name.strip() for name in header]
    offsets = found.offsets
    if check is None or (concerns is not None and not concerns(names)):
        offsets.extend(start for start, text in records if text.strip())
        return
    for start, text in records:
        cells = _cells(text)
        if not cells:
            continue
        offsets.append(start)
        if len(cells) > len(names):
            raise ValueError(f"row {len(offsets)} has more cells than the header names")
        if check is not None:
            _checked(found.path, len(offsets), _csv_row(names, cells), check)


def _csv_records(handle: BinaryIO) -> Iterator[tuple[int, str]]:
    """Each CSV record's first byte and text: lines joined while a quoted cell is open."""
    position = start = quotes = 0
    parts: list[bytes] = []
    for line in handle:
        if not parts:
            start = position
        parts.append(line)
        quotes += line.count(b'"')
        position += len(line)
        if quotes % 2 == 0:
            yield start, (parts[0] if len(parts) == 1 else b"".join(parts)).decode("utf-8-sig")
            parts, quotes = [], 0
    if parts:  # a quote left open: the reader says so
        yield start, b"".join(parts).decode("utf-8-sig")


def _cells(text: str) -> list[str]:
    """The cells of one CSV record."""
    return next(csv.reader(text.splitlines(keepends=True), strict=True), [])


def _hash_file(path: Path, digest: Any) -> None:
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)


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
    del data
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError("a .json seed file must hold an array of objects")
    for row in value:  # nulls are empty cells; dropped in place, not copied
        for key in [key for key, item in row.items() if item is None]:
            del row[key]
    return value


def _present(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` without its nulls (empty cells)."""
    return {key: item for key, item in row.items() if item is not None}


def _parquet_table(path: Path, digest: Any) -> Any:
    _hash_file(path, digest)
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path)
    except pa.ArrowException as exc:
        raise ValueError(str(exc).splitlines()[0]) from exc
