"""One run per out-dir: ``.datagen/lock``, held for the whole run, released by the OS."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers import manifest, offline_tech_support, one_error_line

from data_generator import DataGenerator, Settings
from data_generator.engine.lock import OutDirLock
from data_generator.errors import OutDirBusyError, OutputError
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool

TESTS_DIR = Path(__file__).parent


def tech(count: int, *extra: str) -> list[str]:
    return offline_tech_support(count, *extra)


def held(out: str = "out") -> OutDirLock:
    """The lock of ``out``, as another run would hold it (this process, another open file)."""
    return OutDirLock(Path(out), Path(out) / ".datagen")


def visible(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.is_file()}


def start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    """Start ``python -m data_generator ARGS``: the child is the datagen process itself."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AZURE_OPENAI_", "DATAGEN_", "OPENAI_"))
    }
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS_DIR), *filter(None, [env.get("PYTHONPATH")])])
    return subprocess.Popen(
        [sys.executable, "-m", "data_generator", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def holder_pid(out: Path) -> int | None:
    """The pid the lock file names, if it names one yet."""
    try:
        return int(orjson.loads((out / ".datagen" / "lock").read_bytes())["pid"])
    except (OSError, ValueError, KeyError, orjson.JSONDecodeError):
        return None


def test_a_second_run_into_a_held_out_dir_exits_2_naming_the_holder(
    run_cli: Callable[..., Any],
) -> None:
    with held():
        run = run_cli(*tech(5, "-o", "out"))
        assert [path.name for path in Path("out").rglob("*")] == [".datagen", "lock"]
    assert run.code == 2
    line = one_error_line(run)
    assert "'out' is in use by another datagen run" in line
    assert re.search(rf"\(pid {os.getpid()}, started \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d", line)
    assert "Wait for it to finish, or choose another --out-dir" in line
    assert not Path("out").exists()  # the holder made it, and took it away again


def test_overwrite_takes_the_lock_too(run_cli: Callable[..., Any]) -> None:
    assert run_cli(*tech(3, "-o", "out")).code == 0
    before = visible(Path("out"))
    state = sorted(path.name for path in (Path("out") / ".datagen").iterdir())
    with held():
        run = run_cli(*tech(2, "-o", "out", "--overwrite"))
    assert run.code == 2
    assert "in use by another datagen run" in one_error_line(run)
    assert visible(Path("out")) == before
    assert sorted(path.name for path in (Path("out") / ".datagen").iterdir()) == state
    # Unlocked, --overwrite clears the run state but keeps the lock file it holds.
    assert run_cli(*tech(2, "-o", "out", "--overwrite")).code == 0
    assert (Path("out") / ".datagen" / "lock").read_bytes() == b""  # kept, and released
    assert sorted(visible(Path("out"))) == ["tech-support-000001.json", "tech-support-000002.json"]


def test_a_dry_run_needs_no_lock(run_cli: Callable[..., Any]) -> None:
    with held():
        run = run_cli(*tech(5, "-o", "out", "--dry-run"))
    assert run.code == 0, run.stderr
    assert "Dry run of tech-support" in run.stdout


def test_the_library_run_holds_the_lock(tmp_path: Path) -> None:
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    generator = DataGenerator(
        tool, count=3, out_dir=tmp_path / "out", settings=Settings(provider="offline", seed=7)
    )
    with held(str(tmp_path / "out")), pytest.raises(OutDirBusyError, match=f"pid {os.getpid()}"):
        generator.run()
    result = generator.run()  # released: the same run goes ahead
    assert result.exit_code == 0
    assert result.present == 3
    # a finished run names no holder, so a later refused run rewrites nothing
    assert (tmp_path / "out" / ".datagen" / "lock").read_bytes() == b""


def test_a_holder_that_has_not_said_who_it_is(run_cli: Callable[..., Any]) -> None:
    with held() as lock:
        lock.path.write_bytes(b"")  # as just after another run took the lock
        run = run_cli(*tech(5, "-o", "out"))
    assert run.code == 2
    assert "in use by another datagen run (its pid is unknown)" in one_error_line(run)


def test_an_out_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a folder\n")
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    generator = DataGenerator(
        tool, count=2, out_dir=tmp_path / "out", settings=Settings(provider="offline", seed=7)
    )
    with pytest.raises(OutputError, match="is a file, not a folder"):
        generator.run()
    assert (tmp_path / "out").read_text() == "not a folder\n"


def test_a_refused_run_into_a_new_folder_leaves_no_folder(run_cli: Callable[..., Any]) -> None:
    # Refused after the lock was taken (the records are not datagen's): what the lock made
    # goes again, the records stay as they were.
    Path("data").mkdir()
    Path("data/tech-support-000001.json").write_bytes(b"{}\n")
    run = run_cli(*tech(2, "-o", "data"))
    assert run.code == 2
    assert sorted(path.name for path in Path("data").iterdir()) == ["tech-support-000001.json"]


@pytest.mark.slow
def test_two_runs_started_together_one_completes_the_other_exits_2_at_once(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    count = 120
    args = tech(count, "-f", "jsonl", "-o", "out", "--rpm", "3000")  # about 2 s of work
    first, second = start(args, tmp_path), start(args, tmp_path)
    while first.poll() is None and second.poll() is None:
        time.sleep(0.01)
    loser, winner = (first, second) if first.poll() is not None else (second, first)
    assert winner.poll() is None  # the loser did not wait for the winner to finish
    _, err = loser.communicate(timeout=30)
    assert loser.returncode == 2, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert f"in use by another datagen run (pid {winner.pid}, started " in lines[0]

    out, err = winner.communicate(timeout=60)
    assert winner.returncode == 0, err
    assert f"{count} of {count} now in" in out
    assert run_cli(*tech(count, "-f", "jsonl", "-o", "reference")).code == 0
    data = (tmp_path / "out" / "tech-support.jsonl").read_bytes()
    assert data == (tmp_path / "reference" / "tech-support.jsonl").read_bytes()
    ids = [TechSupportTicket.model_validate_json(line).case_id for line in data.splitlines()]
    assert sorted(ids) == [f"CASE-{index:06d}" for index in range(1, count + 1)]
    assert manifest(tmp_path / "out")["counts"]["present"] == count


@pytest.mark.slow
def test_a_lock_left_by_a_killed_run_never_blocks_the_rerun(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    args = tech(200, "-f", "jsonl", "-o", "out", "--rpm", "3000")
    process = start(args, tmp_path)
    deadline = time.monotonic() + 60
    while holder_pid(tmp_path / "out") != process.pid:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run did not take the lock within 60 s"
        time.sleep(0.01)
    process.kill()
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert holder_pid(tmp_path / "out") == process.pid  # the file still names the dead run

    rerun = run_cli(*args)
    assert rerun.code == 0, rerun.stderr
    assert "200 of 200 now in" in rerun.stdout
    assert holder_pid(tmp_path / "out") is None  # the rerun took it over, and released it
