"""Offline throughput and peak memory of datagen, beside a bare loop.

Runs, each in its own child process pinned to one CPU core:

1. ``datagen tech-support ... --provider offline -f jsonl -n COUNT`` (the real CLI), and
2. a bare loop that uses the same generator library (plain ``random``) and the same
   vocabularies to produce the same fields and write them as JSON lines, with no engine,
   validation, journal or resume;

then prints records per second of both and their ratio (the figure that travels between
machines), and the peak RSS of a ``--memory-count`` run (target: under 150 MB for 1,000,000
records). Figures, not assertions: this machine is shared and noisy.

With ``--baseline TREE`` (a checkout of an earlier commit, e.g. ``git worktree add
/tmp/before HEAD~5``), the same CLI run is made from that tree too, alternating with this
one ``--rounds`` times, and the best rate of each and their ratio are printed: the side by
side comparison that a change to the offline provider is judged by (issue 15: within 25 %).

Usage:
    python benchmarks/offline_throughput.py                 # 200k for speed, 1M for memory
    python benchmarks/offline_throughput.py --count 50000 --memory-count 0
    python benchmarks/offline_throughput.py --count 50000 --memory-count 0 --baseline /tmp/before
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

TARGET_RATE = 10_000
TARGET_RSS_MB = 150

BARE_LOOP = r"""
import random, sys, orjson
from datetime import timedelta
from data_generator import synth
from data_generator.domains import match_domain
from data_generator.tools import tech_support as ts
from data_generator.tools.tech_support_vocabulary import PHRASES

count, path = int(sys.argv[1]), sys.argv[2]
start = synth.ANCHOR - timedelta(days=365)
domain = match_domain("SaaS CRM")
severities, sev_w = list(ts.SEVERITY_WEIGHTS), list(ts.SEVERITY_WEIGHTS.values())
statuses, st_w = list(ts.STATUS_WEIGHTS), list(ts.STATUS_WEIGHTS.values())
areas, area_w = list(ts.AREA_WEIGHTS), list(ts.AREA_WEIGHTS.values())
with open(path, "wb") as out:
    for index in range(1, count + 1):
        rng = random.Random(index)
        severity = rng.choices(severities, sev_w)[0]
        status = rng.choices(statuses, st_w)[0]
        area = rng.choices(areas, area_w)[0]
        created = start + timedelta(minutes=rng.randrange(525600))
        name = f"{rng.choice(synth.FIRST_NAMES)} {rng.choice(synth.LAST_NAMES)}"
        case_id = f"CASE-{index:06d}"
        record = {"customer_name": name, "case_id": case_id, "system_description": "SaaS CRM"}
        facts = ts._facts(rng, domain, area, record)
        summary = PHRASES.draw(rng, f"summary_{area}", facts)
        facts["summary"] = summary
        moment, history = created, []
        arc = rng.choice(ts.ARCS[status])
        for turn, table in enumerate(arc):
            moment += timedelta(minutes=5 + rng.randrange(240))
            history.append({
                "role": "customer" if turn % 2 == 0 else "agent",
                "message": PHRASES.draw(rng, table, facts),
                "timestamp": moment,
            })
        closed = status in ("resolved", "closed")
        record = {
            "case_id": case_id,
            "created_at": created,
            "system_description": "SaaS CRM",
            "issue_summary": summary,
            "severity": severity,
            "priority": ts.PRIORITY_OF[severity],
            "status": status,
            "customer_name": name,
            "contact_email": name.lower().replace(" ", ".") + "@example.com",
            "conversation_history": history,
            "resolved_at": moment + timedelta(minutes=30) if closed else None,
            "resolution": PHRASES.draw(rng, "resolution", facts) if closed else None,
            "area": area,
            "is_bug": rng.random() < ts.BUG_PERCENT / 100,
            "root_cause": PHRASES.draw(rng, "root_cause", facts) if status != "open" else None,
        }
        out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
"""


def _pin_to_one_core() -> None:
    """Keep this process and its children on one CPU core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _run(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Run argv; return (wall seconds, CPU seconds, peak RSS in MB) of the child."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark child failed: {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _datagen(count: int, folder: Path) -> list[str]:
    return [
        sys.executable, "-m", "data_generator", "tech-support", "-d", "SaaS CRM",
        "--provider", "offline", "--seed", "1", "-f", "jsonl", "-n", str(count),
        "-o", str(folder / f"out-{count}"), "--overwrite",
    ]  # fmt: skip


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000, help="records for throughput")
    parser.add_argument(
        "--memory-count", type=int, default=1_000_000, help="records for peak RSS (0 skips)"
    )
    parser.add_argument(
        "--baseline", type=Path, help="a checkout of an earlier commit to compare with"
    )
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs with --baseline")
    args = parser.parse_args()
    _pin_to_one_core()  # children inherit the affinity
    if args.baseline is not None:
        _side_by_side(args.baseline.resolve(), args.count, args.rounds)
        return
    folder = Path(tempfile.mkdtemp(prefix="datagen-bench-"))
    try:
        bare_wall, bare_cpu, bare_rss = _run(
            [sys.executable, "-c", BARE_LOOP, str(args.count), str(folder / "bare.jsonl")], folder
        )
        wall, cpu, rss = _run(_datagen(args.count, folder), folder)
        bare_rate, rate = args.count / bare_wall, args.count / wall
        print(f"offline throughput, tech-support -> jsonl, {args.count:,} records, one core")
        print(f"  {'':<12}{'records/s':>12}{'CPU us/rec':>12}{'peak RSS MB':>13}")
        print(f"  {'bare loop':<12}{bare_rate:>12,.0f}{bare_cpu / args.count * 1e6:>12.1f}"
              f"{bare_rss:>13.1f}")  # fmt: skip
        print(f"  {'datagen':<12}{rate:>12,.0f}{cpu / args.count * 1e6:>12.1f}{rss:>13.1f}")
        verdict = "meets" if rate >= TARGET_RATE else "MISSES"
        print(f"  ratio datagen / bare loop: {rate / bare_rate:.2f}")
        print(f"  target >= {TARGET_RATE:,} records/s: {verdict}")
        if args.memory_count:
            wall, _, rss = _run(_datagen(args.memory_count, folder), folder)
            verdict = "meets" if rss < TARGET_RSS_MB else "MISSES"
            print(f"peak RSS for {args.memory_count:,} records: {rss:.1f} MB "
                  f"({args.memory_count / wall:,.0f} records/s); "
                  f"target < {TARGET_RSS_MB} MB: {verdict}")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _side_by_side(baseline: Path, count: int, rounds: int) -> None:
    """The CLI's rate from this tree and from ``baseline``, alternating; best of each."""
    if not (baseline / "data_generator" / "__init__.py").is_file():
        sys.exit(f"--baseline {baseline}: not a datagen checkout (no data_generator/)")
    here = Path(__file__).resolve().parent.parent
    folder = Path(tempfile.mkdtemp(prefix="datagen-bench-"))
    best = {"this tree": 0.0, "baseline": 0.0}
    cpu = {"this tree": float("inf"), "baseline": float("inf")}
    try:
        for _ in range(rounds):
            for name, tree in (("baseline", baseline), ("this tree", here)):
                env = {**os.environ, "PYTHONPATH": str(tree)}
                wall, used, _ = _run(_datagen(count, folder), folder, env)
                best[name] = max(best[name], count / wall)
                cpu[name] = min(cpu[name], used / count * 1e6)
        print(f"offline throughput side by side, tech-support -> jsonl, {count:,} records, "
              f"one core, best of {rounds}")  # fmt: skip
        print(f"  {'':<12}{'records/s':>12}{'CPU us/rec':>12}")
        for name in ("baseline", "this tree"):
            print(f"  {name:<12}{best[name]:>12,.0f}{cpu[name]:>12.1f}")
        ratio = best["this tree"] / best["baseline"]
        verdict = "within" if ratio >= 0.75 else "MORE THAN"
        print(f"  ratio this tree / baseline: {ratio:.2f} ({verdict} 25 % slower)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
