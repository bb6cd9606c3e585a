"""The run manifest (``manifest.json`` in the state folder) and the fingerprint guarding resume.

The fingerprint hashes everything that shapes the records: scenario, options, provider,
model, seed, output format and the record schema. Count and concurrency are left out, so a
rerun with a larger ``--count`` extends the set and one with another ``-c`` resumes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel

from data_generator import __version__
from data_generator.engine.lock import LOCK_NAME
from data_generator.errors import FingerprintMismatchError, OutputError
from data_generator.formats import EXTENSIONS
from data_generator.messages import shorten
from data_generator.writers.base import OutputLayout, atomic_write_bytes

__all__ = [
    "COUNT_KEYS",
    "Manifest",
    "Tally",
    "Totals",
    "build_manifest",
    "check_fingerprint",
    "clear_run",
    "fingerprint",
    "read_manifest",
    "record_files",
    "release_room",
    "reserve_room",
    "run_inputs",
    "write_manifest",
]

Manifest = dict[str, Any]
MANIFEST_NAME = "manifest.json"
RESERVE_NAME = "reserve"
#: Room set aside while a run goes, so that the manifest can say how the run ended even
#: when the records filled the disk (a manifest is a few kB; a temporary copy is written).
RESERVE_BYTES = 64 * 1024
_PLAIN = re.compile(r"[\w.:/@+-]+")


def fingerprint(inputs: Mapping[str, Any]) -> str:
    """Return a short stable hash of ``inputs`` (JSON-serialisable)."""
    canonical = orjson.dumps(inputs, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).hexdigest()[:16]


def schema_digest(schema: Mapping[str, Any]) -> str:
    """Return a short hash of a JSON schema."""
    return fingerprint(schema)


#: What a run counts, as :class:`Tally` field and manifest ``counts`` key.
COUNT_KEYS = {
    "written": "written",
    "failed": "failed",
    "retried": "retried",
    "rate_limited": "rate_limited",
    "transient": "transient_retries",
    "masked": "masked_identifiers",
    "attributes_corrected": "attributes_corrected",
}
_SUMMED = (*COUNT_KEYS, "prompt_tokens", "completion_tokens")


def run_inputs(
    scenario: str,
    options: BaseModel,
    record_model: type[BaseModel],
    *,
    provider: str,
    model: str | None,
    seed: int,
    output_format: str,
    csv_formulas: str = "escape",
) -> dict[str, Any]:
    """Everything that shapes a run's records: what its :func:`fingerprint` hashes.

    The wizard calls it too, to tell before a run whether an out-dir holds another one.
    """
    return {
        "scenario": scenario,
        "options": options.model_dump(mode="json"),
        "provider": provider,
        "model": model,
        "seed": seed,
        "output_format": output_format,
        "record_schema": schema_digest(record_model.model_json_schema()),
        # CSV cells differ with it; other formats keep their fingerprints.
        **({"csv_formulas": csv_formulas} if output_format == "csv" else {}),
    }


@dataclass
class Tally:
    """Running counts of one run (or, summed, of several)."""

    written: int = 0
    failed: int = 0
    retried: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    rate_limited: int = 0
    transient: int = 0
    masked: int = 0
    attributes_corrected: int = 0
    budget_reached: bool = False

    def plus(self, other: Tally) -> Tally:
        """The counts and tokens of both."""
        return Tally(**{name: getattr(self, name) + getattr(other, name) for name in _SUMMED})

    def counts(self) -> dict[str, int]:
        """The counts under their manifest keys."""
        return {key: getattr(self, name) for name, key in COUNT_KEYS.items()}


@dataclass(frozen=True)
class Totals:
    """What every run into an out-dir counted and spent, killed runs included.

    Attributes:
        tally: The counts and tokens, summed.
        runs: How many runs ended or were killed.
    """

    tally: Tally
    runs: int = 0

    @classmethod
    def of(cls, manifest: Manifest | None) -> Totals:
        """The totals a manifest records (none without one)."""
        if manifest is None:
            return cls(Tally())
        counts = manifest.get("counts", {})
        tokens = manifest.get("tokens", {})
        tally = Tally(
            # Earlier manifests kept the last run's tokens, and the sums beside them.
            prompt_tokens=_integer(tokens.get("all_runs_prompt", tokens.get("prompt"))),
            completion_tokens=_integer(tokens.get("all_runs_completion", tokens.get("completion"))),
        )
        for name, key in COUNT_KEYS.items():
            setattr(tally, name, _integer(counts.get(key)))
        return cls(tally, _integer(counts.get("runs")))

    def plus(self, tally: Tally, runs: int = 1) -> Totals:
        """These totals and ``runs`` more runs that counted ``tally``."""
        return Totals(self.tally.plus(tally), self.runs + runs)


def _integer(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def build_manifest(
    *,
    inputs: Mapping[str, Any],
    totals: Totals,
    tally: Tally,
    run_id: str,
    requested: int,
    present: int,
    beyond_count: int,
    status: str,
    concurrency: int,
    started_at: datetime,
    elapsed: float,
    files: list[Path],
    layout: OutputLayout,
    cost: float | None = None,
    total_cost: float | None = None,
    structured_output: str | None = None,
) -> Manifest:
    """Describe a run: what shaped it, what it wrote, what it spent and how long it took.

    ``counts`` and ``tokens`` are totals over every run into the out-dir: ``totals`` (the
    runs before this one, killed ones included) plus this run's ``tally``; ``last_run``
    holds this run's own figures. ``runs`` counts this run once it is no longer
    ``running``. ``structured_output`` is the mode the provider used (negotiated with the
    server under ``auto``; ``None`` while undecided); it does not shape the fingerprint.
    """
    combined = totals.tally.plus(tally)
    failures = layout.state_dir / "failures.jsonl"
    return {
        "datagen_version": __version__,
        "status": status,
        "run_id": run_id,
        "scenario": inputs["scenario"],
        "fingerprint": fingerprint(inputs),
        "fingerprint_inputs": dict(inputs),
        "options": inputs["options"],
        "provider": inputs["provider"],
        "model": inputs["model"],
        "seed": inputs["seed"],
        "output_format": inputs["output_format"],
        "structured_output": structured_output,
        "concurrency": concurrency,
        "out_dir": str(layout.out_dir.resolve()),
        "counts": {
            "requested": requested,
            "present": present,
            "beyond_count": beyond_count,
            **combined.counts(),
            "runs": totals.runs + (status != "running"),
        },
        "tokens": {
            "prompt": combined.prompt_tokens,
            "completion": combined.completion_tokens,
            "estimated_cost": total_cost,
        },
        "last_run": {
            **tally.counts(),
            "prompt_tokens": tally.prompt_tokens,
            "completion_tokens": tally.completion_tokens,
            "estimated_cost": cost,
        },
        "timings": {
            "started_at": started_at.isoformat(timespec="seconds"),
            "elapsed_seconds": round(elapsed, 3),
            "records_per_second": round(tally.written / elapsed, 1) if elapsed else None,
        },
        "files": [_relative(path, layout.out_dir) for path in files],
        "failures_file": _relative(failures, layout.out_dir) if tally.failed else None,
    }


def _relative(path: Path, folder: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.relative_to(folder)) or "."
    return str(path)


def manifest_path(layout: OutputLayout) -> Path:
    """Where the manifest of ``layout`` lives."""
    return layout.state_dir / MANIFEST_NAME


def read_manifest(layout: OutputLayout) -> Manifest | None:
    """Return the manifest of a previous run in ``layout.out_dir``, or ``None``.

    Raises:
        OutputError: The manifest exists but is not readable JSON.
    """
    path = manifest_path(layout)
    try:
        data = orjson.loads(path.read_bytes())
    except (FileNotFoundError, NotADirectoryError):  # no run yet, or out-dir is a file
        return None
    except (OSError, orjson.JSONDecodeError) as exc:
        raise OutputError(
            f"the run manifest {str(path)!r} is damaged: {exc}",
            hint="Rerun with --overwrite to start the data set afresh",
        ) from exc
    if not isinstance(data, dict):
        raise OutputError(
            f"the run manifest {str(path)!r} is damaged",
            hint="Rerun with --overwrite to start the data set afresh",
        )
    return data


def write_manifest(layout: OutputLayout, manifest: Manifest) -> None:
    """Write the manifest atomically, indented for people to read."""
    data = orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    atomic_write_bytes(layout, manifest_path(layout), data)


def reserve_room(layout: OutputLayout) -> None:
    """Set aside :data:`RESERVE_BYTES` in the run state (best effort: the disk may be full)."""
    path = layout.state_dir / RESERVE_NAME
    with contextlib.suppress(OSError), open(path, "wb") as handle:
        handle.write(bytes(RESERVE_BYTES))


def release_room(layout: OutputLayout) -> None:
    """Give back the room :func:`reserve_room` set aside."""
    with contextlib.suppress(OSError):
        (layout.state_dir / RESERVE_NAME).unlink(missing_ok=True)


def check_fingerprint(previous: Manifest, inputs: Mapping[str, Any], out_dir: Path) -> None:
    """Refuse to mix records made with different settings in one out-dir.

    Raises:
        FingerprintMismatchError: Naming the settings that differ.
    """
    if previous.get("fingerprint") == fingerprint(inputs):
        return
    before = _flat(previous.get("fingerprint_inputs", {}))
    after = _flat(inputs)
    changed = [
        f"{key} {_short(before.get(key))} -> {_short(after.get(key))}"
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    ]
    detail = "; ".join(changed) or "the settings differ"
    raise FingerprintMismatchError(
        f"{str(out_dir)!r} holds records made with other settings ({detail})",
        hint="Rerun with the same settings to resume, add --overwrite to replace them, "
        "or choose another --out-dir",
    )


def _flat(inputs: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``inputs`` with nested mappings spread out: ``{"options": {"a": 1}}`` → ``options.a``."""
    flat: dict[str, Any] = {}
    for key, value in inputs.items():
        if isinstance(value, Mapping) and value:
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _short(value: Any) -> str:
    """A setting's value for the refusal: a plain word as it is, else JSON; cut midway if long."""
    plain = isinstance(value, str) and _PLAIN.fullmatch(value)
    return shorten(value if plain else orjson.dumps(value).decode(), 60)


def record_files(layout: OutputLayout) -> list[Path]:
    """Return the record files of this scenario in the out-dir, in any format."""
    if not layout.out_dir.is_dir():
        return []
    owned = []
    stem = layout.scenario
    extensions = set(EXTENSIONS.values())
    for entry in layout.out_dir.iterdir():
        name, dot, extension = entry.name.rpartition(".")
        if not dot or extension not in extensions or not entry.is_file():
            continue
        number = name.removeprefix(f"{stem}-")
        if name == stem or (number != name and number.isdigit()):
            owned.append(entry)
    return owned


def clear_run(layout: OutputLayout) -> int:
    """Delete this scenario's record files and the run state (``--overwrite``).

    Files that are not this scenario's records are left alone, and so is the lock file,
    which the run doing this holds.

    Returns:
        The number of record files deleted.
    """
    owned = record_files(layout)
    try:
        for path in owned:
            path.unlink()
        for entry in layout.state_dir.iterdir():  # the lock made it
            if entry.name == LOCK_NAME:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    except OSError as exc:
        raise OutputError(
            f"cannot clear {str(layout.out_dir)!r} for --overwrite: {exc.strerror or exc}",
            hint="Check the folder's permissions, or choose another --out-dir",
        ) from exc
    return len(owned)
