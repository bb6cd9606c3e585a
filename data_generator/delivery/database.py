"""``--to sqlite:///PATH.db`` / ``--to postgresql://...``: records upserted into a table.

A table per scenario (``tech-support`` -> ``tech_support``, or ``?table=NAME``), keyed by
the record index, with a column per top-level field of the record model (see
:mod:`~data_generator.delivery.db_table`). Rows are upserted in batches, one transaction
each, so a rerun or a resumed run changes nothing it already delivered; opening catches up
with the records the out-dir's files hold and the table lacks (a run killed before it
flushed them), so after a kill and a rerun the table holds exactly the out-dir's records.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

from data_generator.delivery.base import DeliveryContext
from data_generator.delivery.db_records import indexed_records
from data_generator.delivery.db_store import TableStore
from data_generator.delivery.db_table import table_columns
from data_generator.delivery.db_url import DatabaseUrl, parse_database_url, table_name
from data_generator.errors import UsageError
from data_generator.messages import count_of
from data_generator.writers.base import OutputLayout

if TYPE_CHECKING:
    from data_generator.formats import OutputFormat

__all__ = ["BATCH_SIZE", "DatabaseDelivery", "database_delivery", "load_out_dir"]

#: Rows per transaction.
BATCH_SIZE = 500
#: Rows queued before the engine is asked to wait (``busy``).
_QUEUE_LIMIT = 4 * BATCH_SIZE

Row = tuple[int, dict[str, Any]]


def database_delivery(settings: Any) -> DatabaseDelivery:
    """The delivery of ``settings.to`` (checked now; nothing connects before ``open``).

    Raises:
        UsageError: The URL is not a database URL datagen knows, or its driver
            (psycopg) is not installed.
    """
    return DatabaseDelivery(_checked_url(str(settings.to)))


def _checked_url(url: str) -> DatabaseUrl:
    parsed = parse_database_url(url)
    if parsed.kind == "postgresql":
        from data_generator.delivery.db_postgres import require_psycopg

        require_psycopg()
    return parsed


def _store(url: DatabaseUrl, scenario: str) -> TableStore:
    if url.kind == "sqlite":
        from data_generator.delivery.db_sqlite import SqliteStore

        assert url.path is not None
        return SqliteStore(url.path, url.shown, scenario)
    from data_generator.delivery.db_postgres import PostgresStore

    return PostgresStore(url.conninfo, url.shown, scenario)


async def _upsert_all(store: TableStore, rows: Iterable[Row]) -> int:
    """Upsert ``rows`` in batches; return how many."""
    batch: list[Row] = []
    total = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_SIZE:
            await store.upsert(batch)
            total, batch = total + len(batch), []
    if batch:
        await store.upsert(batch)
        total += len(batch)
    return total


class DatabaseDelivery:
    """Upserts each record written into the scenario's table (see the module docs).

    Args:
        url: Where the table is.
    """

    def __init__(self, url: DatabaseUrl) -> None:
        self.url = url
        self.shown = url.shown
        self._store: TableStore | None = None
        self._layout: OutputLayout | None = None
        self._model: type[BaseModel] | None = None
        self._log = logging.getLogger("data_generator.delivery")
        self._queue: list[Row] = []
        self._wake = asyncio.Event()
        self._room = asyncio.Event()
        self._closing = False
        self._failed: BaseException | None = None
        self._flusher: asyncio.Task[None] | None = None
        #: Rows upserted by this run (caught up or flushed).
        self.delivered = 0
        self._table = ""

    async def open(self, context: DeliveryContext) -> None:
        """Connect, create or check the table, and load the out-dir's records it lacks.

        Raises:
            DatagenError: The database cannot be used (one line).
        """
        self._layout, self._model, self._log = (
            context.layout,
            context.tool.record_model,
            context.log,
        )
        table = self._table = self.url.table or table_name(context.tool.name)
        self.delivered = 0
        store = _store(self.url, context.tool.name)
        try:
            await store.prepare(table, table_columns(self._model))
            if context.done:
                await self._catch_up(store)
        except BaseException:
            await store.close()
            raise
        self._store, self._queue, self._closing, self._failed = store, [], False, None
        self._wake, self._room = asyncio.Event(), asyncio.Event()
        self._flusher = asyncio.create_task(self._flush(store))

    async def _catch_up(self, store: TableStore) -> None:
        """Upsert the records of the out-dir's files that the table lacks."""
        assert self._layout is not None
        assert self._model is not None
        present = await store.indices()
        rows = indexed_records(self._layout, self._model, lambda index: index not in present)
        added = await _upsert_all(store, rows)
        self.delivered += added
        if added:
            self._log.info("%s: added %d records of the out-dir it lacked", self.shown, added)

    def add(self, index: int, record: BaseModel, path: Path | None) -> None:
        """Queue record ``index`` for the next batch."""
        if self._failed is None:
            self._queue.append((index, record.model_dump(mode="json")))
            self._wake.set()

    @property
    def busy(self) -> bool:
        """True while the queue is full."""
        return self._failed is None and len(self._queue) >= _QUEUE_LIMIT

    async def room(self) -> None:
        """Wait until the queue has room (or the delivery has failed)."""
        while self.busy:
            self._room.clear()
            await self._room.wait()

    async def _flush(self, store: TableStore) -> None:
        """Upsert what is queued, a batch at a time, until closing empties the queue."""
        try:
            while True:
                if not self._queue:
                    if self._closing:
                        return
                    self._wake.clear()
                    await self._wake.wait()
                    continue
                batch, self._queue = self._queue[:BATCH_SIZE], self._queue[BATCH_SIZE:]
                self._room.set()
                await store.upsert(batch)
                self.delivered += len(batch)
        except Exception as exc:
            self._failed = exc
            self._queue.clear()
            self._room.set()

    async def close(self, files: Sequence[Path], stopped: BaseException | None) -> None:
        """Upsert what is queued, catch up with the final files, then disconnect.

        Raises:
            DatagenError: A write failed; rerunning the same command completes the table.
        """
        store, self._store = self._store, None
        if store is None:
            return
        try:
            self._closing = True
            self._wake.set()
            if self._flusher is not None:
                await asyncio.shield(self._flusher)
            if self._failed is not None:
                raise self._failed
            if stopped is None:
                await self._catch_up(store)
        finally:
            await store.close()

    def summary(self) -> str | None:
        """What the last run upserted, and into which table."""
        if not self._table:
            return None
        return f"Upserted {count_of(self.delivered, 'row')} into {self._table} at {self.shown}."


async def _load(layout: OutputLayout, model: type[BaseModel], url: DatabaseUrl, name: str) -> int:
    store = _store(url, name)
    try:
        await store.prepare(url.table or table_name(name), table_columns(model))
        return await _upsert_all(store, indexed_records(layout, model))
    finally:
        await store.close()


def load_out_dir(out_dir: Path, url: str, *, state_root: Path | None, log: logging.Logger) -> int:
    """Upsert every record of a finished out-dir into the table ``url`` names.

    Args:
        out_dir: An out-dir written by a datagen run, in any format but ``txt``.
        url: ``sqlite:///PATH.db`` or ``postgresql://...`` (``?table=NAME`` to choose the table).
        state_root: Where the run kept its state, if not in ``out_dir/.datagen``
            (``--state-dir``).
        log: Where to say what was loaded.

    Returns:
        How many rows were upserted.

    Raises:
        DatagenError: The out-dir, the scenario or the database cannot be used (one line).
    """
    from data_generator.inspection.reader import find_output
    from data_generator.registry import ToolRegistry, find_scenarios_file

    parsed = _checked_url(url)
    output = find_output(out_dir, state_root)
    out_dir = output.files.folder
    registry = ToolRegistry.discover(find_scenarios_file())
    if output.scenario is None or output.scenario not in registry:
        raise UsageError(
            f"{str(out_dir)!r} holds records of no scenario datagen knows "
            f"({output.scenario or 'none named'})",
            hint="Load an out-dir written by a datagen run of an installed scenario",
        )
    tool = registry.get(output.scenario).load()
    output_format = cast("OutputFormat", output.output_format)
    layout = OutputLayout(out_dir, output.scenario, output_format, state_root=state_root)
    loaded = asyncio.run(_load(layout, tool.record_model, parsed, tool.name))
    log.info("%s: upserted %d records of %s", parsed.shown, loaded, out_dir)
    return loaded
