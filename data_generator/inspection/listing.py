"""The record files of a folder, listed compactly: a million files fit in a few megabytes.

A per-record output folder holds ``<scenario>-<index>.<ext>`` files; they are kept as an
array of indices (8 bytes each) per name pattern, and any other name as text. Iteration
yields them sorted: per-record files by index, then the other names.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterator
from pathlib import Path

from data_generator.formats import RECORD_FILE_STEM

__all__ = ["FileList"]


class FileList:
    """Sorted paths of files in one folder (or one file), held compactly.

    Args:
        folder: The folder the names are in.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._indices: dict[tuple[str, str], array[int]] = {}
        self._others: list[str] = []
        self._sorted = True

    @classmethod
    def scan(cls, folder: Path, suffixes: set[str]) -> FileList:
        """The files in ``folder`` whose suffix is one of ``suffixes`` (and ``.``-less)."""
        found = cls(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if os.path.splitext(entry.name)[1] in suffixes and entry.is_file():
                    found.add(entry.name)
        return found

    def add(self, name: str) -> None:
        """Add one file name."""
        stem, suffix = os.path.splitext(name)
        match = RECORD_FILE_STEM.match(stem) if len(suffix) > 1 else None
        if match is not None:
            index = int(match["index"])
            if f"{index:06d}" == match["index"]:  # the name can be rebuilt from the index
                key = (match["scenario"], suffix)
                self._indices.setdefault(key, array("q")).append(index)
                self._sorted = False
                return
        self._others.append(name)
        self._sorted = False

    def __len__(self) -> int:
        return sum(len(indices) for indices in self._indices.values()) + len(self._others)

    def __iter__(self) -> Iterator[Path]:
        if not self._sorted:  # once: sorting briefly holds the indices as Python ints
            self._indices = {key: array("q", sorted(found)) for key, found in self._indices.items()}
            self._others.sort()
            self._sorted = True
        for (stem, suffix), indices in sorted(self._indices.items()):
            for index in indices:
                yield self.folder / f"{stem}-{index:06d}{suffix}"
        for name in self._others:
            yield self.folder / name

    def suffixes(self) -> set[str]:
        """The file suffixes present (``.json``, ...)."""
        found = {suffix for _, suffix in self._indices}
        return found | {os.path.splitext(name)[1] for name in self._others}

    def first(self) -> Path | None:
        """The first path in order, if any."""
        return next(iter(self), None)
