"""Parquet output, streamed in row groups, with staging bounded by one row group.

A Parquet file is unreadable until its footer is written, so it is assembled in
``.datagen/``:

- records of the row group being filled are appended to ``<name>.rows``, journaled like
  ``jsonl`` (see :mod:`~data_generator.writers.journal`), so a kill loses at most the
  record in flight;
- when it holds :data:`ROW_GROUP_SIZE` records (``DATAGEN_PARQUET_ROW_GROUP_SIZE``), they
  become a small Parquet file ``<name>.groups/NNNNNN.parquet`` and the rows file starts
  again; ``<name>.groups.journal`` lists each sealed group's indices;
- closing (also after an error or an interrupt) copies row group by row group, into a
  temporary file renamed into place: the groups already in the final file, the sealed
  group files, then the rows being filled as the last, short group. The group files are
  deleted once the journal notes (``final G S size``) what the final file holds.

So the staging never holds more than one row group of JSON lines plus the groups sealed
since the last close, a rerun that adds nothing leaves the file untouched, and the row
groups (hence the bytes) do not depend on where earlier runs stopped. The column types
come from the record model, not from guessing over the data. pyarrow is an optional extra:
``pip install 'datagen[parquet]'``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import types
import typing
from collections.abc import Iterator
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from data_generator.errors import OutputError, UsageError
from data_generator.writers.base import IndexSet, OutputLayout, move_into_place, write_error
from data_generator.writers.groups import GroupLog
from data_generator.writers.journal import Journal, scan_journal
from data_generator.writers.stream import encode_jsonl

__all__ = ["ROW_GROUP_SIZE", "ParquetWriter", "arrow_schema"]

#: Records per row group unless ``DATAGEN_PARQUET_ROW_GROUP_SIZE`` says otherwise.
ROW_GROUP_SIZE = 10_000
_log = logging.getLogger("data_generator.writers")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise UsageError(
            "parquet output needs pyarrow, which is not installed",
            hint="Install the extra (pip install 'datagen[parquet]', or pip install '.[parquet]' "
            "in a checkout), or choose another --output-format",
        ) from exc
    return pyarrow


def arrow_schema(model: type[BaseModel]) -> Any:
    """Return the ``pyarrow.Schema`` of ``model``'s records."""
    pa = _pyarrow()
    return pa.schema(
        [
            pa.field(name, _arrow_type(pa, info.annotation))
            for name, info in model.model_fields.items()
        ]
    )


def _arrow_type(pa: Any, annotation: Any) -> Any:  # noqa: PLR0911 - one branch per type
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _arrow_type(pa, get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        return _arrow_type(pa, members[0]) if len(members) == 1 else pa.string()
    if origin is Literal:
        values = get_args(annotation)
        return _arrow_type(pa, type(values[0]))
    if origin in (list, tuple, set, frozenset):
        args = get_args(annotation)
        return pa.list_(_arrow_type(pa, args[0] if args else str))
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return pa.struct(
                [
                    pa.field(n, _arrow_type(pa, i.annotation))
                    for n, i in annotation.model_fields.items()
                ]
            )
        if issubclass(annotation, Enum):
            return _arrow_type(pa, type(next(iter(annotation)).value))
        for python_type, arrow_type in (
            (bool, pa.bool_()),
            (int, pa.int64()),
            (float, pa.float64()),
            (datetime, pa.timestamp("us", tz="UTC")),
            (date, pa.date32()),
        ):
            if issubclass(annotation, python_type):
                return arrow_type
    return pa.string()


class ParquetWriter:
    """Streams records into Parquet row groups, resumably; see the module docs.

    Args:
        layout: Where the files go.
        record_model: The record model (the Parquet schema).
        row_group_size: Records per row group.
    """

    def __init__(
        self,
        layout: OutputLayout,
        record_model: type[BaseModel],
        *,
        row_group_size: int = ROW_GROUP_SIZE,
    ) -> None:
        self.layout = layout
        self._model = record_model
        self._schema = arrow_schema(record_model)  # fails early when pyarrow is missing
        self._pa = _pyarrow()
        self.row_group_size = row_group_size
        name = layout.data_path.name
        state = layout.state_dir
        self.rows = Journal(state / f"{name}.rows", state / f"{name}.rows.journal", keep_order=True)
        self.groups = GroupLog(state / f"{name}.groups.journal", state / f"{name}.groups")
        self._legacy = state / f"{layout.scenario}.parquet-staging.jsonl"
        self._changed = False
        self._rows_sealed = False
        self._failed: OutputError | None = None

    # --- the protocol -------------------------------------------------------------------
    def open(self) -> IndexSet:
        """Recover the row groups and the rows being filled; return the indices they hold.

        Raises:
            OutputError: The state cannot be read or prepared.
        """
        try:
            return self._open()
        except (OSError, self._pa.ArrowException) as exc:
            raise write_error(f"cannot prepare {str(self.layout.data_path)!r}", exc) from exc

    def write(self, index: int, record: BaseModel) -> None:
        """Append one record to the rows being filled; seal them once they fill a group.

        Raises:
            OutputError: The record or its row group cannot be written; every record
                written before it is kept, and later writes fail the same way.
        """
        if self._failed is not None:
            raise self._failed
        target = self.rows.data_path
        try:
            self.rows.append(index, encode_jsonl(record))
            self._changed = True
            if self.rows.count >= self.row_group_size:
                target = self.groups.group_path(self.groups.count + 1)
                self._seal()
        except (OSError, self._pa.ArrowException) as exc:
            where = str(getattr(exc, "filename", None) or target)
            self._failed = write_error(f"cannot write record {index} to {where!r}", exc)
            raise self._failed from exc

    def prune(self, last: int) -> int:
        """Drop the records above ``last``; closing writes the Parquet file anew.

        The records kept are copied out as JSON lines, the row groups are started again
        and the copies appended in their order, so the file ends up as a run of ``last``
        records would have written it. A kill in the middle loses only records a rerun
        makes again.

        Raises:
            OutputError: The records cannot be copied or written back.
        """
        dropped = sum(1 for index in self.groups.indices() if index > last)
        dropped += sum(1 for index in self.rows.done if index > last)
        if not dropped:
            return 0
        kept = self.layout.temporary_path(self.rows.data_path.with_suffix(".kept"))
        try:
            with open(kept, "wb") as out:
                for index, row in self._records():
                    if index <= last:
                        record = self._model.model_validate(row)
                        out.write(b"%d " % index + encode_jsonl(record))
            self.groups.reset()
            self.rows.create()
            with open(kept, "rb") as source:
                for line in source:
                    index_text, _, payload = line.partition(b" ")
                    self.rows.append(int(index_text), payload)
                    if self.rows.count >= self.row_group_size:
                        self._seal()
            self._changed = True
        except (OSError, self._pa.ArrowException) as exc:
            raise write_error(f"cannot prune {str(self.layout.data_path)!r}", exc) from exc
        finally:
            kept.unlink(missing_ok=True)
        return dropped

    def _records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Every record held, with its index: row group by row group, then the rows staged."""
        pq = self._pa.parquet
        held = self.groups.in_final
        final = pq.ParquetFile(self.layout.data_path) if held else None
        try:
            for number in range(1, self.groups.count + 1):
                table = (
                    final.read_row_group(number - 1)
                    if final is not None and number <= held
                    else pq.read_table(self.groups.group_path(number))
                )
                yield from zip(self.groups.group_indices(number), table.to_pylist(), strict=True)
        finally:
            if final is not None:
                final.close()
        if not self._rows_sealed:
            yield from zip(self._staged_indices(), self._staged_table().to_pylist(), strict=True)

    def close(self) -> list[Path]:
        """Write the final file from its row groups, unless it already holds them all.

        Raises:
            OutputError: The file cannot be written; the row groups stay for a rerun.
        """
        self.rows.close()
        final = self.layout.data_path
        if not self._changed and self._up_to_date():
            return [final]  # nothing new: leave the Parquet file untouched
        temporary = self.layout.temporary_path(final)
        try:
            self._compose(temporary)
            move_into_place(temporary, final)
            self.groups.note_final(self._staged_rows(), final.stat().st_size)
        except (OSError, self._pa.ArrowException) as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise write_error(
                f"cannot write {str(final)!r}", exc, then="rerun the same command to finish"
            ) from exc
        return [final]

    # --- opening ------------------------------------------------------------------------
    def _open(self) -> IndexSet:
        self.groups.read()
        if self.rows.data_path.exists():
            staged = self.rows.recover()
        else:
            self.rows.create()
            staged = IndexSet()
            if self.groups.count == 0 and self.groups.in_final == 0:
                self._adopt_legacy_staging()
                staged = self.rows.done
        sealed = self.groups.indices()
        if any(index in sealed for index in staged):
            # Killed between sealing a group and emptying the rows file: they are sealed.
            self.rows.create()
            staged = IndexSet()
        if not self._final_holds_its_groups() or not self.groups.files_present():
            _log.warning(
                "%s does not match its run state; its records are made again",
                self.layout.data_path,
            )
            self.groups.reset()
            self.rows.create()
            return IndexSet()
        self.groups.remove_stray_files()
        for index in staged:
            sealed.add(index)
        if self.rows.count >= self.row_group_size:  # killed while sealing them
            self._seal()
            self._changed = True
        return sealed

    def _final_holds_its_groups(self) -> bool:
        """Whether the final file starts with the row groups the journal says it holds."""
        held = self.groups.in_final
        if held == 0:
            return True
        try:
            with self._pa.parquet.ParquetFile(self.layout.data_path) as final:
                metadata = final.metadata
        except (OSError, self._pa.ArrowException):
            return False
        return metadata.num_row_groups >= held and all(
            metadata.row_group(number).num_rows == self.groups.size(number + 1)
            for number in range(held)
        )

    def _up_to_date(self) -> bool:
        final = self.layout.data_path
        try:
            size = final.stat().st_size
        except OSError:
            return False
        return self.groups.final_mark() == (self.groups.count, self.rows.count, size)

    def _adopt_legacy_staging(self) -> None:
        """Take over the JSON-lines staging of datagen 0.1 (one line per record)."""
        staged = [
            path
            for path in (self._legacy.with_name(self._legacy.name + ".part"), self._legacy)
            if path.exists()
        ]
        journal = self._legacy.with_name(self._legacy.name + ".journal")
        if staged and journal.exists():
            data = staged[0].read_bytes()
            scan = scan_journal(journal, len(data), 0)
            lines = journal.read_bytes().splitlines()[: scan.lines]
            indices = [int(line.split()[0]) for line in lines]
            for index, line in zip(indices, data[: scan.end].splitlines(True), strict=True):
                self.rows.append(index, line)
                if self.rows.count >= self.row_group_size:
                    self._seal()
            self._changed = True
        for path in (*staged, journal):
            path.unlink(missing_ok=True)

    # --- row groups ---------------------------------------------------------------------
    def _seal(self) -> None:
        """Turn the rows being filled into the next row group file."""
        number = self.groups.count + 1
        path = self.groups.group_path(number)
        temporary = self.layout.temporary_path(path)
        table = self._staged_table()
        try:
            self._pa.parquet.write_table(table, temporary, row_group_size=max(1, len(table)))
            self.groups.folder.mkdir(exist_ok=True)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self.groups.add(self.rows.done)
        try:
            self.rows.create()
        except OSError:
            self._rows_sealed = True  # the rows file still holds them: not theirs to add
            raise

    def _staged_rows(self) -> int:
        """The records being filled into the last row group."""
        return 0 if self._rows_sealed else self.rows.count

    def _staged_indices(self) -> list[int]:
        """The indices of the staged rows, in the order they were appended."""
        return self.rows.order

    def _staged_table(self) -> Any:
        """The staged rows in index order, as a row group lists them.

        A rerun that fills a gap appends a lower index after higher ones.
        """
        with open(self.rows.data_path, "rb") as staged:
            lines = staged.read(self.rows.end).splitlines()
        order = sorted(zip(self._staged_indices(), lines, strict=True), key=lambda pair: pair[0])
        rows = [self._model.model_validate_json(line).model_dump() for _, line in order]
        return self._pa.Table.from_pylist(rows, schema=self._schema)

    def _compose(self, temporary: Path) -> None:
        """Write every row group, in order, into ``temporary``."""
        pq = self._pa.parquet
        with pq.ParquetWriter(temporary, self._schema) as writer:

            def put(table: Any) -> None:
                writer.write_table(table.cast(self._schema), row_group_size=max(1, len(table)))

            held = self.groups.in_final
            if held:
                with pq.ParquetFile(self.layout.data_path) as final:
                    for number in range(held):
                        put(final.read_row_group(number))
            for number in range(held + 1, self.groups.count + 1):
                put(pq.read_table(self.groups.group_path(number)))
            if self._staged_rows():
                put(self._staged_table())
