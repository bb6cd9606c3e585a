"""Wall-clock start-up of ``datagen --help`` and of shell completion requests.

Each command runs ``--repeat`` times in a fresh interpreter, in an empty temporary folder
(no ``scenarios.toml``); the median is printed beside ``python -c pass`` (the
interpreter's own start-up) as a difference and a ratio. Targets: help under 0.3 s, a
completion request under 0.15 s.

Compiled bytecode is cached (in a temporary ``PYTHONPYCACHEPREFIX``, after one warm-up
run of each command), as it is for an installed datagen, even when the environment sets
``PYTHONDONTWRITEBYTECODE``; ``--compile-each-run`` measures without a cache instead, so
every run also compiles datagen's own modules.

Usage:
    python benchmarks/cli_startup.py [--repeat 15] [--compile-each-run]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

DATAGEN = [sys.executable, "-m", "data_generator"]


def _bash(words: str) -> dict[str, str]:
    """The environment bash gives ``datagen`` when TAB is pressed after ``words``."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    return {"_DATAGEN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}


def _zsh(words: str) -> dict[str, str]:
    """The environment zsh gives ``datagen`` when TAB is pressed after ``words``."""
    return {"_DATAGEN_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}


CASES = {
    "python -c pass": ([sys.executable, "-c", "pass"], {}),
    "datagen --help": ([*DATAGEN, "--help"], {}),
    "datagen tech-support --help": ([*DATAGEN, "tech-support", "--help"], {}),
    "completion 'datagen te'": (DATAGEN, _bash("datagen te")),
    "completion zsh 'datagen heal'": (DATAGEN, _zsh("datagen heal")),
    "completion 'datagen show he'": (DATAGEN, _bash("datagen show he")),
    "completion 'datagen healthcare --speciality '": (
        DATAGEN,
        _bash("datagen healthcare --speciality "),
    ),
}
TARGETS = {
    "datagen --help": 0.3,
    "completion 'datagen te'": 0.15,
    "completion zsh 'datagen heal'": 0.15,
    "completion 'datagen show he'": 0.15,
    "completion 'datagen healthcare --speciality '": 0.15,
}


def _median_seconds(argv: list[str], env: dict[str, str], cwd: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            argv,
            env=env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Print the start-up figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--compile-each-run", action="store_true", help="Do not cache compiled bytecode."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cwd, tempfile.TemporaryDirectory() as cache:
        base = dict(os.environ)
        # The package is imported from this checkout, wherever the benchmark runs from.
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        base["PYTHONPATH"] = os.pathsep.join(filter(None, [root, base.get("PYTHONPATH")]))
        if not args.compile_each_run:
            base.pop("PYTHONDONTWRITEBYTECODE", None)
            base["PYTHONPYCACHEPREFIX"] = cache
        envs = {name: {**base, **extra} for name, (_, extra) in CASES.items()}
        if not args.compile_each_run:
            for name, (argv, _) in CASES.items():  # warm-up: fill the bytecode cache
                _median_seconds(argv, envs[name], cwd, 1)
        baseline = _median_seconds(
            CASES["python -c pass"][0], envs["python -c pass"], cwd, args.repeat
        )
        width = max(map(len, CASES)) + 2
        print(f"{'command':<{width}}{'median s':>10}{'minus python':>14}{'ratio':>8}  target")
        for name, (argv, _) in CASES.items():
            seconds = _median_seconds(argv, envs[name], cwd, args.repeat)
            target = TARGETS.get(name)
            verdict = (
                ""
                if target is None
                else f"< {target} s: " + ("meets" if seconds < target else "MISSES")
            )
            print(
                f"{name:<{width}}{seconds:>10.3f}{seconds - baseline:>14.3f}"
                f"{seconds / baseline:>8.1f}  {verdict}"
            )


if __name__ == "__main__":
    main()
