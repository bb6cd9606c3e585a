"""``--shard I/N``: one machine's share of a run split across N machines.

Shard ``I`` of ``N`` makes exactly the indices of ``1..count`` that are congruent to ``I``
modulo ``N``. Shards are numbered from 0, as a Kubernetes Indexed Job's
``JOB_COMPLETION_INDEX`` and a Slurm array started with ``--array=0-<N-1>`` number their
tasks, so ``--shard $JOB_COMPLETION_INDEX/4`` works as it is: shard 0 makes ``N, 2N, ...``,
shard 1 makes ``1, N+1, ...``. All shards of a run share one fingerprint (the shard is not
part of it), so :mod:`data_generator.engine.merge` can check them against each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from data_generator.errors import UsageError

__all__ = ["SHARD_RULE", "Shard", "parse_shard"]

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
#: How shards are numbered, for messages.
SHARD_RULE = (
    "I/N with 0 <= I < N, e.g. $JOB_COMPLETION_INDEX/4, or $SLURM_ARRAY_TASK_ID/4 "
    "with sbatch --array=0-3"
)


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``of`` (``0 <= index < of``).

    Attributes:
        index: The shard's number, from 0.
        of: How many shards the run is split into.
    """

    index: int
    of: int

    def __str__(self) -> str:
        return f"{self.index}/{self.of}"

    @property
    def first(self) -> int:
        """The shard's lowest index of ``1..count`` (``of`` for shard 0)."""
        return self.index or self.of

    def indices(self, count: int) -> range:
        """The shard's indices of ``1..count``, ascending."""
        return range(self.first, count + 1, self.of)

    def share(self, count: int) -> int:
        """How many of ``1..count`` the shard makes."""
        return len(self.indices(count))

    def holds(self, index: int) -> bool:
        """Whether ``index`` is one of the shard's."""
        return index >= 1 and index % self.of == self.index

    def suffix(self) -> str:
        """What the default out-dir gets appended: ``-shard-1-of-4``."""
        return f"-shard-{self.index}-of-{self.of}"

    def split(self, limit: int | None) -> int | None:
        """A whole-run ``--rpm`` or ``--tpm`` divided evenly over the shards (at least 1)."""
        return None if limit is None else max(1, limit // self.of)


def parse_shard(text: str) -> Shard:
    """Read ``I/N`` (``0 <= I < N``).

    Raises:
        UsageError: ``text`` is not of that form; the message says why, without the flag.
    """
    match = _SHARD.match(text)
    if match is None:
        raise UsageError("not of the form I/N", hint=f"Give {SHARD_RULE}")
    index, of = int(match.group(1)), int(match.group(2))
    if of < 1:
        raise UsageError("N must be at least 1", hint=f"Give {SHARD_RULE}")
    if index >= of:
        raise UsageError(f"shards of {of} are numbered 0 to {of - 1}", hint=f"Give {SHARD_RULE}")
    return Shard(index, of)
