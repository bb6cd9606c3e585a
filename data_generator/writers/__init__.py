"""Writers: one output format per module behind :class:`RecordWriter`.

Every write is atomic (a temporary file and a rename, or a journaled append), so no
half-written file ever carries its final name and a rerun fills gaps. A writer closed
after an error keeps every whole record written before it.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from data_generator.formats import OutputFormat
from data_generator.writers.base import IndexSet, OutputLayout, RecordWriter
from data_generator.writers.per_record import PerRecordWriter, encode_json, encode_yaml
from data_generator.writers.stream import CsvEncoder, StreamWriter, encode_jsonl

__all__ = ["IndexSet", "OutputLayout", "RecordWriter", "create_writer", "record_encoder"]


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
    if fmt == "parquet":
        from data_generator.writers.parquet import ROW_GROUP_SIZE, ParquetWriter

        return ParquetWriter(layout, record_model, row_group_size=row_group_size or ROW_GROUP_SIZE)
    encode = record_encoder(fmt, record_model, render_text, escape_formulas=escape_formulas)
    if layout.per_record:
        return PerRecordWriter(layout, encode)
    header = encode.header() if isinstance(encode, CsvEncoder) else b""
    return StreamWriter(layout, encode, header=header)


def record_encoder(
    output_format: OutputFormat,
    record_model: type[BaseModel],
    render_text: Callable[[BaseModel], str],
    *,
    escape_formulas: bool = True,
) -> Callable[[BaseModel], bytes]:
    """How ``output_format`` encodes one record (Parquet: as its staged JSON line).

    Args:
        output_format: The output format.
        record_model: The record model (CSV columns).
        render_text: The scenario's text rendering, for ``txt``.
        escape_formulas: In CSV, put a ``'`` before text a spreadsheet would run.
    """
    if output_format == "json":
        return encode_json
    if output_format == "yaml":
        return encode_yaml
    if output_format == "txt":
        return lambda record: render_text(record).encode("utf-8")
    if output_format == "csv":
        return CsvEncoder(record_model, escape_formulas=escape_formulas)
    return encode_jsonl
