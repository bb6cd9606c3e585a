"""The run's display: live dashboard on a terminal, plain or JSON lines in a pipe, --quiet.

The dashboard's figures are checked against the run's manifest: a run against the loopback
Azure OpenAI server meets a 429, refused answers and a record that fails for good, so every
counter has something to show.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pexpect
import pytest
from fake_openai_server import FakeOpenAIServer
from helpers import manifest
from model_server import record_responder, scenario_args
from rich.console import Console

from data_generator import DataGenerator, Settings
from data_generator.cli.dashboard import Dashboard, render_figures, summary_table
from data_generator.cli.progress_lines import ProgressLines, describe, duration
from data_generator.engine.events import (
    RecordFailed,
    RecordRetried,
    RecordWritten,
    RequestFailed,
    RunFinished,
    RunStarted,
)
from data_generator.engine.progress import RunProgress
from data_generator.tools.tech_support import TechSupportTool

SEED = 7
DEPLOYMENT = "gpt-4o-test"
KEY = "azure-key-dashboard"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SGR = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;\d+)*m")
# Record 1 gets two refused answers (it fails with --max-attempts 2); record 2 meets a 429
# (and lends its turn meanwhile), record 3 one refused answer, and both then validate.
# Everything else is answered well.
SCRIPT = ("malformed", "malformed", "429", "malformed")
PRICES = {"DATAGEN_PRICE_PROMPT_PER_1K": "0.5", "DATAGEN_PRICE_COMPLETION_PER_1K": "1.5"}


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(
        record_responder(seed=SEED), script=SCRIPT, latency_seconds=0.02, retry_after_ms=10
    ) as fake:
        yield fake


def model_flags(server: FakeOpenAIServer) -> list[str]:
    return [
        "--provider",
        "azure",
        "--azure-openai-endpoint",
        server.base_url,
        "--azure-openai-deployment",
        DEPLOYMENT,
        "--seed",
        str(SEED),
        "--max-attempts",
        "2",
        "--concurrency",
        "1",
    ]


def child_env(**extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        **PRICES,
        "AZURE_OPENAI_API_KEY": KEY,  # a key given as a flag adds a warning line
        "DATAGEN_RETRY_BACKOFF": "0.01",
        "COLUMNS": "100",
        "LINES": "40",
        "TERM": "xterm-256color",
    }
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


def expected_figures(out: Path) -> dict[str, str]:
    """What the dashboard must show, read from the run's manifest."""
    data = manifest(out)
    counts, tokens = data["counts"], data["tokens"]
    return {
        "done": f"{counts['present']:,}/{counts['requested']:,}",
        "retried": f"retried {counts['retried']:,}",
        "429s": f"429s {counts['rate_limited']:,}",
        "failed": f"failed {counts['failed']:,}",
        "tokens in": f"tokens in {tokens['prompt']:,}",
        "tokens out": f"out {tokens['completion']:,}",
        "cost": f"cost {tokens['estimated_cost']:.4f}",
    }


def screen_text(raw: str) -> str:
    """What a terminal showed, as lines: control codes (cursor moves, colours) become breaks."""
    text = ANSI.sub("\n", SGR.sub("", raw).replace("\r", "\n"))
    return "\n".join(line for line in text.split("\n") if line)


def last_frame(screen: str) -> str:
    """The dashboard's last frame: the last bar line and the two lines under it."""
    lines = screen.splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("tech-support "))
    return "\n".join(lines[start : start + 3])


def test_progress_tallies_events_like_the_manifest() -> None:
    now = [100.0]
    progress = RunProgress(0.5, 1.5, clock=lambda: now[0])
    progress(RunStarted("tech-support", 10, 2, 4, Path("out")))
    progress(RequestFailed(3, "rate_limited", "429", will_retry=True, in_flight=3, limit=2))
    progress(RequestFailed(3, "transient", "503", will_retry=True, in_flight=1, limit=2))
    progress(RecordRetried(3, 2, "invalid record"))
    progress(RecordWritten(3, 2, 1000, 200, in_flight=1, limit=3))
    progress(RecordFailed(4, "gave up", 2, 500, 100, in_flight=0, limit=3))
    now[0] += 2.0
    figures = progress.figures()

    assert (figures.done, figures.total, figures.written, figures.failed) == (3, 10, 1, 1)
    assert (figures.retried, figures.rate_limited, figures.transient) == (1, 1, 1)
    assert (figures.prompt_tokens, figures.completion_tokens) == (1500, 300)
    assert figures.cost == pytest.approx(1.5 * 0.5 + 0.3 * 1.5)
    assert (figures.in_flight, figures.limit, figures.concurrency) == (0, 3, 4)
    assert figures.rate == pytest.approx(1.0)  # two records settled in two seconds
    assert figures.eta == pytest.approx(6.0)  # six left at one per second
    assert figures.fraction == pytest.approx(0.3)

    now[0] += 20.0  # the window slides: nothing settled lately
    assert progress.figures().rate == 0.0
    assert progress.figures().eta is None

    progress(RunFinished("incomplete", 1, 1, 22.0))
    now[0] += 100.0  # the clock stops with the run
    final = progress.figures()
    assert final.status == "incomplete"
    assert final.elapsed == pytest.approx(22.0)
    assert final.in_flight == 0
    assert final.eta is None


def test_progress_line_and_duration_formats() -> None:
    progress = RunProgress(clock=lambda: 0.0)
    progress(RunStarted("healthcare", 2500, 0, 8, Path("out")))
    line = describe(progress.figures())
    assert line.startswith("healthcare: 0 of 2,500 (0 %), 0.0 records/s, ETA -:--:--;")
    assert "cost" not in line  # no prices, no cost
    assert duration(3725.4) == "1:02:05"
    assert duration(None) == "-:--:--"


def test_dashboard_in_a_fixed_width_terminal_shows_the_manifests_figures(
    tmp_path: Path, server: FakeOpenAIServer
) -> None:
    out = tmp_path / "out"
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    settings = Settings(
        provider="azure",
        azure_openai_endpoint=server.base_url,
        azure_openai_deployment=DEPLOYMENT,
        azure_openai_api_key=KEY,
        seed=SEED,
        concurrency=1,
        max_attempts=2,
        retry_backoff=0.01,
        price_prompt_per_1k=0.5,
        price_completion_per_1k=1.5,
    )
    generator = DataGenerator(tool, count=6, out_dir=out, settings=settings)
    screen = io.StringIO()
    console = Console(file=screen, width=100, force_terminal=True, color_system=None)
    dashboard = Dashboard(RunProgress(0.5, 1.5), console, refresh_per_second=20)
    generator.subscribe(dashboard)

    result = generator.run()
    dashboard.print_summary(result)

    assert result.exit_code == 1
    data = manifest(out)
    assert (data["counts"]["failed"], data["counts"]["rate_limited"]) == (1, 1)
    assert data["counts"]["retried"] == 2
    drawn = screen_text(screen.getvalue())
    frame = last_frame(drawn)
    for name, text in expected_figures(out).items():
        assert text in frame, (name, frame)
    assert "100%" not in frame  # one record failed: 5 of 6
    assert all(len(line) <= 100 for line in drawn.splitlines())

    # The final frame, rendered alone at the same width, is what the terminal showed last.
    alone = Console(file=io.StringIO(), width=100, color_system=None)
    alone.print(render_figures(dashboard.progress.figures()))
    shown = [line.rstrip() for line in alone.file.getvalue().splitlines()]  # type: ignore[attr-defined]
    assert [line.rstrip() for line in frame.splitlines()] == shown

    summary = drawn[drawn.index("datagen tech-support: incomplete") :]
    assert "5 (5 of 6 present)" in summary
    assert re.search(r"failed\s+1 *\n", summary)
    assert re.search(r"429s\s+1 *\n", summary)
    assert f"{data['tokens']['estimated_cost']:.4f}" in summary
    unfolded = "".join(summary.split())  # long paths fold at the terminal's width
    assert str(out / ".datagen" / "failures.jsonl") in unfolded
    assert KEY not in drawn


@pytest.mark.slow
def test_live_dashboard_in_a_real_terminal(tmp_path: Path, server: FakeOpenAIServer) -> None:
    out = tmp_path / "out"
    args = [*scenario_args(out, 8), *model_flags(server)]
    child = pexpect.spawn(
        sys.executable,
        ["-m", "data_generator", *args],
        cwd=str(tmp_path),
        env=child_env(),
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 1  # one record failed for good
    raw = child.before
    assert "━" in raw  # the bar was drawn
    assert COLOUR.search(raw)  # in colour
    screen = screen_text(raw)
    frame = last_frame(screen)
    for name, text in expected_figures(out).items():
        assert text in frame, (name, frame)
    summary = screen[screen.index("datagen tech-support: incomplete") :]
    unfolded = "".join(summary.split())  # long paths fold at the terminal's width
    assert f"failures{out / '.datagen' / 'failures.jsonl'}" in unfolded
    assert "Wrote 7 tech-support records" in screen
    assert KEY not in screen


@pytest.mark.slow
def test_no_color_keeps_the_dashboard_but_drops_colours(
    tmp_path: Path, server: FakeOpenAIServer
) -> None:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "data_generator", *scenario_args(tmp_path / "out", 3), *model_flags(server)],
        cwd=str(tmp_path),
        env=child_env(NO_COLOR="1"),
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()

    assert "━" in child.before
    assert not COLOUR.search(child.before)  # bold and dim are not colours


@pytest.mark.slow
def test_a_piped_run_logs_plain_lines_without_control_codes(
    tmp_path: Path, server: FakeOpenAIServer
) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "data_generator", *scenario_args(out, 8), *model_flags(server)],
        cwd=tmp_path,
        env=child_env(FORCE_COLOR="", DATAGEN_PROGRESS_INTERVAL="0.05"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 1
    assert "\x1b" not in done.stderr
    assert "\x1b" not in done.stdout
    lines = done.stderr.splitlines()
    assert lines[0].startswith("datagen: tech-support: ")  # a progress line
    assert any(" of 8 (" in line and "records/s" in line for line in lines[:-2])
    counts = manifest(out)["counts"]
    finished = next(line for line in lines if ": incomplete in " in line)
    assert f"written {counts['written']}, failed {counts['failed']}" in finished
    assert f"429s {counts['rate_limited']}" in finished
    assert any(line.startswith("datagen: WARNING: record 1 failed: ") for line in lines)
    assert lines[-1].startswith("datagen: 1 record failed; reasons are in ")


@pytest.mark.slow
def test_json_logs_are_one_object_per_line_with_the_record_index(
    tmp_path: Path, server: FakeOpenAIServer
) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "data_generator",
            *scenario_args(out, 5),
            *model_flags(server),
            "--log-format",
            "json",
        ],
        cwd=tmp_path,
        env=child_env(DATAGEN_PROGRESS_INTERVAL="0.05"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 1
    objects: list[dict[str, Any]] = [orjson.loads(line) for line in done.stderr.splitlines()]
    assert all({"time", "level", "message"} <= set(item) for item in objects)
    assert all(item.get("scenario", "tech-support") == "tech-support" for item in objects)
    (failed,) = [item for item in objects if item.get("event") == "record_failed"]
    assert (failed["index"], failed["level"]) == (1, "warning")
    events = [item.get("event") for item in objects]
    assert events[0] == "run_started"
    assert "run_finished" in events
    finished = next(item for item in objects if item.get("event") == "run_finished")
    counts, tokens = manifest(out)["counts"], manifest(out)["tokens"]
    assert (finished["written"], finished["failed"]) == (counts["written"], counts["failed"])
    assert (finished["retried"], finished["rate_limited"]) == (
        counts["retried"],
        counts["rate_limited"],
    )
    assert finished["prompt_tokens"] == tokens["prompt"]
    assert finished["cost"] == pytest.approx(tokens["estimated_cost"])
    assert objects[-1]["message"].startswith("1 record failed")
    assert KEY not in done.stderr


def test_json_logs_make_errors_json_too(run_cli: Any) -> None:
    run = run_cli(
        "tech-support", "-d", "CRM", "--provider", "azure", "--log-format", "json", "-n", "1"
    )

    assert run.code == 2
    (line,) = run.stderr.splitlines()
    error = orjson.loads(line)
    assert error["level"] == "error"
    assert "--provider azure needs an endpoint" in error["message"]


def test_quiet_prints_only_warnings_and_errors(run_cli: Any, tmp_path: Path) -> None:
    run = run_cli("tech-support", "-d", "CRM", "-n", "3", "--provider", "offline", "--quiet")

    assert run.code == 0
    assert run.stdout == ""
    assert run.stderr == ""
    assert len(list((tmp_path / "data" / "tech-support").glob("*.json"))) == 3


def test_a_short_run_without_a_terminal_prints_no_progress(run_cli: Any) -> None:
    run = run_cli("tech-support", "-d", "CRM", "-n", "3", "--provider", "offline", "--seed", "1")

    assert run.code == 0
    assert run.stderr == ""  # shorter than DATAGEN_PROGRESS_INTERVAL: nothing to report
    assert run.stdout.startswith("Wrote 3 tech-support records")


def test_json_logs_announce_even_a_short_run(run_cli: Any) -> None:
    run = run_cli(
        "tech-support", "-d", "CRM", "-n", "3", "--provider", "offline", "--log-format", "json"
    )

    assert run.code == 0
    started, finished = (orjson.loads(line) for line in run.stderr.splitlines())
    assert (started["event"], started["total"], started["already_present"]) == (
        "run_started",
        3,
        0,
    )
    assert (finished["event"], finished["status"], finished["written"]) == (
        "run_finished",
        "complete",
        3,
    )
    assert started["message"] == (
        "tech-support: making 3 of 3 records (0 already present) into data/tech-support, "
        "at most 8 requests in flight"
    )


def test_periodic_lines_come_from_a_ticker(caplog: pytest.LogCaptureFixture) -> None:
    import logging
    import time

    logger = logging.getLogger("test.progress")
    progress = RunProgress()
    lines = ProgressLines(progress, interval=0.01, logger=logger)  # announces nothing itself
    with caplog.at_level(logging.INFO, logger="test.progress"):
        lines(RunStarted("tech-support", 100, 0, 8, Path("out")))
        lines(RecordWritten(1, 1, 10, 20, 0, 8))
        deadline = time.monotonic() + 120  # only stops a ticker that never ticks
        while sum("1 of 100" in r.getMessage() for r in caplog.records) < 2:
            assert time.monotonic() < deadline, "the ticker logged no second line in 120 s"
            time.sleep(0.01)
        lines(RunFinished("interrupted", 1, 0, 0.5))
        lines.close()  # idempotent
    messages = [record.getMessage() for record in caplog.records]
    assert messages[-1].startswith("tech-support: interrupted in ")
    progress_records = [r for r in caplog.records if getattr(r, "event", "") == "progress"]
    assert progress_records[0].done == 1  # type: ignore[attr-defined]


def test_summary_table_without_prices_or_failures() -> None:
    from data_generator.engine import RunResult

    result = RunResult(
        scenario="healthcare",
        out_dir=Path("data/healthcare"),
        output_format="jsonl",
        requested=4,
        present=4,
        written=4,
        failed=0,
        retried=0,
        prompt_tokens=0,
        completion_tokens=0,
        elapsed=0.0,
        status="complete",
        files=[Path("data/healthcare/healthcare.jsonl")],
        failures_path=None,
        manifest_path=Path("data/healthcare/.datagen/manifest.json"),
        seed=1,
    )
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(summary_table(result))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "datagen healthcare: complete" in text
    assert re.search(r"cost\s+- \(no prices set\)", text)
    assert re.search(r"failures\s+none", text)
    assert "data/healthcare/healthcare.jsonl" in text
