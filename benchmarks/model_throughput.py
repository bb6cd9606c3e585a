"""datagen against a loopback Azure OpenAI server, beside a bare ``AsyncAzureOpenAI`` loop.

Part (a), engine overhead: the server answers every request after ``--latency`` seconds;
datagen (the real CLI, ``--provider azure``) and a bare loop (``AsyncAzureOpenAI`` with a
semaphore of the same concurrency, the same prompts and response format) each make
``--count`` records, one after the other, each in its own child process. Printed: records
per second from the server's own clock (first to last request received), the ratio
datagen / bare loop (target ≥ 0.9), and CPU milliseconds per record of each child beyond
its start-up (the engine's overhead).

Part (b), rate limits: the server allows ``--window-limit`` requests per
``--window-seconds`` (600/minute in 10-second windows by default) and answers 429 with
``retry-after`` past that. datagen runs ``--rl-count`` records with no hint, then with
``--rpm``; printed: the achieved rate as a share of the limit (target ≥ 90 %) and the share
of requests answered 429 (target < 5 %).

The server runs in this process; both clients run in child processes (one process tree).
Figures, not assertions.

Usage:
    python benchmarks/model_throughput.py                 # about 2 minutes
    python benchmarks/model_throughput.py --count 300 --rl-count 150
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from loopback import DEPLOYMENT, SEED, FakeOpenAIServer, maker, rate, responder
from loopback import child as _child
from loopback import datagen as _datagen

from data_generator.schema import response_format

BARE_LOOP = r"""
import asyncio, json, sys
import openai

spec = json.load(open(sys.argv[1]))

async def main():
    client = openai.AsyncAzureOpenAI(
        azure_endpoint=spec["endpoint"], api_key="bench-key", api_version="2024-10-21",
        max_retries=0, timeout=120,
    )
    gate = asyncio.Semaphore(spec["concurrency"])

    async def one(prompt):
        async with gate:
            answer = await client.chat.completions.create(
                model=spec["deployment"],
                messages=[{"role": "system", "content": spec["system"]},
                          {"role": "user", "content": prompt}],
                response_format=spec["response_format"],
            )
            json.loads(answer.choices[0].message.content)

    await asyncio.gather(*(one(p) for p in spec["prompts"]))
    await client.close()

asyncio.run(main())
"""


def _rate(server: FakeOpenAIServer) -> float:
    return rate([r.received_at for r in server.requests])


def part_a(args: argparse.Namespace, folder: Path) -> None:
    """Engine overhead at a fixed latency."""
    record_maker = maker()
    with FakeOpenAIServer(responder(record_maker), latency_seconds=args.latency) as server:
        spec = folder / "bare.json"
        spec.write_text(
            __import__("json").dumps(
                {
                    "endpoint": server.azure_endpoint,
                    "deployment": DEPLOYMENT,
                    "concurrency": args.concurrency,
                    "system": record_maker.system,
                    "prompts": [record_maker.prompt(i, SEED) for i in range(1, args.count + 1)],
                    "response_format": response_format(record_maker.tool.record_model),
                }
            )
        )
        _, bare_start_cpu = _child([sys.executable, "-c", "import openai, json, asyncio"])
        _, bare_cpu = _child([sys.executable, "-c", BARE_LOOP, str(spec)])
        bare_rate = _rate(server)
        server.reset()
        dry = [*_datagen(server, args.count, args.concurrency, folder / "a"), "--dry-run"]
        _, start_cpu = _child(dry)
        _, cpu = _child(_datagen(server, args.count, args.concurrency, folder / "a"))
        rate = _rate(server)
    n = args.count
    latency_ms = args.latency * 1000
    print(f"(a) {n:,} records, latency {latency_ms:.0f} ms, concurrency {args.concurrency}")
    print(f"    {'':<22}{'records/s':>10}{'CPU ms/record':>15}")
    for label, records_per_second, cpu_ms in (
        ("bare AsyncAzureOpenAI", bare_rate, (bare_cpu - bare_start_cpu) / n * 1000),
        ("datagen", rate, (cpu - start_cpu) / n * 1000),
    ):
        print(f"    {label:<22}{records_per_second:>10.1f}{cpu_ms:>15.2f}")
    verdict = "meets" if rate >= 0.9 * bare_rate else "MISSES"
    print(f"    ratio datagen / bare: {rate / bare_rate:.3f} (target >= 0.9: {verdict})")


def part_b(args: argparse.Namespace, folder: Path) -> None:
    """Settling at a server-enforced rate limit, with and without --rpm."""
    record_maker = maker()
    limit_rps = args.window_limit / args.window_seconds
    print(
        f"(b) {args.rl_count:,} records against {args.window_limit} requests per "
        f"{args.window_seconds:g} s ({limit_rps * 60:.0f}/minute), "
        f"latency {args.rl_latency * 1000:.0f} ms"
    )
    for label, extra in (
        ("no hint", []),
        (f"--rpm {int(limit_rps * 60)}", ["--rpm", str(int(limit_rps * 60))]),
    ):
        with FakeOpenAIServer(
            responder(record_maker),
            latency_seconds=args.rl_latency,
            rate_limit=(args.window_limit, args.window_seconds),
        ) as server:
            _child(
                _datagen(server, args.rl_count, args.concurrency, folder / "b", *extra),
                {"DATAGEN_RETRY_BACKOFF": "0.1"},
            )
            accepted = [r for r in server.requests if r.status == 200]
            stamps = sorted(r.received_at for r in accepted)
            achieved = (len(stamps) - 1) / (stamps[-1] - stamps[0])
            refused = server.count(429) / max(1, len(server.requests))
        print(
            f"    {label:<12} achieved {achieved:5.2f} req/s = {achieved / limit_rps:6.1%} of the "
            f"limit (target >= 90 %); 429s {refused:5.1%} of {len(server.requests)} requests "
            f"(target < 5 %)"
        )


def main() -> None:
    """Run both parts and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--rl-count", type=int, default=1000)
    parser.add_argument("--rl-latency", type=float, default=0.2)
    parser.add_argument("--window-limit", type=int, default=100)
    parser.add_argument("--window-seconds", type=float, default=10.0)
    parser.add_argument("--skip-a", action="store_true")
    parser.add_argument("--skip-b", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="datagen-model-bench-"))
    try:
        if not args.skip_a:
            part_a(args, folder)
        if not args.skip_b:
            part_b(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
