"""Reruns, extensions, determinism, interrupted runs and the fingerprint guard."""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from helpers import manifest, start_datagen, wait_until

from data_generator.tools.tech_support import TechSupportTicket

TESTS_DIR = Path(__file__).parent
OLD = 946_684_800_000_000_000  # 2000-01-01 in ns: a rewrite of a file cannot keep it


def tech(count: int, *extra: str, description: str = "SaaS CRM", seed: int = 7) -> list[str]:
    return [
        "tech-support",
        "-d",
        description,
        "--provider",
        "offline",
        "--seed",
        str(seed),
        "-n",
        str(count),
        *extra,
    ]


def ok(run_cli: Callable[..., Any], *args: str) -> Any:
    result = run_cli(*args)
    assert result.code == 0, result.stderr
    return result


def snapshot(out: Path) -> dict[str, tuple[bytes, int, int]]:
    """Bytes, modification time and inode of every visible file in the out-dir."""
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_ino)
        for path in sorted(out.iterdir())
        if path.is_file()
    }


def age(out: Path) -> None:
    """Backdate every record file so that any rewrite shows in its mtime."""
    for path in out.iterdir():
        if path.is_file():
            os.utime(path, ns=(OLD, OLD))


def contents(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.is_file()}


def leftovers(out: Path) -> list[Path]:
    """Temporary and part files anywhere under the out-dir."""
    found = {*out.rglob("*.part"), *out.rglob("*.tmp"), *(out / ".datagen" / "tmp").iterdir()}
    return sorted(found)


def child_env() -> dict[str, str]:
    """The environment of a child datagen, as conftest's run_subprocess builds it."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AZURE_OPENAI_", "DATAGEN_", "OPENAI_"))
    }
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS_DIR), *filter(None, [env.get("PYTHONPATH")])])
    return env


# --- rerun and extension ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "fmt",
    ["json", "jsonl", "csv", "parquet"],
)
def test_rerun_writes_nothing_and_touches_no_file(run_cli: Callable[..., Any], fmt: str) -> None:
    ok(run_cli, *tech(12, "-f", fmt, "-o", "out"))
    out = Path("out")
    age(out)
    before = snapshot(out)
    result = ok(run_cli, *tech(12, "-f", fmt, "-o", "out"))
    assert "Wrote 0 tech-support records" in result.stdout
    assert "12 were already there: 12 of 12" in result.stdout
    assert snapshot(out) == before


def test_rerun_of_jsonl_keeps_its_bytes(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(12, "-f", "jsonl", "-o", "out"))
    before = contents(Path("out"))
    result = ok(run_cli, *tech(12, "-f", "jsonl", "-o", "out"))
    assert "Wrote 0 tech-support records" in result.stdout
    assert contents(Path("out")) == before
    assert leftovers(Path("out")) == []


def test_larger_count_extends_per_record_files(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(10, "-o", "out"))
    out = Path("out")
    age(out)
    first = snapshot(out)
    result = ok(run_cli, *tech(15, "-o", "out"))
    assert "Wrote 5 tech-support records" in result.stdout
    assert "10 were already there: 15 of 15" in result.stdout
    after = snapshot(out)
    assert sorted(after) == [f"tech-support-{i:06d}.json" for i in range(1, 16)]
    assert {name: after[name] for name in first} == first
    for index in range(11, 16):
        record = TechSupportTicket.model_validate_json(after[f"tech-support-{index:06d}.json"][0])
        assert record.case_id == f"CASE-{index:06d}"
    ok(run_cli, *tech(15, "-o", "fresh"))
    assert contents(out) == contents(Path("fresh"))
    assert manifest(out)["counts"]["runs"] == 2
    assert manifest(out)["counts"]["present"] == 15


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_larger_count_extends_a_stream_file(run_cli: Callable[..., Any], fmt: str) -> None:
    ok(run_cli, *tech(10, "-f", fmt, "-o", "out"))
    path = Path("out") / f"tech-support.{fmt}"
    first = path.read_bytes().splitlines(keepends=True)
    ok(run_cli, *tech(15, "-f", fmt, "-o", "out"))
    lines = path.read_bytes().splitlines(keepends=True)
    head = 11 if fmt == "csv" else 10
    assert len(lines) == head + 5
    assert lines[:head] == first
    if fmt == "jsonl":
        ids = [TechSupportTicket.model_validate_json(line).case_id for line in lines]
        assert sorted(ids) == [f"CASE-{i:06d}" for i in range(1, 16)]
    ok(run_cli, *tech(15, "-f", fmt, "-o", "fresh"))
    assert path.read_bytes() == (Path("fresh") / f"tech-support.{fmt}").read_bytes()
    assert leftovers(Path("out")) == []
    assert manifest(Path("out"))["counts"]["runs"] == 2


def test_larger_count_extends_parquet(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(10, "-f", "parquet", "-o", "out"))
    first = pq.read_table("out/tech-support.parquet").to_pylist()
    ok(run_cli, *tech(15, "-f", "parquet", "-o", "out"))
    rows = pq.read_table("out/tech-support.parquet").to_pylist()
    assert len(rows) == 15
    assert rows[:10] == first
    assert sorted(row["case_id"] for row in rows) == [f"CASE-{i:06d}" for i in range(1, 16)]
    assert leftovers(Path("out")) == []


def test_deleted_records_are_recreated_identically(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(12, "-o", "out"))
    out = Path("out")
    age(out)
    original = snapshot(out)
    deleted = ["tech-support-000002.json", "tech-support-000007.json", "tech-support-000012.json"]
    for name in deleted:
        (out / name).unlink()
    result = ok(run_cli, *tech(12, "-o", "out"))
    assert "Wrote 3 tech-support records" in result.stdout
    after = snapshot(out)
    assert sorted(after) == sorted(original)
    for name, (data, mtime, inode) in original.items():
        if name in deleted:
            assert after[name][0] == data
        else:
            assert after[name] == (data, mtime, inode)
    assert leftovers(out) == []


# --- determinism -----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "yaml", "txt", "jsonl", "csv", "parquet"])
def test_same_command_and_seed_give_the_same_bytes(run_cli: Callable[..., Any], fmt: str) -> None:
    ok(run_cli, *tech(12, "-f", fmt, "-o", "a"))
    ok(run_cli, *tech(12, "-f", fmt, "-o", "b"))
    first, second = contents(Path("a")), contents(Path("b"))
    assert len(first) == (12 if fmt in ("json", "yaml", "txt") else 1)
    assert first == second
    if fmt == "parquet":
        assert pq.read_table("a/tech-support.parquet").equals(
            pq.read_table("b/tech-support.parquet")
        )


def test_other_seed_gives_other_records(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(5, "-f", "jsonl", "-o", "a"))
    ok(run_cli, *tech(5, "-f", "jsonl", "-o", "b", seed=8))
    assert contents(Path("a")) != contents(Path("b"))


@pytest.mark.slow
def test_same_bytes_across_processes(run_subprocess: Callable[..., Any], tmp_path: Path) -> None:
    """Hash randomisation and process state do not leak into the records."""
    for folder, hash_seed in (("a", "1"), ("b", "2")):
        result = run_subprocess(
            *tech(200, "-f", "jsonl", "-o", folder),
            cwd=tmp_path,
            env={"PYTHONHASHSEED": hash_seed},
        )
        assert result.code == 0, result.stderr
    assert contents(tmp_path / "a") == contents(tmp_path / "b")


# --- interrupted real processes --------------------------------------------------------------
STREAM_N = 20_000  # a full run takes ~3 s here
JSON_N = 8_000
PART = Path(".datagen") / "tech-support.jsonl.part"


def part_bigger_than(out: Path, size: int) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            return (out / PART).stat().st_size > size
        except FileNotFoundError:
            return False

    return ready


@pytest.fixture(scope="module")
def uninterrupted_jsonl(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The jsonl of an uninterrupted run in its own process."""
    folder = tmp_path_factory.mktemp("uninterrupted")
    process = start_datagen(tech(STREAM_N, "-f", "jsonl", "-o", "out", seed=3), folder)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return (folder / "out" / "tech-support.jsonl").read_bytes()


def check_complete_jsonl(out: Path, result: Any, uninterrupted: bytes) -> None:
    """After the rerun: every record once, valid, nothing left over."""
    assert result.code == 0, result.stderr
    match = re.search(
        r"Wrote (\d+) tech-support records .*; (\d+) were already there", result.stdout
    )
    assert match, result.stdout
    written, already = int(match[1]), int(match[2])
    assert already > 0
    assert written + already == STREAM_N
    assert f"{STREAM_N} of {STREAM_N} now in" in result.stdout

    data = (out / "tech-support.jsonl").read_bytes()
    lines = data.splitlines()
    assert len(lines) == STREAM_N
    ids = [TechSupportTicket.model_validate_json(line).case_id for line in lines]
    assert len(set(ids)) == STREAM_N
    assert set(ids) == {f"CASE-{i:06d}" for i in range(1, STREAM_N + 1)}
    assert set(lines) == set(uninterrupted.splitlines())
    assert data == uninterrupted  # resumed in index order: even the bytes agree
    assert leftovers(out) == []
    assert {path.name for path in out.iterdir()} == {"tech-support.jsonl", ".datagen"}
    assert manifest(out)["status"] == "complete"
    assert manifest(out)["counts"]["present"] == STREAM_N


@pytest.mark.slow
def test_sigkill_mid_jsonl_run_then_rerun(
    run_cli: Callable[..., Any], tmp_path: Path, uninterrupted_jsonl: bytes
) -> None:
    args = tech(STREAM_N, "-f", "jsonl", "-o", "out", seed=3)
    out = tmp_path / "out"
    process = start_datagen(args, tmp_path)
    wait_until(process, part_bigger_than(out, 200_000))
    process.kill()
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert not (out / "tech-support.jsonl").exists()  # no half file under the final name
    assert (out / PART).stat().st_size < len(uninterrupted_jsonl)
    check_complete_jsonl(out, run_cli(*args), uninterrupted_jsonl)


@pytest.mark.slow
def test_sigint_mid_jsonl_run_then_rerun(
    run_cli: Callable[..., Any], tmp_path: Path, uninterrupted_jsonl: bytes
) -> None:
    args = tech(STREAM_N, "-f", "jsonl", "-o", "out", seed=3)
    out = tmp_path / "out"
    process = start_datagen(args, tmp_path)
    wait_until(process, part_bigger_than(out, 200_000))
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    lines = [line for line in err.splitlines() if line.startswith("datagen")]
    assert len(lines) == 1, err
    assert "interrupted" in lines[0]
    assert "Rerun the same command" in lines[0]

    kept = (out / "tech-support.jsonl").read_bytes()  # records so far, each whole
    assert kept.endswith(b"\n")
    assert 0 < len(kept.splitlines()) < STREAM_N
    for line in kept.splitlines():
        TechSupportTicket.model_validate_json(line)
    assert uninterrupted_jsonl.startswith(kept)
    assert manifest(out)["status"] == "interrupted"
    check_complete_jsonl(out, run_cli(*args), uninterrupted_jsonl)


@pytest.mark.slow
def test_sigkill_mid_json_run_then_rerun(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    args = tech(JSON_N, "-o", "out", seed=3)
    out = tmp_path / "out"
    process = start_datagen(args, tmp_path)
    wait_until(process, lambda: out.is_dir() and len(os.listdir(out)) > 300)
    process.kill()
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    survivors = sorted(out.glob("tech-support-*.json"))
    assert 0 < len(survivors) < JSON_N
    for path in survivors:  # no record file is half-written
        TechSupportTicket.model_validate_json(path.read_bytes())

    result = run_cli(*args)
    assert result.code == 0, result.stderr
    expected_line = (
        f"Wrote {JSON_N - len(survivors)} tech-support records",
        f"{len(survivors)} were already there: {JSON_N} of {JSON_N}",
    )
    assert all(part in result.stdout for part in expected_line), result.stdout
    names = sorted(path.name for path in out.iterdir() if path.name != ".datagen")
    assert names == [f"tech-support-{i:06d}.json" for i in range(1, JSON_N + 1)]
    for index, name in enumerate(names, 1):
        record = TechSupportTicket.model_validate_json((out / name).read_bytes())
        assert record.case_id == f"CASE-{index:06d}"
    assert leftovers(out) == []  # including a .tmp the kill may have left
    assert manifest(out)["status"] == "complete"


def test_rerun_removes_temporary_files_of_a_killed_run(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(5, "-o", "out"))
    out = Path("out")
    # What a SIGKILL between writing record 3's temporary file and renaming it leaves:
    # the record is missing and its temporary file (named after the dead pid) remains.
    (out / "tech-support-000003.json").unlink()
    stale = out / ".datagen" / "tmp" / "tech-support-000003.json.4194305.tmp"
    stale.write_bytes(b'{\n  "case_id": "CASE-0')
    result = ok(run_cli, *tech(5, "-o", "out"))
    assert "Wrote 1 tech-support record in" in result.stdout
    assert leftovers(out) == []


# --- fingerprint guard and --overwrite -------------------------------------------------------
def test_changed_option_is_refused_then_overwritten(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(5, "-o", "out"))
    out = Path("out")
    age(out)
    before = snapshot(out)
    manifest_before = (out / ".datagen" / "manifest.json").read_bytes()

    refused = run_cli(*tech(5, "-o", "out", description="Payroll service"))
    assert refused.code == 2
    assert refused.stdout == ""
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("datagen: error: ")
    assert "system_description" in lines[0]
    assert "Payroll service" in lines[0]
    assert "--overwrite" in lines[0]
    assert snapshot(out) == before
    assert (out / ".datagen" / "manifest.json").read_bytes() == manifest_before

    ok(run_cli, *tech(5, "-o", "out", "--overwrite", description="Payroll service"))
    names = sorted(path.name for path in out.glob("*.json"))
    assert names == [f"tech-support-{i:06d}.json" for i in range(1, 6)]
    for name in names:
        record = TechSupportTicket.model_validate_json((out / name).read_bytes())
        assert record.system_description == "Payroll service"
    assert manifest(out)["options"] == {"system_description": "Payroll service"}
    assert manifest(out)["counts"]["runs"] == 1


def test_changed_seed_and_format_are_refused(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(3, "-o", "out"))
    before = contents(Path("out"))
    other_seed = run_cli(*tech(3, "-o", "out", seed=8))
    assert other_seed.code == 2
    assert "seed 7 -> 8" in other_seed.stderr
    other_format = run_cli(*tech(3, "-f", "jsonl", "-o", "out"))
    assert other_format.code == 2
    assert "output_format json -> jsonl" in other_format.stderr
    assert contents(Path("out")) == before


def test_records_without_run_state_are_refused(run_cli: Callable[..., Any]) -> None:
    out = Path("out")
    out.mkdir()
    stray = out / "tech-support-000001.json"
    stray.write_bytes(b'{"mine": true}\n')
    refused = run_cli(*tech(3, "-o", "out"))
    assert refused.code == 2
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "--overwrite" in lines[0]
    assert stray.read_bytes() == b'{"mine": true}\n'
    assert sorted(path.name for path in out.glob("*.json")) == ["tech-support-000001.json"]

    ok(run_cli, *tech(3, "-o", "out", "--overwrite"))
    record = TechSupportTicket.model_validate_json(stray.read_bytes())
    assert record.case_id == "CASE-000001"


def test_refused_run_leaves_the_out_dir_as_it_was(run_cli: Callable[..., Any]) -> None:
    out = Path("out")
    out.mkdir()
    (out / "tech-support-000001.json").write_bytes(b"{}\n")
    assert run_cli(*tech(3, "-o", "out")).code == 2
    assert sorted(path.name for path in out.iterdir()) == ["tech-support-000001.json"]


def test_overwrite_keeps_unrelated_files(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(4, "-o", "out"))
    out = Path("out")
    (out / "notes.md").write_text("my notes\n")
    (out / "healthcare-000001.json").write_text("{}\n")
    ok(run_cli, *tech(2, "-o", "out", "--overwrite", description="Payroll service"))
    assert (out / "notes.md").read_text() == "my notes\n"
    assert (out / "healthcare-000001.json").read_text() == "{}\n"
    assert sorted(path.name for path in out.glob("tech-support-*")) == [
        "tech-support-000001.json",
        "tech-support-000002.json",
    ]


# --- the manifest ----------------------------------------------------------------------------
def test_manifest_describes_the_run(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(12, "-f", "jsonl", "-o", "out"))
    data = manifest(Path("out"))
    assert data["scenario"] == "tech-support"
    assert data["options"] == {"system_description": "SaaS CRM"}
    assert data["provider"] == "offline"
    assert data["seed"] == 7
    assert data["output_format"] == "jsonl"
    assert data["status"] == "complete"
    assert data["counts"]["present"] == 12
    assert data["counts"]["requested"] == 12
    assert data["counts"]["written"] == 12
    assert data["counts"]["failed"] == 0
    assert data["counts"]["runs"] == 1
    assert re.fullmatch(r"[0-9a-f]{16}", data["fingerprint"])
    assert data["files"] == ["tech-support.jsonl"]

    ok(run_cli, *tech(20, "-f", "jsonl", "-o", "out"))
    extended = manifest(Path("out"))
    assert extended["counts"]["runs"] == 2
    assert extended["counts"]["present"] == 20
    assert extended["counts"]["requested"] == 20
    assert extended["counts"]["written"] == 20  # every run's, summed
    assert extended["last_run"]["written"] == 8
    assert extended["fingerprint"] == data["fingerprint"]  # count is not part of it
    assert extended["status"] == "complete"
