"""What a run returns: :class:`RunResult`, and :class:`DryRunPlan` for ``--dry-run``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data_generator.errors import EXIT_OK, EXIT_SOME_FAILED

__all__ = ["DryRunPlan", "RunResult"]


@dataclass(frozen=True)
class RunResult:
    """The outcome of :meth:`DataGenerator.run`.

    Attributes:
        present: Records of ``1..requested`` now in the out-dir (this run and earlier).
        written: Records this run wrote.
        failed: Records this run gave up on (listed in ``failures_path``).
        retried: Extra attempts this run made.
        status: ``complete``, ``incomplete``, ``interrupted``, ``aborted`` or ``failed``.
        files: The record files or folder.
    """

    scenario: str
    out_dir: Path
    output_format: str
    requested: int
    present: int
    written: int
    failed: int
    retried: int
    prompt_tokens: int
    completion_tokens: int
    elapsed: float
    status: str
    files: list[Path]
    failures_path: Path | None
    manifest_path: Path
    seed: int

    @property
    def exit_code(self) -> int:
        """0 when every requested record is present, 1 otherwise (rerun to complete)."""
        return EXIT_OK if self.failed == 0 and self.present >= self.requested else EXIT_SOME_FAILED


@dataclass(frozen=True)
class DryRunPlan:
    """What a run would do, for ``--dry-run``: nothing is called or written."""

    scenario: str
    provider: str
    model: str
    count: int
    already_present: int
    out_dir: Path
    output_format: str
    seed: int
    system: str
    prompt: str
    schema: Mapping[str, Any]
