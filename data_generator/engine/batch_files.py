"""Batch files on disk, in the run's state folder (``.datagen/batches/``).

Nothing a batch sends or receives is held in memory whole. Request lines are written
straight into input files of at most so many requests and bytes, ``<n>.jsonl`` (``n``: the
batch's place in the manifest's ``batches`` list), which are uploaded from disk and kept
until their batch is consumed: the lines an expired or cancelled batch never ran are read
back from them (a service need not let anyone download a batch's input file). Output and
error files are downloaded to ``<n>.output.jsonl`` / ``<n>.errors.jsonl`` and read back
line by line, in index order, through a table of offsets.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from data_generator.engine.batch_lines import Answer, parse_answer, parse_custom_id
from data_generator.writers.base import write_error

__all__ = ["BatchFile", "BatchFolder", "answers_in_order", "request_lines", "write_batch_files"]

#: Answer offsets are packed with their record index into one int: offset bits below.
_OFFSET_BITS = 41
_FILE_BIT = 1 << _OFFSET_BITS  # which of two files (output, errors) the offset is in


@dataclass(frozen=True)
class BatchFile:
    """One input file on disk, and what it asks for.

    Attributes:
        path: The file.
        first: The lowest record index in it.
        last: The highest record index in it.
        requests: Request lines in it.
        size: Its bytes.
    """

    path: Path
    first: int
    last: int
    requests: int
    size: int


class BatchFolder:
    """The batch files of one run: ``<folder>/<n>.jsonl``, ``<n>.output.jsonl``, ...

    Args:
        folder: ``.datagen/batches`` of the run (made when the first file is written).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def input(self, position: int) -> Path:
        """The input file of the manifest's batch number ``position``."""
        return self.folder / f"{position}.jsonl"

    def output(self, position: int, kind: str) -> Path:
        """Where the ``kind`` (``output`` or ``errors``) file of batch ``position`` goes."""
        return self.folder / f"{position}.{kind}.jsonl"

    def make(self) -> None:
        """Make the folder.

        Raises:
            OutputError: It cannot be made.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(f"cannot make {str(self.folder)!r}", exc) from exc

    def tidy(self) -> None:
        """Remove the folder if nothing is left in it."""
        with contextlib.suppress(OSError):
            self.folder.rmdir()

    def discard(self, position: int) -> None:
        """Remove the files of a consumed batch."""
        for path in (
            self.input(position),
            self.output(position, "output"),
            self.output(position, "errors"),
        ):
            with contextlib.suppress(OSError):
                path.unlink()


def write_batch_files(
    lines: Iterable[tuple[int, bytes]],
    max_requests: int,
    max_bytes: int,
    path_for: Callable[[], Path],
) -> Iterator[BatchFile]:
    """Write ``(index, line)`` pairs into files of at most ``max_requests`` and ``max_bytes``.

    Each file is yielded once it is closed; ``path_for()`` names the next file when its
    first line comes (so the consumer may take a file's place before the next is named).
    A line longer than ``max_bytes`` gets a file of its own (the service refuses it).

    Raises:
        OutputError: A file cannot be written.
    """
    handle: IO[bytes] | None = None
    path = Path()
    first = last = requests = size = 0
    try:
        for index, line in lines:
            full = requests >= max_requests or size + len(line) > max_bytes
            if handle is not None and requests and full:
                handle.close()
                handle = None
                yield BatchFile(path, first, last, requests, size)
            if handle is None:
                path = path_for()
                handle = _create(path)
                first, last, requests, size = index, index, 0, 0
            _append(handle, path, line)
            first, last = min(first, index), max(last, index)
            requests += 1
            size += len(line)
        if handle is not None:
            handle.close()
            handle = None
            yield BatchFile(path, first, last, requests, size)
    finally:
        if handle is not None:
            handle.close()


def request_lines(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """``(index, attempt, line)`` of each request line datagen wrote into ``path``."""
    import orjson

    with open(path, "rb") as handle:
        for line in handle:
            try:
                data = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            ids = parse_custom_id(data.get("custom_id")) if isinstance(data, dict) else None
            if ids is not None:
                yield ids[0], ids[1], line


def answers_in_order(output: Path | None, errors: Path | None) -> Iterator[Answer]:
    """The answers in a batch's output and error files, by record index then attempt.

    Only a table of packed ``index``/offset ints is held; each answer is read again from
    its file when its turn comes. Lines datagen did not write are skipped.
    """
    paths = [output, errors]
    keys: list[int] = []
    for which, path in enumerate(paths):
        if path is None:
            continue
        offset = 0
        with open(path, "rb") as handle:
            for line in handle:
                answer = parse_answer(line)
                if answer is not None:
                    rank = answer.index * 1024 + min(answer.attempt, 1023)
                    keys.append((rank << (_OFFSET_BITS + 1)) | (which * _FILE_BIT) | offset)
                offset += len(line)
    keys.sort()
    with contextlib.ExitStack() as stack:
        files = [stack.enter_context(open(path, "rb")) if path else None for path in paths]
        for key in keys:
            source = files[1 if key & _FILE_BIT else 0]
            assert source is not None
            source.seek(key & (_FILE_BIT - 1))
            answer = parse_answer(source.readline())
            assert answer is not None  # it was one in the first pass
            yield answer


def _create(path: Path) -> IO[bytes]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "wb")
    except OSError as exc:
        raise write_error(f"cannot write the batch file {str(path)!r}", exc) from exc


def _append(handle: IO[bytes], path: Path, line: bytes) -> None:
    try:
        handle.write(line)
    except OSError as exc:
        raise write_error(f"cannot write the batch file {str(path)!r}", exc) from exc
