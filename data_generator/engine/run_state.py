"""``RunState``: everything one run counts and knows about itself, in one object.

The record maker counts the service's answers into its :attr:`~RunState.tally` (429s,
transient failures, masked and corrected records), the workers count records and tokens
into the same tally, and the manifest and the result are read from here.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from data_generator.engine.manifest import (
    DeploymentTally,
    Manifest,
    Tally,
    Totals,
    fingerprint,
    summed_deployments,
)
from data_generator.engine.result import cost_of

if TYPE_CHECKING:
    from data_generator.settings import Settings
    from data_generator.writers.base import OutputLayout

__all__ = ["RunState"]


@dataclass
class RunState:
    """One run into an out-dir, from its start to its last manifest.

    Attributes:
        inputs: What shapes its records (the fingerprint's inputs).
        totals: What earlier runs into the out-dir counted, killed ones included.
        requested: Records asked for (``1..requested``).
        already: Records of ``1..requested`` present when it started.
        beyond: Records above ``requested`` kept from an earlier, larger run.
        tally: This run's counts and tokens.
        status: ``running`` until it ends.
        budget_reached: The token budget stopped it.
        files: The record files or folder, once the writer is closed.
        run_id: Its id (the usage journal names it too).
        deployments: Earlier runs' tallies per deployment (this run's are added to them).
    """

    inputs: dict[str, Any]
    totals: Totals
    requested: int
    already: int = 0
    beyond: int = 0
    tally: Tally = field(default_factory=Tally)
    status: str = "running"
    budget_reached: bool = False
    files: list[Path] = field(default_factory=list)
    run_id: str = field(default_factory=lambda: secrets.token_hex(8))
    started: float = field(default_factory=time.perf_counter)
    started_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    deployments: tuple[DeploymentTally, ...] = ()

    @property
    def present(self) -> int:
        """Records of ``1..requested`` in the out-dir now."""
        return self.already + self.tally.written

    @property
    def elapsed(self) -> float:
        """Seconds since the run started."""
        return time.perf_counter() - self.started

    def spent(self, tally: Tally, settings: Settings) -> float | None:
        """The estimated cost of ``tally``'s tokens at the prices of ``settings``."""
        return cost_of(
            tally.prompt_tokens,
            tally.completion_tokens,
            settings.price_prompt_per_1k,
            settings.price_completion_per_1k,
        )

    def manifest(
        self,
        layout: OutputLayout,
        settings: Settings,
        structured_output: str | None = None,
        deployments: tuple[DeploymentTally, ...] = (),
    ) -> Manifest:
        """Describe the run: what shaped it, what it wrote, what it spent and how long it took.

        ``counts`` and ``tokens`` are totals over every run into the out-dir (the runs
        before this one plus this one); ``last_run`` holds this run's own figures. ``runs``
        counts this run once it is no longer ``running``. ``structured_output`` is the mode
        the provider used (``None`` while undecided); it does not shape the fingerprint.
        ``deployments`` are this run's tallies per deployment, summed into earlier runs'.
        """
        inputs = self.inputs
        combined = self.totals.tally.plus(self.tally)
        elapsed = self.elapsed
        failures = layout.state_dir / "failures.jsonl"
        return Manifest(
            status=self.status,
            run_id=self.run_id,
            scenario=inputs["scenario"],
            fingerprint=fingerprint(inputs),
            fingerprint_inputs=dict(inputs),
            options=inputs["options"],
            provider=inputs["provider"],
            model=inputs["model"],
            seed=inputs["seed"],
            output_format=inputs["output_format"],
            structured_output=structured_output,
            concurrency=settings.concurrency,
            out_dir=str(layout.out_dir.resolve()),
            requested=self.requested,
            present=self.present,
            beyond_count=self.beyond,
            runs=self.totals.runs + (self.status != "running"),
            totals=combined,
            last_run=self.tally,
            total_cost=self.spent(combined, settings),
            last_run_cost=self.spent(self.tally, settings),
            started_at=self.started_at.isoformat(timespec="seconds"),
            elapsed_seconds=round(elapsed, 3),
            records_per_second=round(self.tally.written / elapsed, 1) if elapsed else None,
            files=tuple(_relative(path, layout.out_dir) for path in self.files),
            failures_file=_relative(failures, layout.out_dir) if self.tally.failed else None,
            deployments=summed_deployments(self.deployments, deployments),
        )


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder)) or "."
    except ValueError:
        return str(path)
