"""The journal of a Parquet file's sealed row groups: ``<name>.groups.journal``.

Two kinds of line, appended in the order things happen:

- ``group N RANGES``: row group ``N`` (counted from 1) is sealed in
  ``<name>.groups/N.parquet`` and holds the records ``RANGES`` (``1-9000,9002``);
- ``final G S SIZE``: the final file was written with row groups ``1..G`` followed by the
  ``S`` records then being filled, and is ``SIZE`` bytes long; the files of groups up to
  ``G`` are no longer needed.

Reading stops at the first line that is cut off or out of order, and cuts it away.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from data_generator.writers.base import IndexSet
from data_generator.writers.journal import write_all

__all__ = ["GroupLog", "format_ranges", "parse_ranges"]

_GROUP_FILE = re.compile(r"^(\d{6,})\.parquet$")


def format_ranges(indices: Iterable[int]) -> str:
    """``[1, 2, 3, 5]`` as ``1-3,5`` (indices in ascending order)."""
    parts: list[str] = []
    start = previous = None
    for index in indices:
        if previous is not None and index == previous + 1:
            previous = index
            continue
        if start is not None:
            parts.append(f"{start}-{previous}" if previous != start else f"{start}")
        start = previous = index
    if start is not None:
        parts.append(f"{start}-{previous}" if previous != start else f"{start}")
    return ",".join(parts)


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """``1-3,5`` as ``[(1, 3), (5, 5)]``.

    Raises:
        ValueError: ``text`` is not a list of ascending ranges.
    """
    ranges = []
    last = -1
    for part in text.split(","):
        first_text, _, last_text = part.partition("-")
        first = int(first_text)
        end = int(last_text) if last_text else first
        if not last < first <= end:
            raise ValueError(f"bad range {part!r}")
        ranges.append((first, end))
        last = end
    return ranges


class GroupLog:
    """The sealed row groups of one Parquet file, and what its final file holds.

    Args:
        path: The journal file.
        folder: Where the sealed groups' files go.
    """

    def __init__(self, path: Path, folder: Path) -> None:
        self.path = path
        self.folder = folder
        self._groups: list[list[tuple[int, int]]] = []
        self.in_final = 0  # groups 1..in_final are in the final file
        self._mark: tuple[int, int, int] | None = None
        self._size = 0  # bytes of whole, valid lines

    @property
    def count(self) -> int:
        """How many row groups are sealed."""
        return len(self._groups)

    def group_path(self, number: int) -> Path:
        """The file of sealed row group ``number``."""
        return self.folder / f"{number:06d}.parquet"

    def size(self, number: int) -> int:
        """The records in row group ``number``."""
        return sum(end - first + 1 for first, end in self._groups[number - 1])

    def group_indices(self, number: int) -> list[int]:
        """The indices of row group ``number``, ascending (the order of its rows)."""
        return [index for first, end in self._groups[number - 1] for index in range(first, end + 1)]

    def indices(self) -> IndexSet:
        """The indices of every sealed record."""
        done = IndexSet()
        for ranges in self._groups:
            for first, end in ranges:
                for index in range(first, end + 1):
                    done.add(index)
        return done

    def final_mark(self) -> tuple[int, int, int] | None:
        """``(groups, rows being filled, size)`` of the final file as last written."""
        return self._mark

    def read(self) -> None:
        """Read the journal, cutting away a damaged tail.

        Raises:
            OSError: It cannot be read or cut.
        """
        data = self.path.read_bytes() if self.path.exists() else b""
        self._groups, self.in_final, self._mark, self._size = [], 0, None, 0
        for line in data.split(b"\n")[:-1]:
            if not self._take(line.decode("ascii", "replace").split(" ")):
                break
            self._size += len(line) + 1
        if self._size != len(data):
            os.truncate(self.path, self._size)

    def _take(self, words: list[str]) -> bool:
        try:
            if words[0] == "group" and len(words) == 3 and int(words[1]) == self.count + 1:
                self._groups.append(parse_ranges(words[2]))
                return True
            if words[0] == "final" and len(words) == 4:
                groups, rows, size = (int(word) for word in words[1:])
                if self.in_final <= groups <= self.count and min(rows, size) >= 0:
                    self.in_final, self._mark = groups, (groups, rows, size)
                    return True
        except ValueError:
            pass
        return False

    def files_present(self) -> bool:
        """Whether every sealed group not yet in the final file has its file."""
        return all(
            self.group_path(number).is_file() for number in range(self.in_final + 1, self.count + 1)
        )

    def add(self, done: Iterable[int]) -> None:
        """Note that the next row group, holding ``done``, is sealed in its file.

        Raises:
            OSError: The line cannot be written (the journal is left as it was).
        """
        ranges = format_ranges(sorted(done))
        self._append(f"group {self.count + 1} {ranges}\n")
        self._groups.append(parse_ranges(ranges))

    def note_final(self, rows: int, size: int) -> None:
        """Note that the final file holds every sealed group and ``rows`` more records.

        Then delete the group files, which it now holds.

        Raises:
            OSError: The line cannot be written (the group files are kept).
        """
        self._append(f"final {self.count} {rows} {size}\n")
        self.in_final, self._mark = self.count, (self.count, rows, size)
        self.remove_stray_files()

    def remove_stray_files(self) -> None:
        """Delete group files the final file already holds, or that no line accounts for."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            match = _GROUP_FILE.match(entry.name)
            if match and not self.in_final < int(match.group(1)) <= self.count:
                with contextlib.suppress(OSError):
                    entry.unlink()

    def reset(self) -> None:
        """Forget every group: empty the journal and delete the group files.

        Raises:
            OSError: The journal cannot be emptied.
        """
        self._groups, self.in_final, self._mark, self._size = [], 0, None, 0
        self.remove_stray_files()
        self.path.write_bytes(b"")

    def _append(self, line: str) -> None:
        data = line.encode("ascii")
        try:
            with open(self.path, "ab", buffering=0) as handle:
                write_all(handle, data)
        except OSError:
            with contextlib.suppress(OSError):
                os.truncate(self.path, self._size)
            raise
        self._size += len(data)
