"""The live dashboard: a Rich display on stderr, fed by the engine's events.

It shows a progress bar with done/total, records per second and the ETA; requests in
flight and the adaptive concurrency limit; retries, 429s, transient errors and failures;
tokens and the estimated cost. When the run ends, :func:`summary_table` describes it.
Colours follow ``NO_COLOR`` and ``FORCE_COLOR`` (Rich reads both).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.live import Live
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from data_generator.cli.progress_lines import batch_line, duration, upload_line
from data_generator.cli.report import deployment_line
from data_generator.engine.events import Event, RunFinished, RunStarted
from data_generator.engine.progress import ProgressFigures, RunProgress

if TYPE_CHECKING:
    from data_generator.engine import RunResult
    from data_generator.engine.manifest import DeploymentTally

__all__ = ["Dashboard", "render_figures", "summary_table"]


def render_figures(figures: ProgressFigures, deployments: Sequence[DeploymentTally] = ()) -> Group:
    """One frame of the dashboard; with several ``deployments``, a line for each."""
    top = Table.grid(padding=(0, 1), expand=True)
    top.add_column(no_wrap=True)
    top.add_column(ratio=1)
    top.add_column(no_wrap=True, justify="right")
    top.add_row(
        Text(figures.scenario, style="bold"),
        ProgressBar(total=max(1, figures.total), completed=figures.done),
        f"{figures.done:,}/{figures.total:,} {figures.fraction * 100:3.0f}%  "
        f"{figures.rate:,.1f} rec/s  ETA {duration(figures.eta)}",
    )
    load = Text.assemble(
        ("in flight ", "dim"),
        f"{figures.in_flight}",
        ("  limit ", "dim"),
        f"{figures.limit}/{figures.concurrency}",
        ("  retried ", "dim"),
        f"{figures.retried:,}",
        ("  429s ", "dim"),
        (f"{figures.rate_limited:,}", "yellow" if figures.rate_limited else ""),
        ("  transient ", "dim"),
        (f"{figures.transient:,}", "yellow" if figures.transient else ""),
        ("  failed ", "dim"),
        (f"{figures.failed:,}", "bold red" if figures.failed else ""),
    )
    cost = f"{figures.cost:.4f}" if figures.cost is not None else "-"
    spend = Text.assemble(
        ("tokens in ", "dim"),
        f"{figures.prompt_tokens:,}",
        ("  out ", "dim"),
        f"{figures.completion_tokens:,}",
        ("  cost ", "dim"),
        cost,
        ("  elapsed ", "dim"),
        duration(figures.elapsed),
    )
    lines = [Text.assemble(("deployment ", "dim"), deployment_line(tally)) for tally in deployments]
    if figures.batches:
        lines.append(Text(batch_line(figures.batches), style="cyan"))
    if figures.upload:
        lines.append(Text(upload_line(figures.upload), style="cyan"))
    return Group(top, load, spend, *lines)


def summary_table(result: RunResult) -> Table:
    """The end-of-run summary: counts, tokens, cost, time and where the files are."""
    table = Table(
        title=f"datagen {result.scenario}: {result.status}",
        title_justify="left",
        title_style="bold",
        box=None,
        show_header=False,
        padding=(0, 2),
        pad_edge=False,
    )
    table.add_column(style="dim")
    table.add_column(overflow="fold")
    rate = result.written / result.elapsed if result.elapsed > 0 else 0.0
    table.add_row(
        "written", f"{result.written:,} ({result.present:,} of {result.requested:,} present)"
    )
    table.add_row("failed", Text(f"{result.failed:,}", style="bold red" if result.failed else ""))
    table.add_row("retried", f"{result.retried:,}")
    table.add_row("429s", f"{result.rate_limited:,}")
    table.add_row("transient", f"{result.transient:,}")
    table.add_row("attributes corrected", f"{result.attributes_corrected:,}")
    table.add_row(
        "tokens",
        f"{result.prompt_tokens:,} prompt + {result.completion_tokens:,} completion",
    )
    table.add_row("cost", f"{result.cost:.4f}" if result.cost is not None else "- (no prices set)")
    if result.structured_output is not None:
        table.add_row("structured output", result.structured_output)
    for tally in result.deployments:
        table.add_row("deployment", deployment_line(tally))
    table.add_row("elapsed", f"{result.elapsed:.2f} s ({rate:,.1f} records/s)")
    files = ", ".join(str(path) for path in result.files) or str(result.out_dir)
    table.add_row("files", files)
    table.add_row("failures", str(result.failures_path) if result.failures_path else "none")
    table.add_row("manifest", str(result.manifest_path))
    return table


class Dashboard:
    """An engine event sink that draws the live dashboard while a run goes on.

    Args:
        progress: Where the figures are tallied (this sink feeds it every event).
        console: Where to draw (stderr); tests pass a console of fixed width.
        refresh_per_second: How often the display is redrawn.
        deployments: Reads the run's figures per deployment (several deployments only).
    """

    def __init__(
        self,
        progress: RunProgress,
        console: Console,
        refresh_per_second: float = 4,
        deployments: Callable[[], Sequence[DeploymentTally]] | None = None,
    ) -> None:
        self.progress = progress
        self.deployments = deployments
        self.console = console
        self.refresh_per_second = refresh_per_second
        self._live: Live | None = None

    def __call__(self, event: Event) -> None:
        """Take ``event`` into account; start the display with the run, stop it at the end."""
        self.progress(event)
        if isinstance(event, RunStarted):
            self._live = Live(
                self,
                console=self.console,
                refresh_per_second=self.refresh_per_second,
                redirect_stdout=False,
                redirect_stderr=True,  # warnings print above the display
            )
            self._live.start()
        elif isinstance(event, RunFinished):
            self.close()

    def __rich__(self) -> Any:
        """The frame for the figures now (Live calls this on every refresh)."""
        tallies = self.deployments() if self.deployments is not None else ()
        return render_figures(self.progress.figures(), tallies)

    def close(self) -> None:
        """Draw the final frame and stop the display (idempotent)."""
        if self._live is not None:
            self._live.stop()
            self._live = None

    def print_summary(self, result: RunResult) -> None:
        """Print :func:`summary_table` for ``result`` under the display."""
        self.console.print(summary_table(result))
