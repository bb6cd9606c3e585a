"""datagen over several deployments at once, each with its own quota, on loopback.

Three stand-in deployments (one loopback server each) each accept at most ``--window-limit``
requests in any ``--window-seconds`` (a sliding window: 50 per 10 s is 300 RPM enforced per
10 s, as Azure OpenAI does) and answer 429 with ``retry-after`` past that. datagen makes
``--count`` records spread over the three with ``--deployment`` (repeated), first with no
hint (each deployment is held to what its answers say is left,
``x-ratelimit-remaining-requests``, and its quota is learnt from its 429s), then with
``rpm = ...`` per deployment in ``[[deployments]]`` of ``scenarios.toml``. Printed per
run: accepted requests per minute in all (target >= 810 for 3 x 300 RPM), the share of
requests answered 429 (target < 2 %) and the requests each deployment accepted.

Then the 401 case (``--rpm`` each): the third deployment refuses the key; the run must
complete on the two others, with one warning line naming the dropped one (progress lines,
which a run without a terminal prints every 10 s, are not warnings).

Rates come from the servers' clock, first to last accepted request over all three. Every
accepted request is one record (the servers answer with valid records). Figures, not
assertions.

Usage:
    python benchmarks/deployments.py                 # about 3 minutes
    python benchmarks/deployments.py --count 300 --skip-401
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from loopback import DEPLOYMENT, PRODUCT, SEED, FakeOpenAIServer, maker, responder

KEY = "bench-key"


def _command(count: int, concurrency: int, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "data_generator", "tech-support", "-d", PRODUCT,
        "--provider", "azure", "--seed", str(SEED), "-n", str(count), "-c", str(concurrency),
        "-f", "jsonl", "-o", str(out), "--overwrite", "--no-progress", *extra,
    ]  # fmt: skip


def _run(argv: list[str], folder: Path) -> tuple[int, str]:
    """Run datagen in ``folder`` (its scenarios.toml applies); return exit code and stderr."""
    env = {**os.environ, "AZURE_OPENAI_API_KEY": KEY}
    done = subprocess.run(argv, cwd=folder, env=env, capture_output=True, text=True, check=False)
    return done.returncode, done.stderr


def _servers(args: argparse.Namespace, keys: list[str]) -> list[FakeOpenAIServer]:
    answer = responder(maker())
    return [
        FakeOpenAIServer(
            answer,
            api_key=key,
            latency_seconds=args.latency,
            sliding_limit=(args.window_limit, args.window_seconds),
        ).start()
        for key in keys
    ]


def _figures(servers: list[FakeOpenAIServer]) -> tuple[float, float, int, list[int]]:
    """Accepted requests per minute in all, share answered 429, requests, accepted each."""
    accepted = sorted(r.received_at for s in servers for r in s.requests if r.status == 200)
    sent = sum(len(s.requests) for s in servers)
    refused = sum(s.count(429) for s in servers)
    span = accepted[-1] - accepted[0] if len(accepted) > 1 else 0.0
    per_minute = (len(accepted) - 1) / span * 60 if span else 0.0
    return per_minute, refused / sent if sent else 0.0, sent, [s.count(200) for s in servers]


def quota(args: argparse.Namespace, folder: Path) -> None:
    """Three deployments' quotas used at once, with and without an rpm hint."""
    rpm = round(args.window_limit / args.window_seconds * 60)
    print(
        f"{args.count:,} records over 3 deployments of {args.window_limit} requests per "
        f"{args.window_seconds:g} s each, sliding ({rpm} RPM each, {3 * rpm} in all); latency "
        f"{args.latency * 1000:.0f} ms, concurrency {args.concurrency} per deployment"
    )
    for label, hinted in (("no hint", False), (f"rpm = {args.rpm} each", True)):
        servers = _servers(args, [KEY] * 3)
        toml = folder / "scenarios.toml"
        try:
            if hinted:
                toml.write_text(
                    "".join(
                        f'[[deployments]]\nendpoint = "{s.azure_endpoint}"\n'
                        f'deployment = "{DEPLOYMENT}"\nrpm = {args.rpm}\n\n'
                        for s in servers
                    )
                )
                extra: list[str] = []
            else:
                extra = [f for s in servers for f in ("--deployment", f"{DEPLOYMENT}@{s.base_url}")]
            code, errors = _run(
                _command(args.count, args.concurrency, folder / "out", *extra), folder
            )
            if code != 0:
                sys.exit(f"datagen failed ({code}):\n{errors}")
            per_minute, refused, sent, each = _figures(servers)
        finally:
            for server in servers:
                server.stop()
            with contextlib.suppress(FileNotFoundError):
                toml.unlink()
        verdict = "met" if per_minute >= 0.9 * 3 * rpm and refused < 0.02 else "MISSED"
        print(
            f"    {label:<14} {per_minute:6.0f} requests/min in all; 429s {refused:5.1%} of "
            f"{sent:,} requests; accepted per deployment {each} (targets >= {0.9 * 3 * rpm:.0f}"
            f"/min, < 2 % 429s: {verdict})"
        )


def unauthorised(args: argparse.Namespace, folder: Path) -> None:
    """The third deployment refuses the key: the run completes on the two others."""
    servers = _servers(args, [KEY, KEY, "another-key"])
    try:
        flags = [f for s in servers for f in ("--deployment", f"{DEPLOYMENT}@{s.base_url}")]
        flags += ["--rpm", str(args.rpm)]  # each deployment's quota, as --rpm gives it
        code, errors = _run(
            _command(args.count_401, args.concurrency, folder / "out", *flags), folder
        )
        lines = errors.splitlines()
        accepted = [s.count(200) for s in servers]
    finally:
        for server in servers:
            server.stop()
    warnings = [line for line in lines if "WARNING" in line]
    print(
        f"401 case: {args.count_401:,} records, --rpm {args.rpm}, the third deployment refuses "
        f"the key: exit {code}, accepted per deployment {accepted}, {len(warnings)} warning "
        "line(s):"
    )
    for line in warnings:
        print(f"    {line}")


def main() -> None:
    """Run both parts and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=900)
    parser.add_argument("--count-401", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8, help="datagen's default: 8")
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--window-limit", type=int, default=50)
    parser.add_argument("--window-seconds", type=float, default=10.0)
    parser.add_argument("--rpm", type=int, default=300, help="the hint of the second run")
    parser.add_argument("--skip-quota", action="store_true")
    parser.add_argument("--skip-401", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="datagen-deployments-bench-"))
    try:
        if not args.skip_quota:
            quota(args, folder)
        if not args.skip_401:
            unauthorised(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
