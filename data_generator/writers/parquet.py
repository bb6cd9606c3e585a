"""Parquet output, in row groups, from a journaled staging stream.

A Parquet file is unreadable until its footer is written, so records are first appended to
a journaled JSON-lines staging file in ``.datagen/`` (which survives a kill like ``jsonl``
does). Closing converts the staging file to Parquet in row groups of
:data:`ROW_GROUP_SIZE`, with memory bounded by one row group, and renames the result into
place. The column types come from the record model, not from guessing over the data.
pyarrow is an optional extra: ``pip install 'datagen[parquet]'``.
"""

from __future__ import annotations

import contextlib
import types
import typing
from collections.abc import Iterator
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from data_generator.errors import OutputError, UsageError
from data_generator.writers.base import IndexSet, OutputLayout, move_into_place
from data_generator.writers.stream import StreamWriter, encode_jsonl

__all__ = ["ROW_GROUP_SIZE", "ParquetWriter", "arrow_schema"]

ROW_GROUP_SIZE = 10_000


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
    """Stages records as journaled JSON lines, converts them to Parquet on close."""

    def __init__(self, layout: OutputLayout, record_model: type[BaseModel]) -> None:
        self.layout = layout
        self._model = record_model
        self._schema = arrow_schema(record_model)  # fails early when pyarrow is missing
        self.staging_path = layout.state_dir / f"{layout.scenario}.parquet-staging.jsonl"
        self._staging = StreamWriter(layout, encode_jsonl, final_path=self.staging_path)

    def open(self) -> IndexSet:
        """Recover the staging stream and return the indices it holds."""
        return self._staging.open()

    def write(self, index: int, record: BaseModel) -> None:
        """Append one record to the staging stream."""
        self._staging.write(index, record)

    def prune(self, last: int) -> int:
        """Drop the staged records above ``last``; closing writes the Parquet file anew."""
        return self._staging.prune(last)

    def close(self) -> list[Path]:
        """Convert the staged records to Parquet and move the file into place."""
        unchanged = self._staging.unchanged
        self._staging.close()
        final = self.layout.data_path
        if unchanged and final.exists():
            return [final]  # nothing new: leave the Parquet file untouched
        pa = _pyarrow()
        temporary = self.layout.temporary_path(final)
        try:
            with pa.parquet.ParquetWriter(temporary, self._schema) as writer:
                for rows in self._batches():
                    writer.write_table(pa.Table.from_pylist(rows, schema=self._schema))
            move_into_place(temporary, final)
        except (OSError, pa.ArrowException) as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise OutputError(
                f"cannot write {str(final)!r}: {exc}",
                hint="Check free space and permissions of the out-dir; rerun to finish",
            ) from exc
        return [final]

    def _batches(self) -> Iterator[list[dict[str, Any]]]:
        rows: list[dict[str, Any]] = []
        with open(self.staging_path, "rb") as staging:
            for line in staging:
                rows.append(self._model.model_validate_json(line).model_dump())
                if len(rows) == ROW_GROUP_SIZE:
                    yield rows
                    rows = []
        if rows:
            yield rows
