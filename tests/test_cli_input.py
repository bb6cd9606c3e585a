"""Input at the edge of the command line: bad input is one line and changes nothing.

Each bad input exits 2 with at most three lines on stderr (one error line, and the
warnings before it), no traceback, values echoed at most 80 characters long, and every
file already in the working folder, a finished run included, left as it was. Input that
is only spelt differently (case) is taken, and recorded as declared.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import manifest, one_error_line

from data_generator.cli.disk_space import CEILING, check_free_space, estimate_bytes, human_size
from data_generator.engine import DataGenerator
from data_generator.messages import indefinite, show_value, suggest
from data_generator.settings import Settings
from data_generator.tools.tech_support import TechSupportTool

RunCli = Callable[..., Any]
TECH = ("tech-support", "-d", "SaaS CRM")
OFFLINE = ("--provider", "offline")
BIG = "x" * 13_000


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder``: a file's bytes, ``None`` for a folder."""
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


BAD_INPUT = [
    pytest.param(("healthcar",), "Did you mean 'healthcare'?", id="mistyped-scenario"),
    pytest.param(("tech_support", "-d", "x"), "Did you mean 'tech-support'?", id="underscore"),
    pytest.param(("Healthcare",), "Did you mean 'healthcare'?", id="capitalised-scenario"),
    pytest.param(("financial-transactio",), "'financial-transaction'?", id="mistyped-alias"),
    pytest.param(("show", "Tech_Support"), "Did you mean 'tech-support'?", id="show-mistyped"),
    pytest.param(("show", "weather"), "Choose one of: customer-support", id="show-unknown"),
    pytest.param((*TECH, *OFFLINE, "-o", "out", "--seed", str(2**64)), "--seed", id="seed-2^64"),
    pytest.param((*TECH, *OFFLINE, "-o", "out", "--seed", str(2**63)), "--seed", id="seed-2^63"),
    pytest.param((*TECH, *OFFLINE, "-o", "out", "--seed", "-1"), "--seed", id="seed-negative"),
    pytest.param((*TECH, *OFFLINE, "-o", ""), "--out-dir '' names no folder", id="out-dir-empty"),
    pytest.param((*TECH, *OFFLINE, "-o", " "), "--out-dir '' names no folder", id="out-dir-blank"),
    pytest.param(
        (*TECH, *OFFLINE, "-o", "-", "-f", "json"), "-o - streams jsonl or csv", id="dash-json"
    ),
    pytest.param(
        (*TECH, *OFFLINE, "-o", "-", "--overwrite"), "contradicts --overwrite", id="dash-overwrite"
    ),
    pytest.param(
        (*TECH, *OFFLINE, "--preview", "2", "-o", "out"), "takes no -o", id="preview-out-dir"
    ),
    pytest.param(
        ("tech-support", "-d", BIG, *OFFLINE, "-o", "out"), "(13,000 characters)", id="13kb-d"
    ),
    pytest.param(
        (*TECH, "--provider", BIG, "-o", "out"), "(13,000 characters)", id="13kb-provider"
    ),
    pytest.param((*TECH, *OFFLINE, "-o", "out", "-n", BIG), "--count", id="13kb-count"),
    pytest.param(
        ("healthcare", "--speciality", "astrology", *OFFLINE, "-o", "out"),
        "'astrology' is not one of 'cardiology'",
        id="unknown-choice",
    ),
    pytest.param((*TECH, *OFFLINE, "-o", "out", "-f", "xml"), "'xml' is not one of", id="format"),
    pytest.param(
        (*TECH, *OFFLINE, "-o", "out", "-n", "1000000000"),
        "need about",
        id="larger-than-the-disk",
    ),
    pytest.param(
        (*TECH, *OFFLINE, "-o", "out", "-n", "1000000000", "--azure-openai-api-key", "sk-1"),
        "--yes runs anyway",
        id="key-warning-then-disk",
    ),
    pytest.param((*TECH, *OFFLINE, "-o", "out", "--seed", "2"), "seed 1 -> 2", id="other-seed"),
]


@pytest.mark.parametrize(("args", "named"), BAD_INPUT)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    run_cli: RunCli, tmp_path: Path, args: tuple[str, ...], named: str
) -> None:
    earlier = run_cli(*TECH, "-n", "2", *OFFLINE, "-o", "out", "--seed", "1")
    assert earlier.code == 0, earlier.stderr
    before = snapshot(tmp_path)

    run = run_cli(*args)

    assert run.code == 2
    lines = run.stderr.splitlines()
    assert 1 <= len(lines) <= 3, run.stderr
    assert lines[-1].startswith("datagen: error: ")
    assert all(line.startswith("datagen: warning: ") for line in lines[:-1])
    assert named in lines[-1]
    assert "Traceback" not in run.stderr
    assert "Value error" not in run.stderr
    assert len(lines[-1]) < 400, "echoed values are shortened"
    assert run.stdout == ""
    assert snapshot(tmp_path) == before


def test_a_long_value_is_echoed_cut_in_the_middle_with_its_length(run_cli: RunCli) -> None:
    text = "Legacy payroll suite " + "z" * 12_900 + " ending"

    run = run_cli("tech-support", "-d", text, *OFFLINE, "-o", "out")

    line = one_error_line(run)
    shown = re.search(r"\(got ('.*?') \(([\d,]+) characters\)\)", line)
    assert shown is not None, line
    assert len(shown.group(1)) <= 80
    assert shown.group(1).startswith("'Legacy payroll suite zz")
    assert shown.group(1).endswith("zz ending'")
    assert "…" in shown.group(1)
    assert shown.group(2) == f"{len(text):,}"
    assert "String should have at most 200 characters" in line


# --- forgiven: case ----------------------------------------------------------------------------
def test_choices_are_taken_in_any_case_and_recorded_as_declared(
    run_cli: RunCli, tmp_path: Path
) -> None:
    run = run_cli(
        "healthcare", "--speciality", "Cardiology", "--document-type", "LAB-REPORT",
        "-f", "JSON", "--provider", "Offline", "--log-level", "Info", "-n", "1", "-o", "out",
    )  # fmt: skip

    assert run.code == 0, run.stderr
    state = manifest(tmp_path / "out")
    assert state["options"]["speciality"] == "cardiology"
    assert state["options"]["document_type"] == "lab-report"
    assert (state["output_format"], state["provider"]) == ("json", "offline")
    assert (tmp_path / "out" / "healthcare-000001.json").is_file()


def test_a_rerun_spelt_in_another_case_resumes_the_same_set(
    run_cli: RunCli, tmp_path: Path
) -> None:
    first = run_cli(*TECH, "-f", "jsonl", *OFFLINE, "-n", "2", "-o", "out", "--seed", "3")
    second = run_cli(*TECH, "-f", "JSONL", "--provider", "OFFLINE", "-n", "3", "-o", "out")

    assert first.code == 0, first.stderr
    assert second.code == 0, second.stderr
    assert "; 2 were already there: 3 of 3 now in" in second.stdout
    assert len((tmp_path / "out" / "tech-support.jsonl").read_bytes().splitlines()) == 3


# --- keys on the command line ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("flag", "variable"),
    [("--azure-openai-api-key", "AZURE_OPENAI_API_KEY"), ("--openai-api-key", "OPENAI_API_KEY")],
)
def test_a_key_given_as_a_flag_warns_once_naming_the_variable(
    run_cli: RunCli, tmp_path: Path, flag: str, variable: str
) -> None:
    secret = "sk-test-5f0c8e1d2b"

    run = run_cli(*TECH, *OFFLINE, "-n", "1", "-o", "out", flag, secret)

    assert run.code == 0, run.stderr
    (warning,) = run.stderr.splitlines()
    assert warning.startswith(f"datagen: warning: {flag} shows in the process list (ps)")
    assert f"set {variable} in the environment or .env instead" in warning
    assert secret not in run.stdout + run.stderr
    for path in (tmp_path / "out").rglob("*"):
        assert path.is_dir() or secret.encode() not in path.read_bytes(), path


def test_the_key_warning_follows_the_log_format(run_cli: RunCli) -> None:
    run = run_cli(*TECH, *OFFLINE, "-n", "1", "-o", "out", "--log-format", "json",
                  "--openai-api-key", "sk-test-1")  # fmt: skip

    assert run.code == 0, run.stderr
    objects = [json.loads(line) for line in run.stderr.splitlines()]
    (warning,) = [item for item in objects if item["level"] == "warning"]
    assert "set OPENAI_API_KEY in the environment" in warning["message"]
    assert "sk-test-1" not in run.stderr


def test_a_key_from_the_environment_gives_no_warning(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "sk-test-2")

    run = run_cli(*TECH, *OFFLINE, "-n", "1", "-o", "out")

    assert run.code == 0, run.stderr
    assert run.stderr == ""


# --- free space --------------------------------------------------------------------------------
def test_a_run_larger_than_the_free_space_says_how_large_and_where(
    run_cli: RunCli, tmp_path: Path
) -> None:
    run = run_cli(*TECH, *OFFLINE, "-n", "1000000000", "-o", "big/out", "-f", "jsonl")

    line = one_error_line(run)
    found = re.search(r"the 1,000,000,000 missing records need about ([\d.,]+ [kMGTP]B) and "
                      r"'(.+)' has ([\d.,]+ \w+) free", line)  # fmt: skip
    assert found is not None, line
    assert found.group(2) == str(tmp_path)  # the nearest folder that exists
    assert line.endswith("--yes runs anyway")
    assert not (tmp_path / "big").exists()


def test_yes_runs_what_looks_larger_than_the_free_space(tmp_path: Path) -> None:
    first = tmp_path / "out" / "tech-support-000001.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "data_generator", *TECH, *OFFLINE, "-n", "1000000000",
         "-o", "out", "--yes", "--no-progress"],
        cwd=tmp_path, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not first.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        running = process.poll() is None
    finally:
        process.kill()
        _, stderr = process.communicate()
    assert running, stderr.decode()
    assert first.is_file()
    assert b"need about" not in stderr


def test_a_small_run_on_a_pseudo_file_system_is_left_to_the_writer(run_cli: RunCli) -> None:
    run = run_cli(*TECH, *OFFLINE, "-n", "100000", "-o", "/proc/datagen-test-dir")

    assert "cannot" in one_error_line(run)
    assert "need about" not in run.stderr


def test_an_overwrite_counts_every_record_as_missing(run_cli: RunCli, tmp_path: Path) -> None:
    first = run_cli(*TECH, *OFFLINE, "-n", "2", "-o", "out", "--seed", "1")
    again = run_cli(*TECH, *OFFLINE, "-n", "1000000000", "-o", "out", "--overwrite")

    assert first.code == 0, first.stderr
    assert "the 1,000,000,000 missing records" in one_error_line(again)
    assert len(list((tmp_path / "out").glob("*.json"))) == 2


@pytest.mark.parametrize(
    ("size", "shown"),
    [(999, "999 bytes"), (1_500, "1.5 kB"), (2_000_000, "2.0 MB"), (3e9, "3.0 GB"),
     (4e12, "4.0 TB"), (5e15, "5.0 PB"), (6e18, "6,000.0 PB")],
)  # fmt: skip
def test_sizes_are_shown_for_people(size: float, shown: str) -> None:
    assert human_size(size) == shown


# --- numbers and words -------------------------------------------------------------------------
def test_the_dry_run_shows_numbers_with_thousands_separators(run_cli: RunCli) -> None:
    run = run_cli(*TECH, *OFFLINE, "-n", "100000000000000000000", "--dry-run")

    assert run.code == 0, run.stderr
    first, estimate = run.stdout.splitlines()[:2]
    assert first.startswith(
        "Dry run of tech-support: 100,000,000,000,000,000,000 of "
        "100,000,000,000,000,000,000 records to make (0 already present)"
    )
    assert estimate.endswith("tokens for 100,000,000,000,000,000,000 records.")


def test_counts_agree_with_their_nouns(run_cli: RunCli) -> None:
    first = run_cli(*TECH, *OFFLINE, "-n", "1", "-o", "out", "--seed", "4")
    second = run_cli(*TECH, *OFFLINE, "-n", "2", "-o", "out", "--seed", "4")
    plan = run_cli(*TECH, *OFFLINE, "-n", "1", "-o", "other", "--dry-run")

    assert first.stdout.startswith("Wrote 1 tech-support record in ")
    assert "1 of 1 now in" in first.stdout
    assert second.stdout.startswith("Wrote 1 tech-support record in ")
    assert "; 1 was already there: 2 of 2 now in" in second.stdout
    assert plan.stdout.startswith("Dry run of tech-support: 1 of 1 record to make")
    assert "tokens for 1 record." in plan.stdout


def test_offline_cases_take_an_before_a_vowel() -> None:
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    generator = DataGenerator(tool, count=300, settings=Settings(provider="offline", seed=3))

    text = " ".join(record.model_dump_json() for record in generator.generate_data(300))

    assert re.search(r"\ban [aeio]", text)  # the grammar does use "an"
    before_a_vowel = re.findall(r"\ba ([aeio]\w*)", text)
    assert [word for word in before_a_vowel if not word.startswith("one")] == []
    before_a_consonant = re.findall(r"\ban ([bcdfgjklmnpqrstvwyz]\w*)", text)
    assert [word for word in before_a_consonant if not word.startswith(("hour", "hon"))] == []


def test_message_helpers() -> None:
    assert [indefinite(word) for word in ("in-progress", "open", "ticket", "")] == [
        "an in-progress",
        "an open",
        "a ticket",
        "a ",
    ]
    assert show_value(12) == "12"
    numbers = list(range(100))
    assert show_value(numbers).endswith(f"({len(repr(numbers))} characters)")
    assert suggest("TECH_SUPPORT", ["healthcare", "tech-support"]) == "tech-support"
    assert suggest("weather", ["healthcare", "tech-support"]) is None


@pytest.mark.parametrize("fmt", ["json", "yaml", "txt", "jsonl", "csv", "parquet"])
def test_the_estimate_follows_the_format_and_whole_blocks(fmt: str) -> None:
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    generator = DataGenerator(
        tool, count=10, output_format=fmt, settings=Settings(provider="offline", seed=1)
    )

    estimate = estimate_bytes(generator, 1_000, block=4096)

    if generator.layout.per_record:
        assert estimate % 4096 == 0
        assert estimate >= 1_000 * 4096
    else:
        assert 200_000 < estimate < 4_096_000  # records of a few hundred bytes to a few kB


def test_a_run_that_fits_once_measured_is_not_refused(tmp_path: Path) -> None:
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    # Too many records to fit at the ceiling of 1 MiB each, few enough once measured.
    count = shutil.disk_usage(tmp_path).free // CEILING + 1
    generator = DataGenerator(
        tool, count=count, out_dir=tmp_path / "out", settings=Settings(provider="offline")
    )

    check_free_space(generator)

    assert not (tmp_path / "out").exists()


# --- the refusal of other settings -------------------------------------------------------------
def test_the_refusal_lists_every_setting_that_differs_old_and_new(
    run_cli: RunCli, tmp_path: Path
) -> None:
    chats = ("customer-support-chat-log", "-n", "1", *OFFLINE, "-o", "out", "--seed", "5")
    first = run_cli(*chats, "--industry", "telecom")
    before = snapshot(tmp_path / "out")

    second = run_cli(*chats, "--industry", "banking", "--languages", "en,es,de",
                     "--avg-turns", "12", "-f", "jsonl")  # fmt: skip

    assert first.code == 0, first.stderr
    assert second.code == 2
    line = one_error_line(second)
    for change in (
        "options.avg_turns 8 -> 12",
        "options.industry telecom -> banking",
        'options.languages ["en"] -> ["en","es","de"]',
        "output_format json -> jsonl",
    ):
        assert change in line
    assert "..." not in line
    assert snapshot(tmp_path / "out") == before


def test_long_settings_in_the_refusal_are_cut_in_the_middle(run_cli: RunCli) -> None:
    old = "Legacy payroll suite " + "a" * 150 + " v1"
    new = "Legacy payroll suite " + "a" * 150 + " v2"

    first = run_cli("tech-support", "-d", old, *OFFLINE, "-n", "1", "-o", "out", "--seed", "1")
    second = run_cli("tech-support", "-d", new, *OFFLINE, "-n", "1", "-o", "out", "--seed", "1")

    assert first.code == 0, first.stderr
    found = re.search(
        r"options\.system_description (\S.*?) -> (\S.*?)\)\. Rerun", one_error_line(second)
    )
    assert found is not None, second.stderr
    shown_old, shown_new = found.groups()
    assert shown_old.startswith('"Legacy payroll suite aa')
    assert shown_old.endswith('aa v1"')
    assert shown_new.endswith('aa v2"')
    assert "…" in shown_old
    assert len(shown_old) <= 60
