"""What a ``--batch`` run left behind, taken up by an online run of the same data set.

The fingerprint leaves ``--batch`` out, so a user may go on without it. Two things may
be left in ``.datagen/batches/``:

- The spool (:mod:`~data_generator.engine.batch_order`): records answered, validated and
  paid for that waited for an earlier index. An online run writes them in their turn
  (each online record first lets every spooled one before it go; the rest go once the
  workers are done) and asks only for the others; the spool is removed once drained.
  Records the online run leaves unmade (a budget, an error) keep the later spooled ones
  waiting, so the file stays in index order for the next run.
- Batches not yet consumed: they still run on the service. One warning says how many of
  their records are asked online now and how to stop or collect them. A later ``--batch``
  run consumes them and takes answers only for records still missing (the batch path
  makes only indices absent when it starts), so nothing made online is written again.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Container, Iterable
from pathlib import Path
from typing import IO

from pydantic import BaseModel, ValidationError

from data_generator.engine.batch_files import BatchFolder, request_lines
from data_generator.engine.batch_order import SPOOL_NAME
from data_generator.engine.manifest import BatchEntry, Tally
from data_generator.engine.record_maker import Outcome
from data_generator.engine.usage import UsageJournal
from data_generator.writers.base import IndexSet, write_error

__all__ = ["SpoolDrain", "warn_pending_batches"]


class SpoolDrain:
    """Writes the spooled records of an earlier ``--batch`` run in index order.

    Args:
        folder: ``.datagen/batches`` of the run.
        record_model: Each spooled record is checked against it.
        write: Writes one record (and counts it as written).
        usage: The run's usage journal (a spooled record's tokens are counted when written).
        tally: The run's counts.
        log: Where a spooled line that no longer validates is mentioned.
    """

    def __init__(
        self,
        folder: Path,
        record_model: type[BaseModel],
        write: Callable[[int, Outcome], None],
        *,
        usage: UsageJournal,
        tally: Tally,
        log: logging.Logger,
    ) -> None:
        self.spool = folder / SPOOL_NAME
        self._model = record_model
        self._write = write
        self._usage = usage
        self._tally = tally
        self._log = log
        self._offsets: dict[int, int] = {}  # spooled index -> offset of its line
        self._order: list[int] = []  # the spooled indices, ascending
        self._next = 0  # position in _order of the next one to write
        self._reader: IO[bytes] | None = None

    @property
    def indices(self) -> Container[int]:
        """The indices the spool holds for this run (not to be asked online)."""
        return self._offsets

    def open(self, wanted: Container[int], done: IndexSet) -> int:
        """Read the spool: the lines of ``wanted`` indices not ``done`` that validate.

        Returns:
            How many records it holds for this run.

        Raises:
            OutputError: The spool cannot be read.
        """
        invalid = 0
        offset = 0
        try:
            with open(self.spool, "rb") as handle:
                for line in handle:
                    if not line.endswith(b"\n"):  # cut by a kill
                        break
                    index = int(line.split(b" ", 1)[0])
                    if index in wanted and index not in done and index not in self._offsets:
                        if self._decode(line) is None:
                            invalid += 1
                        else:
                            self._offsets[index] = offset
                    offset += len(line)
        except FileNotFoundError:
            return 0
        except (OSError, ValueError) as exc:
            raise write_error(f"cannot read {str(self.spool)!r}", exc) from exc
        if invalid:
            self._log.warning(
                "records in %s that do not validate as %s: %d; they are asked for again",
                self.spool,
                self._model.__name__,
                invalid,
            )
        self._order = sorted(self._offsets)
        return len(self._order)

    def before(self, index: int) -> None:
        """Write the spooled records below ``index`` (the next record written online)."""
        order = self._order
        while self._next < len(order) and order[self._next] < index:
            self._release(order[self._next])
            self._next += 1

    def release(self, write: Callable[[int, Outcome], None]) -> Callable[[int, Outcome], None]:
        """``write``, first letting the spooled records before each index go."""

        def release(index: int, outcome: Outcome) -> None:
            self.before(index)
            write(index, outcome)

        return release

    def drain(self) -> None:
        """Write the spooled records left (the online ones are all settled); remove the spool."""
        self.before(self._order[-1] + 1 if self._order else 0)
        self.close()
        with contextlib.suppress(OSError):
            self.spool.unlink()
        BatchFolder(self.spool.parent).tidy()

    def close(self) -> None:
        """Close the spool (what was not written stays in it for the next run)."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def _release(self, index: int) -> None:
        try:
            if self._reader is None:
                self._reader = open(self.spool, "rb")  # noqa: SIM115
            self._reader.seek(self._offsets[index])
            line = self._reader.readline()
        except OSError as exc:
            raise write_error(f"cannot read {str(self.spool)!r}", exc) from exc
        outcome = self._decode(line)
        assert outcome is not None  # it validated when the spool was opened
        tally = self._tally
        tally.retried += outcome.attempts - 1
        tally.prompt_tokens += outcome.prompt_tokens
        tally.completion_tokens += outcome.completion_tokens
        self._usage.add(
            index,
            made=True,
            prompt_tokens=outcome.prompt_tokens,
            completion_tokens=outcome.completion_tokens,
            retried=outcome.attempts - 1,
            stats=tally,
        )
        self._write(index, outcome)

    def _decode(self, line: bytes) -> Outcome | None:
        """A spool line as the outcome it holds; ``None`` when it does not validate."""
        try:
            _, attempts, prompt, completion, data = line.split(b" ", 4)
            record = self._model.model_validate_json(data)
            return Outcome(record, int(attempts), int(prompt), int(completion))
        except (ValueError, ValidationError):
            return None


def warn_pending_batches(
    entries: Iterable[BatchEntry],
    folder: Path,
    asked: Callable[[int], bool],
    out_dir: Path,
    log: logging.Logger,
) -> int:
    """Warn once that batches still pending cover records now asked online.

    Args:
        entries: The manifest's batches.
        folder: ``.datagen/batches`` (their kept input files say what each asks for).
        asked: Whether this run asks for an index online.
        out_dir: The output folder (named in the commands the warning suggests).
        log: Where the warning goes.

    Returns:
        How many records asked online the pending batches cover (no warning when none).
    """
    files = BatchFolder(folder)
    pending = [(n, e) for n, e in enumerate(entries) if not e.consumed]
    covered: set[int] = set()
    for position, entry in pending:
        path = files.input(position)
        if path.exists():
            found: Iterable[int] = (index for index, _, _ in request_lines(path))
        else:
            found = range(entry.first_index, entry.last_index + 1)
        covered.update(index for index in found if asked(index))
    if covered:
        many = len(pending) > 1
        log.warning(
            "an earlier --batch run left %d batch%s pending, covering %s records now asked "
            "online: cancel %s with `datagen batches %s --cancel`, or stop this run and rerun "
            "with --batch to collect the answers instead",
            len(pending),
            "es" if many else "",
            f"{len(covered):,}",
            "them" if many else "it",
            out_dir,
            extra={"event": "batches_pending"},
        )
    return len(covered)
