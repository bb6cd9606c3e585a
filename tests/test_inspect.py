"""``datagen inspect``: every output format, broken records, the HTML report."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CliRun
from helpers import one_error_line

from data_generator.tool import OUTPUT_FORMATS

RunCli = Callable[..., CliRun]
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
        assert first.startswith(f"40 tech-support records in {files} txt file(s)")
        assert "words per document" in run.stdout
    else:
        assert first == (
            f"40 tech-support records in {files} {output_format} file(s): 40 valid, 0 duplicate(s)"
        )
        for name in CATEGORICAL:
            assert re.search(rf"^ ?{name}\s+categorical\s", run.stdout, re.MULTILINE), name
            assert f"\n{name}\n" in run.stdout  # its bar chart
        assert re.search(
            r"^ ?conversation_history\s+list\s+1\.00\s+0%\s+2 … 5, mean \d\.\d\d\s", run.stdout, re.M
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
    assert run.stdout.startswith("10 tech-support records in 1 jsonl file(s): 10 valid")


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
        "12 tech-support records in 12 json file(s): 10 valid, 1 duplicate(s)"
    )
    assert "2 problem(s):" in run.stdout
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
    assert run.stdout.startswith("2 things records in 1 jsonl file(s): validity not checked")
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
