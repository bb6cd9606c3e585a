"""The delivery protocol and the fan-out the engine calls."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

if TYPE_CHECKING:
    from data_generator.engine.events import Event
    from data_generator.tool import DataGeneratorTool
    from data_generator.writers import IndexSet, OutputLayout

__all__ = ["Deliveries", "Delivery", "DeliveryContext"]


@dataclass(frozen=True)
class DeliveryContext:
    """What a delivery is told when a run opens it.

    Attributes:
        layout: The run's out-dir, scenario, format and state folder.
        tool: The scenario (its ``record_model`` gives table columns, its name the table).
        done: The indices already in the out-dir's files when the run started (a rerun's
            or a resumed run's records, which the delivery may lack after a kill).
        emit: Sends a progress event to the run's subscribers (dashboard, progress lines).
        log: The run's logger.
    """

    layout: OutputLayout
    tool: DataGeneratorTool[Any, Any]
    done: IndexSet
    emit: Callable[[Event], None]
    log: logging.Logger


class Delivery(Protocol):
    """A destination records go to as they are written (a blob container, a database table).

    Every method is called on the run's event loop. ``add`` must not block: a delivery
    queues the work and does it in tasks of its own started by ``open``; ``busy`` and
    ``room`` let the engine wait while the queue is full instead of growing it.

    The engine calls ``open`` once the writer holds the out-dir, ``add`` for each record
    written (in index order for single-file formats), and ``close`` once the writer's
    files and the manifest are final, also after an error or an interrupt (with
    ``stopped`` set), so what was written so far is delivered.
    """

    #: Where the records go, for messages: never with a key, SAS token or password.
    shown: str

    async def open(self, context: DeliveryContext) -> None:
        """Connect, check or create the destination, and catch up with ``context.done``.

        Raises:
            DatagenError: The destination refuses us or cannot be reached (one line).
        """
        ...

    def add(self, index: int, record: BaseModel, path: Path | None) -> None:
        """Queue record ``index``; ``path`` is its own file for per-record formats."""
        ...

    @property
    def busy(self) -> bool:
        """True while the queue is full and the engine should wait for ``room``."""
        ...

    async def room(self) -> None:
        """Return once the queue has room again (or the delivery has failed)."""
        ...

    async def close(self, files: Sequence[Path], stopped: BaseException | None) -> None:
        """Deliver what is queued and the final ``files``, then release connections.

        Raises:
            DatagenError: Delivery failed; the out-dir is complete, a rerun or
                ``datagen upload`` finishes the delivery.
        """
        ...

    def summary(self) -> str | None:
        """One sentence on what the last run delivered (after ``close``), or ``None``."""
        ...


class Deliveries:
    """The run's deliveries, called together; empty costs nothing."""

    def __init__(self, deliveries: Sequence[Delivery] = ()) -> None:
        self._all = tuple(deliveries)
        self._opened: list[Delivery] = []
        #: What each delivery that was opened said it delivered, once closed.
        self.summaries: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self._all)

    @property
    def all(self) -> tuple[Delivery, ...]:
        """Every delivery of the run."""
        return self._all

    async def open(self, context: DeliveryContext) -> None:
        """Open each delivery; one that fails closes those already open, then raises."""
        for delivery in self._all:
            try:
                await delivery.open(context)
            except BaseException as exc:
                await self.close((), exc)
                raise
            self._opened.append(delivery)

    def add(self, index: int, record: BaseModel, path: Path | None) -> None:
        """Hand record ``index`` to every open delivery."""
        for delivery in self._opened:
            delivery.add(index, record, path)

    @property
    def busy(self) -> bool:
        """True while one of them has a full queue."""
        return any(delivery.busy for delivery in self._opened)

    async def room(self) -> None:
        """Wait until none of them has a full queue."""
        for delivery in self._opened:
            if delivery.busy:
                await delivery.room()

    async def close(self, files: Sequence[Path], stopped: BaseException | None) -> None:
        """Close every open delivery; the first error is raised once all are closed."""
        first: BaseException | None = None
        opened, self._opened = self._opened, []
        for delivery in opened:
            try:
                await delivery.close(files, stopped)
            except BaseException as exc:
                first = first or exc
        self.summaries = tuple(line for delivery in opened if (line := delivery.summary()))
        if first is not None:
            raise first
