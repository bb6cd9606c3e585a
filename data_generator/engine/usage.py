"""The usage journal, ``usage.jsonl`` in the state folder: what a run spent, record by record.

The manifest is written when a run starts and when it ends; a run killed with ``kill -9``
never writes the second one. So each record's tokens and counts are appended here as the
record finishes (one unbuffered write, which survives the process being killed), and the
next run adds what a killed run journaled to the manifest's totals.

The first line names the run (``{"run": "<id>"}``); the manifest names the run it
describes too. A journal is added to the totals only when the manifest describes the same
run and still says ``running``: then that run was killed before it could count itself.
Any other journal was already counted (a run that ends writes its totals, then removes
its journal), so a kill between those two steps never counts a run twice.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import IO

import orjson

from data_generator.engine.manifest import Manifest, Tally
from data_generator.errors import OutputError
from data_generator.writers.base import IndexSet

__all__ = ["USAGE_NAME", "UsageJournal", "killed_run_usage"]

USAGE_NAME = "usage.jsonl"

# Short keys: one line per record.
_FIELDS = {
    "p": "prompt_tokens",
    "c": "completion_tokens",
    "r": "retried",
    "rl": "rate_limited",
    "tr": "transient",
    "m": "masked",
    "ac": "attributes_corrected",
}


class UsageJournal:
    """Appends one line per finished record of the run ``run_id`` to ``path``.

    Opening replaces any journal already there (the caller has counted it).

    Raises:
        OutputError: The journal cannot be written.
    """

    def __init__(self, path: Path, run_id: str) -> None:
        self.path = path
        self._seen = Tally()
        try:
            self._handle: IO[bytes] | None = open(path, "wb", buffering=0)  # noqa: SIM115
            self._handle.write(orjson.dumps({"run": run_id}, option=orjson.OPT_APPEND_NEWLINE))
        except OSError as exc:
            raise _error(path, exc) from exc

    def add(
        self,
        index: int,
        *,
        made: bool,
        prompt_tokens: int,
        completion_tokens: int,
        retried: int,
        stats: Tally,
    ) -> None:
        """Journal record ``index``: made (or failed), its tokens and retries.

        ``stats`` are the run's counts so far; the line carries what they grew by since
        the last line.
        """
        if self._handle is None:
            return
        line: dict[str, int] = {"i": index}
        if not made:
            line["f"] = 1
        for key, value in (("p", prompt_tokens), ("c", completion_tokens), ("r", retried)):
            if value:
                line[key] = value
        for key, name in (
            ("rl", "rate_limited"),
            ("tr", "transient"),
            ("m", "masked"),
            ("ac", "attributes_corrected"),
        ):
            now = int(getattr(stats, name))
            if now != getattr(self._seen, name):
                line[key] = now - getattr(self._seen, name)
                setattr(self._seen, name, now)
        try:
            self._handle.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
        except OSError as exc:
            raise _error(self.path, exc) from exc

    def close(self) -> None:
        """Close the journal; later lines are dropped."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def discard(self) -> None:
        """Remove the journal, once the manifest counts the run."""
        with contextlib.suppress(OSError):
            self.path.unlink()


def killed_run_usage(path: Path, previous: Manifest | None, done: IndexSet) -> Tally | None:
    """What the killed run described by ``previous`` spent, from its journal at ``path``.

    Args:
        path: The usage journal.
        previous: The manifest found at the start of this run.
        done: The indices present now; a record the killed run made counts as written
            only if it reached the output.

    Returns:
        The killed run's tally, or ``None`` when there is no killed run to count.
    """
    if previous is None or previous.status != "running" or not previous.run_id:
        return None
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError:
        return None
    try:
        header = orjson.loads(lines[0])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(header, dict) or header.get("run") != previous.run_id:
        return None
    tally = Tally()
    for raw in lines[1:]:
        try:
            line = orjson.loads(raw)
        except orjson.JSONDecodeError:  # the last line, cut by the kill (or empty)
            continue
        if not isinstance(line, dict):
            continue
        if line.get("f"):
            tally.failed += 1
        elif line.get("i") in done:
            tally.written += 1
        for key, name in _FIELDS.items():
            value = line.get(key, 0)
            if isinstance(value, int):
                setattr(tally, name, getattr(tally, name) + value)
    return tally


def _error(path: Path, exc: OSError) -> OutputError:
    return OutputError(
        f"cannot write {str(path)!r}: {exc.strerror or exc}",
        hint="Check free space and permissions of the state folder",
    )
