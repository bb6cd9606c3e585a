"""jsonl and csv resume from their journal, in place: the cases a kill or an older version
leaves behind, at the library level."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from data_generator import DataGenerator, Settings
from data_generator.engine.lock import OutDirLock
from data_generator.errors import OutputError
from data_generator.tools.tech_support import TechSupportTool
from data_generator.writers import OutputLayout
from data_generator.writers.journal import scan_journal
from data_generator.writers.stream import StreamWriter, encode_jsonl


def tickets(count: int) -> list[BaseModel]:
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    return DataGenerator(
        tool, count=count, settings=Settings(provider="offline", seed=7)
    ).generate_data()


RECORDS = tickets(4)
WHOLE = b"".join(encode_jsonl(record) for record in RECORDS[:3])


def stream(out: Path) -> StreamWriter:
    layout = OutputLayout(out, "tech-support", "jsonl")
    layout.prepare()
    return StreamWriter(layout, encode_jsonl)


def finished(out: Path) -> StreamWriter:
    """A finished run of records 1..3; returns a fresh writer for the next run."""
    writer = stream(out)
    writer.open()
    for index in (1, 2, 3):
        writer.write(index, RECORDS[index - 1])
    writer.close()
    return stream(out)


def test_a_rerun_reads_the_journal_and_leaves_the_file_where_it_is(tmp_path: Path) -> None:
    writer = finished(tmp_path / "out")
    inode = writer.final_path.stat().st_ino
    with open(writer.journal_path, "ab") as journal:
        journal.write(b"4 9")  # half a line: cut away, the data file is not touched
    assert list(writer.open()) == [1, 2, 3]
    assert not writer.part_path.exists()  # nothing copied, nothing moved
    assert writer.journal_path.read_bytes().endswith(b"\n")
    writer.write(4, RECORDS[3])  # now it moves (a rename) and grows
    assert not writer.final_path.exists()
    writer.close()
    assert writer.final_path.stat().st_ino == inode
    assert writer.final_path.read_bytes() == WHOLE + encode_jsonl(RECORDS[3])


def test_a_cut_off_record_under_the_final_name_is_cut_away(tmp_path: Path) -> None:
    # What datagen 0.1 left after a full disk: a partial record under the final name.
    writer = finished(tmp_path / "out")
    with open(writer.final_path, "ab") as final:
        final.write(encode_jsonl(RECORDS[3])[:30])
    assert list(writer.open()) == [1, 2, 3]
    assert writer.close() == [writer.final_path]
    assert writer.final_path.read_bytes() == WHOLE


def test_a_final_file_without_its_journal_is_made_again(tmp_path: Path) -> None:
    writer = finished(tmp_path / "out")
    writer.journal_path.unlink()
    assert list(writer.open()) == []
    writer.write(1, RECORDS[0])
    writer.close()
    assert writer.final_path.read_bytes() == encode_jsonl(RECORDS[0])


def test_a_part_file_that_cannot_be_moved_stays_for_the_rerun(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer = stream(out)
    writer.open()
    writer.write(1, RECORDS[0])
    writer.final_path.mkdir()  # something in the way
    with pytest.raises(OutputError, match=r"cannot move .* Is a directory"):
        writer.close()
    assert writer.part_path.read_bytes() == encode_jsonl(RECORDS[0])
    writer.final_path.rmdir()
    again = stream(out)
    assert list(again.open()) == [1]
    again.close()
    assert again.final_path.read_bytes() == encode_jsonl(RECORDS[0])


@pytest.mark.parametrize(
    ("journal", "done", "end"),
    [
        (b"1 10\n2 20\n", [1, 2], 20),
        (b"1 10\nx 20\n2 30\n", [1], 10),  # not a number: stop there
        (b"1 10\n2 90\n", [1], 10),  # past the data's end
        (b"1 10\n2 5\n", [1], 10),  # going backwards
        (b"1 10\n2 20", [1], 10),  # cut off
    ],
)
def test_the_journal_vouches_only_for_what_is_there(
    tmp_path: Path, journal: bytes, done: list[int], end: int
) -> None:
    path = tmp_path / "journal"
    path.write_bytes(journal)
    scan = scan_journal(path, 40, 0)
    assert list(scan.done) == done
    assert scan.end == end
    assert scan.lines == len(done)
    assert journal[: scan.kept].count(b"\n") == len(done)


def test_an_unusable_state_folder_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ".datagen").write_text("a file\n")
    with pytest.raises(OutputError, match=r"cannot create .*\.datagen': a file is in the way"):
        OutDirLock(tmp_path / "out", tmp_path / "out" / ".datagen").acquire()
    (tmp_path / "out" / ".datagen").unlink()
    (tmp_path / "out" / ".datagen" / "lock").mkdir(parents=True)
    with pytest.raises(OutputError, match="cannot create the lock file"):
        OutDirLock(tmp_path / "out", tmp_path / "out" / ".datagen").acquire()


def test_releasing_a_lock_not_held_does_nothing(tmp_path: Path) -> None:
    lock = OutDirLock(tmp_path / "out", tmp_path / "out" / ".datagen")
    lock.release()
    assert not (tmp_path / "out").exists()
    with lock:
        assert (tmp_path / "out" / ".datagen" / "lock").exists()
    assert not (tmp_path / "out").exists()  # it made the folders, and nothing else came
