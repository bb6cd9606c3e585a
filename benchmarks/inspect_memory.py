"""Peak memory and time of ``datagen inspect`` on a large JSON-lines output.

1. Makes ``--unique`` tech-support records with the offline provider (the real CLI), then
   writes ``--records`` lines by repeating them with a changed ``case_id`` per round, so
   every line is a distinct, valid record (the write is timed too).
2. Runs ``datagen inspect FILE`` on it in a child process and prints its wall time,
   records/s and peak RSS (target: under 200 MB for 1,000,000 records).
3. With ``--baseline-ref REF`` (default: the last commit before the streaming inspect),
   runs that commit's ``datagen inspect`` on the first ``--baseline-records`` records (it
   keeps every record in memory: 1.2 GB for 100,000, about 12 GB for a million), beside
   the current code on the same file.

Figures, not assertions: this machine is shared and noisy.

Usage:
    python benchmarks/inspect_memory.py                            # 1M records + baseline
    python benchmarks/inspect_memory.py --records 200000 --baseline-ref ""   # no baseline
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RSS_MB = 200
ROOT = Path(__file__).resolve().parent.parent
#: The commit before the streaming inspect (issue 11): it reads everything into memory.
BASELINE_REF = "0717e4e"


def _run(argv: list[str], cwd: Path, pythonpath: Path) -> tuple[float, float]:
    """Run argv; return (wall seconds, peak RSS in MB) of the child."""
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "DATAGEN_PROGRESS_INTERVAL": "3600"}
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark child failed: {' '.join(argv)}")
    return wall, usage.ru_maxrss / 1024


#: Writes argv[3] lines to argv[2] from the records in argv[1], varying case_id per round.
#: A child process of its own, so the records it holds never count in a later child's peak
#: RSS (a forked child starts with its parent's pages).
REPEAT = r"""
import sys, orjson
records = [orjson.loads(line) for line in open(sys.argv[1], "rb")]
with open(sys.argv[2], "wb") as out:
    for number in range(int(sys.argv[3])):
        round_, record = divmod(number, len(records))
        line = orjson.dumps(records[record], option=orjson.OPT_APPEND_NEWLINE)
        if round_:  # a distinct case id per round keeps every record unique
            case_id = records[record]["case_id"].encode()
            line = line.replace(case_id, case_id + b"-%d" % round_, 1)
        out.write(line)
"""


def _make_records(folder: Path, unique: int, count: int) -> tuple[Path, float, float]:
    """Write ``count`` distinct records to a JSON-lines file; return it and the two times."""
    generated, _ = _run(
        [
            sys.executable, "-m", "data_generator", "tech-support", "-d", "SaaS CRM",
            "--provider", "offline", "--seed", "1", "-f", "jsonl", "-n", str(unique),
            "-o", str(folder / "seed"),
        ],
        folder,
        ROOT,
    )  # fmt: skip
    target = folder / "big" / "tech-support.jsonl"
    target.parent.mkdir()
    seed = folder / "seed" / "tech-support.jsonl"
    written, _ = _run(
        [sys.executable, "-c", REPEAT, str(seed), str(target), str(count)], folder, ROOT
    )
    return target, generated, written


def _head(target: Path, count: int) -> Path:
    """The first ``count`` lines of ``target``, in a file of their own."""
    head = target.parent.parent / f"head-{count}" / target.name
    head.parent.mkdir()
    with target.open("rb") as source, head.open("wb") as out:
        for _, line in zip(range(count), source, strict=False):
            out.write(line)
    return head


def _baseline_tree(folder: Path, ref: str) -> Path:
    tree = folder / "baseline"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "data_generator"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def _inspect(target: Path) -> list[str]:
    return [sys.executable, "-m", "data_generator", "inspect", str(target)]


def _row(name: str, records: int, wall: float, rss: float) -> None:
    print(f"  {name:<28}{records:>11,}{wall:>10.1f}{records / wall:>12,.0f}{rss:>14.1f}")


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000, help="records to inspect")
    parser.add_argument("--unique", type=int, default=20_000, help="records made by datagen")
    parser.add_argument(
        "--baseline-ref", default=BASELINE_REF, help="git commit of the baseline ('' skips)"
    )
    parser.add_argument(
        "--baseline-records", type=int, default=100_000, help="records for the side-by-side"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="datagen-inspect-bench-"))
    try:
        target, generated, written = _make_records(folder, args.unique, args.records)
        size = target.stat().st_size / 1e6
        print(
            f"made {args.unique:,} records with datagen --provider offline in {generated:.1f} s; "
            f"wrote {args.records:,} distinct records ({size:,.0f} MB) in {written:.1f} s"
        )
        print(f"  {'run':<28}{'records':>11}{'seconds':>10}{'records/s':>12}{'peak RSS MB':>14}")
        if args.baseline_ref:
            head = _head(target, min(args.baseline_records, args.records))
            tree = _baseline_tree(folder, args.baseline_ref)
            count = min(args.baseline_records, args.records)
            wall, rss = _run(_inspect(head), folder, tree)
            _row(f"baseline {args.baseline_ref}", count, wall, rss)
            wall, rss = _run(_inspect(head), folder, ROOT)
            _row("streaming", count, wall, rss)
        wall, rss = _run(_inspect(target), folder, ROOT)
        _row("streaming", args.records, wall, rss)
        verdict = "meets" if rss < TARGET_RSS_MB else "MISSES"
        print(f"peak RSS for {args.records:,} records: {rss:.1f} MB; "
              f"target < {TARGET_RSS_MB} MB: {verdict}")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
