"""What the CLI's top edge needs to know about the command that ran."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CliState"]


@dataclass
class CliState:
    """Shared between :func:`data_generator.cli.main` and the command it runs.

    Attributes:
        debug: ``--debug`` was given: errors show their traceback.
        json_logs: ``--log-format json`` is in force: errors are JSON lines too.
    """

    debug: bool = False
    json_logs: bool = False
