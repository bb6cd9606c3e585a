"""Wall-clock start-up of ``datagen --help`` and of shell completion requests.

Each command runs ``--repeat`` times in a fresh interpreter, in an empty temporary folder
(no ``scenarios.toml``); the median is printed beside ``python -c pass`` (the
interpreter's own start-up) as a difference and a ratio. Targets: help under 0.3 s, a
completion request under 0.15 s.

Compiled bytecode is cached (in a temporary ``PYTHONPYCACHEPREFIX``, after one warm-up
run of each command), as it is for an installed datagen, even when the environment sets
``PYTHONDONTWRITEBYTECODE``; ``--compile-each-run`` measures without a cache instead, so
every run also compiles datagen's own modules.

``--against DIR`` compares this checkout with another one (a ``git worktree`` of the
commit before a change): each command runs alternately from both, so a busy machine slows
both alike, and the medians of wall time and of the child's CPU time are printed side by
side with their ratio.

Usage:
    python benchmarks/cli_startup.py [--repeat 15] [--compile-each-run] [--against DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
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


def _timed(argv: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Wall seconds and the child's CPU seconds (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def side_by_side(roots: dict[str, str], repeat: int) -> None:
    """Run every command alternately from each checkout; print medians and ratios."""
    with tempfile.TemporaryDirectory() as cwd, tempfile.TemporaryDirectory() as cache:
        envs = {}
        for side, root in roots.items():
            env = dict(os.environ)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPATH"] = root
            env["PYTHONPYCACHEPREFIX"] = os.path.join(cache, side)
            envs[side] = env
        width = max(map(len, CASES)) + 2
        print(
            f"{'command':<{width}}{'wall before':>12}{'wall now':>10}{'ratio':>7}"
            f"{'cpu before':>12}{'cpu now':>9}{'ratio':>7}"
        )
        for name, (argv, extra) in CASES.items():
            runs: dict[str, list[tuple[float, float]]] = {side: [] for side in roots}
            for side in roots:  # warm-up: fill the bytecode caches
                _timed(argv, {**envs[side], **extra}, cwd)
            for _ in range(repeat):
                for side in roots:
                    runs[side].append(_timed(argv, {**envs[side], **extra}, cwd))
            wall = {side: statistics.median(w for w, _ in runs[side]) for side in roots}
            cpu = {side: statistics.median(c for _, c in runs[side]) for side in roots}
            print(
                f"{name:<{width}}{wall['before']:>12.3f}{wall['now']:>10.3f}"
                f"{wall['now'] / wall['before']:>7.2f}{cpu['before']:>12.3f}{cpu['now']:>9.3f}"
                f"{cpu['now'] / max(cpu['before'], 1e-9):>7.2f}"
            )


def main() -> None:
    """Print the start-up figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--compile-each-run", action="store_true", help="Do not cache compiled bytecode."
    )
    parser.add_argument("--against", help="Another checkout to compare with, side by side.")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if args.against:
        side_by_side({"before": os.path.abspath(args.against), "now": root}, args.repeat)
        return
    with tempfile.TemporaryDirectory() as cwd, tempfile.TemporaryDirectory() as cache:
        base = dict(os.environ)
        # The package is imported from this checkout, wherever the benchmark runs from.
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
