"""The cost of growth: datagen's throughput and peak memory as the data set grows.

Part 1, offline: ``datagen tech-support ... --provider offline`` (the real CLI, a child
process pinned to one core) makes ``--sizes`` records (10,000, 100,000 and 1,000,000 by
default) as JSON lines, and as one JSON file per record up to ``--per-record-max``.
Printed per run: records/s over the child's whole life, CPU microseconds per record
past start-up (a one-record run's CPU subtracted: CPU time is steadier than wall time on
a shared machine), and the child's own peak RSS (``wait4``).
Peak RSS must stay flat: the ratio of the largest size's to the smallest's is printed.

Part 2, the loopback Azure OpenAI stand-in (``tests/fake_openai_server.py``, in this
process, answering each request after ``--latency`` seconds with the offline record of
the index its prompt names), with each of ``--deployments`` (1 and 3: one server each;
datagen gets ``--deployment NAME@ENDPOINT`` per server when there are several): for
each of ``--online-sizes``, a bare ``openai.AsyncAzureOpenAI`` loop (one client and one
semaphore of ``--concurrency`` per deployment, requests dealt round-robin, nothing but
``chat.completions.create`` and ``json.loads`` of the answer, the same prompts and
response format) and datagen (``--provider azure``, the real CLI through Semantic
Kernel, whose ``--concurrency`` is also per deployment), each a child process, one
after the other. Records/s come from the servers' clock (first to last request
received); printed with the ratio datagen / bare, both children's peak RSS, and their
CPU milliseconds per record past start-up (a one-record run's CPU, or importing
``openai``, subtracted).

``--repeat N`` runs everything N times and keeps each run's best rate and highest peak
RSS. Figures, not assertions: the machine is shared and noisy, the ratios travel.

Usage:
    python benchmarks/growth.py                        # about 6 minutes on 2 cores
    python benchmarks/growth.py --quick                # a short smoke run
    python benchmarks/growth.py --sizes 10000,100000 --online-sizes 1000 --json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from loopback import DEPLOYMENT, PRODUCT, SEED, FakeOpenAIServer, Usage, maker, measure, rate
from loopback import responder as offline_responder

from data_generator.schema import response_format

KEY = {"AZURE_OPENAI_API_KEY": "bench-key"}  # in the environment: a flag shows in ps

BARE_LOOP = r"""
import asyncio, json, sys
import openai

spec = json.load(open(sys.argv[1]))

async def main():
    clients = [
        openai.AsyncAzureOpenAI(
            azure_endpoint=endpoint, api_key="bench-key", api_version="2024-10-21",
            max_retries=0, timeout=120,
        )
        for endpoint in spec["endpoints"]
    ]
    gates = [asyncio.Semaphore(spec["concurrency"]) for _ in clients]

    async def one(number, prompt):
        async with gates[number % len(clients)]:
            answer = await clients[number % len(clients)].chat.completions.create(
                model=spec["deployment"],
                messages=[{"role": "system", "content": spec["system"]},
                          {"role": "user", "content": prompt}],
                response_format=spec["response_format"],
            )
            json.loads(answer.choices[0].message.content)

    await asyncio.gather(*(one(n, p) for n, p in enumerate(spec["prompts"])))
    for client in clients:
        await client.close()

asyncio.run(main())
"""


@dataclass(frozen=True)
class OfflineRow:
    """One offline run: a format at a size."""

    output_format: str
    records: int
    records_per_second: float
    cpu_us_per_record: float
    peak_rss_mb: float


@dataclass(frozen=True)
class LoopbackRow:
    """One size through the stand-in: the bare loop beside datagen."""

    deployments: int
    records: int
    bare_records_per_second: float
    datagen_records_per_second: float
    ratio: float
    bare_peak_rss_mb: float
    datagen_peak_rss_mb: float
    bare_cpu_ms_per_record: float
    datagen_cpu_ms_per_record: float


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected sizes like 10000,100000, got {text!r}") from exc
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"sizes must be whole numbers >= 1, got {text!r}")
    return sizes


def _best(runs: Iterable[Callable[[], tuple[float, Usage]]]) -> tuple[float, float, float]:
    """Run each; return the best rate, the CPU seconds of that run, and the highest peak RSS."""
    results = [run() for run in runs]
    best_rate, best_usage = max(results, key=lambda result: result[0])
    return best_rate, best_usage.cpu, max(usage.peak_rss_mb for _, usage in results)


def _offline_argv(output_format: str, count: int, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "data_generator", "tech-support", "-d", PRODUCT,
        "--provider", "offline", "--seed", str(SEED), "-f", output_format, "-n", str(count),
        "-o", str(out), "--overwrite",
    ]  # fmt: skip


def offline(args: argparse.Namespace, folder: Path) -> list[OfflineRow]:
    """Part 1: every size as JSON lines, the smaller ones also one file per record."""
    core = min(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    plan = [("jsonl", size) for size in args.sizes]
    plan += [("json", size) for size in args.sizes if size <= args.per_record_max]
    start_up: dict[str, float] = {}
    rows = []
    for output_format, count in plan:
        out = folder / f"{output_format}-{count}"

        def run(output_format: str = output_format, count: int = count, out: Path = out) -> Usage:
            usage = measure(_offline_argv(output_format, count, out), cwd=folder, core=core)
            shutil.rmtree(out, ignore_errors=True)
            return usage

        if output_format not in start_up:
            start_up[output_format] = min(run(count=1).cpu for _ in range(args.repeat))
        usages = [run() for _ in range(args.repeat)]
        fastest = min(usages, key=lambda usage: usage.wall)
        rows.append(
            OfflineRow(
                output_format,
                count,
                count / fastest.wall,
                max(min(u.cpu for u in usages) - start_up[output_format], 0.0) / count * 1e6,
                max(usage.peak_rss_mb for usage in usages),
            )
        )
    return rows


def _bare_spec(servers: list[FakeOpenAIServer], count: int, concurrency: int) -> dict[str, Any]:
    record_maker = maker()
    return {
        "endpoints": [server.azure_endpoint for server in servers],
        "deployment": DEPLOYMENT,
        "concurrency": concurrency,
        "system": record_maker.system,
        "prompts": [record_maker.prompt(i, SEED) for i in range(1, count + 1)],
        "response_format": response_format(record_maker.tool.record_model),
    }


def _take_rate(servers: list[FakeOpenAIServer]) -> float:
    """Accepted requests per second since the last take, by the servers' clock; resets them."""
    stamps = [r.received_at for server in servers for r in server.requests if r.status == 200]
    for server in servers:
        server.reset()
    return rate(stamps)


def _datagen_argv(
    servers: list[FakeOpenAIServer], count: int, args: argparse.Namespace, out: Path
) -> list[str]:
    if len(servers) == 1:
        route = ["--azure-openai-endpoint", servers[0].azure_endpoint]
        route += ["--azure-openai-deployment", DEPLOYMENT]
    else:
        route = [f for s in servers for f in ("--deployment", f"{DEPLOYMENT}@{s.base_url}")]
    return [
        sys.executable, "-m", "data_generator", "tech-support", "-d", PRODUCT,
        "--provider", "azure", *route,
        "--seed", str(SEED), "-n", str(count), "-c", str(args.concurrency), "-f", "jsonl",
        "-o", str(out), "--overwrite",
    ]  # fmt: skip


def loopback(args: argparse.Namespace, folder: Path, deployments: int) -> list[LoopbackRow]:
    """Part 2: the bare loop and datagen through ``deployments`` stand-in servers."""
    record_maker = maker()
    servers = [
        FakeOpenAIServer(offline_responder(record_maker), latency_seconds=args.latency).start()
        for _ in range(deployments)
    ]
    rows = []
    out = folder / "loopback"
    try:
        bare_start = measure([sys.executable, "-c", "import asyncio, json, openai"], cwd=folder)
        our_start = measure(_datagen_argv(servers, 1, args, out), KEY, cwd=folder)
        _take_rate(servers)  # the start-up run's request is no part of any row
        for count in args.online_sizes:
            spec = folder / "bare.json"
            spec.write_text(json.dumps(_bare_spec(servers, count, args.concurrency)))

            def bare(spec: Path = spec) -> tuple[float, Usage]:
                usage = measure([sys.executable, "-c", BARE_LOOP, str(spec)], cwd=folder)
                return _take_rate(servers), usage

            def ours(count: int = count, out: Path = out) -> tuple[float, Usage]:
                usage = measure(_datagen_argv(servers, count, args, out), KEY, cwd=folder)
                return _take_rate(servers), usage

            bare_rate, bare_cpu, bare_rss = _best(bare for _ in range(args.repeat))
            our_rate, our_cpu, our_rss = _best(ours for _ in range(args.repeat))
            rows.append(
                LoopbackRow(
                    deployments,
                    count,
                    bare_rate,
                    our_rate,
                    _ratio(our_rate, bare_rate),
                    bare_rss,
                    our_rss,
                    (bare_cpu - bare_start.cpu) / count * 1000,
                    (our_cpu - our_start.cpu) / count * 1000,
                )
            )
    finally:
        for server in servers:
            server.stop()
    return rows


def _ratio(part: float, whole: float) -> float:
    """``part / whole``, or NaN when a tiny run left ``whole`` at 0 (printed as "nan")."""
    return part / whole if whole else float("nan")


def _plain(value: Any) -> Any:
    """``value`` with NaN as ``None``, so ``--json`` prints strict JSON."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return None if isinstance(value, float) and math.isnan(value) else value


def _ratios(offline_rows: list[OfflineRow], loopback_rows: list[LoopbackRow]) -> dict[str, float]:
    ratios: dict[str, float] = {}
    jsonl = [row for row in offline_rows if row.output_format == "jsonl"]
    if len(jsonl) > 1:
        small, large = jsonl[0], jsonl[-1]
        span = f"{large.records:,} / {small.records:,}"
        ratios[f"offline peak RSS {span}"] = _ratio(large.peak_rss_mb, small.peak_rss_mb)
        ratios[f"offline CPU us/record past start-up {span}"] = _ratio(
            large.cpu_us_per_record, small.cpu_us_per_record
        )
    for deployments in sorted({row.deployments for row in loopback_rows}):
        rows = [row for row in loopback_rows if row.deployments == deployments]
        if len(rows) > 1:
            span = f"{rows[-1].records:,} / {rows[0].records:,}"
            ratios[f"loopback x{deployments} datagen peak RSS {span}"] = _ratio(
                rows[-1].datagen_peak_rss_mb, rows[0].datagen_peak_rss_mb
            )
    return ratios


def _machine() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load} at the start"
    )


def _print_table(
    args: argparse.Namespace,
    offline_rows: list[OfflineRow],
    loopback_rows: list[LoopbackRow],
    ratios: dict[str, float],
) -> None:
    print(f"machine: {_machine()}; best of {args.repeat}")
    if offline_rows:
        print("offline: tech-support --provider offline, seed 1, one core")
        print(
            f"  {'format':<7}{'records':>11}{'records/s':>11}{'CPU us/rec':>12}{'peak RSS MB':>13}"
        )
        for row in offline_rows:
            print(
                f"  {row.output_format:<7}{row.records:>11,}{row.records_per_second:>11,.0f}"
                f"{row.cpu_us_per_record:>12.1f}"
                f"{row.peak_rss_mb:>13.1f}"
            )
    if loopback_rows:
        print(
            f"loopback Azure OpenAI stand-in: latency {args.latency * 1000:.0f} ms, "
            f"concurrency {args.concurrency} per deployment"
        )
        print(
            f"  {'deployments':<12}{'records':>8}{'bare rec/s':>12}{'datagen rec/s':>15}"
            f"{'ratio':>7}{'bare RSS MB':>13}{'datagen RSS MB':>16}"
            f"{'bare CPU ms/rec':>17}{'datagen CPU ms/rec':>20}"
        )
        for row in loopback_rows:
            print(
                f"  {row.deployments:<12}{row.records:>8,}{row.bare_records_per_second:>12.1f}"
                f"{row.datagen_records_per_second:>15.1f}{row.ratio:>7.3f}"
                f"{row.bare_peak_rss_mb:>13.1f}{row.datagen_peak_rss_mb:>16.1f}"
                f"{row.bare_cpu_ms_per_record:>17.2f}{row.datagen_cpu_ms_per_record:>20.2f}"
            )
    for name, value in ratios.items():
        print(f"ratio {name}: {value:.3f}")


def main() -> None:
    """Run the parts asked for and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--per-record-max",
        type=int,
        default=100_000,
        help="largest size also written one JSON file per record (0: none)",
    )
    parser.add_argument("--online-sizes", type=_sizes, default=[1_000, 5_000])
    parser.add_argument(
        "--deployments",
        type=_sizes,
        default=[1, 3],
        help="stand-in deployments (one server each) of each loopback run",
    )
    parser.add_argument("--latency", type=float, default=0.2, help="the stand-in's, in seconds")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the best is kept")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a short run: sizes 1000,10000, per-record up to 1000, online 200",
    )
    parser.add_argument("--skip-offline", action="store_true")
    parser.add_argument("--skip-loopback", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    if args.quick:
        args.sizes, args.per_record_max, args.online_sizes = [1_000, 10_000], 1_000, [200]
    folder = Path(tempfile.mkdtemp(prefix="datagen-growth-"))
    try:
        offline_rows = [] if args.skip_offline else offline(args, folder)
        loopback_rows = [
            row
            for deployments in ([] if args.skip_loopback else args.deployments)
            for row in loopback(args, folder, deployments)
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ratios = _ratios(offline_rows, loopback_rows)
    if args.json:
        document = {
            "machine": _machine(),
            "repeat": args.repeat,
            "latency_seconds": args.latency,
            "concurrency": args.concurrency,
            "offline": [asdict(row) for row in offline_rows],
            "loopback": [asdict(row) for row in loopback_rows],
            "ratios": ratios,
        }
        print(json.dumps(_plain(document), indent=2))
    else:
        _print_table(args, offline_rows, loopback_rows, ratios)


if __name__ == "__main__":
    main()
