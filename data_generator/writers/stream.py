"""Formats with one file per run, written as a stream: ``jsonl`` and ``csv``.

While a run is going, records are appended to ``.datagen/<name>.part`` and, after each
record, a line ``index end-offset`` to ``.datagen/<name>.journal``. Both are flushed per
record, so a killed process loses at most the records in flight. On the next run the part
file is cut back to the last offset the journal vouches for, and the run goes on. Closing
renames the part file to its final name in one step; the journal stays, so a later run
with a larger ``--count`` can extend the file.

CSV columns are the record model's top-level fields; nested objects and lists are encoded
as JSON text in their cell, ``None`` as an empty cell, booleans as ``true``/``false``;
text a spreadsheet would run as a formula gets a leading ``'`` unless turned off
(:mod:`data_generator.writers.csv_cells`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import orjson
from pydantic import BaseModel

from data_generator.errors import OutputError
from data_generator.writers.base import IndexSet, OutputLayout, move_into_place
from data_generator.writers.csv_cells import encode_row, escape_formula

__all__ = ["CsvEncoder", "StreamWriter", "encode_jsonl"]


def encode_jsonl(record: BaseModel) -> bytes:
    """One compact JSON object and a newline."""
    return orjson.dumps(record.model_dump(mode="json"), option=orjson.OPT_APPEND_NEWLINE)


class CsvEncoder:
    """Encodes records as CSV rows over the record model's top-level fields.

    Args:
        record_model: The record model; its fields are the columns.
        escape_formulas: Put a ``'`` before text that a spreadsheet would run as a formula
            (see :mod:`data_generator.writers.csv_cells`); numbers are never escaped.
    """

    def __init__(self, record_model: type[BaseModel], *, escape_formulas: bool = True) -> None:
        self.columns = list(record_model.model_fields)
        self.escape_formulas = escape_formulas

    def header(self) -> bytes:
        """The header row."""
        return encode_row(self.columns)

    def __call__(self, record: BaseModel) -> bytes:
        """Encode one record as a CSV row."""
        data = record.model_dump(mode="json")
        cells = [_cell(data[column]) for column in self.columns]
        if self.escape_formulas:
            cells = [
                escape_formula(cell) if isinstance(getattr(record, column), str) else cell
                for column, cell in zip(self.columns, cells, strict=True)
            ]
        return encode_row(cells)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return str(value)


def _write_all(handle: IO[bytes], data: bytes) -> None:
    """Write all of ``data`` to an unbuffered file (a raw write may be partial)."""
    written = handle.write(data) or 0
    while written < len(data):
        written += handle.write(data[written:]) or 0


class StreamWriter:
    """Appends encoded records to one file, journaled for resume."""

    def __init__(
        self,
        layout: OutputLayout,
        encode: Callable[[BaseModel], bytes],
        *,
        header: bytes = b"",
        final_path: Path | None = None,
    ) -> None:
        self.layout = layout
        self._encode = encode
        self._header = header
        self.final_path = final_path or layout.data_path
        name = self.final_path.name
        self.part_path = layout.state_dir / f"{name}.part"
        self.journal_path = layout.state_dir / f"{name}.journal"
        self._data: IO[bytes] | None = None
        self._journal: IO[bytes] | None = None
        self._offset = 0
        self._unchanged = False  # the part file is a plain copy of the final file

    def open(self) -> IndexSet:
        """Recover an interrupted or finished run and return the indices it holds."""
        try:
            if not self.part_path.exists():
                if self.final_path.exists():
                    shutil.copyfile(self.final_path, self.part_path)
                    self._unchanged = True
                else:
                    self.part_path.write_bytes(self._header)
                    self.journal_path.write_bytes(b"")
            done = self._recover()
            # Unbuffered: every write() is one system call, so what was written survives
            # a kill of the process without a flush.
            self._data = open(self.part_path, "ab", buffering=0)  # noqa: SIM115
            self._journal = open(self.journal_path, "ab", buffering=0)  # noqa: SIM115
        except OSError as exc:
            raise OutputError(
                f"cannot prepare {str(self.final_path)!r}: {exc.strerror or exc}",
                hint="Check free space and permissions of the out-dir",
            ) from exc
        return done

    def _recover(self) -> IndexSet:
        """Cut the part file and journal back to the records both vouch for."""
        size = self.part_path.stat().st_size
        done = IndexSet()
        if size < len(self._header):  # killed while writing the header
            self.part_path.write_bytes(self._header)
            self.journal_path.write_bytes(b"")
            self._offset = len(self._header)
            return done
        journal = self.journal_path.read_bytes() if self.journal_path.exists() else b""
        kept = 0
        offset = len(self._header)
        for line in journal.split(b"\n")[:-1]:  # the last piece is unterminated or empty
            index_text, _, offset_text = line.partition(b" ")
            try:
                index, end = int(index_text), int(offset_text)
            except ValueError:
                break
            if end > size or end < offset:
                break
            done.add(index)
            offset = end
            kept += len(line) + 1
        if offset != size:
            self._unchanged = False
            with open(self.part_path, "r+b") as handle:
                handle.truncate(offset)
        if kept != len(journal):
            with open(self.journal_path, "r+b") as handle:
                handle.truncate(kept)
        self._offset = offset
        return done

    def write(self, index: int, record: BaseModel) -> None:
        """Append one record, then its journal line."""
        assert self._data is not None, "open() first"
        assert self._journal is not None, "open() first"
        payload = self._encode(record)
        self._unchanged = False
        try:
            _write_all(self._data, payload)
            self._offset += len(payload)
            _write_all(self._journal, b"%d %d\n" % (index, self._offset))
        except OSError as exc:
            raise OutputError(
                f"cannot write {str(self.part_path)!r}: {exc.strerror or exc}",
                hint="Check free space of the out-dir; rerun to continue",
            ) from exc

    @property
    def unchanged(self) -> bool:
        """True while the output equals the final file of an earlier run."""
        return self._unchanged

    def close(self) -> list[Path]:
        """Close the files and give the part file its final name."""
        self.detach()
        try:
            if self._unchanged and self.final_path.exists():
                self.part_path.unlink()  # nothing new: leave the final file untouched
                return [self.final_path]
            move_into_place(self.part_path, self.final_path)
        except OSError as exc:
            raise OutputError(
                f"cannot move {str(self.part_path)!r} to {str(self.final_path)!r}: "
                f"{exc.strerror or exc}",
                hint="Check permissions of the out-dir; rerun to finish",
            ) from exc
        return [self.final_path]

    def prune(self, last: int) -> int:
        """Rewrite the part file without the records above ``last``; return how many.

        The journal is emptied before the part file is replaced and refilled after, so a
        kill in between leaves an empty journal (the records are made again), never a
        journal that points into the wrong file.

        Raises:
            OutputError: The files cannot be rewritten.
        """
        self.detach()
        part = self.layout.temporary_path(self.part_path)
        journal = self.layout.temporary_path(self.journal_path)
        try:
            dropped, self._offset = self._copy_kept(last, part, journal)
            if dropped:
                self.journal_path.write_bytes(b"")
                os.replace(part, self.part_path)
                os.replace(journal, self.journal_path)
                self._unchanged = False
            self._data = open(self.part_path, "ab", buffering=0)  # noqa: SIM115
            self._journal = open(self.journal_path, "ab", buffering=0)  # noqa: SIM115
        except OSError as exc:
            raise OutputError(
                f"cannot prune {str(self.final_path)!r}: {exc.strerror or exc}",
                hint="Check free space of the out-dir; rerun to continue",
            ) from exc
        finally:
            part.unlink(missing_ok=True)
            journal.unlink(missing_ok=True)
        return dropped

    def _copy_kept(self, last: int, part: Path, journal: Path) -> tuple[int, int]:
        """Copy the records up to ``last`` and their journal lines to ``part``, ``journal``.

        Returns:
            How many records were left out, and the size of the new part file.
        """
        dropped = 0
        start = offset = len(self._header)
        with (
            open(self.part_path, "rb") as old_part,
            open(self.journal_path, "rb") as old_journal,
            open(part, "wb") as new_part,
            open(journal, "wb") as new_journal,
        ):
            new_part.write(self._header)
            for line in old_journal:
                index_text, _, end_text = line.partition(b" ")
                index, end = int(index_text), int(end_text)
                if index > last:
                    dropped += 1
                else:
                    old_part.seek(start)
                    new_part.write(old_part.read(end - start))
                    offset += end - start
                    new_journal.write(b"%d %d\n" % (index, offset))
                start = end
        return dropped, offset

    def detach(self) -> None:
        """Close the files but leave the part file and journal for a later run to resume."""
        for handle in (self._data, self._journal):
            if handle is not None:
                handle.close()
        self._data = self._journal = None
