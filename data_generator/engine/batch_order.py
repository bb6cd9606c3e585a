"""Release a batch run's records in index order, holding the early ones on disk.

A single-file format lists records in index order, resumed or not. A batch answers in
rounds: record 10 may wait for a repair batch while records 11 to 100,000 are ready. Those
are appended to a spool, ``.datagen/batches/spool.jsonl`` (one line each: index, attempts,
tokens, the record as JSON), and only their offsets are kept in memory; each is read back
and released when every earlier index is written or has failed. The spool is written
unbuffered, so a process killed meanwhile loses no paid answer: the next run reads the
spool back and submits nothing for the records it holds. It is removed once drained.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import orjson

from data_generator.engine.record_maker import Outcome
from data_generator.writers.base import IndexSet, write_error

__all__ = ["SPOOL_NAME", "BatchOrder"]

SPOOL_NAME = "spool.jsonl"


class BatchOrder:
    """Releases records in the order of ``todo``, spooling those that come early.

    Args:
        todo: The indices the run makes, ascending.
        spool: The spool file.
        release: Writes one record (in order).
        decode: Turns a spooled record's JSON back into the record.
    """

    def __init__(
        self,
        todo: list[int],
        spool: Path,
        release: Callable[[int, Outcome], None],
        decode: Callable[[bytes], Any],
    ) -> None:
        self.todo = todo
        self.spool = spool
        self._release = release
        self._decode = decode
        self._next = 0  # position in todo of the next index to release
        self._held: dict[int, int] = {}  # index -> offset of its spool line
        self._skipped: set[int] = set()
        self._writer: IO[bytes] | None = None
        self._reader: IO[bytes] | None = None
        self._end = 0

    @property
    def held(self) -> int:
        """Records in the spool, waiting for an earlier one."""
        return len(self._held)

    def open(self, done: IndexSet) -> set[int]:
        """Read back what an earlier, stopped run spooled; return the indices it holds.

        Raises:
            OutputError: The spool cannot be read or written.
        """
        wanted = set(self.todo)
        try:
            with open(self.spool, "r+b") as handle:
                for line in handle:
                    if not line.endswith(b"\n"):  # cut by a kill
                        break
                    index = int(line.split(b" ", 1)[0])
                    if index in wanted and index not in done:
                        self._held[index] = self._end
                    self._end += len(line)
                handle.truncate(self._end)
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            raise write_error(f"cannot read {str(self.spool)!r}", exc) from exc
        return set(self._held)

    def put(self, index: int, outcome: Outcome) -> None:
        """Hand in the made record of ``index``: released now, or spooled until its turn."""
        if self._next < len(self.todo) and self.todo[self._next] == index:
            self._release(index, outcome)
            self._next += 1
            self._advance()
            return
        assert outcome.record is not None
        record = orjson.dumps(outcome.record.model_dump(mode="json"))
        head = b"%d %d %d %d " % (
            index,
            outcome.attempts,
            outcome.prompt_tokens,
            outcome.completion_tokens,
        )
        self._held[index] = self._end
        self._append(head + record + b"\n")

    def skip(self, index: int) -> None:
        """Say that ``index`` gives no record (it failed), so later ones may go."""
        self._skipped.add(index)
        self._advance()

    def release_held(self) -> None:
        """Release what the spool holds that is now in turn (after :meth:`open`)."""
        self._advance()

    def close(self) -> None:
        """Close the spool; remove it when nothing is left in it."""
        for handle in (self._writer, self._reader):
            if handle is not None:
                handle.close()
        self._writer = self._reader = None
        if not self._held:
            with contextlib.suppress(OSError):
                self.spool.unlink()

    def _advance(self) -> None:
        todo = self.todo
        while self._next < len(todo):
            index = todo[self._next]
            if index in self._skipped:
                self._skipped.discard(index)
            elif index in self._held:
                self._release(index, self._read(self._held.pop(index)))
            else:
                return
            self._next += 1

    def _read(self, offset: int) -> Outcome:
        try:
            if self._reader is None:
                self._reader = open(self.spool, "rb")  # noqa: SIM115
            self._reader.seek(offset)
            line = self._reader.readline()
        except OSError as exc:
            raise write_error(f"cannot read {str(self.spool)!r}", exc) from exc
        _, attempts, prompt, completion, record = line.split(b" ", 4)
        return Outcome(self._decode(record), int(attempts), int(prompt), int(completion))

    def _append(self, line: bytes) -> None:
        try:
            if self._writer is None:
                self.spool.parent.mkdir(parents=True, exist_ok=True)
                self._writer = open(self.spool, "ab", buffering=0)  # noqa: SIM115
            self._writer.write(line)
        except OSError as exc:
            raise write_error(f"cannot write {str(self.spool)!r}", exc) from exc
        self._end += len(line)
