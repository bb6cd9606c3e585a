"""Peak memory of a ``--batch`` run as the data set grows, through the loopback Batch stand-in.

The stand-in (``tests/fake_batch_service.py`` on the loopback Azure OpenAI server) runs in
this process and answers each batch line with the offline record of its index; datagen runs
as a child process (the real CLI), ``--batch`` with a jsonl output. Printed per record
count: wall time, the child's peak RSS (``VmHWM``, read from ``/proc`` while it runs, so the
pages of this process a forked child starts with never count), the bytes uploaded, and
the number of batches. With ``--baseline-ref REF`` (default: ``82ed9f2``, the first
``--batch``, which held batch files and answers in memory) the same runs are made with that
commit's ``data_generator`` as well (exported with ``git archive``), side by side.

Figures, not assertions: this machine is shared and noisy.

Usage:
    python benchmarks/batch_memory.py                        # 2,000 and 20,000, + baseline
    python benchmarks/batch_memory.py --counts 2000 20000 100000 --baseline-max 100000
    python benchmarks/batch_memory.py --baseline-ref ""      # this code only
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from loopback import ROOT, FakeOpenAIServer, datagen, maker, responder

#: The first ``--batch`` (issue 13): batch files and answers held in memory.
BASELINE_REF = "82ed9f2"


def _peak_rss(pid: int, stop: threading.Event, peak: list[int]) -> None:
    """Keep the highest ``VmHWM`` (kB) of process ``pid`` in ``peak[0]`` until ``stop``."""
    status = Path(f"/proc/{pid}/status")
    while not stop.is_set():
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak[0] = max(peak[0], int(line.split()[1]))
        except (OSError, ValueError):
            return
        stop.wait(0.05)


def run(count: int, code: Path, folder: Path, lines_per_step: int) -> tuple[float, float, int, int]:
    """One ``--batch`` run of ``count`` records with the ``data_generator`` under ``code``.

    Returns:
        Wall seconds, the child's peak RSS in MB, bytes uploaded, batches created.
    """
    from fake_batch_service import BatchService  # tests/ is on the path once loopback is in

    service = BatchService(seed=1, file_polls=0, lines_per_step=lines_per_step)
    server = FakeOpenAIServer(responder(maker()), batches=service).start()
    try:
        out = folder / f"out-{count}"
        argv = datagen(server, count, 8, out, "--batch", "--no-progress")
        env = {
            **os.environ,
            "PYTHONPATH": str(code),
            "DATAGEN_BATCH_POLL_SECONDS": "0.05",
            "DATAGEN_PROGRESS_INTERVAL": "3600",
        }
        started = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stop, peak = threading.Event(), [0]
        watcher = threading.Thread(target=_peak_rss, args=(child.pid, stop, peak), daemon=True)
        watcher.start()
        _, errors = child.communicate()
        wall = time.perf_counter() - started
        stop.set()
        watcher.join()
        if child.returncode != 0:
            sys.exit(f"benchmark child failed ({child.returncode}):\n{errors.decode()[-2000:]}")
        uploaded = sum(len(service.files[file_id].data) for file_id in service.uploads)
        return wall, peak[0] / 1024, uploaded, len(service.created)
    finally:
        server.stop()
        shutil.rmtree(folder / f"out-{count}", ignore_errors=True)


def _export(ref: str, folder: Path) -> Path:
    """``data_generator`` as of commit ``ref``, exported into ``folder``."""
    folder.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "data_generator"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--baseline-ref", default=BASELINE_REF, help="a commit to compare with")
    parser.add_argument("--baseline-max", type=int, default=20000, help="largest baseline run")
    parser.add_argument("--lines-per-step", type=int, default=5000)
    args = parser.parse_args()
    codes = [("this code", ROOT)]
    print(f"{'code':<10} {'records':>8} {'wall s':>8} {'peak RSS MB':>12} "
          f"{'uploaded MB':>12} {'batches':>8}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="datagen-batch-memory-") as tmp:
        if args.baseline_ref:
            codes.insert(0, ("baseline", _export(args.baseline_ref, Path(tmp) / "baseline")))
        for count in args.counts:
            for name, code in codes:
                if name == "baseline" and count > args.baseline_max:
                    continue
                wall, rss, uploaded, batches = run(count, code, Path(tmp), args.lines_per_step)
                print(
                    f"{name:<10} {count:>8,} {wall:>8.1f} {rss:>12.0f} "
                    f"{uploaded / 2**20:>12.1f} {batches:>8}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
