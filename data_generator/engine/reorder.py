"""Hand finished records to the writer in the order their indices were handed out.

Workers finish records in the order answers arrive, which a model service does not keep.
A single-file format (jsonl, csv, parquet) must still list records in index order, so
that the same seed gives the same bytes, and a run killed mid-way leaves a prefix of
the uninterrupted file that a rerun continues. :class:`ReorderBuffer` holds records that
finished early until every earlier one is written or has failed (a failed index is
skipped, so the buffer moves on).

Memory is bounded: a worker may take index number ``n`` (counting the indices handed out
in this run) only while ``n`` is fewer than ``window`` ahead of the oldest one not yet
released; otherwise it waits. The oldest unreleased index is always being worked on, so
the wait always ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["ReorderBuffer", "Ticket", "reorder_window"]

T = TypeVar("T")

#: Records held at most, whatever the concurrency (records are a few kilobytes each).
MIN_WINDOW = 1024


def reorder_window(concurrency: int) -> int:
    """How many records may be held for ``concurrency`` requests in flight.

    Enough that one slow record (a long retry) does not stall the others at once.
    """
    return max(MIN_WINDOW, 4 * concurrency)


@dataclass(frozen=True, slots=True)
class Ticket:
    """One index handed to a worker, and its place in this run's order."""

    index: int
    position: int


class ReorderBuffer(Generic[T]):
    """Releases finished items in the order :meth:`take` handed their indices out.

    Args:
        release: Called with ``(index, item)`` for each finished item, in order.
        window: Items held at most; ``None`` releases each item at once (no order kept,
            no waiting: formats with one file per record).
    """

    def __init__(self, release: Callable[[int, T], None], window: int | None) -> None:
        if window is not None and window < 1:
            raise ValueError(f"window must be at least 1, got {window}")
        self._release = release
        self._window = window
        self._next_position = 0  # of the next index handed out
        self._released = 0  # positions below this are written or skipped
        self._held: dict[int, tuple[int, T | None]] = {}
        self._room = asyncio.Event()

    @property
    def held(self) -> int:
        """Finished items waiting for an earlier one."""
        return sum(1 for _, item in self._held.values() if item is not None)

    async def take(self, todo: Iterator[int]) -> Ticket | None:
        """Wait for room, then hand out the next index of ``todo`` (``None`` at its end)."""
        window = self._window
        while window is not None and self._next_position >= self._released + window:
            self._room.clear()
            await self._room.wait()
        index = next(todo, None)
        if index is None:
            return None
        ticket = Ticket(index, self._next_position)
        self._next_position += 1
        return ticket

    def put(self, ticket: Ticket, item: T) -> None:
        """Hand in the finished item of ``ticket``; release what is now in order.

        Raises:
            Exception: Whatever ``release`` raises (a write that failed).
        """
        self._settle(ticket, item)

    def skip(self, ticket: Ticket) -> None:
        """Say that ``ticket`` gives no item (its record failed), so later ones may go."""
        self._settle(ticket, None)

    def _settle(self, ticket: Ticket, item: T | None) -> None:
        if self._window is None:
            self._released += 1
            if item is not None:
                self._release(ticket.index, item)
            return
        self._held[ticket.position] = (ticket.index, item)
        while self._released in self._held:
            index, ready = self._held.pop(self._released)
            self._released += 1
            self._room.set()
            if ready is not None:
                self._release(index, ready)
