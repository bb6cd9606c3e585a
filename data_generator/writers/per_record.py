"""Formats with one file per record: ``json``, ``yaml`` and ``txt``.

A record file is named by its index (``tech-support-000001.json``), so a rerun finds what
exists and fills only the gaps, and the folder can be uploaded as documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import orjson
import yaml
from pydantic import BaseModel

from data_generator.errors import OutputError
from data_generator.writers.base import IndexSet, OutputLayout, atomic_write_bytes

__all__ = ["PerRecordWriter", "encode_json", "encode_yaml"]

Encoder = Callable[[BaseModel], bytes]


def encode_json(record: BaseModel) -> bytes:
    """Pretty JSON with a trailing newline."""
    return orjson.dumps(record.model_dump(mode="json"), option=orjson.OPT_INDENT_2) + b"\n"


def encode_yaml(record: BaseModel) -> bytes:
    """Block-style YAML in field order."""
    text = yaml.safe_dump(
        record.model_dump(mode="json"), sort_keys=False, allow_unicode=True, width=100
    )
    return text.encode("utf-8")


class PerRecordWriter:
    """Writes each record to its own file, atomically."""

    def __init__(self, layout: OutputLayout, encode: Encoder) -> None:
        self.layout = layout
        self._encode = encode
        self._written: list[Path] = []
        self._pattern = re.compile(
            rf"^{re.escape(layout.scenario)}-(\d+)\.{re.escape(layout.extension)}$"
        )

    def open(self) -> IndexSet:
        """Return the indices whose files already exist."""
        done = IndexSet()
        for entry in self.layout.out_dir.iterdir():
            match = self._pattern.match(entry.name)
            if match:
                done.add(int(match.group(1)))
        return done

    def prune(self, last: int) -> int:
        """Delete the record files with an index above ``last``; return how many.

        Raises:
            OutputError: A file cannot be deleted.
        """
        removed = 0
        for entry in self.layout.out_dir.iterdir():
            match = self._pattern.match(entry.name)
            if match and int(match.group(1)) > last:
                try:
                    entry.unlink()
                except OSError as exc:
                    raise OutputError(
                        f"cannot delete {str(entry)!r} for --prune: {exc.strerror or exc}",
                        hint="Check the permissions of the out-dir",
                    ) from exc
                removed += 1
        return removed

    def write(self, index: int, record: BaseModel) -> None:
        """Write one record file through a temporary name."""
        atomic_write_bytes(self.layout, self.layout.record_path(index), self._encode(record))

    def close(self) -> list[Path]:
        """Per-record files are complete as written; return the folder."""
        return [self.layout.out_dir]
