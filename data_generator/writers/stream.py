"""Formats with one file per run, written as a stream: ``jsonl`` and ``csv``.

While a run is going, records are appended to ``.datagen/<name>.part`` and, after each
record, a line ``index end-offset`` to ``.datagen/<name>.journal`` (see
:mod:`~data_generator.writers.journal`), so a killed process loses at most the records in
flight. On the next run the part file is cut back to the last offset the journal vouches
for, and the run goes on. Closing (also after an error or an interrupt) cuts the part file
back to its whole records and renames it to its final name in one step. The journal stays
and vouches for the final file, so a rerun that adds nothing leaves the file untouched,
and one with a larger ``--count`` renames it back to the part file and extends it.

CSV columns are the record model's top-level fields; nested objects and lists are encoded
as JSON text in their cell, ``None`` as an empty cell, booleans as ``true``/``false``;
text a spreadsheet would run as a formula gets a leading ``'`` unless turned off
(:mod:`data_generator.writers.csv_cells`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel

from data_generator.errors import OutputError
from data_generator.writers.base import IndexSet, OutputLayout, move_into_place, write_error
from data_generator.writers.csv_cells import encode_row, escape_formula
from data_generator.writers.journal import Journal, scan_journal

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


class StreamWriter:
    """Appends encoded records to one file, journaled for resume.

    Args:
        layout: Where the files go.
        encode: Turns a record into its bytes.
        header: Bytes the file starts with (the CSV header).
        final_path: The file's final name (``layout.data_path`` by default).
    """

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
        self.final_path = final_path or layout.data_path
        name = self.final_path.name
        self.part_path = layout.state_dir / f"{name}.part"
        self.journal_path = layout.state_dir / f"{name}.journal"
        self._journal = Journal(self.part_path, self.journal_path, header)
        self._in_place = False  # the journal vouches for the final file, left where it is
        self._failed: OutputError | None = None

    def open(self) -> IndexSet:
        """Recover an interrupted or finished run and return the indices it holds.

        A complete final file that its journal vouches for is left where it is, untouched:
        it moves to the part file (a rename, no copy) only when a record is added.

        Raises:
            OutputError: The files cannot be read or prepared.
        """
        journal = self._journal
        try:
            if self.part_path.exists():
                return journal.recover()
            if self.final_path.exists():
                size = self.final_path.stat().st_size
                scan = scan_journal(self.journal_path, size, len(journal.header))
                if self.journal_path.exists() and scan.end == size:
                    journal.adopt(scan)
                    self._in_place = True
                    return scan.done
                # Bytes no journal line vouches for (a record cut off by an older
                # version): cut them away in the part file, rename it back at close.
                move_into_place(self.final_path, self.part_path)
                return journal.recover()
            journal.create()
        except OSError as exc:
            raise write_error(f"cannot prepare {str(self.final_path)!r}", exc) from exc
        return IndexSet()

    def write(self, index: int, record: BaseModel) -> None:
        """Append one record, then its journal line.

        Raises:
            OutputError: The record cannot be written; the files keep every record
                written before it, and later writes fail the same way.
        """
        if self._failed is not None:
            raise self._failed
        payload = self._encode(record)
        try:
            if self._in_place:
                move_into_place(self.final_path, self.part_path)
                self._in_place = False
            self._journal.append(index, payload)
        except OSError as exc:
            where = str(self.part_path)
            self._failed = write_error(f"cannot write record {index} to {where!r}", exc)
            raise self._failed from exc

    def close(self) -> list[Path]:
        """Give the part file its final name, holding every whole record written.

        A file that no record was added to is left as it is.

        Raises:
            OutputError: The part file cannot be cut back or renamed; it stays for a
                later run to resume.
        """
        self.detach()
        if self._in_place:
            return [self.final_path]
        try:
            if self.part_path.stat().st_size != self._journal.end:
                os.truncate(self.part_path, self._journal.end)
            move_into_place(self.part_path, self.final_path)
        except OSError as exc:
            raise write_error(
                f"cannot move {str(self.part_path)!r} to {str(self.final_path)!r}",
                exc,
                then="rerun the same command to finish",
            ) from exc
        return [self.final_path]

    def prune(self, last: int) -> int:
        """Rewrite the file without the records above ``last``; return how many.

        The journal is emptied before the part file is replaced and refilled after, so a
        kill in between leaves an empty journal (the records are made again), never a
        journal that points into the wrong file.

        Raises:
            OutputError: The files cannot be rewritten.
        """
        if not any(index > last for index in self._journal.done):
            return 0
        self.detach()
        source = self.final_path if self._in_place else self.part_path
        part = self.layout.temporary_path(self.part_path)
        journal = self.layout.temporary_path(self.journal_path)
        try:
            dropped = self._copy_kept(source, last, part, journal)
            self.journal_path.write_bytes(b"")
            os.replace(part, self.part_path)
            os.replace(journal, self.journal_path)
            self._in_place = False  # the part file holds the records now; close moves it
            self._journal.recover()
        except OSError as exc:
            raise write_error(f"cannot prune {str(self.final_path)!r}", exc) from exc
        finally:
            part.unlink(missing_ok=True)
            journal.unlink(missing_ok=True)
        return dropped

    def _copy_kept(self, source: Path, last: int, part: Path, journal: Path) -> int:
        """Copy the records up to ``last`` and their journal lines to ``part``, ``journal``.

        Returns:
            How many records were left out.
        """
        header = self._journal.header
        dropped = 0
        start = offset = len(header)
        with (
            open(source, "rb") as old_part,
            open(self.journal_path, "rb") as old_journal,
            open(part, "wb") as new_part,
            open(journal, "wb") as new_journal,
        ):
            new_part.write(header)
            for _ in range(self._journal.count):
                index_text, _, end_text = old_journal.readline().partition(b" ")
                index, end = int(index_text), int(end_text)
                if index > last:
                    dropped += 1
                else:
                    old_part.seek(start)
                    new_part.write(old_part.read(end - start))
                    offset += end - start
                    new_journal.write(b"%d %d\n" % (index, offset))
                start = end
        return dropped

    def detach(self) -> None:
        """Close the files but leave the part file and journal for a later run to resume."""
        self._journal.close()
