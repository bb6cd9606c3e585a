"""Choose how a run shows its progress: live dashboard, plain lines, or nothing.

* stderr is a terminal (and not ``TERM=dumb``), text logs, no ``--no-progress``: the live
  :class:`~data_generator.cli.dashboard.Dashboard`, then a summary table;
* otherwise (a pipe, a file, CI, ``--no-progress``, ``--log-format json``):
  :class:`~data_generator.cli.progress_lines.ProgressLines`, no control codes;
* ``--quiet``: no progress at all, and no summary; warnings and errors still show.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from data_generator.cli import report
from data_generator.engine.progress import RunProgress

if TYPE_CHECKING:
    from data_generator.cli.dashboard import Dashboard
    from data_generator.cli.progress_lines import ProgressLines
    from data_generator.engine import DataGenerator, RunResult
    from data_generator.settings import Settings

__all__ = ["RunDisplay", "wants_live_display"]


def wants_live_display(settings: Settings, *, no_progress: bool) -> bool:
    """Whether stderr gets the live dashboard rather than plain lines."""
    if no_progress or settings.log_format != "text":
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty and isatty())


class RunDisplay:
    """What the user sees of one run, subscribed to its generator.

    Args:
        generator: The run to show.
        settings: Its settings (log format, prices, progress interval).
        quiet: Show nothing but warnings and errors.
        no_progress: Plain lines even on a terminal.
    """

    def __init__(
        self,
        generator: DataGenerator,
        settings: Settings,
        *,
        quiet: bool = False,
        no_progress: bool = False,
    ) -> None:
        self.quiet = quiet
        #: Whether the live dashboard is in use.
        self.live = False
        self._dashboard: Dashboard | None = None
        self._sink: Dashboard | ProgressLines | None = None
        if quiet:
            return
        progress = RunProgress(settings.price_prompt_per_1k, settings.price_completion_per_1k)
        if wants_live_display(settings, no_progress=no_progress):
            from rich.console import Console

            from data_generator.cli.dashboard import Dashboard

            self._sink = self._dashboard = Dashboard(
                progress, Console(stderr=True), deployments=generator.deployment_tallies
            )
            self.live = True
        else:
            from data_generator.cli.progress_lines import ProgressLines

            self._sink = ProgressLines(
                progress, settings.progress_interval, announce=settings.log_format == "json"
            )
        generator.subscribe(self._sink)

    def close(self) -> None:
        """Stop any live display or periodic lines (idempotent)."""
        if self._sink is not None:
            self._sink.close()

    def finish(self, result: RunResult) -> None:
        """Report the outcome, after :meth:`close`: the summary table, then the result."""
        if self._dashboard is not None:
            self._dashboard.print_summary(result)
        report.print_result(result, quiet=self.quiet, brief=self.live)
