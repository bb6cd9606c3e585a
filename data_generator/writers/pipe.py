"""Records as a byte stream on an open file (``-o -``: standard output), ``jsonl`` or ``csv``.

The bytes are those of the file a run into an out-dir writes for the same records: the
same encoders (:mod:`~data_generator.writers.stream`), the CSV header first. Each record
is flushed as it is written, so a reader downstream sees it at once.
"""

from __future__ import annotations

from typing import BinaryIO

from pydantic import BaseModel

from data_generator.errors import UsageError
from data_generator.formats import OutputFormat
from data_generator.writers.stream import CsvEncoder, encode_jsonl

__all__ = ["PIPE_FORMATS", "PipeWriter"]

#: The formats that can be streamed: one record after another in one file.
PIPE_FORMATS: tuple[OutputFormat, ...] = ("jsonl", "csv")


class PipeWriter:
    """Writes encoded records to ``out``, flushing each.

    Args:
        out: A binary stream (``sys.stdout.buffer``).
        output_format: ``jsonl`` or ``csv``.
        record_model: The record model (CSV columns).
        escape_formulas: In CSV, put a ``'`` before text a spreadsheet would run.

    Raises:
        UsageError: The format cannot be streamed.
    """

    def __init__(
        self,
        out: BinaryIO,
        output_format: OutputFormat,
        record_model: type[BaseModel],
        *,
        escape_formulas: bool = True,
    ) -> None:
        if output_format not in PIPE_FORMATS:
            raise UsageError(
                f"-o - streams jsonl or csv, not {output_format}",
                hint="Pass -f jsonl or -f csv, or give a folder with -o",
            )
        self._out = out
        self._csv = (
            CsvEncoder(record_model, escape_formulas=escape_formulas)
            if output_format == "csv"
            else None
        )

    def open(self) -> None:
        """Write what the file starts with (the CSV header).

        Raises:
            BrokenPipeError: The reader has gone.
        """
        if self._csv is not None:
            self._out.write(self._csv.header())
            self._out.flush()

    def __call__(self, index: int, record: BaseModel) -> None:
        """Write record ``index`` and flush it.

        Raises:
            BrokenPipeError: The reader has gone.
        """
        del index  # records arrive in index order; the stream holds no index
        self._out.write(self._csv(record) if self._csv is not None else encode_jsonl(record))
        self._out.flush()
