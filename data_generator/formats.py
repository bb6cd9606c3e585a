"""The output formats in one table: names, file extensions and record-file names.

Writers, inspection, the declarative reader and the CLI read them from here. The module
imports nothing heavy, so the quick paths (help, completion, ``scenarios.toml``) may use it.
"""

from __future__ import annotations

import re
import typing
from typing import Literal

__all__ = [
    "DEFAULT_FORMAT",
    "EXTENSIONS",
    "OUTPUT_FORMATS",
    "PER_RECORD_FORMATS",
    "READ_SUFFIXES",
    "RECORD_FILE_STEM",
    "OutputFormat",
    "data_file_name",
    "record_file_name",
]

OutputFormat = Literal["json", "jsonl", "csv", "yaml", "parquet", "txt"]
#: Every output format, in the order help and menus list them.
OUTPUT_FORMATS: tuple[OutputFormat, ...] = typing.get_args(OutputFormat)
#: The format of a run that names none (``--output-format``, ``scenarios.toml``).
DEFAULT_FORMAT: OutputFormat = "json"
#: The file extension of each format.
EXTENSIONS: dict[OutputFormat, str] = {fmt: fmt for fmt in OUTPUT_FORMATS}
#: Formats written one file per record (``tech-support-000001.json``); the others write
#: one file per run (``tech-support.jsonl``).
PER_RECORD_FORMATS: frozenset[OutputFormat] = frozenset({"json", "yaml", "txt"})
#: File suffixes read back as output (``.yml`` too, which datagen does not write).
READ_SUFFIXES: dict[str, OutputFormat] = {
    **{f".{extension}": fmt for fmt, extension in EXTENSIONS.items()},
    ".yml": "yaml",
}
#: The stem of a per-record file: the scenario, a dash and an index of six or more digits.
RECORD_FILE_STEM = re.compile(r"^(?P<scenario>.+)-(?P<index>\d{6,})$")


def record_file_name(scenario: str, index: int, output_format: OutputFormat) -> str:
    """The file name of record ``index`` in a per-record format: ``tech-support-000001.json``."""
    return f"{scenario}-{index:06d}.{EXTENSIONS[output_format]}"


def data_file_name(scenario: str, output_format: OutputFormat) -> str:
    """The file name of a one-file format's output: ``tech-support.jsonl``."""
    return f"{scenario}.{EXTENSIONS[output_format]}"
