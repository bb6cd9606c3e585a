"""What every writer shares: the output layout, the writer protocol and the index set."""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from data_generator.errors import OutputError
from data_generator.formats import (
    EXTENSIONS,
    PER_RECORD_FORMATS,
    OutputFormat,
    data_file_name,
    record_file_name,
)

__all__ = [
    "STATE_DIR_NAME",
    "IndexSet",
    "OutputLayout",
    "RecordWriter",
    "atomic_write_bytes",
    "move_into_place",
    "write_error",
]

STATE_DIR_NAME = ".datagen"


@dataclass(frozen=True)
class OutputLayout:
    """Where a run's files go.

    Attributes:
        out_dir: The folder of record files.
        scenario: The scenario name, the stem of every record file.
        output_format: The output format.
        state_root: Where run state goes instead of ``out_dir/.datagen`` (``--state-dir``):
            each out-dir gets its own sub-folder there, see :attr:`state_dir`.
    """

    out_dir: Path
    scenario: str
    output_format: OutputFormat
    state_root: Path | None = field(default=None, kw_only=True)

    @functools.cached_property
    def state_dir(self) -> Path:
        """The folder of run state (manifest, failures, journals, temporary files).

        ``out_dir/.datagen`` by default. Under a ``state_root`` it is
        ``<state_root>/<out-dir name>-<digest>``, the digest being the first 12 hex digits
        of the SHA-256 of the out-dir's absolute path, so several out-dirs share one
        state root without mixing.
        """
        if self.state_root is None:
            return self.out_dir / STATE_DIR_NAME
        absolute = str(self.out_dir.resolve())
        digest = hashlib.sha256(absolute.encode("utf-8")).hexdigest()[:12]
        return self.state_root / f"{self.out_dir.resolve().name or 'root'}-{digest}"

    @property
    def extension(self) -> str:
        """The file extension of the format."""
        return EXTENSIONS[self.output_format]

    @property
    def per_record(self) -> bool:
        """True when each record gets its own file."""
        return self.output_format in PER_RECORD_FORMATS

    def record_path(self, index: int) -> Path:
        """The file of record ``index`` (per-record formats)."""
        return self.out_dir / record_file_name(self.scenario, index, self.output_format)

    @property
    def data_path(self) -> Path:
        """The single output file (jsonl, csv, parquet)."""
        return self.out_dir / data_file_name(self.scenario, self.output_format)

    def prepare(self) -> None:
        """Create the out-dir and its state folder, or explain why they cannot be.

        Raises:
            OutputError: The out-dir is a file, or cannot be created or written.
        """
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise OutputError(
                f"out-dir {str(self.out_dir)!r} is a file, not a folder",
                hint="Choose a folder with --out-dir",
            )
        try:
            (self.state_dir / "tmp").mkdir(parents=True, exist_ok=True)
            _remove_stale_temporaries(self.state_dir / "tmp")
            probe = self.state_dir / "tmp" / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if self.state_root is not None and not self.state_dir.is_dir():
                raise OutputError(
                    f"cannot write run state to {str(self.state_dir)!r}: {exc.strerror or exc}",
                    hint="Choose a writable folder with --state-dir (or DATAGEN_STATE_DIR)",
                ) from exc
            raise OutputError(
                f"cannot write to out-dir {str(self.out_dir)!r}: {exc.strerror or exc}",
                hint="Choose a writable folder with --out-dir",
            ) from exc

    def temporary_path(self, final: Path) -> Path:
        """A private temporary name for ``final`` inside the state folder."""
        return self.state_dir / "tmp" / f"{final.name}.{os.getpid()}.tmp"


def _remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files (``<name>.<pid>.tmp``) of processes that no longer run."""
    for entry in folder.glob("*.tmp"):
        pid = entry.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                entry.unlink()


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # no permission to signal it: it exists
        return True
    return True


class RecordWriter(Protocol):
    """One output format. The engine calls ``open``, ``write`` per record, then ``close``."""

    layout: OutputLayout

    def open(self) -> IndexSet:
        """Prepare to write, recovering an interrupted run.

        Returns:
            The indices already written.
        """
        ...

    def write(self, index: int, record: BaseModel) -> None:
        """Write record ``index`` so that it survives the process being killed."""
        ...

    def close(self) -> list[Path]:
        """Finish the output and return the paths that hold records."""
        ...

    def prune(self, last: int) -> int:
        """Delete the records with an index above ``last``; return how many (``--prune``).

        Called after ``open`` and before any ``write``.
        """
        ...


class IndexSet:
    """A compact set of positive record indices (one bit each)."""

    def __init__(self, indices: Iterable[int] = ()) -> None:
        self._bits = bytearray()
        self._count = 0
        for index in indices:
            self.add(index)

    def add(self, index: int) -> None:
        """Add ``index``."""
        byte, bit = divmod(index, 8)
        if byte >= len(self._bits):
            self._bits.extend(bytes(byte - len(self._bits) + 1 + len(self._bits) // 2))
        if not self._bits[byte] & (1 << bit):
            self._bits[byte] |= 1 << bit
            self._count += 1

    def __contains__(self, index: object) -> bool:
        if not isinstance(index, int) or index < 0:
            return False
        byte, bit = divmod(index, 8)
        return byte < len(self._bits) and bool(self._bits[byte] & (1 << bit))

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        for byte, value in enumerate(self._bits):
            if value:
                for bit in range(8):
                    if value & (1 << bit):
                        yield byte * 8 + bit

    def count_upto(self, last: int) -> int:
        """How many indices are in ``1..last``."""
        return sum(1 for index in self if 1 <= index <= last)


def atomic_write_bytes(layout: OutputLayout, final: Path, data: bytes) -> None:
    """Write ``data`` to ``final`` through a temporary file and a rename.

    Raises:
        OutputError: The file cannot be written.
    """
    temporary = layout.temporary_path(final)
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        move_into_place(temporary, final)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise write_error(f"cannot write {str(final)!r}", exc) from exc


def write_error(
    message: str, exc: BaseException, *, then: str = "rerun the same command to continue"
) -> OutputError:
    """The error of a write that failed with ``exc``: the reason, and what to do.

    Args:
        message: What could not be written (``cannot write 'out/x.json'``).
        exc: Why.
        then: What to do once the cause is fixed.
    """
    reason = getattr(exc, "strerror", None) or str(exc)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = f"Free some space in the out-dir, then {then}"
    else:
        hint = f"Check the out-dir's free space and permissions, then {then}"
    return OutputError(f"{message}: {reason}", hint=hint)


def move_into_place(source: Path, final: Path) -> None:
    """Rename ``source`` to ``final`` in one step, also across file systems.

    A state folder elsewhere (``--state-dir``) may sit on another file system, where a
    rename fails: then ``source`` is copied to a hidden name beside ``final`` and renamed
    from there, so ``final`` still never holds a partial file.

    Raises:
        OSError: The file cannot be moved.
    """
    try:
        os.replace(source, final)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        beside = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        try:
            shutil.copyfile(source, beside)
            os.replace(beside, final)
        except OSError:
            with contextlib.suppress(OSError):
                beside.unlink()
            raise
        source.unlink()
