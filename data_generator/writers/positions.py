"""Where each of a shard's records sits, kept in a temporary file rather than in memory.

A shard's ``k``-th index (``first + k * N``) gets a slot of two numbers: a byte range of a
``jsonl``/``csv`` file, or a row group and row of a Parquet file. Slots are written in any
order (a resumed shard appends a gap it fills after later records) and read back in index
order, so joining shards costs no memory per record.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path

__all__ = ["Positions"]

_SLOT = struct.Struct("<qq")


class Positions:
    """Slots of two numbers, by position, in the file ``path`` (created empty).

    Args:
        path: A temporary file of the caller's.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)

    def put(self, position: int, first: int, second: int) -> None:
        """Set slot ``position``."""
        os.pwrite(self._fd, _SLOT.pack(first, second), position * _SLOT.size)

    def read(self) -> Iterator[tuple[int, int]]:
        """The slots from position 0 on, in order."""
        with open(self.path, "rb") as handle:
            while chunk := handle.read(_SLOT.size * 4096):
                yield from _SLOT.iter_unpack(chunk)

    def close(self) -> None:
        """Close the file (the caller deletes it)."""
        os.close(self._fd)
