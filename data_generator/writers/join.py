"""Shards' record files joined into one out-dir, byte for byte as one run writes them.

Each shard is first *scanned*: its files are checked to be finished and to hold exactly
its indices, and where each record sits is noted in :class:`~.positions.Positions`. Then
the destination is written in index order, taking each record from its shard:

- ``json``, ``yaml``, ``txt``: each record file is copied under its own name;
- ``jsonl``, ``csv``: the records' bytes are copied into one file, with the journal a run
  keeps (``.datagen/<name>.journal``), so a rerun in the destination finds them all;
- ``parquet``: the rows are read back and written in row groups of the run's size, as a
  run's :class:`~.parquet.ParquetWriter` composes them, with its group journal and the
  last, short group staged as a run leaves it.

Memory holds one row group at most, never a list of every record.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from data_generator.errors import UsageError
from data_generator.shard import Shard
from data_generator.writers.base import IndexSet, OutputLayout, move_into_place
from data_generator.writers.positions import Positions

__all__ = ["ShardFiles", "join_records", "scan_shard"]

_SHOWN = 3  # indices named in a refusal


@dataclass
class ShardFiles:
    """One shard's out-dir, as the join reads it.

    Attributes:
        layout: Its files.
        shard: Which shard it made.
        count: Records in the whole data set.
        positions: Where its records sit, once scanned (stream and Parquet formats).
    """

    layout: OutputLayout
    shard: Shard
    count: int
    positions: Positions | None = None

    @property
    def label(self) -> str:
        """``shard 1/4 ('out/s1')``, for messages."""
        return f"shard {self.shard} ({str(self.layout.out_dir)!r})"

    def position(self, index: int) -> int:
        """The place of ``index`` among the shard's indices (0 for its first)."""
        return (index - self.shard.first) // self.shard.of


class _Coverage:
    """Checks that a shard's files hold each of its indices once, and nothing else."""

    def __init__(self, files: ShardFiles) -> None:
        self.files = files
        self.seen = IndexSet()

    def add(self, index: int) -> None:
        files = self.files
        if not (files.shard.holds(index) and index <= files.count) or index in self.seen:
            raise UsageError(
                f"{files.label} holds record {index} "
                + ("twice" if index in self.seen else "which is not one of its"),
                hint="Rerun that shard with --overwrite, then merge again",
            )
        self.seen.add(index)

    def finish(self) -> None:
        files = self.files
        wanted = files.shard.share(files.count)
        if len(self.seen) == wanted:
            return
        missing = [i for i in files.shard.indices(files.count) if i not in self.seen][:_SHOWN]
        named = ", ".join(map(str, missing)) + (", ..." if wanted - len(self.seen) > _SHOWN else "")
        raise UsageError(
            f"{files.label} lacks {wanted - len(self.seen):,} of its {wanted:,} records "
            f"(index {named})",
            hint="Rerun that shard's command to complete it, then merge again",
        )


def scan_shard(files: ShardFiles, positions: Path) -> None:
    """Check that a shard's files are finished and hold exactly its records; note where.

    Args:
        files: The shard.
        positions: A temporary file for its positions.

    Raises:
        UsageError: A record is missing, doubled or not the shard's, or the shard's
            single file was not finished (its run was killed).
    """
    coverage = _Coverage(files)
    layout = files.layout
    if layout.per_record:
        for index in _record_files(layout):
            coverage.add(index)
    else:
        files.positions = Positions(positions)
        _unfinished(files)
        scan = _scan_parquet if layout.output_format == "parquet" else _scan_stream
        for index, first, second in scan(layout):
            coverage.add(index)
            files.positions.put(files.position(index), first, second)
    coverage.finish()


def _record_files(layout: OutputLayout) -> Iterator[int]:
    stem, extension = f"{layout.scenario}-", f".{layout.extension}"
    for entry in os.scandir(layout.out_dir):
        name = entry.name
        if name.startswith(stem) and name.endswith(extension):
            number = name[len(stem) : -len(extension)]
            if number.isdigit() and len(number) >= 6:
                yield int(number)


def _unfinished(files: ShardFiles) -> None:
    layout = files.layout
    name = layout.data_path.name
    if not layout.data_path.is_file() or (layout.state_dir / f"{name}.part").exists():
        raise UsageError(
            f"{files.label} has no finished {name} (its run was stopped)",
            hint="Rerun that shard's command to finish it, then merge again",
        )


def _header(layout: OutputLayout) -> bytes:
    """The CSV header line a file starts with (nothing for ``jsonl``)."""
    if layout.output_format != "csv":
        return b""
    with open(layout.data_path, "rb") as handle:
        return handle.readline()


def _scan_stream(layout: OutputLayout) -> Iterator[tuple[int, int, int]]:
    """``(index, start, end)`` of each record in a finished ``jsonl``/``csv`` file."""
    size = layout.data_path.stat().st_size
    start = len(_header(layout))
    journal = layout.state_dir / f"{layout.data_path.name}.journal"
    for index, end in _journal_lines(journal):
        if not start < end <= size:
            break
        yield index, start, end
        start = end
    if start != size:
        raise UsageError(
            f"{str(layout.data_path)!r} holds bytes its journal does not account for",
            hint="Rerun that shard's command to repair it, then merge again",
        )


def _journal_lines(path: Path) -> Iterator[tuple[int, int]]:
    """The ``index end`` lines of a stream journal, up to the first damaged one."""
    if not path.exists():
        return
    with open(path, "rb") as lines:
        for line in lines:
            index_text, _, end_text = line.partition(b" ")
            if not line.endswith(b"\n") or not index_text.isdigit():
                return
            try:
                yield int(index_text), int(end_text)
            except ValueError:
                return


def _scan_parquet(layout: OutputLayout) -> Iterator[tuple[int, int, int]]:
    """``(index, row group, row)`` of each record in a finished Parquet file."""
    from data_generator.writers.groups import GroupLog
    from data_generator.writers.journal import scan_journal

    name = layout.data_path.name
    state = layout.state_dir
    groups = GroupLog(state / f"{name}.groups.journal", state / f"{name}.groups")
    groups.read()
    rows = state / f"{name}.rows"
    size = rows.stat().st_size if rows.exists() else 0
    staged = scan_journal(state / f"{name}.rows.journal", size, 0, keep_order=True)
    final = (groups.count, staged.lines, layout.data_path.stat().st_size)
    if groups.final_mark() != final:
        raise UsageError(
            f"{str(layout.data_path)!r} does not hold every record its run state lists",
            hint="Rerun that shard's command to finish it, then merge again",
        )
    for number in range(1, groups.count + 1):
        for row, index in enumerate(groups.group_indices(number)):
            yield index, number - 1, row
    for row, index in enumerate(sorted(staged.order)):
        yield index, groups.count, row


# --- writing ----------------------------------------------------------------------------
def join_records(
    shards: Sequence[ShardFiles],
    dest: OutputLayout,
    *,
    record_model: type[BaseModel] | None = None,
    row_group_size: int = 10_000,
) -> list[Path]:
    """Write the scanned shards' records into ``dest`` in index order; return its files.

    Args:
        shards: Every shard of the run, scanned, in shard order (``shards[i].shard.index
            == i``).
        dest: The destination (prepared, locked).
        record_model: The record model (Parquet only).
        row_group_size: Records per Parquet row group.

    Raises:
        OSError: A file cannot be read or written.
    """
    if dest.per_record:
        return _copy_record_files(shards, dest)
    if dest.output_format == "parquet":
        assert record_model is not None
        from data_generator.writers.parquet_join import join_parquet

        return join_parquet(shards, _slots(shards), dest, record_model, row_group_size)
    return _join_stream(shards, dest)


def _copy_record_files(shards: Sequence[ShardFiles], dest: OutputLayout) -> list[Path]:
    count, of = shards[0].count, len(shards)
    for index in range(1, count + 1):
        source = shards[index % of].layout.record_path(index)
        final = dest.record_path(index)
        temporary = dest.temporary_path(final)
        shutil.copyfile(source, temporary)
        move_into_place(temporary, final)
    return [dest.out_dir]


def _slots(shards: Sequence[ShardFiles]) -> Iterator[tuple[ShardFiles, int, int]]:
    """``(shard, first, second)`` of each index ``1..count``, in order."""
    readers = [iter(files.positions.read()) if files.positions else iter(()) for files in shards]
    count, of = shards[0].count, len(shards)
    for index in range(1, count + 1):
        first, second = next(readers[index % of])
        yield shards[index % of], first, second


def _join_stream(shards: Sequence[ShardFiles], dest: OutputLayout) -> list[Path]:
    final = dest.data_path
    temporary = dest.temporary_path(final)
    journal = dest.state_dir / f"{final.name}.journal"
    journal_temporary = dest.temporary_path(journal)
    handles = {id(files): open(files.layout.data_path, "rb") for files in shards}  # noqa: SIM115
    try:
        with open(temporary, "wb") as out, open(journal_temporary, "wb") as lines:
            header = _header(shards[0].layout)
            out.write(header)
            end = len(header)
            for index, (files, start, stop) in enumerate(_slots(shards), start=1):
                out.write(os.pread(handles[id(files)].fileno(), stop - start, start))
                end += stop - start
                lines.write(b"%d %d\n" % (index, end))
        move_into_place(journal_temporary, journal)
        move_into_place(temporary, final)
    finally:
        for handle in handles.values():
            handle.close()
        temporary.unlink(missing_ok=True)
        journal_temporary.unlink(missing_ok=True)
    return [final]
