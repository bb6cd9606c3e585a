"""Writers: one output format per module behind :class:`RecordWriter`.

Every write is atomic (a temporary file and a rename, or a journaled append), so no
half-written file ever carries its final name and a rerun fills gaps. A writer closed
after an error keeps every whole record written before it.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from data_generator.writers.base import IndexSet, OutputLayout, RecordWriter
from data_generator.writers.per_record import PerRecordWriter, encode_json, encode_yaml
from data_generator.writers.stream import CsvEncoder, StreamWriter, encode_jsonl

__all__ = ["IndexSet", "OutputLayout", "RecordWriter", "create_writer"]


def create_writer(
    layout: OutputLayout,
    record_model: type[BaseModel],
    render_text: Callable[[BaseModel], str],
    *,
    escape_formulas: bool = True,
    row_group_size: int | None = None,
) -> RecordWriter:
    """Return the writer of ``layout.output_format``.

    Args:
        layout: Where the files go.
        record_model: The record model (CSV columns, Parquet schema).
        render_text: The scenario's text rendering, for ``txt``.
        escape_formulas: In CSV, put a ``'`` before text a spreadsheet would run as a
            formula (``--csv-formulas escape``).
        row_group_size: Records per Parquet row group (the writer's default if ``None``).

    Raises:
        UsageError: Parquet was chosen and pyarrow is not installed.
    """
    fmt = layout.output_format
    if fmt == "json":
        return PerRecordWriter(layout, encode_json)
    if fmt == "yaml":
        return PerRecordWriter(layout, encode_yaml)
    if fmt == "txt":
        return PerRecordWriter(layout, lambda record: render_text(record).encode("utf-8"))
    if fmt == "jsonl":
        return StreamWriter(layout, encode_jsonl)
    if fmt == "csv":
        encoder = CsvEncoder(record_model, escape_formulas=escape_formulas)
        return StreamWriter(layout, encoder, header=encoder.header())
    from data_generator.writers.parquet import ROW_GROUP_SIZE, ParquetWriter

    return ParquetWriter(layout, record_model, row_group_size=row_group_size or ROW_GROUP_SIZE)
