"""Wall-clock start-up of ``datagen --help`` and of one completion request.

Each command runs ``--repeat`` times in a fresh interpreter; the median is printed beside
``python -c pass`` (the interpreter's own start-up) as a difference and a ratio.
Targets: help under 0.3 s, completion under 0.15 s.

Usage:
    python benchmarks/cli_startup.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CASES = {
    "python -c pass": ([sys.executable, "-c", "pass"], {}),
    "datagen --help": ([sys.executable, "-m", "data_generator", "--help"], {}),
    "datagen tech-support --help": (
        [sys.executable, "-m", "data_generator", "tech-support", "--help"],
        {},
    ),
    "completion 'datagen te'": (
        [sys.executable, "-m", "data_generator"],
        {"_DATAGEN_COMPLETE": "complete_bash", "COMP_WORDS": "datagen te", "COMP_CWORD": "1"},
    ),
}
TARGETS = {"datagen --help": 0.3, "completion 'datagen te'": 0.15}


def _median_seconds(argv: list[str], extra_env: dict[str, str], repeat: int) -> float:
    env = {**os.environ, **extra_env}
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Print the start-up figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    baseline = _median_seconds(*CASES["python -c pass"], args.repeat)
    print(f"{'command':<30}{'median s':>10}{'minus python':>14}{'ratio':>8}  target")
    for name, (argv, env) in CASES.items():
        seconds = _median_seconds(argv, env, args.repeat)
        target = TARGETS.get(name)
        verdict = (
            ""
            if target is None
            else f"< {target} s: " + ("meets" if seconds < target else "MISSES")
        )
        print(
            f"{name:<30}{seconds:>10.3f}{seconds - baseline:>14.3f}"
            f"{seconds / baseline:>8.1f}  {verdict}"
        )


if __name__ == "__main__":
    main()
