"""``--shard I/N`` and ``datagen merge``: a run split across machines and joined back.

Shards are run and merged through the CLI as a user runs them; the merged out-dir is
compared file by file, byte for byte, with a single run of the same command.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import child_env, manifest, offline_tech_support

SEED = 5


def tech(count: int, fmt: str, out: str, *extra: str, seed: int = SEED) -> list[str]:
    return offline_tech_support(count, "-f", fmt, "-o", out, *extra, seed=seed)


def ok(run_cli: Callable[..., Any], *args: str) -> Any:
    result = run_cli(*args)
    assert result.code == 0, result.stderr
    return result


def make_shards(
    run_cli: Callable[..., Any], count: int, fmt: str, shards: range, of: int = 4
) -> list[str]:
    """Run shards ``shards`` of ``of`` into ``s0``, ``s1``, ...; return their out-dirs."""
    out_dirs = []
    for index in shards:
        ok(run_cli, *tech(count, fmt, f"s{index}", "--shard", f"{index}/{of}", "-q"))
        out_dirs.append(f"s{index}")
    return out_dirs


def record_files(out: Path) -> dict[str, bytes]:
    """Every file of the out-dir but its run state, by name."""
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.is_file()}


def refused(result: Any, *words: str) -> str:
    """The one error line of a refusal (exit 2), which names ``words``."""
    assert result.code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    line: str = lines[0]
    return line


# --- 4 shards of 10,000 records merged equal one run ----------------------------------------
@pytest.mark.parametrize("fmt", ["json", "yaml", "txt", "jsonl", "csv", "parquet"])
def test_four_merged_shards_equal_a_single_run_byte_for_byte(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    # Parquet: 4 full row groups and a short one, from shards of a full group and a short one.
    monkeypatch.setenv("DATAGEN_PARQUET_ROW_GROUP_SIZE", "2400")
    shards = make_shards(run_cli, 10_000, fmt, range(4))

    merged = ok(run_cli, "merge", *reversed(shards), "-o", "merged")
    assert "Merged 4 shards: 10,000 tech-support records" in merged.stdout
    ok(run_cli, *tech(10_000, fmt, "single", "-q"))

    single, joined = record_files(Path("single")), record_files(Path("merged"))
    assert len(single) == (10_000 if fmt in ("json", "yaml", "txt") else 1)
    assert joined.keys() == single.keys()
    assert joined == single  # every file, byte for byte

    # The merged out-dir is a finished run of the single command: nothing left to do.
    rerun = ok(run_cli, *tech(10_000, fmt, "merged"))
    assert "Wrote 0 tech-support records" in rerun.stdout
    assert "10000 were already there" in rerun.stdout
    assert record_files(Path("merged")) == single
    after = manifest(Path("merged"))
    assert after["counts"]["written"] == 10_000  # summed over the shards
    assert after["counts"]["runs"] == 5  # the 4 shards' runs and the rerun
    assert after["shard"] is None


# --- refusals --------------------------------------------------------------------------------
def test_a_missing_shard_is_refused_and_nothing_is_written(run_cli: Callable[..., Any]) -> None:
    shards = make_shards(run_cli, 20, "jsonl", range(4))
    result = run_cli("merge", shards[0], shards[1], shards[3], "-o", "merged")
    refused(result, "shard 2/4 is missing", "records 2, 6, ...")
    assert not Path("merged").exists()


def test_several_missing_shards_are_named(run_cli: Callable[..., Any]) -> None:
    make_shards(run_cli, 20, "jsonl", range(1, 2))
    refused(run_cli("merge", "s1", "-o", "merged"), "shards 0/4, 2/4, 3/4 are missing")


def test_a_doubled_shard_is_refused_and_nothing_is_written(run_cli: Callable[..., Any]) -> None:
    shards = make_shards(run_cli, 20, "json", range(4))
    shutil.copytree("s1", "s1-copy")
    Path("merged").mkdir()
    result = run_cli("merge", *shards, "s1-copy", "-o", "merged")
    refused(result, "shard 1/4 is given twice", "'s1'", "'s1-copy'")
    assert list(Path("merged").iterdir()) == []


def test_shards_of_other_settings_are_refused(run_cli: Callable[..., Any]) -> None:
    shards = make_shards(run_cli, 20, "jsonl", range(3))
    ok(run_cli, *tech(20, "jsonl", "s3", "--shard", "3/4", seed=SEED + 1))
    result = run_cli("merge", *shards, "s3", "-o", "merged")
    refused(result, "'s3' was made with other settings than 's0'", f"seed {SEED} -> {SEED + 1}")
    assert not Path("merged").exists()


def test_shards_of_other_counts_are_refused(run_cli: Callable[..., Any]) -> None:
    shards = make_shards(run_cli, 20, "jsonl", range(3))
    ok(run_cli, *tech(24, "jsonl", "s3", "--shard", "3/4"))
    refused(run_cli("merge", *shards, "s3", "-o", "m"), "shard 3/4 of --count 24")


def test_a_shard_missing_a_record_is_refused_naming_it(run_cli: Callable[..., Any]) -> None:
    shards = make_shards(run_cli, 20, "json", range(4))
    Path("s1/tech-support-000009.json").unlink()
    result = run_cli("merge", *shards, "-o", "merged")
    refused(result, "shard 1/4 ('s1') lacks 1 of its 5 records (index 9)")
    assert not Path("merged").exists()


def test_a_stray_record_in_a_shard_is_refused(run_cli: Callable[..., Any]) -> None:
    shards = make_shards(run_cli, 20, "json", range(4))
    shutil.copyfile("s0/tech-support-000004.json", "s1/tech-support-000004.json")
    refused(run_cli("merge", *shards, "-o", "m"), "'s1') holds record 4 which is not one")


def test_an_unfinished_shard_is_refused(run_cli: Callable[..., Any]) -> None:
    shards = make_shards(run_cli, 20, "csv", range(4))
    state = Path("s2/.datagen")
    os.replace("s2/tech-support.csv", state / "tech-support.csv.part")  # as a killed run
    refused(run_cli("merge", *shards, "-o", "m"), "shard 2/4 ('s2') has no finished")


def test_an_unfinished_parquet_shard_is_refused(run_cli: Callable[..., Any]) -> None:
    shards = make_shards(run_cli, 20, "parquet", range(4))
    with open("s3/tech-support.parquet", "ab") as handle:
        handle.write(b"x")
    refused(run_cli("merge", *shards, "-o", "m"), "does not hold every record")


@pytest.mark.parametrize("damage", ["tail", "journal line", "journal end", "cut", "no journal"])
def test_a_shard_with_bytes_no_journal_vouches_for_is_refused(
    run_cli: Callable[..., Any], damage: str
) -> None:
    shards = make_shards(run_cli, 20, "jsonl", range(4))
    journal = Path("s0/.datagen/tech-support.jsonl.journal")
    if damage == "tail":
        with open("s0/tech-support.jsonl", "ab") as handle:
            handle.write(b'{"half": ')
    elif damage == "journal line":
        journal.write_bytes(journal.read_bytes().replace(b"\n", b"\nx y\n", 1))
    elif damage == "journal end":
        journal.write_bytes(journal.read_bytes().replace(b"\n", b"\n5 y\n", 1))
    elif damage == "cut":
        journal.write_bytes(journal.read_bytes()[:-1])
    else:
        journal.unlink()
    refused(run_cli("merge", *shards, "-o", "m"), "its journal does not account for")


@pytest.mark.parametrize(
    ("setup", "args", "words"),
    [
        ("none", ["plain"], ["'plain' was not made with --shard"]),
        ("none", ["nothing"], ["'nothing' holds no datagen run"]),
        ("dest", ["s0", "s1", "-o", "s1"], ["-o 's1' is one of the shards"]),
        ("dest", ["s0", "s1", "-o", "plain"], ["-o 'plain' already holds a data set"]),
    ],
)
def test_merge_refuses_what_is_not_a_shard_set(
    run_cli: Callable[..., Any], setup: str, args: list[str], words: list[str]
) -> None:
    make_shards(run_cli, 6, "jsonl", range(2), of=2)
    ok(run_cli, *tech(6, "jsonl", "plain"))
    Path("nothing").mkdir()
    full = args if "-o" in args else [*args, "-o", "merged"]
    refused(run_cli("merge", *full), *words)


def test_a_damaged_shard_manifest_is_refused(run_cli: Callable[..., Any]) -> None:
    shards = make_shards(run_cli, 6, "jsonl", range(2), of=2)
    path = Path("s1/.datagen/manifest.json")
    path.write_bytes(path.read_bytes().replace(b'"output_format": "jsonl"', b'"output_format": 1'))
    refused(run_cli("merge", "s1", *shards, "-o", "m"), "names no scenario or format")


def test_a_shard_file_that_cannot_be_read_stops_the_merge(run_cli: Callable[..., Any]) -> None:
    shards = make_shards(run_cli, 6, "json", range(2), of=2)
    Path("s1/tech-support-000003.json").unlink()
    Path("s1/tech-support-000003.json").mkdir()  # listed as a record, but not a file
    refused(run_cli("merge", *shards, "-o", "m"), "cannot write the merge into 'm'")


def test_shards_with_a_state_dir_merge_into_it(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATAGEN_STATE_DIR", "state")
    shards = make_shards(run_cli, 12, "csv", range(3), of=3)
    ok(run_cli, "merge", *shards, "-o", "merged")
    ok(run_cli, *tech(12, "csv", "single"))
    assert record_files(Path("merged")) == record_files(Path("single"))
    assert not Path("merged/.datagen").exists()
    assert "Wrote 0 tech-support records" in ok(run_cli, *tech(12, "csv", "merged")).stdout


def test_the_library_merge_needs_shards(tmp_path: Path) -> None:
    from data_generator.engine.merge import merge_shards
    from data_generator.errors import UsageError

    with pytest.raises(UsageError, match="merge needs the shards' out-dirs"):
        merge_shards([], tmp_path / "m")


def test_merge_needs_an_out_dir(run_cli: Callable[..., Any]) -> None:
    refused(run_cli("merge", "s0"), "--out-dir")


# --- shards ----------------------------------------------------------------------------------
def test_shards_number_from_zero_and_make_their_residue_class(run_cli: Callable[..., Any]) -> None:
    for index in range(3):
        ok(run_cli, *offline_tech_support(10, "-f", "json", "--shard", f"{index}/3", seed=SEED))
    folders = {index: Path(f"data/tech-support-shard-{index}-of-3") for index in range(3)}
    made = {i: sorted(int(p.stem[-6:]) for p in f.glob("*.json")) for i, f in folders.items()}
    assert made == {0: [3, 6, 9], 1: [1, 4, 7, 10], 2: [2, 5, 8]}
    assert manifest(Path("data/tech-support-shard-1-of-3"))["shard"] == "1/3"
    assert manifest(Path("data/tech-support-shard-1-of-3"))["counts"]["requested"] == 10


def test_the_shard_is_read_from_the_environment(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATAGEN_SHARD", "2/4")
    result = ok(run_cli, *tech(10, "jsonl", "out"))
    assert "3 of 3 now in" in result.stdout  # 2, 6 and 10
    assert manifest(Path("out"))["shard"] == "2/4"


def test_all_shards_share_one_fingerprint_with_the_single_run(run_cli: Callable[..., Any]) -> None:
    make_shards(run_cli, 8, "jsonl", range(2), of=2)
    ok(run_cli, *tech(8, "jsonl", "single"))
    prints = {manifest(Path(p))["fingerprint"] for p in ("s0", "s1", "single")}
    assert len(prints) == 1


@pytest.mark.parametrize(
    ("shard", "words"),
    [
        ("4/4", ["--shard = '4/4' is invalid", "numbered 0 to 3", "JOB_COMPLETION_INDEX"]),
        ("1-4", ["--shard = '1-4' is invalid", "not of the form I/N"]),
        ("0/0", ["--shard = '0/0' is invalid", "N must be at least 1"]),
    ],
)
def test_a_bad_shard_is_refused_in_one_line(
    run_cli: Callable[..., Any], shard: str, words: list[str]
) -> None:
    refused(run_cli(*tech(8, "json", "out", "--shard", shard)), *words)
    assert not Path("out").exists()


def test_a_shard_needs_a_seed(run_cli: Callable[..., Any]) -> None:
    args = ["tech-support", "-d", "SaaS", "--provider", "offline", "-n", "8", "--shard", "1/2"]
    refused(run_cli(*args), "--shard 1/2 needs --seed")


def test_a_shard_does_not_resume_another_shards_out_dir(run_cli: Callable[..., Any]) -> None:
    ok(run_cli, *tech(8, "jsonl", "out", "--shard", "0/2"))
    refused(run_cli(*tech(8, "jsonl", "out", "--shard", "1/2")), "'out' holds shard 0/2")
    refused(run_cli(*tech(8, "jsonl", "out")), "this is a run without --shard")


def test_rpm_and_tpm_are_split_over_the_shards(run_cli: Callable[..., Any]) -> None:
    args = tech(100, "jsonl", "out", "--shard", "1/4", "--rpm", "600", "--tpm", "90001")
    result = ok(run_cli, *args, "--dry-run")
    assert "25 of 25 records to make" in result.stdout
    assert (
        "Shard 1/4: --rpm 600 split over 4 shards: 150 each; "
        "--tpm 90,001 split over 4 shards: 22,500 each." in result.stdout
    )
    logged = ok(run_cli, *args, "--log-level", "info", "-q")
    assert "shard 1/4: --rpm 600 split over 4 shards: 150 each" in logged.stderr


def test_a_shard_without_limits_says_there_is_nothing_to_split(
    run_cli: Callable[..., Any],
) -> None:
    result = ok(run_cli, *tech(100, "jsonl", "out", "--shard", "1/4", "--dry-run"))
    assert "Shard 1/4: no --rpm/--tpm to split." in result.stdout


# --- a killed shard resumes on its own ----------------------------------------------------------


def journal_lines(out: Path) -> int:
    try:
        return (out / ".datagen" / "tech-support.jsonl.journal").read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def test_a_killed_shard_resumes_on_its_own_and_merges(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    # --rpm 4800 over 4 shards: 1,200 a minute, a record every 50 ms after the first burst.
    args = tech(200, "jsonl", "s1", "--shard", "1/4", "--rpm", "4800")
    process = subprocess.Popen(
        [sys.executable, "-m", "data_generator", *args],
        cwd=tmp_path,
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while journal_lines(tmp_path / "s1") < 15:
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the shard did not get far enough"
        time.sleep(0.01)
    process.kill()
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert not Path("s1/tech-support.jsonl").exists()  # the file was not finished

    make_shards(run_cli, 200, "jsonl", range(0, 4, 2))
    ok(run_cli, *tech(200, "jsonl", "s3", "--shard", "3/4"))
    merge = ("merge", "s0", "s1", "s2", "s3", "-o", "merged")
    refused(run_cli(*merge), "shard 1/4 ('s1') has no finished")
    rerun = ok(run_cli, *args)
    assert "were already there: 50 of 50 now in" in rerun.stdout
    ok(run_cli, *merge)
    ok(run_cli, *tech(200, "jsonl", "single"))
    assert record_files(Path("merged")) == record_files(Path("single"))


def test_a_shard_resumed_out_of_order_merges_in_index_order(run_cli: Callable[..., Any]) -> None:
    """A resumed shard may append a gap it filled after later records (a rerun after a
    failure); the merge still writes index order."""
    shards = make_shards(run_cli, 40, "jsonl", range(4))
    data = Path("s1/tech-support.jsonl")
    journal = Path("s1/.datagen/tech-support.jsonl.journal")
    lines, ends = data.read_bytes().splitlines(True), journal.read_bytes().splitlines()
    indices = [int(line.split()[0]) for line in ends]
    order = list(reversed(range(len(lines))))
    offset, rewritten = 0, []
    for position in order:
        offset += len(lines[position])
        rewritten.append(b"%d %d\n" % (indices[position], offset))
    data.write_bytes(b"".join(lines[position] for position in order))
    journal.write_bytes(b"".join(rewritten))
    ok(run_cli, *tech(40, "jsonl", "s1", "--shard", "1/4"))  # the shard accepts its own state

    ok(run_cli, "merge", *shards, "-o", "merged")
    ok(run_cli, *tech(40, "jsonl", "single"))
    assert record_files(Path("merged")) == record_files(Path("single"))
