"""A full disk loses nothing: on a 2 MB tmpfs, in each of the six formats.

A run that fills the disk stops with one line naming the write that failed, leaves only
whole records under final names and a manifest saying "interrupted"; once space is freed,
the same command completes the set byte for byte as an uninterrupted run; a rerun that
adds nothing changes nothing and needs no room to do so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import manifest, offline_tech_support, one_error_line

from data_generator import DataGenerator, Settings
from data_generator.errors import OutputError
from data_generator.providers import Completion, CompletionRequest
from data_generator.providers.offline import OfflineProvider
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool
from data_generator.writers import OutputLayout, create_writer

DISK_BYTES = 2 * 1024 * 1024
# Records per format: about 0.6 MB each, so that a run fits on the disk with room to spare
# (tmpfs gives each per-record file a 4 kB page).
COUNTS = {"json": 150, "yaml": 150, "txt": 150, "jsonl": 700, "csv": 700, "parquet": 700}
# Parquet once more with row groups of 50, so that the disk also fills while one is sealed.
CASES = [*COUNTS, "parquet-groups"]


def _tickets(count: int) -> list[TechSupportTicket]:
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    generator = DataGenerator(tool, count=count, settings=Settings(provider="offline", seed=7))
    return [TechSupportTicket.model_validate(record) for record in generator.generate_data()]


RECORDS = _tickets(20)


def tech(count: int, fmt: str, out: Path | str) -> list[str]:
    # --yes: past the free-space check, to reach the full disk itself
    return offline_tech_support(count, "-f", fmt, "-o", str(out), "--yes", seed=9)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs mounted for the test (skipped where mounting is not permitted)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        pytest.skip("no mount command here")
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], check=False).returncode:
            subprocess.run(["umount", "-l", str(folder)], check=False)  # busy: detach it


def free_bytes(folder: Path) -> int:
    stat = os.statvfs(folder)
    return stat.f_bavail * stat.f_frsize


def fill(disk: Path, leave: int) -> Path:
    """Grow a filler file until only ``leave`` bytes are free on ``disk``."""
    filler = disk / "filler"
    with open(filler, "ab") as handle:
        try:
            handle.write(bytes(max(0, free_bytes(disk) - leave)))
            handle.flush()
        except OSError:
            pass  # full: as much as fits
    return filler


def used_bytes(folder: Path) -> int:
    """What the files under ``folder`` take on disk (whole blocks)."""
    return sum(path.stat().st_blocks * 512 for path in folder.rglob("*") if path.is_file())


def contents(out: Path) -> dict[str, bytes]:
    """The visible files of an out-dir and their bytes."""
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.is_file()}


def snapshot(out: Path) -> dict[str, tuple[bytes, int, int]]:
    """Bytes, modification time and inode of each visible file."""
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_ino)
        for path in sorted(out.iterdir())
        if path.is_file()
    }


def assert_whole(out: Path, reference: dict[str, bytes], fmt: str) -> None:
    """Every file under a final name holds whole records of the uninterrupted run."""
    found = contents(out)
    assert set(found) <= set(reference)
    if fmt in ("json", "yaml", "txt"):
        assert 0 < len(found) < len(reference)
        for name, data in found.items():
            assert data == reference[name], name
        return
    name = f"tech-support.{fmt}"
    if fmt == "parquet":  # written at the end: absent, or whole and readable
        if name in found:
            rows = pq.read_table(out / name).to_pylist()
            expected = pq.read_table(pa.BufferReader(reference[name])).to_pylist()
            assert rows == expected[: len(rows)]
        return
    data = found[name]  # records so far, each whole
    assert reference[name].startswith(data)
    assert data.endswith(b"\n")
    assert data.count(b"\n") < reference[name].count(b"\n")


@pytest.mark.parametrize("case", CASES)
def test_a_full_disk_loses_nothing(
    run_cli: Callable[..., Any],
    small_disk: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
) -> None:
    fmt = case.split("-", maxsplit=1)[0]
    if case == "parquet-groups":
        monkeypatch.setenv("DATAGEN_PARQUET_ROW_GROUP_SIZE", "50")
    count = COUNTS[fmt]
    assert run_cli(*tech(count, fmt, tmp_path / "reference")).code == 0
    reference = contents(tmp_path / "reference")
    out = small_disk / "out"

    filler = fill(small_disk, leave=used_bytes(tmp_path / "reference") // 2)
    failed = run_cli(*tech(count, fmt, out))
    assert failed.code == 2, failed.stdout
    line = one_error_line(failed)
    assert "No space left on device" in line
    assert "manifest.json" not in line  # the write that failed is named
    assert "cannot write record" in line or "cannot write '" in line
    assert "Free some space in the out-dir, then rerun the same command" in line
    assert manifest(out)["status"] == "interrupted"
    assert_whole(out, reference, fmt)
    assert list(out.rglob("*.tmp")) == []

    filler.unlink()
    finished = run_cli(*tech(count, fmt, out))
    assert finished.code == 0, finished.stderr
    assert f"{count} of {count} now in" in finished.stdout
    assert contents(out) == reference  # byte for byte as if nothing had happened
    assert manifest(out)["status"] == "complete"
    assert list(out.rglob("*.part")) == []

    # A rerun that adds nothing copies nothing: 16 kB free is enough, and no file changes.
    before = snapshot(out)
    fill(small_disk, leave=16 * 1024)
    again = run_cli(*tech(count, fmt, out))
    assert again.code == 0, again.stderr
    assert "Wrote 0 tech-support records" in again.stdout
    assert snapshot(out) == before
    assert list(out.rglob("*.part")) == []

    # With no room at all, even the manifest cannot be written, and that is what it says.
    fill(small_disk, leave=0)
    full = run_cli(*tech(count, fmt, out))
    assert full.code == 2
    assert "manifest.json': No space left on device" in one_error_line(full)
    assert snapshot(out) == before
    assert manifest(out)["status"] == "complete"


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_after_a_failed_write_the_writer_refuses_more_and_keeps_whole_records(
    small_disk: Path, fmt: str
) -> None:
    layout = OutputLayout(small_disk / "out", "tech-support", fmt)  # type: ignore[arg-type]
    layout.prepare()
    writer = create_writer(layout, TechSupportTicket, str, row_group_size=40)
    writer.open()
    fill(small_disk, leave=64 * 1024)
    written = 0

    def write_until_full() -> None:
        nonlocal written
        for written, record in enumerate(RECORDS * 100, 1):
            writer.write(written, record)

    with pytest.raises(OutputError, match="No space left on device") as first:
        write_until_full()
    with pytest.raises(OutputError) as second:
        writer.write(written + 1, RECORDS[0])  # the space a cut freed is not used
    assert second.value is first.value
    (small_disk / "filler").unlink()
    writer.close()
    rows = (
        pq.read_table(layout.data_path).to_pylist()
        if fmt == "parquet"
        else [orjson.loads(line) for line in layout.data_path.read_bytes().splitlines()]
    )
    # Every record before the failed one, each whole; and the failed one too where it was
    # kept and only sealing its row group failed.
    sealing = re.search(r"\d{6}\.parquet", str(first.value)) is not None
    assert len(rows) == written - 1 + sealing
    assert rows[:2] == [
        record.model_dump(mode="python" if fmt == "parquet" else "json") for record in RECORDS[:2]
    ]


class BreakingProvider(OfflineProvider):
    """Offline records; before the third, the run state's ``tmp`` folder becomes a file."""

    def __init__(self, tool: TechSupportTool, state: Path) -> None:
        super().__init__(tool)
        self.state = state
        self.calls = 0

    async def complete(self, request: CompletionRequest) -> Completion:
        self.calls += 1
        if self.calls == 3:
            shutil.rmtree(self.state / "tmp")
            (self.state / "tmp").write_text("in the way\n")
        return await super().complete(request)


def test_a_manifest_that_cannot_be_written_does_not_hide_the_first_error(
    tmp_path: Path,
) -> None:
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    out = tmp_path / "out"
    generator = DataGenerator(
        tool,
        count=10,
        out_dir=out,
        settings=Settings(provider="offline", seed=7, concurrency=1),
        provider=BreakingProvider(tool, out / ".datagen"),
    )
    with pytest.raises(OutputError) as raised:
        generator.run()
    line = raised.value.one_line()
    # Two workers share the one seat: which record meets the broken folder first varies.
    failed = re.match(rf"cannot write '{re.escape(str(out))}/tech-support-(\d{{6}})\.json': ", line)
    assert failed is not None, line
    assert line.startswith(f"{failed.group()}Not a directory")
    assert line.endswith(
        f"(the run manifest was not updated either: cannot write "
        f"{str(out / '.datagen' / 'manifest.json')!r}: Not a directory)"
    )
    present = sorted(path.name for path in out.glob("*.json"))
    assert present[:2] == ["tech-support-000001.json", "tech-support-000002.json"]
    assert f"tech-support-{failed.group(1)}.json" not in present
    for name in present:  # whole records only
        TechSupportTool.record_model.model_validate_json((out / name).read_bytes())
