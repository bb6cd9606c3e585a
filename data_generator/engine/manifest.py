"""The run manifest in ``.datagen/manifest.json`` and the fingerprint that guards resume.

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

from data_generator import __version__
from data_generator.errors import FingerprintMismatchError, OutputError
from data_generator.messages import shorten
from data_generator.writers.base import EXTENSIONS, OutputLayout, atomic_write_bytes

__all__ = [
    "Manifest",
    "Tally",
    "build_manifest",
    "check_fingerprint",
    "clear_run",
    "fingerprint",
    "read_manifest",
    "record_files",
    "write_manifest",
]

Manifest = dict[str, Any]
MANIFEST_NAME = "manifest.json"
_PLAIN = re.compile(r"[\w.:/@+-]+")


def fingerprint(inputs: Mapping[str, Any]) -> str:
    """Return a short stable hash of ``inputs`` (JSON-serialisable)."""
    canonical = orjson.dumps(inputs, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).hexdigest()[:16]


def schema_digest(schema: Mapping[str, Any]) -> str:
    """Return a short hash of a JSON schema."""
    return fingerprint(schema)


@dataclass
class Tally:
    """Running counts of one run."""

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


def build_manifest(
    *,
    inputs: Mapping[str, Any],
    previous: Manifest | None,
    tally: Tally,
    requested: int,
    present: int,
    status: str,
    concurrency: int,
    started_at: datetime,
    elapsed: float,
    files: list[Path],
    out_dir: Path,
    cost: float | None = None,
    structured_output: str | None = None,
) -> Manifest:
    """Describe a run: what shaped it, what it wrote, what it spent and how long it took.

    Token totals and the run count carry on from ``previous``. ``structured_output`` is the
    mode the provider used (negotiated with the server under ``auto``; ``None`` while
    undecided); it does not shape the fingerprint.
    """
    before = (previous or {}).get("tokens", {})
    runs = int((previous or {}).get("counts", {}).get("runs", 0)) + (status != "running")
    return {
        "datagen_version": __version__,
        "status": status,
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
        "counts": {
            "requested": requested,
            "present": present,
            "written": tally.written,
            "failed": tally.failed,
            "retried": tally.retried,
            "rate_limited": tally.rate_limited,
            "transient_retries": tally.transient,
            "masked_identifiers": tally.masked,
            "attributes_corrected": tally.attributes_corrected,
            "runs": runs,
        },
        "tokens": {
            "prompt": tally.prompt_tokens,
            "completion": tally.completion_tokens,
            "all_runs_prompt": int(before.get("all_runs_prompt", 0)) + tally.prompt_tokens,
            "all_runs_completion": int(before.get("all_runs_completion", 0))
            + tally.completion_tokens,
            "estimated_cost": cost,
        },
        "timings": {
            "started_at": started_at.isoformat(timespec="seconds"),
            "elapsed_seconds": round(elapsed, 3),
            "records_per_second": round(tally.written / elapsed, 1) if elapsed else None,
        },
        "files": [_relative(path, out_dir) for path in files],
        "failures_file": ".datagen/failures.jsonl" if tally.failed else None,
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

    Files that are not this scenario's records are left alone.

    Returns:
        The number of record files deleted.
    """
    owned = record_files(layout)
    try:
        for path in owned:
            path.unlink()
        if layout.state_dir.exists():
            shutil.rmtree(layout.state_dir)
    except OSError as exc:
        raise OutputError(
            f"cannot clear {str(layout.out_dir)!r} for --overwrite: {exc.strerror or exc}",
            hint="Check the folder's permissions, or choose another --out-dir",
        ) from exc
    return len(owned)
