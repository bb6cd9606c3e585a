"""--state-dir / DATAGEN_STATE_DIR: run state outside the out-dir, one sub-folder per out-dir."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers import child_env, one_error_line
from model_server import record_index, record_responder


def tech(count: int, out: str | Path, *extra: str, fmt: str = "jsonl") -> list[str]:
    return [
        "tech-support", "-d", "SaaS CRM", "--provider", "offline", "--seed", "7",
        "-n", str(count), "-o", str(out), "-f", fmt, *extra,
    ]  # fmt: skip


def ok(run_cli: Callable[..., Any], *args: str) -> Any:
    result = run_cli(*args)
    assert result.code == 0, result.stderr
    return result


def state_of(root: Path, out: Path) -> Path:
    """Where the README says the state of ``out`` lives under ``root``."""
    absolute = str(out.resolve())
    return root / f"{out.resolve().name}-{hashlib.sha256(absolute.encode()).hexdigest()[:12]}"


def everything(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_state_dir_keeps_the_out_dir_to_records(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(5, "out", "--state-dir", "state"))

    assert sorted(os.listdir("out")) == ["tech-support.jsonl"]
    state = state_of(Path("state"), Path("out"))
    assert sorted(path.name for path in Path("state").iterdir()) == [state.name]
    names = {path.name for path in state.iterdir()}
    assert {"manifest.json", "tech-support.jsonl.journal", "tmp"} <= names
    data = orjson.loads((state / "manifest.json").read_bytes())
    assert data["out_dir"] == str(Path("out").resolve())
    assert data["counts"]["present"] == 5


def test_several_out_dirs_share_one_state_dir_apart(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATAGEN_STATE_DIR", "state")
    Path("a").mkdir()
    ok(run_cli, *tech(3, "a/out"))
    ok(run_cli, *tech(4, "b/out", fmt="json"))  # the same folder name, elsewhere

    first, second = state_of(Path("state"), Path("a/out")), state_of(Path("state"), Path("b/out"))
    assert first != second
    assert sorted(path.name for path in Path("state").iterdir()) == sorted(
        [first.name, second.name]
    )
    assert orjson.loads((first / "manifest.json").read_bytes())["output_format"] == "jsonl"
    assert orjson.loads((second / "manifest.json").read_bytes())["output_format"] == "json"
    assert not Path("a/out/.datagen").exists()
    assert not Path("b/out/.datagen").exists()


def test_resume_finds_the_state_outside(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATAGEN_STATE_DIR", "state")
    ok(run_cli, *tech(5, "out"))
    before = Path("out/tech-support.jsonl").read_bytes()

    extended = ok(run_cli, *tech(8, "out"))

    assert "5 were already there: 8 of 8" in extended.stdout
    assert Path("out/tech-support.jsonl").read_bytes().startswith(before)
    monkeypatch.delenv("DATAGEN_STATE_DIR")
    refused = run_cli(*tech(8, "out"))
    assert refused.code == 2
    assert "--state-dir" in one_error_line(refused)


def test_overwrite_clears_the_state_outside(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(5, "out", "--state-dir", "state"))
    state = state_of(Path("state"), Path("out"))
    (state / "stray").write_bytes(b"left by hand")

    ok(run_cli, *tech(3, "out", "--state-dir", "state", "--overwrite"))

    assert not (state / "stray").exists()
    assert orjson.loads((state / "manifest.json").read_bytes())["counts"]["runs"] == 1
    assert len(Path("out/tech-support.jsonl").read_bytes().splitlines()) == 3


def test_failures_file_is_named_where_it_is(
    run_cli: Callable[..., Any], start_server: Callable[..., Any]
) -> None:
    answer = record_responder(seed=7)
    server = start_server(lambda body: "{}" if record_index(body) == 2 else answer(body))

    result = run_cli(
        *tech(3, "out", "--state-dir", "state"),
        "--provider", "azure", "--azure-openai-endpoint", server.base_url,
        "--azure-openai-deployment", "d", "--azure-openai-api-key", "k", "--max-attempts", "1",
    )  # fmt: skip

    assert result.code == 1
    state = state_of(Path("state"), Path("out"))
    data = orjson.loads((state / "manifest.json").read_bytes())
    assert data["failures_file"] == str(state / "failures.jsonl")
    assert Path(data["failures_file"]).is_file()
    assert str(state / "failures.jsonl") in result.stderr
    assert sorted(os.listdir("out")) == ["tech-support.jsonl"]


def test_unwritable_state_dir_is_one_line_naming_it(run_cli: Callable[..., Any]) -> None:
    Path("state").write_bytes(b"a file, not a folder")

    result = run_cli(*tech(3, "out", "--state-dir", "state/inner"))

    assert result.code == 2
    line = one_error_line(result)
    assert "cannot write run state to 'state/inner/out-" in line
    assert "--state-dir" in line
    assert not Path("out").exists()


def other_file_system(folder: Path) -> Path | None:
    """A temporary folder on another file system than ``folder``, if the machine has one."""
    for candidate in ("/dev/shm", tempfile.gettempdir(), "/run/user"):
        path = Path(candidate)
        writable = path.is_dir() and os.access(path, os.W_OK)
        if writable and path.stat().st_dev != folder.stat().st_dev:
            return Path(tempfile.mkdtemp(dir=path))
    return None


@pytest.mark.parametrize("fmt", ["json", "jsonl", "parquet"])
def test_state_dir_on_another_file_system(
    run_cli: Callable[..., Any], tmp_path: Path, fmt: str
) -> None:
    elsewhere = other_file_system(tmp_path)
    if elsewhere is None:
        pytest.skip("no writable folder on another file system")
    try:
        ok(run_cli, *tech(6, "out", "--state-dir", str(elsewhere), fmt=fmt))
        ok(run_cli, *tech(6, "same", fmt=fmt))
        assert everything(Path("out")) == {
            name: data for name, data in everything(Path("same")).items() if ".datagen" not in name
        }
        assert not list(Path("out").glob(".*"))  # no hidden copy left beside the records
    finally:
        import shutil

        shutil.rmtree(elsewhere, ignore_errors=True)


@pytest.mark.slow
def test_sigkill_with_state_outside_resumes_byte_identically(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = 20_000
    ok(run_cli, *tech(count, "clean"))
    state_root = tmp_path / "state"
    part = state_of(state_root, tmp_path / "out") / "tech-support.jsonl.part"
    process = subprocess.Popen(
        [sys.executable, "-m", "data_generator", *tech(count, "out")],
        cwd=tmp_path,
        env=child_env(DATAGEN_STATE_DIR=str(state_root)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not (part.exists() and part.stat().st_size > 200_000):
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "datagen did not get far enough within 120 s"
        time.sleep(0.01)
    process.kill()
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert not (tmp_path / "out" / "tech-support.jsonl").exists()

    monkeypatch.setenv("DATAGEN_STATE_DIR", str(state_root))
    result = ok(run_cli, *tech(count, "out"))

    assert "were already there" in result.stdout
    assert (
        Path("out/tech-support.jsonl").read_bytes() == Path("clean/tech-support.jsonl").read_bytes()
    )
    assert sorted(os.listdir("out")) == ["tech-support.jsonl"]
