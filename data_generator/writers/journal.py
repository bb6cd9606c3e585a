"""An append-only data file with a journal that vouches for each record in it.

After each record is appended to the data file, a line ``index end-offset`` is appended to
the journal. Both files are unbuffered, so a killed process loses at most the record in
flight. Whatever the journal does not vouch for (a record cut off mid-write, a half
journal line) is cut away before anything is appended again, so a record is either in the
data file whole and journaled, or not there at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from data_generator.writers.base import IndexSet

__all__ = ["Journal", "JournalScan", "scan_journal", "write_all"]


@dataclass
class JournalScan:
    """What a journal vouches for in a data file of a given size.

    Attributes:
        done: The indices of the records vouched for.
        end: The offset where the last vouched record ends (the header's end if none).
        kept: The bytes of the journal that are whole lines within the data file.
        journal_size: The journal's size as found.
        lines: The journal lines kept (records vouched for).
        order: The indices vouched for, in the order they were appended (only when asked
            for: see :func:`scan_journal`).
    """

    done: IndexSet
    end: int
    kept: int
    journal_size: int
    lines: int
    order: list[int]


def scan_journal(
    journal_path: Path, data_size: int, header_size: int, *, keep_order: bool = False
) -> JournalScan:
    """Read ``journal_path`` against a data file of ``data_size`` bytes.

    A line is kept while it is whole, parses, and its offset lies between the previous
    one and ``data_size``; reading stops at the first line that is not. With
    ``keep_order`` the indices are also listed in the order of their lines.
    """
    journal = journal_path.read_bytes() if journal_path.exists() else b""
    done = IndexSet()
    order: list[int] = []
    kept = lines = 0
    end = header_size
    for line in journal.split(b"\n")[:-1]:  # the last piece is unterminated or empty
        index_text, _, offset_text = line.partition(b" ")
        try:
            index, offset = int(index_text), int(offset_text)
        except ValueError:
            break
        if offset > data_size or offset < end:
            break
        done.add(index)
        if keep_order:
            order.append(index)
        end = offset
        kept += len(line) + 1
        lines += 1
    return JournalScan(done, end, kept, len(journal), lines, order)


def write_all(handle: IO[bytes], data: bytes) -> None:
    """Write all of ``data`` to an unbuffered file (a raw write may be partial)."""
    written = handle.write(data) or 0
    while written < len(data):
        written += handle.write(data[written:]) or 0


class Journal:
    """A data file and its journal, opened for appending whole records.

    Args:
        data_path: The data file.
        journal_path: Its journal.
        header: Bytes every data file starts with (a CSV header), vouched for by no line.
        keep_order: Keep :attr:`order`, the indices in the order they were appended (for
            a journal of bounded length: it costs memory per record).
    """

    def __init__(
        self, data_path: Path, journal_path: Path, header: bytes = b"", *, keep_order: bool = False
    ) -> None:
        self.data_path = data_path
        self.journal_path = journal_path
        self.header = header
        self.keep_order = keep_order
        self.order: list[int] = []  # with keep_order: the indices as appended
        self.end = len(header)  # where the last vouched record ends
        self.count = 0  # records vouched for
        self.done = IndexSet()  # their indices
        self._journal_size = 0
        self._data: IO[bytes] | None = None
        self._journal: IO[bytes] | None = None

    def create(self) -> None:
        """Start an empty data file (the header alone) and an empty journal.

        Raises:
            OSError: They cannot be written.
        """
        self.close()
        self.data_path.write_bytes(self.header)
        self.journal_path.write_bytes(b"")
        self.end = len(self.header)
        self.count = self._journal_size = 0
        self.done = IndexSet()
        self.order = []

    def recover(self) -> IndexSet:
        """Cut the data file and journal back to what both vouch for; return the indices.

        Raises:
            OSError: The files cannot be read or cut.
        """
        size = self.data_path.stat().st_size
        if size < len(self.header):  # killed while the header was written
            self.create()
            return IndexSet()
        scan = scan_journal(self.journal_path, size, len(self.header), keep_order=self.keep_order)
        if scan.end != size:
            os.truncate(self.data_path, scan.end)
        if scan.kept != scan.journal_size:
            os.truncate(self.journal_path, scan.kept)
        self.end, self.count, self._journal_size = scan.end, scan.lines, scan.kept
        self.done, self.order = scan.done, scan.order
        return scan.done

    def adopt(self, scan: JournalScan) -> None:
        """Take ``scan`` of a data file that needs no cut as the state to append to."""
        self.end, self.count, self._journal_size = scan.end, scan.lines, scan.kept
        self.done, self.order = scan.done, scan.order
        if scan.kept != scan.journal_size:
            os.truncate(self.journal_path, scan.kept)

    def append(self, index: int, payload: bytes) -> None:
        """Append one record, then the journal line that vouches for it.

        On failure both files are cut back to the last vouched record (as far as that
        succeeds), so a later append never lands behind a half-written one.

        Raises:
            OSError: The record or its journal line cannot be written.
        """
        if self._data is None or self._journal is None:
            # Unbuffered: every write() is one system call, so what was written survives
            # a kill of the process without a flush.
            self._data = open(self.data_path, "ab", buffering=0)  # noqa: SIM115
            self._journal = open(self.journal_path, "ab", buffering=0)  # noqa: SIM115
        line = b"%d %d\n" % (index, self.end + len(payload))
        try:
            write_all(self._data, payload)
            write_all(self._journal, line)
        except OSError:
            self.cut()
            raise
        self.end += len(payload)
        self._journal_size += len(line)
        self.count += 1
        self.done.add(index)
        if self.keep_order:
            self.order.append(index)

    def cut(self) -> None:
        """Cut both files back to the last vouched record, as far as that succeeds."""
        for path, size in ((self.data_path, self.end), (self.journal_path, self._journal_size)):
            try:
                if path.stat().st_size != size:
                    os.truncate(path, size)
            except OSError:
                pass  # what is left past ``size`` is cut by the next recover()

    def close(self) -> None:
        """Close the open files (the data stays as it is)."""
        for handle in (self._data, self._journal):
            if handle is not None:
                handle.close()
        self._data = self._journal = None
