"""datagen against a deployment's request quota, and against random 429s, on loopback.

Part (a), quota: the server accepts at most ``--window-limit`` requests in any
``--window-seconds`` (a sliding window: 100 per 10 s is 600 RPM enforced per 10 s, as Azure
OpenAI does) and answers 429 with ``retry-after`` past that. datagen makes ``--quota-count``
records with no hint (it learns the quota from the 429s and probes upward after quiet
spells), then with ``--rpm`` at the quota, the baseline. Printed per run: accepted
requests per second as a share of the quota (target >= 95 % without a hint), the share of
requests answered 429 (target < 5 %), accepted requests per 10 s, and the ratio of the
two runs' rates.

Part (b), random 429s: no quota; the server answers ``--fault-share`` of the requests
with 429 and ``retry-after`` ``--retry-after`` seconds, at random. datagen makes
``--random-count`` records without faults (the baseline), then with them, ``--rounds``
times. Printed: records per second of each, and the ratio of each pair (target >= 0.9).

Rates come from the server's clock, first to last accepted request. Every accepted request
is one record (the server answers with valid records). Figures, not assertions.

Usage:
    python benchmarks/rate_limits.py                     # about 7 minutes
    python benchmarks/rate_limits.py --skip-a --random-count 1000
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from loopback import FakeOpenAIServer, child, datagen, maker, rate, responder


def _run(
    args: argparse.Namespace, folder: Path, count: int, extra: list[str], **server: object
) -> tuple[list[float], int, int]:
    """One datagen run; return accepted request times, all requests, and 429s."""
    with FakeOpenAIServer(
        responder(maker()), latency_seconds=args.latency, retry_after_ms=args.retry_ms, **server
    ) as fake:
        child(datagen(fake, count, args.concurrency, folder / "out", *extra))
        accepted = sorted(r.received_at for r in fake.requests if r.status == 200)
        return accepted, len(fake.requests), fake.count(429)


def _per_window(stamps: list[float], seconds: float) -> str:
    first = stamps[0]
    counts: dict[int, int] = {}
    for stamp in stamps:
        window = int((stamp - first) // seconds)
        counts[window] = counts.get(window, 0) + 1
    return " ".join(str(counts.get(i, 0)) for i in range(max(counts) + 1))


def part_a(args: argparse.Namespace, folder: Path) -> None:
    """A sliding-window quota, with and without --rpm."""
    quota = args.window_limit / args.window_seconds
    rpm = round(quota * 60)
    print(
        f"(a) {args.quota_count:,} records against a quota of {args.window_limit} requests per "
        f"{args.window_seconds:g} s, sliding ({rpm}/minute); latency {args.latency * 1000:.0f} "
        f"ms, concurrency {args.concurrency}"
    )
    rates = {}
    for label, extra in (("no hint", []), (f"--rpm {rpm}", ["--rpm", str(rpm)])):
        stamps, sent, refused = _run(
            args,
            folder,
            args.quota_count,
            extra,
            sliding_limit=(args.window_limit, args.window_seconds),
        )
        rates[label] = achieved = rate(stamps)
        print(
            f"    {label:<10} {achieved:6.2f} req/s = {achieved / quota:6.1%} of the quota; "
            f"429s {refused / sent:5.1%} of {sent:,} requests"
        )
        windows = _per_window(stamps, args.window_seconds)
        print(f"               accepted per {args.window_seconds:g} s: {windows}")
    adaptive, hinted = rates.values()
    print(
        f"    no hint / --rpm: {adaptive / hinted:.3f}; targets without a hint: >= 95 % of the "
        f"quota ({'met' if adaptive >= 0.95 * quota else 'MISSED'}), < 5 % 429s"
    )


def part_b(args: argparse.Namespace, folder: Path) -> None:
    """Random 429s against none."""
    print(
        f"(b) {args.random_count:,} records, {args.fault_share:.0%} of requests answered 429 at "
        f"random (retry-after {args.retry_ms / 1000:g} s) against none; latency "
        f"{args.latency * 1000:.0f} ms, concurrency {args.concurrency}"
    )
    ratios = []
    for round_ in range(1, args.rounds + 1):  # side by side, so machine noise hits both
        rates = []
        for label, faults in (("no 429s", None), ("random 429s", {"429": args.fault_share})):
            stamps, sent, refused = _run(
                args, folder, args.random_count, [], faults=faults, seed=args.seed + round_
            )
            rates.append(rate(stamps))
            print(
                f"    round {round_} {label:<12} {rates[-1]:7.2f} records/s; 429s {refused:,} "
                f"of {sent:,} requests ({refused / sent:.1%})"
            )
        ratios.append(rates[1] / rates[0])
    worst = min(ratios)
    verdict = "met" if worst >= 0.9 else "MISSED"
    shown = ", ".join(f"{ratio:.3f}" for ratio in ratios)
    print(f"    ratio random 429s / none: {shown} (target >= 0.9: {verdict})")


def main() -> None:
    """Run both parts and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=8, help="datagen's default: 8")
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--quota-count", type=int, default=1000)
    parser.add_argument("--window-limit", type=int, default=100)
    parser.add_argument("--window-seconds", type=float, default=10.0)
    parser.add_argument("--random-count", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2, help="pairs of runs in part (b)")
    parser.add_argument("--fault-share", type=float, default=0.03)
    parser.add_argument("--retry-ms", type=int, default=1000, help="retry-after of a random 429")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random 429s")
    parser.add_argument("--skip-a", action="store_true")
    parser.add_argument("--skip-b", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="datagen-rate-bench-"))
    try:
        if not args.skip_a:
            part_a(args, folder)
        if not args.skip_b:
            part_b(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
