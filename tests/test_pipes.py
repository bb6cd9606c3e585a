"""Pipes and preview: ``-o -`` streams records to stdout, ``--preview N`` shows them.

Each run is the CLI in a real child process (pipes and closed pipes are what matter), in
an empty working folder that must stay empty: no folder named ``-``, no ``.datagen``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from fake_openai_server import FakeOpenAIServer
from helpers import child_env
from model_server import case_index, chat_requests, read_jsonl_records, record_responder

from data_generator.errors import UsageError
from data_generator.tools.tech_support import TechSupportTicket
from data_generator.writers.pipe import PipeWriter

StartServer = Callable[..., FakeOpenAIServer]
TECH = ["tech-support", "-d", "SaaS CRM", "--provider", "offline"]
SUMMARY = re.compile(r"^datagen: (\d+) records? written to stdout \(seed \d+\); the reader closed")


def datagen(*args: str) -> list[str]:
    return [sys.executable, "-m", "data_generator", *args]


def run(args: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[bytes]:
    """Run datagen with stdout and stderr as bytes (CSV keeps its CRLF)."""
    return subprocess.run(
        datagen(*args),
        cwd=cwd,
        env=child_env(**extra),
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def nothing_written(folder: Path) -> bool:
    return not any(folder.iterdir())


def valid_records(lines: list[bytes]) -> list[TechSupportTicket]:
    return [TechSupportTicket.model_validate(orjson.loads(line)) for line in lines]


def test_head_reads_five_lines_and_datagen_exits_0_quietly(work: Path) -> None:
    process = subprocess.Popen(
        datagen(*TECH, "--count", "1000", "-o", "-", "-f", "jsonl"),
        cwd=work,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    lines = [process.stdout.readline() for _ in range(5)]
    process.stdout.close()  # the reader goes, as head does
    stderr = process.stderr.read().decode()
    code = process.wait(60)

    assert code == 0, stderr
    assert len(valid_records(lines)) == 5
    assert [line.endswith(b"\n") for line in lines] == [True] * 5
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr
    assert "BrokenPipe" not in stderr
    summary = SUMMARY.search(stderr.splitlines()[-1])
    assert summary is not None, stderr
    assert 5 <= int(summary.group(1)) < 1000  # what it wrote before the pipe closed
    assert nothing_written(work)


def test_the_issue_pipeline_through_a_shell(work: Path) -> None:
    command = (
        f"{sys.executable} -m data_generator tech-support -d 'SaaS CRM' --provider offline "
        "--count 1000 -o - -f jsonl 2>err.txt | head -n 5; echo ${PIPESTATUS[0]} >code.txt"
    )

    done = subprocess.run(
        ["bash", "-c", command],
        cwd=work,
        env=child_env(),
        capture_output=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert len(valid_records(lines)) == 5
    assert (work / "code.txt").read_text().strip() == "0"
    stderr = (work / "err.txt").read_text()
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr
    assert SUMMARY.search(stderr) is not None, stderr
    assert sorted(path.name for path in work.iterdir()) == ["code.txt", "err.txt"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_stdout_bytes_equal_the_file_of_the_same_seed(work: Path, tmp_path: Path, fmt: str) -> None:
    args = [*TECH, "--count", "60", "-f", fmt, "--seed", "11", "-c", "8"]
    piped = run([*args, "-o", "-"], work)
    assert nothing_written(work)
    filed = run([*args, "-o", str(tmp_path / "out")], tmp_path)

    assert piped.returncode == filed.returncode == 0, piped.stderr
    assert piped.stdout == (tmp_path / "out" / f"tech-support.{fmt}").read_bytes()
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(piped.stdout.decode(), newline="")))
        assert [row["case_id"] for row in rows] == [f"CASE-{i:06d}" for i in range(1, 61)]
    stderr = piped.stderr.decode()
    assert stderr.splitlines()[-1] == (
        f"datagen: wrote 60 tech-support records to stdout in "
        f"{stderr.split(' in ')[-1].split(' s ')[0]} s (seed 11)"
    )


def test_without_a_format_it_streams_jsonl(work: Path) -> None:
    done = run([*TECH, "--count", "3", "-o", "-"], work, DATAGEN_OUTPUT_FORMAT="json")

    assert done.returncode == 0, done.stderr
    assert len(valid_records(done.stdout.splitlines())) == 3
    assert nothing_written(work)


def test_logs_and_progress_lines_go_to_stderr_only(work: Path) -> None:
    done = run(
        [*TECH, "--count", "200", "-o", "-", "--log-level", "debug", "--log-format", "json"],
        work,
        DATAGEN_PROGRESS_INTERVAL="0.001",
    )

    assert done.returncode == 0, done.stderr
    assert len(valid_records(done.stdout.splitlines())) == 200
    events = [json.loads(line) for line in done.stderr.splitlines()]
    started = [event for event in events if event.get("event") == "run_started"]
    assert [event["out_dir"] for event in started] == ["<stdout>"]
    assert events[-1]["message"].startswith("wrote 200 tech-support records to stdout")
    assert nothing_written(work)


def test_the_live_dashboard_draws_on_stderr_not_on_stdout(work: Path) -> None:
    leader, follower = pty.openpty()
    env = child_env(COLUMNS="100", TERM="xterm")
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        datagen(*TECH, "--count", "300", "-o", "-", "--seed", "5"),
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=follower,
    )
    os.close(follower)
    terminal = bytearray()
    reader = threading.Thread(target=_drain, args=(leader, terminal))
    reader.start()
    assert process.stdout is not None
    stdout = process.stdout.read()
    code = process.wait(60)
    reader.join(10)
    os.close(leader)

    assert code == 0, terminal.decode(errors="replace")
    assert len(valid_records(stdout.splitlines())) == 300
    assert b"\x1b[" not in stdout
    assert b"300/300 100%" in terminal  # the dashboard's last frame
    assert b"wrote 300 tech-support records to stdout" in terminal


def _drain(fd: int, into: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child's end closed
            return
        if not chunk:
            return
        into += chunk


def test_ctrl_c_exits_130_and_counts_what_was_written(work: Path) -> None:
    process = subprocess.Popen(
        datagen(*TECH, "--count", "1000000", "-o", "-", "--no-progress"),
        cwd=work,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    received: list[bytes] = [first]
    reader = threading.Thread(target=lambda: received.append(process.stdout.read()))  # type: ignore[union-attr]
    reader.start()
    process.send_signal(signal.SIGINT)
    stderr = process.stderr.read().decode()
    code = process.wait(60)
    reader.join(10)

    assert code == 130, stderr
    assert "Traceback" not in stderr
    counted = re.search(r"interrupted after ([\d,]+) records? written to stdout", stderr)
    assert counted is not None, stderr
    lines = b"".join(received).splitlines()
    assert int(counted.group(1).replace(",", "")) == len(lines)
    assert valid_records(lines[:3])
    assert nothing_written(work)


def test_dry_run_with_stdout_prints_the_plan_on_stderr(work: Path) -> None:
    done = run([*TECH, "--count", "5", "-o", "-", "--dry-run"], work)

    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    stderr = done.stderr.decode()
    assert (
        "Dry run of tech-support: 5 of 5 records to make (0 already present), jsonl into <stdout>"
        in stderr
    )
    assert "--- output schema ---" in stderr
    assert nothing_written(work)


def test_preview_prints_a_table_of_three_records_and_writes_nothing(work: Path) -> None:
    done = run([*TECH, "--preview", "3", "--seed", "4"], work, COLUMNS="120")

    assert done.returncode == 0, done.stderr
    table = done.stdout.decode()
    rows = [line for line in table.splitlines() if re.match(r"^│ \d │", line)]
    assert [row.split("│")[1].strip() for row in rows] == ["1", "2", "3"]
    assert [row.split("│")[2].strip() for row in rows] == [f"CASE-00000{i}" for i in (1, 2, 3)]
    assert max(len(line) for line in table.splitlines()) <= 120
    assert "more fields (--json shows every field)" in table
    assert "previewed 3 records (seed 4); nothing was written" in done.stderr.decode()
    assert nothing_written(work)


def test_preview_json_is_an_array_of_three_valid_records(work: Path, tmp_path: Path) -> None:
    done = run([*TECH, "--preview", "3", "--json", "--seed", "4"], work)
    filed = run([*TECH, "--count", "3", "-f", "jsonl", "--seed", "4", "-o", "out"], tmp_path)

    assert done.returncode == 0, done.stderr
    data: list[dict[str, Any]] = json.loads(done.stdout)
    assert len(data) == 3
    records = [TechSupportTicket.model_validate(item) for item in data]
    assert records == read_jsonl_records(tmp_path / "out" / "tech-support.jsonl")
    assert done.stdout.startswith(b"[\n  {\n")
    assert nothing_written(work)
    assert filed.returncode == 0


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["-o", "-", "-f", "json"], "-o - streams jsonl or csv, not json"),
        (["-o", "-", "--overwrite"], "-o - keeps no files, so it contradicts --overwrite"),
        (["-o", "-", "--state-dir", "st"], "contradicts --state-dir"),
        (["--preview", "3", "-o", "out"], "--preview 3 writes nothing, so it takes no -o"),
        (["--preview", "3", "-o", "-"], "--preview 3 writes nothing, so it takes no -o"),
        (["--preview", "3", "--batch"], "--preview 3 keeps no files, so it contradicts --batch"),
        (["--preview", "3", "--upload-to", "azure-blob://acct/c"], "contradicts --upload-to"),
        (["--preview", "3", "--to", "sqlite:///x.db"], "contradicts --to"),
        (["--preview", "3", "--overwrite"], "contradicts --overwrite"),
        (
            ["--preview", "3", "--count", "5"],
            "makes 3 records and prints them, so it contradicts --count",
        ),
        (["--preview", "3", "-f", "csv"], "contradicts --output-format"),
        (["--preview", "0"], "--preview"),
        (["--json"], "--json goes with --preview"),
    ],
)
def test_contradicting_options_are_refused_in_one_line(
    work: Path, extra: list[str], named: str
) -> None:
    done = run([*TECH, *extra], work)

    assert done.returncode == 2
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("datagen: error: ")
    assert named in lines[0]
    assert done.stdout == b""
    assert nothing_written(work)


def test_a_batch_setting_from_the_environment_is_refused_too(work: Path) -> None:
    done = run([*TECH, "-o", "-"], work, DATAGEN_BATCH="true")

    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "datagen: error: -o - keeps no files, so it contradicts --batch (set by DATAGEN_BATCH). "
        "Unset DATAGEN_BATCH for this run, or give a folder with -o"
    ]


@pytest.mark.parametrize("extra", [["-o", "-"], ["--preview", "3", "--json"]])
def test_delivery_and_state_settings_from_the_environment_are_not_used(
    work: Path, extra: list[str]
) -> None:
    done = run(
        [*TECH, *extra],
        work,
        DATAGEN_COUNT="2",
        DATAGEN_UPLOAD_TO="azure-blob://account/container",
        DATAGEN_TO="sqlite:///cases.db",
        DATAGEN_STATE_DIR=str(work / "state"),
    )

    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 0
    assert nothing_written(work)


def test_a_model_run_to_stdout_sends_the_requests_of_a_run_into_a_folder(
    start_server: StartServer, work: Path, tmp_path: Path
) -> None:
    filed_server, piped_server = start_server(), start_server()

    def azure(server: FakeOpenAIServer, out: str) -> list[str]:
        return [
            "tech-support", "-d", "SaaS CRM", "-n", "12", "-o", out, "-f", "jsonl",
            "--provider", "azure", "--azure-openai-endpoint", server.base_url,
            "--azure-openai-deployment", "gpt-test", "--seed", "7", "-c", "4",
        ]  # fmt: skip

    filed = run(azure(filed_server, str(tmp_path / "out")), tmp_path, AZURE_OPENAI_API_KEY="k-1")
    piped = run(azure(piped_server, "-"), work, AZURE_OPENAI_API_KEY="k-1")

    assert filed.returncode == piped.returncode == 0, piped.stderr
    assert piped.stdout == (tmp_path / "out" / "tech-support.jsonl").read_bytes()

    def bodies(server: FakeOpenAIServer) -> list[bytes]:
        return sorted(
            orjson.dumps(r.body, option=orjson.OPT_SORT_KEYS) for r in chat_requests(server)
        )

    assert len(bodies(piped_server)) == 12
    assert bodies(piped_server) == bodies(filed_server)
    paths = {(r.method, r.path) for r in chat_requests(piped_server)}
    assert paths == {(r.method, r.path) for r in chat_requests(filed_server)}
    assert nothing_written(work)


def test_the_readme_pipe_and_preview_commands_run_in_a_shell(work: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Pipes and preview", 1)[1].split("\n### ", 1)[0]
    block = re.search(r"```shell\n(.*?)```", section, re.S)
    assert block is not None
    commands = block.group(1).splitlines()
    assert len(commands) == 4

    for command in commands:
        line = command.replace("datagen ", f"{sys.executable} -m data_generator ", 1)
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", line],
            cwd=work,
            env=child_env(),
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"{command}\n{done.stderr.decode()}"
        assert b"Traceback" not in done.stderr
    assert [path.name for path in work.iterdir()] == ["cases.csv"]
    assert len((work / "cases.csv").read_bytes().splitlines()) == 51


def azure_args(server: FakeOpenAIServer, *extra: str) -> list[str]:
    return [
        "tech-support", "-d", "SaaS CRM", "--provider", "azure",
        "--azure-openai-endpoint", server.base_url, "--azure-openai-deployment", "gpt-test",
        "--seed", "7", "-c", "2", "--max-attempts", "1", *extra,
    ]  # fmt: skip


def broken_at(index: int) -> Callable[[dict[str, Any]], str]:
    """The deterministic model, answering text that is no record for ``index``."""
    model = record_responder(seed=7)
    return lambda body: "not a record" if case_index(body) == index else model(body)


def test_a_failed_record_is_left_out_logged_and_exits_1(
    start_server: StartServer, work: Path
) -> None:
    server = start_server(broken_at(3))

    done = run(azure_args(server, "-n", "6", "-o", "-"), work, AZURE_OPENAI_API_KEY="k-1")

    assert done.returncode == 1
    ids = [record.case_id for record in valid_records(done.stdout.splitlines())]
    assert ids == [f"CASE-00000{i}" for i in (1, 2, 4, 5, 6)]
    stderr = done.stderr.decode()
    assert "record 3 failed" in stderr
    assert "datagen: wrote 5 of 6 tech-support records to stdout" in stderr
    assert stderr.rstrip().endswith("; 1 record failed (see the warnings above)")
    assert nothing_written(work)


def test_the_token_budget_stops_a_stream_early(start_server: StartServer, work: Path) -> None:
    server = start_server()

    done = run(
        azure_args(server, "-n", "40", "-o", "-", "--token-budget", "3000"),
        work,
        AZURE_OPENAI_API_KEY="k-1",
    )

    assert done.returncode == 1
    written = len(valid_records(done.stdout.splitlines()))
    assert 0 < written < 40
    assert done.stderr.decode().rstrip().endswith("; the token budget was reached")


def test_a_preview_with_a_failed_record_shows_the_others_and_exits_1(
    start_server: StartServer, work: Path
) -> None:
    server = start_server(broken_at(2))

    done = run(azure_args(server, "--preview", "3", "--json"), work, AZURE_OPENAI_API_KEY="k-1")

    assert done.returncode == 1
    cases = [item["case_id"] for item in json.loads(done.stdout)]
    assert cases == ["CASE-000001", "CASE-000003"]
    assert "datagen: 1 record failed (see the warnings above)" in done.stderr.decode()
    assert nothing_written(work)


def test_a_wide_preview_table_shows_every_field_and_notes_a_failure(
    start_server: StartServer, work: Path
) -> None:
    server = start_server(broken_at(1))

    done = run(
        azure_args(server, "--preview", "2"), work, AZURE_OPENAI_API_KEY="k-1", COLUMNS="1000"
    )

    assert done.returncode == 1
    table = done.stdout.decode()
    header = next(line for line in table.splitlines() if line.startswith("┃ # ┃"))
    names = [cell.strip() for cell in header.strip("┃").split("┃")]
    assert names == ["#", *TechSupportTicket.model_fields]
    assert "more field" not in table
    rows = [line for line in table.splitlines() if re.match(r"^│ \d │", line)]
    assert [row.split("│")[2].strip() for row in rows] == ["CASE-000002"]
    assert "datagen: 1 record failed (see the warnings above)" in done.stderr.decode()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_pipe_closed_before_the_first_byte_ends_the_run_quietly(work: Path, fmt: str) -> None:
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before datagen starts
    try:
        done = subprocess.run(
            datagen(*TECH, "-n", "50", "-o", "-", "-f", fmt),
            cwd=work,
            env=child_env(),
            stdout=writing,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    finally:
        os.close(writing)

    stderr = done.stderr.decode()
    assert done.returncode == 0, stderr
    assert stderr.splitlines()[-1].startswith("datagen: 0 records written to stdout"), stderr
    assert "the reader closed the pipe" in stderr
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr
    assert nothing_written(work)


def test_ctrl_c_during_a_preview_exits_130_and_prints_no_records(work: Path) -> None:
    process = subprocess.Popen(
        datagen(*TECH, "--preview", "5000000", "--no-progress"),
        cwd=work,
        env=child_env(DATAGEN_PROGRESS_INTERVAL="0.05"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    first = process.stderr.readline()  # a progress line: records are being made
    process.send_signal(signal.SIGINT)
    stdout, rest = process.communicate(timeout=60)

    assert process.returncode == 130, first + rest
    assert stdout == b""
    assert b"interrupted; nothing was written" in rest
    assert b"Traceback" not in rest
    assert nothing_written(work)


def test_the_pipe_writer_takes_only_jsonl_and_csv() -> None:
    with pytest.raises(UsageError, match="-o - streams jsonl or csv, not parquet"):
        PipeWriter(io.BytesIO(), "parquet", TechSupportTicket)


def test_the_library_streams_records_in_index_order_and_keeps_nothing(work: Path) -> None:
    from data_generator import DataGenerator, Settings
    from data_generator.tools.tech_support import TechSupportTool

    tool = TechSupportTool({"system_description": "SaaS CRM"})
    made: list[tuple[int, Any]] = []
    settings = Settings(provider="offline", seed=5, concurrency=4)
    generator = DataGenerator(tool, count=30, out_dir=work / "out", settings=settings)

    result = generator.stream(lambda index, record: made.append((index, record)))

    assert (result.written, result.failed, result.status, result.exit_code) == (
        30,
        0,
        "complete",
        0,
    )
    assert [index for index, _ in made] == list(range(1, 31))
    assert generator.generate_data(3) == [record for _, record in made[:3]]
    assert nothing_written(work)


def test_quiet_streams_with_nothing_on_stderr(work: Path) -> None:
    done = run([*TECH, "--count", "20", "-o", "-", "-q"], work)

    assert done.returncode == 0
    assert len(valid_records(done.stdout.splitlines())) == 20
    assert done.stderr == b""
