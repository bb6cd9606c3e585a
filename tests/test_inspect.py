"""``datagen inspect``: every output format, broken records, the HTML report."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterable
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import CliRun
from helpers import one_error_line
from rich.cells import cell_len

from data_generator.inspection.sketch import DistinctCounter, HyperLogLog
from data_generator.tool import OUTPUT_FORMATS

RunCli = Callable[..., CliRun]
RunSubprocess = Callable[..., CliRun]
TECH = ("tech-support", "-d", "SaaS CRM", "--provider", "offline", "--seed", "3")
CATEGORICAL = ("severity", "priority", "status", "area", "is_bug")


def generate(run_cli: RunCli, output_format: str, count: int = 40) -> Path:
    run = run_cli(*TECH, "-n", str(count), "-f", output_format, "-o", output_format)
    assert run.code == 0, run.stderr
    return Path(output_format).resolve()


@pytest.mark.parametrize("output_format", OUTPUT_FORMATS)
def test_every_format_is_read_back_and_described(run_cli: RunCli, output_format: str) -> None:
    out = generate(run_cli, output_format)

    run = run_cli("inspect", str(out))

    assert run.code == 0, run.stderr
    first = run.stdout.splitlines()[0]
    files = 40 if output_format in ("json", "yaml", "txt") else 1
    if output_format == "txt":
        assert first.startswith(f"40 tech-support records in {files} txt files")
        assert "words per document" in run.stdout
    else:
        assert first == (
            f"40 tech-support records in {files} {output_format} "
            f"file{'s' if files > 1 else ''}: 40 valid, 0 duplicates"
        )
        for name in CATEGORICAL:
            assert re.search(rf"^ ?{name}\s+categorical\s", run.stdout, re.MULTILINE), name
            assert f"\n{name}\n" in run.stdout  # its bar chart
        assert re.search(
            r"^ ?conversation_history\s+list\s+1\.00\s+0%\s+2 … 5, mean \d\.\d\d\s",
            run.stdout,
            re.M,
        )
        moment = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
        assert re.search(
            rf"^ ?resolved_at\s+datetime\s+1\.00\s+\d+%\s+{moment} … {moment}\s", run.stdout, re.M
        )
        assert "█" in run.stdout


def test_a_single_file_can_be_inspected(run_cli: RunCli) -> None:
    out = generate(run_cli, "jsonl", 10)

    run = run_cli("inspect", str(out / "tech-support.jsonl"))

    assert run.code == 0, run.stderr
    assert run.stdout.startswith("10 tech-support records in 1 jsonl file: 10 valid")


def test_broken_and_invalid_records_are_reported_not_fatal(run_cli: RunCli) -> None:
    out = generate(run_cli, "json", 12)
    (out / "tech-support-000003.json").write_text('{"case_id": "CASE-0', encoding="utf-8")
    text = (out / "tech-support-000004.json").read_text(encoding="utf-8")
    (out / "tech-support-000004.json").write_text(
        re.sub(r'"severity":\s*"\w+"', '"severity":"urgent"', text), encoding="utf-8"
    )
    (out / "tech-support-000005.json").write_text(
        (out / "tech-support-000006.json").read_text(encoding="utf-8"), encoding="utf-8"
    )

    run = run_cli("inspect", str(out))

    assert run.code == 0, run.stderr
    assert run.stdout.splitlines()[0] == (
        "12 tech-support records in 12 json files: 10 valid, 1 duplicate"
    )
    assert "2 problems:" in run.stdout
    assert re.search(r"tech-support-000003\.json: not JSON", run.stdout)
    assert re.search(r"tech-support-000004\.json: invalid record: severity", run.stdout)


def test_the_html_report_is_self_contained_and_has_every_chart(run_cli: RunCli) -> None:
    out = generate(run_cli, "parquet")
    report = out.parent / "report.html"

    run = run_cli("inspect", str(out), "--html", str(report))

    assert run.code == 0, run.stderr
    assert f"Wrote {report}" in run.stdout
    page = Page()
    page.feed(report.read_text(encoding="utf-8"))
    page.close()
    assert page.title.startswith("datagen inspect: ")
    assert set(CATEGORICAL) <= set(page.charts)
    assert all(page.bars[chart] >= 1 for chart in page.charts)
    assert page.bars["severity"] == 4
    assert page.fetches == []
    assert "40" in page.summary


class Page(HTMLParser):
    """What the tests look for in the report."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.charts: list[str] = []
        self.bars: dict[str, int] = {}
        self.fetches: list[str] = []
        self.summary = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            if found.get(name):
                self.fetches.append(str(found[name]))
        if tag in {"link", "script"}:
            self.fetches.append(tag)
        if tag == "figure" and found.get("class") == "chart":
            self.charts.append(str(found["data-field"]))
            self.bars[self.charts[-1]] = 0
        if tag == "rect" and self.charts:
            self.bars[self.charts[-1]] += 1
        if tag == "table" and found.get("class") == "summary":
            self._in.append("summary")
        if tag == "title":
            self._in.append("title")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("table", "title") and self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.title += data
        elif self._in and self._in[-1] == "summary":
            self.summary += data + " "


def test_an_unknown_scenario_is_profiled_without_validity(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "things.jsonl").write_text('{"a": 1, "b": "x"}\n{"a": 2, "b": "x"}\n')

    run = run_cli("inspect", str(folder))

    assert run.code == 0, run.stderr
    assert run.stdout.startswith("2 things records in 1 jsonl file: validity not checked")
    assert re.search(r"^ ?a\s+numeric\s+1\.00\s+0%\s+1 … 2, mean 1\.50", run.stdout, re.MULTILINE)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("inspect", "missing"), "missing does not exist"),
        (("inspect", "."), "holds no datagen output"),
        (("inspect", "jsonl", "--scenario", "nope"), "no scenario called 'nope'"),
    ],
)
def test_bad_inspections_are_one_line(run_cli: RunCli, args: tuple[str, ...], message: str) -> None:
    generate(run_cli, "jsonl", 2)

    run = run_cli(*args)

    assert run.code == 2
    assert message in one_error_line(run)


def test_an_unwritable_report_is_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    out = generate(run_cli, "jsonl", 2)

    run = run_cli("inspect", str(out), "--html", str(tmp_path / "no" / "such" / "r.html"))

    assert run.code != 0
    assert "cannot write" in one_error_line(run)


def test_the_report_lists_problems_and_a_folder_of_mixed_formats_is_refused(
    run_cli: RunCli, tmp_path: Path
) -> None:
    out = generate(run_cli, "jsonl", 3)
    with (out / "tech-support.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("[1, 2]\n")
    report = tmp_path / "r.html"

    run = run_cli("inspect", str(out), "--html", str(report))
    (out / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    mixed = run_cli("inspect", str(out))

    assert run.code == 0, run.stderr
    assert "tech-support.jsonl:4: not a record (a list)" in run.stdout
    assert 'class="problem"' in report.read_text(encoding="utf-8")
    assert mixed.code == 2
    assert "mixes formats (csv, jsonl)" in one_error_line(mixed)


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in records))
    return path


def test_a_short_csv_row_is_an_invalid_record_with_its_line(run_cli: RunCli) -> None:
    out = generate(run_cli, "csv", 5)
    with (out / "tech-support.csv").open("a", encoding="utf-8") as handle:
        handle.write("CASE-999999,2025-01-01T00:00:00Z\n")

    run = run_cli("inspect", str(out), "--debug")

    assert run.code == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.splitlines()[0] == (
        "6 tech-support records in 1 csv file: 5 valid, 0 duplicates"
    )
    assert "tech-support.csv:7: 2 cells where the header has 15" in run.stdout


def test_a_csv_line_number_counts_the_lines_of_quoted_cells(
    run_cli: RunCli, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "notes.csv").write_text('a,b\n"two\nlines",1\n3\n4,5,6\n7,"[8]"\n', encoding="utf-8")

    run = run_cli("inspect", str(folder), "--json")

    assert run.code == 0, run.stderr
    data = orjson.loads(run.stdout)
    fields = {field["path"]: field for field in data["fields"]}
    assert (fields["a"]["kind"], fields["b"]["kind"]) == ("text", "text")  # "two\nlines", 7; 1, [8]
    assert data["records"] == 4
    problems = data["problems"]
    assert problems == [
        {"source": "notes.csv:4", "reason": "1 cell where the header has 2"},
        {"source": "notes.csv:5", "reason": "3 cells where the header has 2"},
    ]


def test_strict_exits_1_on_a_folder_with_one_invalid_record(run_cli: RunCli) -> None:
    out = generate(run_cli, "json", 4)
    clean = run_cli("inspect", str(out), "--strict")
    record = out / "tech-support-000002.json"
    record.write_text(
        re.sub(r'"severity":\s*"\w+"', '"severity":"urgent"', record.read_text(encoding="utf-8")),
        encoding="utf-8",
    )

    run = run_cli("inspect", str(out), "--strict")

    assert clean.code == 0, clean.stderr
    assert clean.stderr == ""
    assert run.code == 1
    assert run.stdout.splitlines()[0] == (
        "4 tech-support records in 4 json files: 3 valid, 0 duplicates"
    )
    assert "tech-support-000002.json: invalid record: severity" in run.stdout
    assert one_error_line(run) == (
        f"datagen: error: --strict: 1 of 4 records in {out} are unreadable or invalid "
        "and 0 are duplicates"
    )


def test_strict_exits_1_on_a_duplicate_and_on_an_unreadable_record(
    run_cli: RunCli, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "things" / "things.jsonl", [{"a": 1}, {"a": 2}, {"a": 1}])
    duplicated = run_cli("inspect", str(path), "--strict")
    path.write_text('{"a": 1}\n{"a": \n', encoding="utf-8")
    unreadable = run_cli("inspect", str(path), "--strict")

    assert duplicated.code == 1
    assert "duplicates: things.jsonl:3" in duplicated.stdout
    assert "0 of 3 records" in duplicated.stderr
    assert "1 are duplicates" in duplicated.stderr
    assert unreadable.code == 1
    assert "things.jsonl:2: not JSON" in unreadable.stdout


def test_strict_without_a_record_model_says_what_it_could_not_check(
    run_cli: RunCli, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "things" / "things.jsonl", [{"a": 1}, {"a": 2}])

    run = run_cli("inspect", str(path), "--strict")

    assert run.code == 0
    assert run.stderr == (
        "datagen: warning: --strict: validity not checked (unknown scenario; give "
        "--scenario); only unreadable and duplicate records were looked for\n"
    )


def test_json_output_has_the_documented_shape(run_cli: RunCli, tmp_path: Path) -> None:
    out = generate(run_cli, "jsonl", 20)
    with (out / "tech-support.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("not json\n")
    report = tmp_path / "r.html"

    run = run_cli("inspect", str(out), "--json", "--html", str(report))

    assert run.code == 0, run.stderr
    data = orjson.loads(run.stdout)  # stdout holds the JSON alone
    assert run.stderr == f"Wrote {report}\n"
    assert list(data) == [
        "version", "path", "scenario", "format", "files", "records", "checked", "valid",
        "invalid", "unreadable", "duplicates", "duplicate_sources", "problems",
        "problems_total", "words_per_document", "fields_left_out", "fields",
    ]  # fmt: skip
    assert {key: data[key] for key in list(data)[:12]} == {
        "version": 1, "path": str(out), "scenario": "tech-support", "format": "jsonl",
        "files": 1, "records": 21, "checked": True, "valid": 20, "invalid": 0,
        "unreadable": 1, "duplicates": 0, "duplicate_sources": [],
    }  # fmt: skip
    assert data["problems"] == [
        {"source": "tech-support.jsonl:21", "reason": data["problems"][0]["reason"]}
    ]
    assert data["problems"][0]["reason"].startswith("not JSON")
    assert data["problems_total"] == 1
    fields = {field["path"]: field for field in data["fields"]}
    assert list(fields["severity"]) == [
        "path", "kind", "present", "nulls", "distinct", "distinct_estimated", "min", "max",
        "mean", "top",
    ]  # fmt: skip
    severity = fields["severity"]
    assert severity["kind"] == "categorical"
    assert sum(top["count"] for top in severity["top"]) == 20
    assert severity["distinct"] == len(severity["top"])
    history = fields["conversation_history"]
    assert (history["kind"], history["min"], history["max"]) == ("list", 2, 5)
    assert 2 <= history["mean"] <= 5
    created = fields["created_at"]
    assert created["kind"] == "datetime"
    assert created["min"] <= created["max"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", created["min"])
    assert fields["case_id"]["distinct"] == 20
    assert not fields["case_id"]["distinct_estimated"]


def test_dates_and_datetimes_get_ranges(run_cli: RunCli, tmp_path: Path) -> None:
    days = ["2024-03-01", "2023-12-31", "2024-02-29", None]
    moments = ["2024-01-01T10:00:00+02:00", "2024-01-01T07:30:00Z", "2024-01-01T09:00:00+01:00"]
    path = write_jsonl(
        tmp_path / "dates" / "dates.jsonl",
        [
            {
                "day": days[number % 4],
                "at": moments[number % 3],
                "naive_and_aware": "2024-01-01T10:00:00" if number else "2024-01-01T10:00:00Z",
                "not_a_date": "2024-02-30",
                "date_then_text": "2024-01-01" if number else "soon",
                "date_then_moment": "2024-01-01" if number else "2024-01-01T00:00:00Z",
                "date_then_number": number or "2024-01-01",
            }
            for number in range(12)
        ],
    )

    run = run_cli("inspect", str(path), "--json")

    assert run.code == 0, run.stderr
    fields = {field["path"]: field for field in orjson.loads(run.stdout)["fields"]}
    assert {name: field["kind"] for name, field in fields.items()} == {
        "day": "date", "at": "datetime", "naive_and_aware": "categorical",
        "not_a_date": "categorical",
        "date_then_text": "categorical",
        "date_then_moment": "categorical",
        "date_then_number": "text",
    }  # fmt: skip
    assert (fields["day"]["min"], fields["day"]["max"], fields["day"]["nulls"]) == (
        "2023-12-31", "2024-03-01", 3
    )  # fmt: skip
    # 07:30Z is the earliest instant, 08:00Z (10:00+02:00 and 09:00+01:00) the latest
    assert fields["at"]["min"] == "2024-01-01T07:30:00Z"
    assert fields["at"]["max"] in ("2024-01-01T10:00:00+02:00", "2024-01-01T09:00:00+01:00")
    table = run_cli("inspect", str(path)).stdout
    assert re.search(r"^ ?day\s+date\s+0\.33\s+25%\s+2023-12-31 … 2024-03-01\s", table, re.M)


def test_yaml_dates_read_as_dates_have_ranges(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "diary"
    folder.mkdir()
    for number, day in enumerate(["2024-05-02", "2024-05-01", "2024-05-03"], 1):
        (folder / f"diary-{number:06d}.yaml").write_text(
            f"day: {day}\nat: {day} 10:00:00+00:00\n", encoding="utf-8"
        )

    run = run_cli("inspect", str(folder), "--json")

    assert run.code == 0, run.stderr
    fields = {field["path"]: field for field in orjson.loads(run.stdout)["fields"]}
    assert (fields["day"]["kind"], fields["day"]["min"], fields["day"]["max"]) == (
        "date", "2024-05-01", "2024-05-03"
    )  # fmt: skip
    assert (fields["at"]["kind"], fields["at"]["max"]) == ("datetime", "2024-05-03T10:00:00Z")


def test_distinct_counts_past_the_exact_limit_are_estimated(
    run_cli: RunCli, tmp_path: Path
) -> None:
    count = 12_000
    path = write_jsonl(
        tmp_path / "many" / "many.jsonl",
        ({"id": f"ID-{number}", "group": number % 7, "long": "x" * 50 + str(number % 300)}
         for number in range(count)),
    )  # fmt: skip

    run = run_cli("inspect", str(path), "--json")
    table = run_cli("inspect", str(path))

    assert run.code == 0, run.stderr
    fields = {field["path"]: field for field in orjson.loads(run.stdout)["fields"]}
    assert fields["id"]["distinct_estimated"] is True
    assert abs(fields["id"]["distinct"] - count) < count * 0.03
    assert (fields["group"]["distinct"], fields["group"]["distinct_estimated"]) == (7, False)
    assert (fields["long"]["distinct"], fields["long"]["distinct_estimated"]) == (300, False)
    assert re.search(r"^ ?id\s+text\s+≈(0\.9\d|1\.00)\s+0%", table.stdout, re.M)
    assert re.search(r"^ ?group\s+numeric\s+0\.00\s+0%\s+0 … 6, mean 3\.00", table.stdout, re.M)


def test_duplicates_are_counted_exactly_in_a_large_output(run_cli: RunCli, tmp_path: Path) -> None:
    distinct, repeats = 9_000, 1_500
    records = [{"n": number, "text": f"record {number}"} for number in range(distinct)]
    path = write_jsonl(tmp_path / "dups" / "dups.jsonl", records + records[:repeats])

    run = run_cli("inspect", str(path), "--json")

    data = orjson.loads(run.stdout)
    assert (data["records"], data["duplicates"]) == (distinct + repeats, repeats)
    assert data["duplicate_sources"][:2] == [
        f"dups.jsonl:{distinct + 1}",
        f"dups.jsonl:{distinct + 2}",
    ]
    assert len(data["duplicate_sources"]) == 10


def test_key_order_does_not_hide_a_duplicate(run_cli: RunCli, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "d" / "d.jsonl", [{"a": 1, "b": [1, 2]}, {"b": [1, 2], "a": 1}])

    run = run_cli("inspect", str(path))

    assert run.stdout.startswith("2 d records in 1 jsonl file: validity not checked")
    assert run.stdout.splitlines()[0].endswith("1 duplicate")


def test_duplicate_documents_are_found_in_txt_output(run_cli: RunCli) -> None:
    out = generate(run_cli, "txt", 3)
    first = (out / "tech-support-000001.txt").read_text(encoding="utf-8")
    (out / "tech-support-000003.txt").write_text(first, encoding="utf-8")

    run = run_cli("inspect", str(out), "--strict")

    assert run.code == 1
    assert "duplicates: tech-support-000003.txt" in run.stdout


def test_parquet_is_read_in_batches_and_a_broken_file_is_a_problem(run_cli: RunCli) -> None:
    out = generate(run_cli, "parquet", 2_100)
    whole = run_cli("inspect", str(out), "--json")
    target = out / "tech-support.parquet"
    target.write_bytes(target.read_bytes()[:-100])

    broken = run_cli("inspect", str(out), "--strict")

    data = orjson.loads(whole.stdout)
    assert (data["records"], data["valid"], data["duplicates"]) == (2_100, 2_100, 0)
    assert broken.code == 1
    assert "tech-support.parquet: not Parquet" in broken.stdout


def test_per_record_files_are_read_in_index_order(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    for name in ["notes-1000000.json", "notes-000010.json", "notes-000002.json", "extra.json",
                 "notes-00003.json"]:  # fmt: skip
        (folder / name).write_text("[]", encoding="utf-8")
    (folder / "notes.txt.bak").write_text("ignored", encoding="utf-8")

    run = run_cli("inspect", str(folder), "--json")

    sources = [problem["source"] for problem in orjson.loads(run.stdout)["problems"]]
    assert sources == [
        "notes-000002.json", "notes-000010.json", "notes-1000000.json", "extra.json",
        "notes-00003.json",
    ]  # fmt: skip


def test_odd_shapes_deep_nesting_and_many_fields_are_profiled(
    run_cli: RunCli, tmp_path: Path
) -> None:
    levels = 1_010  # past orjson's depth for writing, and Python's for repr()
    deep = '{"d":' * levels + '{"leaf":1}' + "}" * levels
    wide = json.dumps({f"f{number}": number for number in range(1_005)})
    path = tmp_path / "odd" / "odd.jsonl"
    path.parent.mkdir()
    records = [
        f'{{"mixed":1,"list_then_number":[1],"bool":true,"deep":{deep},"obj_list":[{{}}]}}',
        f'{{"mixed":"one","list_then_number":2,"bool":false,"deep":{deep},"n":1.5}}',
        wide,
    ]
    path.write_text("".join(record + "\n" for record in records), encoding="utf-8")

    run = run_cli("inspect", str(path), "--json")
    table = run_cli("inspect", str(path))

    assert run.code == 0, run.stderr
    data = orjson.loads(run.stdout)
    fields = {field["path"]: field for field in data["fields"]}
    assert (fields["mixed"]["kind"], fields["list_then_number"]["kind"]) == ("text", "text")
    assert (fields["bool"]["distinct"], fields["n"]["kind"], fields["n"]["nulls"]) == (
        2,
        "numeric",
        2,
    )
    deep_field = next(path for path in fields if path.startswith("deep."))
    assert deep_field.count(".") == 32
    assert data["duplicates"] == 0
    assert data["fields_left_out"] is True
    assert len(data["fields"]) == 1_000
    assert "more fields than the profile holds" in table.stdout


def test_progress_lines_are_printed_for_a_long_pass(
    run_subprocess: RunSubprocess, tmp_path: Path
) -> None:
    path = write_jsonl(tmp_path / "p" / "p.jsonl", ({"n": n} for n in range(3_500)))

    run = run_subprocess("inspect", str(path), env={"DATAGEN_PROGRESS_INTERVAL": "0.000001"})

    assert run.code == 0, run.stderr
    lines = run.stderr.splitlines()
    assert [line.split(" records read")[0] for line in lines[:-1]] == [
        "datagen: inspect: 1,000",
        "datagen: inspect: 2,000",
        "datagen: inspect: 3,000",
    ]
    assert all(re.search(r"read, [\d,]+ records/s$", line) for line in lines[:-1])
    assert re.fullmatch(
        r"datagen: inspect: read 3,500 records in [\d.]+ s, [\d,]+ records/s", lines[-1]
    )
    assert not re.search("[\r\x1b]", run.stderr)
    assert run.stdout.startswith("3,500 p records")


def test_a_short_pass_prints_no_progress(run_subprocess: RunSubprocess, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "p" / "p.jsonl", ({"n": n} for n in range(3_500)))

    run = run_subprocess("inspect", str(path))

    assert run.code == 0
    assert run.stderr == ""


@pytest.mark.slow
def test_progress_is_one_line_redrawn_on_a_terminal(tmp_path: Path) -> None:
    import pexpect

    path = write_jsonl(tmp_path / "p" / "p.jsonl", ({"n": n} for n in range(2_500)))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "DATAGEN_PROGRESS_INTERVAL": "1e-6",
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "data_generator", "inspect", str(path)],
        env=env,
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 0
    screen = re.sub(r"\x1b\[[\d;]*m", "", child.before)  # bold
    assert re.search(r"\rinspect: 1,000 records read, [\d,]+ records/s\x1b\[K", screen)
    assert re.search(r"\rinspect: 2,000 records read", screen)
    cleared = screen.index("\r\x1b[K", screen.index("2,000 records read"))
    assert screen[cleared + 4 :].startswith("2,500 p records in 1 jsonl file")


CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome", "headless_shell")
     if (found := shutil.which(name))),
    None,
)  # fmt: skip
LONG_LABELS = [
    "Configuration and integration of third-party identity providers",
    "Billing: invoices sent twice to the same customer",
    "WWW MMM WWW MMM WWW MMM",
    "Short one",
    "Ünïcödé labels — 東京の顧客サポート窓口",
]
#: Run in the page: every chart text's rendered box, whether it lies inside its SVG and
#: whether it is what a click at its left edge hits (a label cut off at the left is not).
MEASURE = """<script>
const found = [];
for (const svg of document.querySelectorAll("figure.chart svg")) {
  for (const text of svg.querySelectorAll("text")) {
    text.scrollIntoView({block: "center"});
    const shape = text.getBBox();
    const rect = text.getBoundingClientRect();
    const frame = svg.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.left + 1, rect.top + rect.height / 2);
    found.push({
      text: text.textContent, label: text.classList.contains("label"),
      left: shape.x, right: shape.x + shape.width, top: shape.y,
      bottom: shape.y + shape.height, width: svg.viewBox.baseVal.width,
      height: svg.viewBox.baseVal.height,
      bar: Number(text.parentNode.querySelector("rect").getAttribute("x")),
      inside: rect.left >= frame.left - 0.5 && rect.right <= frame.right + 0.5
        && rect.top >= frame.top - 0.5 && rect.bottom <= frame.bottom + 0.5,
      hit: hit !== null && (hit === text || text.contains(hit)),
      tooltip: text.parentNode.querySelector("title").textContent,
    });
  }
}
const out = document.createElement("pre");
out.id = "boxes";
out.textContent = JSON.stringify(found);
document.body.appendChild(out);
</script>"""


def chromium(tmp_path: Path, *args: str) -> str:
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'chromium'}", "--window-size=1280,900", *args],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install -y chromium)")
def test_html_chart_labels_fit_in_a_1280_px_screenshot(run_cli: RunCli, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "long" / "long.jsonl",
        ({"topic": LONG_LABELS[number % 5], "flag": number % 3 == 0} for number in range(40)),
    )
    report = tmp_path / "report.html"
    assert run_cli("inspect", str(path), "--html", str(report)).code == 0
    page = report.read_text(encoding="utf-8")
    measured = tmp_path / "measured.html"
    measured.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")

    dom = chromium(tmp_path, "--dump-dom", measured.as_uri())
    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", report.as_uri())

    boxes = orjson.loads(unescape(re.search(r'<pre id="boxes">(.*?)</pre>', dom, re.S)[1]))
    labels = [box for box in boxes if box["label"]]
    assert {box["tooltip"].rsplit(":", 1)[0] for box in labels} >= set(LONG_LABELS)
    assert len(labels) == 7  # five topics, two flags
    for box in boxes:
        assert box["inside"], box
        assert box["top"] >= 0, box
        assert box["bottom"] <= box["height"], box
        assert box["right"] <= box["width"], box
    for box in labels:
        assert box["hit"], box  # drawn where it is, not cut off
        assert box["left"] >= 0, box
        assert box["right"] <= box["bar"], box  # clear of its bar
    shortened = {box["text"]: box["tooltip"] for box in labels if box["text"].endswith("…")}
    assert f"{LONG_LABELS[0]}: 8" in shortened.values()
    assert all(tooltip.startswith(text[:-1]) for text, tooltip in shortened.items())
    assert {"Short one", "WWW MMM WWW MMM WWW MMM"} <= {box["text"] for box in labels}
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1280, 900)


def test_unreadable_files_empty_csv_and_bad_cells_are_problems_not_crashes(
    run_cli: RunCli, tmp_path: Path
) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "notes-000001.txt").write_bytes(b"caf\xe9 au lait")
    (texts / "notes-000002.txt").write_text("two words", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "things.csv").write_text("", encoding="utf-8")
    out = generate(run_cli, "csv", 2)
    lines = (out / "tech-support.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    broken = lines[1].replace("[{", "[{{", 1)
    (out / "tech-support.csv").write_text(lines[0] + "\n" + broken + lines[2], encoding="utf-8")
    (out / ".datagen" / "manifest.json").write_text("{not json", encoding="utf-8")

    text_run = run_cli("inspect", str(texts), "--json")
    empty_run = run_cli("inspect", str(empty))
    csv_run = run_cli("inspect", str(out), "--scenario", "tech-support", "--strict")

    data = orjson.loads(text_run.stdout)
    assert (data["records"], data["unreadable"], data["words_per_document"]) == (2, 1, 2.0)
    assert data["problems"][0]["source"] == "notes-000001.txt"
    assert data["problems"][0]["reason"].startswith("cannot read: 'utf-8' codec")
    assert empty_run.code == 0
    assert empty_run.stdout.startswith("0 things records in 1 csv file")
    assert csv_run.code == 1
    assert csv_run.stdout.splitlines()[0] == (
        "2 tech-support records in 1 csv file: 1 valid, 0 duplicates"
    )
    assert "tech-support.csv:3: a cell is not JSON" in csv_run.stdout  # line 2 is blank


def test_the_html_report_counts_problems_it_does_not_list(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "bad" / "bad.jsonl"
    path.parent.mkdir()
    path.write_text("[]\n" * 1_003, encoding="utf-8")
    report = tmp_path / "bad.html"
    texts = generate(run_cli, "txt", 2)

    run = run_cli("inspect", str(path), "--html", str(report))
    words = run_cli("inspect", str(texts), "--html", str(tmp_path / "words.html"))

    assert run.code == 0, run.stderr
    page = report.read_text(encoding="utf-8")
    assert page.count('class="problem"') == 1_000
    assert "… and 3 more" in page
    assert "<h2>Fields</h2>" not in page
    assert words.code == 0
    assert "<th>words per document</th>" in (tmp_path / "words.html").read_text(encoding="utf-8")


def test_long_category_labels_fit_the_terminal(run_cli: RunCli, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "long" / "long.jsonl",
        ({"topic": LONG_LABELS[number % 5] * 2} for number in range(40)),
    )

    run = run_cli("inspect", str(path))

    chart = run.stdout[run.stdout.index("\ntopic\n") :].splitlines()[2:]
    assert len(chart) == 5
    assert all(cell_len(line) <= 100 for line in chart)
    assert sum(line.count("…") for line in chart) == 3  # all but the two under 64 cells
    assert len({line.index("█") for line in chart if "東" not in line}) == 1  # bars aligned


def test_a_broken_env_file_does_not_stop_an_inspection(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_jsonl(tmp_path / "t" / "t.jsonl", [{"a": 1}])
    (tmp_path / ".env").write_text("this is not a setting\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    run = run_cli("inspect", str(path))

    assert run.code == 0
    assert run.stdout.startswith("1 t record ")


@pytest.mark.parametrize("count", [0, 7, 5_000, 40_000, 300_000])
def test_the_distinct_estimate_is_close(count: int) -> None:
    counter = DistinctCounter(limit=1_000)
    for number in range(count):
        counter.add(f"value {number}")
        counter.add(f"value {number // 2}")

    assert counter.estimated is (count > 1_000)
    assert abs(counter.count - count) <= count * 0.025


def test_a_saturated_sketch_estimates_without_dividing_by_zero() -> None:
    sketch = HyperLogLog(precision=4)
    for index in range(8):
        sketch.add(index << 60)  # the rest is all zeros: the highest rank

    half = sketch.estimate()
    for index in range(8, 16):
        sketch.add(index << 60)

    assert 0 < half < math.inf
    assert sketch.estimate() == math.inf


def test_debug_shows_the_traceback_of_an_inspect_error(run_cli: RunCli) -> None:
    run = run_cli("inspect", "missing", "--debug")

    assert run.code == 2
    assert "Traceback (most recent call last)" in run.stderr
    last = run.stderr.splitlines()[-1]
    assert last == "datagen: error: missing does not exist. Give an output folder or file"


def test_the_manifest_is_found_in_the_state_dir_the_run_used(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = run_cli(
        "tech-support", "-d", "SaaS CRM", "-n", "3", "--provider", "offline", "-f", "jsonl",
        "-o", "out", "--state-dir", "state",
    )  # fmt: skip
    assert made.code == 0, made.stderr
    (tmp_path / "out/tech-support.jsonl").rename(tmp_path / "out/records.jsonl")

    unknown = run_cli("inspect", "out")
    known = run_cli("inspect", "out", "--state-dir", "state")
    monkeypatch.setenv("DATAGEN_STATE_DIR", "state")
    from_env = run_cli("inspect", "out")

    assert unknown.stdout.startswith("3 records records in 1 jsonl file: validity not checked")
    assert known.stdout.startswith("3 tech-support records in 1 jsonl file: 3 valid")
    assert from_env.stdout == known.stdout
