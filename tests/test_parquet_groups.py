"""Parquet streamed in row groups: staging bounded by one group, resumable at every step.

The writer is driven at the library level with 4 records a row group, so that every step
of a row group's life (filled, sealed, copied into the final file) can be stopped where a
kill would stop it; "killed" means the writer is dropped without ``close``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq
import pytest
from helpers import manifest, one_error_line
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from data_generator import DataGenerator, Settings
from data_generator.errors import OutputError, ProviderAuthError
from data_generator.providers import Completion, CompletionRequest
from data_generator.providers.offline import OfflineProvider
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool
from data_generator.writers import OutputLayout
from data_generator.writers.groups import GroupLog, format_ranges, parse_ranges
from data_generator.writers.parquet import ParquetWriter
from data_generator.writers.stream import encode_jsonl

SIZE = 4
COUNT = 10


def tickets(count: int = COUNT) -> list[BaseModel]:
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    return DataGenerator(
        tool, count=count, settings=Settings(provider="offline", seed=7)
    ).generate_data()


RECORDS = tickets()


def writer(out: Path, size: int = SIZE) -> ParquetWriter:
    layout = OutputLayout(out, "tech-support", "parquet")
    layout.prepare()
    return ParquetWriter(layout, TechSupportTicket, row_group_size=size)


def write(target: ParquetWriter, indices: range | list[int]) -> None:
    for index in indices:
        target.write(index, RECORDS[index - 1])


def state(out: Path, name: str) -> Path:
    return out / ".datagen" / f"tech-support.parquet.{name}"


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("uninterrupted") / "out"
    whole = writer(out)
    assert list(whole.open()) == []
    write(whole, range(1, COUNT + 1))
    whole.close()
    return (out / "tech-support.parquet").read_bytes()


def test_row_groups_are_streamed_and_staging_holds_one_group(
    tmp_path: Path, uninterrupted: bytes
) -> None:
    out = tmp_path / "out"
    streamed = writer(out)
    streamed.open()
    write(streamed, range(1, 10))
    groups = sorted(path.name for path in state(out, "groups").iterdir())
    assert groups == ["000001.parquet", "000002.parquet"]  # sealed while the run goes
    assert len(state(out, "rows").read_bytes().splitlines()) == 1
    write(streamed, [10])
    assert streamed.close() == [out / "tech-support.parquet"]

    final = pq.ParquetFile(out / "tech-support.parquet")
    assert [final.metadata.row_group(n).num_rows for n in range(3)] == [4, 4, 2]
    assert final.read().to_pylist() == [record.model_dump() for record in RECORDS]
    assert (out / "tech-support.parquet").read_bytes() == uninterrupted
    assert list(state(out, "groups").iterdir()) == []  # the final file holds them now
    assert state(out, "rows").read_bytes() == b"".join(map(encode_jsonl, RECORDS[8:]))
    size = (out / "tech-support.parquet").stat().st_size
    assert state(out, "groups.journal").read_text() == (
        f"group 1 1-4\ngroup 2 5-8\nfinal 2 2 {size}\n"
    )


def test_where_earlier_runs_stopped_does_not_change_the_bytes(
    tmp_path: Path, uninterrupted: bytes
) -> None:
    out = tmp_path / "out"
    first = writer(out)
    first.open()
    write(first, range(1, 4))
    first.close()  # a finished run of 3

    second = writer(out)
    assert list(second.open()) == [1, 2, 3]
    write(second, range(4, 7))  # seals group 1, then is killed
    second.rows.close()

    third = writer(out)
    assert list(third.open()) == [1, 2, 3, 4, 5, 6]
    write(third, range(7, 10))
    third.close()

    last = writer(out)
    assert list(last.open()) == list(range(1, 10))
    write(last, [10])
    last.close()
    assert (out / "tech-support.parquet").read_bytes() == uninterrupted


def test_a_rerun_that_adds_nothing_leaves_the_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = writer(out)
    first.open()
    write(first, range(1, 7))
    first.close()
    final = out / "tech-support.parquet"
    before = (final.read_bytes(), final.stat().st_mtime_ns, final.stat().st_ino)

    again = writer(out)
    assert list(again.open()) == list(range(1, 7))
    assert again.close() == [final]
    assert (final.read_bytes(), final.stat().st_mtime_ns, final.stat().st_ino) == before


def test_killed_between_sealing_a_group_and_emptying_the_rows(
    tmp_path: Path, uninterrupted: bytes
) -> None:
    out = tmp_path / "out"
    killed = writer(out)
    killed.open()
    write(killed, range(1, 5))  # group 1 sealed, rows emptied
    for index in range(1, 5):  # as if the rows had not been emptied yet
        killed.rows.append(index, encode_jsonl(RECORDS[index - 1]))
    killed.rows.close()

    again = writer(out)
    assert list(again.open()) == [1, 2, 3, 4]
    assert state(out, "rows").read_bytes() == b""
    write(again, range(5, COUNT + 1))
    again.close()
    assert (out / "tech-support.parquet").read_bytes() == uninterrupted


def test_killed_between_writing_a_group_file_and_noting_it(
    tmp_path: Path, uninterrupted: bytes
) -> None:
    out = tmp_path / "out"
    killed = writer(out)
    killed.open()
    write(killed, range(1, 5))  # group 1 sealed and noted
    # As if the kill came before the note: the line is missing, the rows still full.
    state(out, "groups.journal").write_bytes(b"")
    for index in range(1, 5):
        killed.rows.append(index, encode_jsonl(RECORDS[index - 1]))
    killed.rows.close()

    again = writer(out)
    assert list(again.open()) == [1, 2, 3, 4]  # sealed again, as group 1
    assert state(out, "groups.journal").read_text() == "group 1 1-4\n"
    write(again, range(5, COUNT + 1))
    again.close()
    assert (out / "tech-support.parquet").read_bytes() == uninterrupted


def test_stray_group_files_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = writer(out)
    first.open()
    write(first, range(1, 6))
    first.rows.close()
    stray = state(out, "groups") / "000007.parquet"
    stray.write_bytes(b"not parquet")
    (state(out, "groups") / "notes.txt").write_text("mine\n")

    again = writer(out)
    assert list(again.open()) == [1, 2, 3, 4, 5]
    assert not stray.exists()
    assert (state(out, "groups") / "notes.txt").exists()


@pytest.mark.parametrize("damage", ["final", "group"])
def test_a_damaged_set_is_made_again(
    tmp_path: Path, uninterrupted: bytes, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    first = writer(out)
    first.open()
    write(first, range(1, 10))
    if damage == "final":  # the final file is not the one its journal describes
        first.close()
        (out / "tech-support.parquet").write_bytes(b"PAR1 something else")
    else:  # a sealed group's file went missing
        first.rows.close()
        (state(out, "groups") / "000002.parquet").unlink()

    again = writer(out)
    with caplog.at_level(logging.WARNING, "data_generator.writers"):
        assert list(again.open()) == []
    assert "does not match its run state; its records are made again" in caplog.text
    write(again, range(1, COUNT + 1))
    again.close()
    assert (out / "tech-support.parquet").read_bytes() == uninterrupted


@pytest.mark.parametrize("finished", [True, False], ids=["finished", "interrupted"])
def test_the_staging_of_datagen_0_1_is_taken_over(
    tmp_path: Path, uninterrupted: bytes, finished: bool
) -> None:
    out = tmp_path / "out"
    OutputLayout(out, "tech-support", "parquet").prepare()
    legacy = out / ".datagen" / "tech-support.parquet-staging.jsonl"
    data, journal = b"", b""
    for index in range(1, COUNT + 1):
        data += encode_jsonl(RECORDS[index - 1])
        journal += b"%d %d\n" % (index, len(data))
    staged = legacy if finished else legacy.with_name(legacy.name + ".part")
    staged.write_bytes(data + b'{"case_id": "CA')  # and a record cut off by a kill
    legacy.with_name(legacy.name + ".journal").write_bytes(journal + b"11 9")

    again = writer(out)
    assert list(again.open()) == list(range(1, COUNT + 1))
    assert sorted(path.name for path in (out / ".datagen").glob("*staging*")) == []
    again.close()
    assert (out / "tech-support.parquet").read_bytes() == uninterrupted


def test_a_final_file_that_cannot_be_written_keeps_the_groups(
    tmp_path: Path, uninterrupted: bytes
) -> None:
    out = tmp_path / "out"
    blocked = writer(out)
    blocked.open()
    write(blocked, range(1, COUNT + 1))
    (out / "tech-support.parquet").mkdir()  # something in the way
    with pytest.raises(OutputError, match=r"cannot write '.*tech-support\.parquet': "):
        blocked.close()
    assert list((out / ".datagen" / "tmp").iterdir()) == []
    (out / "tech-support.parquet").rmdir()

    again = writer(out)
    assert list(again.open()) == list(range(1, COUNT + 1))
    again.close()
    assert (out / "tech-support.parquet").read_bytes() == uninterrupted


def test_a_run_that_cannot_write_its_parquet_file_says_so_and_finishes_on_rerun(
    run_cli: Callable[..., Any],
) -> None:
    args = ["tech-support", "-d", "SaaS CRM", "--provider", "offline", "--seed", "7"]
    args += ["-n", "12", "-f", "parquet"]
    Path("out").mkdir()
    (Path("out") / "tech-support.parquet").mkdir()  # in the way of the final rename
    blocked = run_cli(*args, "-o", "out")
    assert blocked.code == 2
    line = one_error_line(blocked)
    assert "cannot write 'out/tech-support.parquet'" in line
    assert "then rerun the same command to finish" in line
    assert manifest(Path("out"))["status"] == "interrupted"

    (Path("out") / "tech-support.parquet").rmdir()
    finished = run_cli(*args, "-o", "out")
    assert finished.code == 0, finished.stderr
    assert "Wrote 0 tech-support records" in finished.stdout  # made before, kept
    assert "12 of 12 now in" in finished.stdout
    assert run_cli(*args, "-o", "reference").code == 0
    assert Path("out/tech-support.parquet").read_bytes() == (
        Path("reference/tech-support.parquet").read_bytes()
    )


# --- the group journal -----------------------------------------------------------------------
@given(st.sets(st.integers(min_value=1, max_value=200), min_size=1))
def test_ranges_round_trip(indices: set[int]) -> None:
    text = format_ranges(sorted(indices))
    expanded = [i for first, last in parse_ranges(text) for i in range(first, last + 1)]
    assert expanded == sorted(indices)
    assert text.count(",") < len(indices)


@pytest.mark.parametrize("text", ["", "3-1", "1-3,2", "a", "1-2-3", "-1"])
def test_bad_ranges_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"invalid literal|bad range"):
        parse_ranges(text)


@pytest.mark.parametrize(
    ("tail", "kept"),
    [
        (b"group 4 9-12\n", 2),  # out of order
        (b"group 2 5-8 9\n", 2),  # a word too many
        (b"final 5 0 100\n", 2),  # more groups than sealed
        (b"final 1 -1 100\n", 2),  # a negative count
        (b"group 3 x\n", 2),  # not ranges
        (b"\xff\xfe\n", 2),  # not text
        (b"group 3 9-1", 2),  # cut off
        (b"final 2 1 500\n", 3),  # fine
    ],
)
def test_a_damaged_group_journal_is_cut_back(tmp_path: Path, tail: bytes, kept: int) -> None:
    path = tmp_path / "groups.journal"
    good = b"group 1 1-4\ngroup 2 5-8\n"
    path.write_bytes(good + tail)
    log = GroupLog(path, tmp_path / "groups")
    log.read()
    assert len(path.read_bytes().splitlines()) == kept
    assert log.count == 2
    assert list(log.indices()) == list(range(1, 9))
    assert log.final_mark() == ((2, 1, 500) if kept == 3 else None)
    log.remove_stray_files()  # no folder yet: nothing to do


def test_group_journal_lines_are_whole_or_absent(tmp_path: Path) -> None:
    log = GroupLog(tmp_path / "missing" / "groups.journal", tmp_path / "groups")
    with pytest.raises(FileNotFoundError):
        log.add([1, 2])
    assert log.count == 0
    assert orjson.dumps(log.final_mark()) == b"null"


class RefusingProvider(OfflineProvider):
    """Offline records, until the fifth request, whose key is refused."""

    def __init__(self, tool: TechSupportTool) -> None:
        super().__init__(tool)
        self.calls = 0

    async def complete(self, request: CompletionRequest) -> Completion:
        self.calls += 1
        if self.calls == 5:
            raise ProviderAuthError("the key was refused", hint="Check the key")
        return await super().complete(request)


def test_a_stopped_run_whose_file_cannot_be_written_says_both(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    out = tmp_path / "out"
    (out / "tech-support.parquet").mkdir(parents=True)  # in the way of the final file
    generator = DataGenerator(
        tool,
        count=10,
        out_dir=out,
        output_format="parquet",
        settings=Settings(provider="offline", seed=7, concurrency=1),
        provider=RefusingProvider(tool),
    )
    with (
        caplog.at_level(logging.WARNING, "data_generator.engine"),
        pytest.raises(ProviderAuthError, match="the key was refused"),
    ):
        generator.run()
    assert "could not finish the output: cannot write" in caplog.text
    assert manifest(out)["status"] == "aborted"
    assert manifest(out)["counts"]["written"] == 4


def test_rows_sealed_but_not_emptied_are_not_written_twice(
    tmp_path: Path, uninterrupted: bytes
) -> None:
    out = tmp_path / "out"
    broken = writer(out)
    broken.open()
    write(broken, range(1, 4))
    journal = state(out, "rows.journal")
    journal.unlink()  # the open journal goes on; its name is now a folder
    journal.mkdir()
    with pytest.raises(OutputError, match=r"cannot write record 4 to '.*rows\.journal': Is a dir"):
        write(broken, [4])  # sealed and noted, but the rows file cannot start again
    broken.close()
    rows = pq.read_table(out / "tech-support.parquet").to_pylist()
    assert rows == [record.model_dump() for record in RECORDS[:4]]  # each once

    journal.rmdir()
    again = writer(out)
    assert list(again.open()) == [1, 2, 3, 4]
    write(again, range(5, COUNT + 1))
    again.close()
    assert (out / "tech-support.parquet").read_bytes() == uninterrupted
