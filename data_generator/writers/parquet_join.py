"""Shards' Parquet files joined into one, in the row groups a single run writes.

A run's :class:`~data_generator.writers.parquet.ParquetWriter` seals every
``row_group_size`` records into a row group and writes the rest as a last, short one, each
built from the records' ``model_dump()``. The join builds each row group of the
destination the same way from the rows it reads back from the shards (one shard row group
cached per shard), and leaves the run state a run leaves: the group journal, and the short
group's records staged as JSON lines, so a rerun in the destination finds nothing to do.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from data_generator.writers.base import OutputLayout, move_into_place
from data_generator.writers.groups import GroupLog
from data_generator.writers.journal import Journal
from data_generator.writers.parquet import _pyarrow, arrow_schema
from data_generator.writers.stream import encode_jsonl

if TYPE_CHECKING:
    from data_generator.writers.join import ShardFiles

__all__ = ["join_parquet"]


class _RowReader:
    """Rows of the shards' Parquet files, one row group held per shard."""

    def __init__(self, shards: Sequence[ShardFiles]) -> None:
        pq = _pyarrow().parquet
        self._files = {id(files): pq.ParquetFile(files.layout.data_path) for files in shards}
        self._held: dict[int, tuple[int, Any]] = {}

    def rows(self, slots: list[tuple[ShardFiles, int, int]]) -> list[dict[str, Any]]:
        """The rows at ``slots``, in their order: taken a shard's row group at a time."""
        wanted: dict[tuple[int, int], tuple[ShardFiles, list[int], list[int]]] = {}
        for place, (files, group, row) in enumerate(slots):
            entry = wanted.setdefault((id(files), group), (files, [], []))
            entry[1].append(row)
            entry[2].append(place)
        found: list[dict[str, Any]] = [{}] * len(slots)
        for (key, group), (_, rows, places) in sorted(wanted.items(), key=lambda item: item[0]):
            held = self._held.get(key)
            if held is None or held[0] != group:
                held = self._held[key] = (group, self._files[key].read_row_group(group))
            for place, row in zip(places, held[1].take(rows).to_pylist(), strict=True):
                found[place] = row
        return found

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()


def join_parquet(
    shards: Sequence[ShardFiles],
    slots: Iterator[tuple[ShardFiles, int, int]],
    dest: OutputLayout,
    record_model: type[BaseModel],
    row_group_size: int,
) -> list[Path]:
    """Write the records of ``slots`` (in index order) into ``dest``'s Parquet file.

    Args:
        shards: The scanned shards.
        slots: ``(shard, row group, row)`` of each index ``1..count``, in order.
        dest: The destination (prepared, locked).
        record_model: The record model.
        row_group_size: Records per row group, as the single run would use.

    Returns:
        The Parquet file.

    Raises:
        OSError: A file cannot be read or written.
    """
    pa = _pyarrow()
    schema = arrow_schema(record_model)
    final = dest.data_path
    name = final.name
    state = dest.state_dir
    groups = GroupLog(state / f"{name}.groups.journal", state / f"{name}.groups")
    groups.reset()
    staged = Journal(state / f"{name}.rows", state / f"{name}.rows.journal", keep_order=True)
    staged.create()
    temporary = dest.temporary_path(final)
    reader = _RowReader(shards)
    count = shards[0].count
    try:
        with pa.parquet.ParquetWriter(temporary, schema) as writer:
            for start in range(1, count + 1, row_group_size):
                end = min(count, start + row_group_size - 1)
                taken = [next(slots) for _ in range(start, end + 1)]
                records = [record_model.model_validate(row) for row in reader.rows(taken)]
                table = pa.Table.from_pylist([r.model_dump() for r in records], schema=schema)
                writer.write_table(table.cast(schema), row_group_size=max(1, len(table)))
                if len(records) == row_group_size:
                    groups.add(range(start, end + 1))
                else:  # the last, short group: a run keeps it staged
                    for index, record in enumerate(records, start=start):
                        staged.append(index, encode_jsonl(record))
        staged.close()
        move_into_place(temporary, final)
        groups.note_final(staged.count, final.stat().st_size)
    finally:
        reader.close()
        staged.close()
        temporary.unlink(missing_ok=True)
    return [final]
