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
from dataclasses import dataclass, field, replace
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
    "BatchEntry",
    "DeploymentTally",
    "Manifest",
    "Tally",
    "Totals",
    "check_fingerprint",
    "clear_run",
    "describe_differences",
    "fingerprint",
    "read_manifest",
    "record_files",
    "release_room",
    "reserve_room",
    "run_inputs",
    "summed_deployments",
    "write_manifest",
]

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
    seed_data: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything that shapes a run's records: what its :func:`fingerprint` hashes.

    The wizard calls it too, to tell before a run whether an out-dir holds another one.
    ``seed_data`` is the seed rows' hash and draw (a run without them keeps its
    fingerprint).
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
        **({"seed_data": dict(seed_data)} if seed_data is not None else {}),
    }


@dataclass
class Tally:
    """Counts and tokens of one run (or, summed, of several).

    A run's own tally is its one record of what happened: the record maker counts the
    service's answers into it (429s, transient failures, masked and corrected records),
    the workers the records and tokens; the manifest, the usage journal and the result
    read it.
    """

    written: int = 0
    failed: int = 0
    retried: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    rate_limited: int = 0
    transient: int = 0
    masked: int = 0
    attributes_corrected: int = 0

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
        return cls(manifest.totals, manifest.runs)

    def plus(self, tally: Tally, runs: int = 1) -> Totals:
        """These totals and ``runs`` more runs that counted ``tally``."""
        return Totals(self.tally.plus(tally), self.runs + runs)


def _integer(value: Any, default: Any = 0) -> Any:
    """``value`` if it is a whole number (not a bool), else ``default``."""
    return value if isinstance(value, int) and not isinstance(value, bool) else default


@dataclass
class DeploymentTally:
    """What one deployment (a route of the run) was sent and answered.

    Attributes:
        name: The deployment (or model) name.
        endpoint: Its endpoint, secrets masked.
        requests: Requests sent to it.
        rate_limited: Of those, answered 429.
        tokens: Prompt and completion tokens of its answers.
        dropped: Why it was dropped (a 401 or 404), or ``None``.
    """

    name: str
    endpoint: str
    requests: int = 0
    rate_limited: int = 0
    tokens: int = 0
    dropped: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """What tells one deployment from another across runs."""
        return (self.name, self.endpoint)

    def plus(self, other: DeploymentTally) -> DeploymentTally:
        """Both tallies of one deployment summed (the later one's ``dropped`` wins)."""
        return DeploymentTally(
            self.name,
            self.endpoint,
            self.requests + other.requests,
            self.rate_limited + other.rate_limited,
            self.tokens + other.tokens,
            other.dropped,
        )

    def to_json(self) -> dict[str, Any]:
        """The entry of the manifest's ``deployments`` list."""
        return {
            "name": self.name,
            "endpoint": self.endpoint,
            "requests": self.requests,
            "rate_limited": self.rate_limited,
            "tokens": self.tokens,
            "dropped": self.dropped,
        }

    @classmethod
    def from_json(cls, data: Any) -> DeploymentTally | None:
        """Read one entry (``None`` when it is not one)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("name"), str):
            return None
        return cls(
            data["name"],
            _text(data.get("endpoint")) or "",
            _integer(data.get("requests")),
            _integer(data.get("rate_limited")),
            _integer(data.get("tokens")),
            _text(data.get("dropped")),
        )


def summed_deployments(
    before: tuple[DeploymentTally, ...], now: tuple[DeploymentTally, ...]
) -> tuple[DeploymentTally, ...]:
    """Every run's deployments: this run's added to earlier runs' entries of the same one."""
    merged = {tally.key: tally for tally in before}
    for tally in now:
        earlier = merged.get(tally.key)
        merged[tally.key] = earlier.plus(tally) if earlier is not None else replace(tally)
    return tuple(merged.values())


@dataclass(frozen=True)
class BatchEntry:
    """One batch file submitted to a Batch API, as the manifest's ``batches`` list holds it.

    Attributes:
        id: The batch's id; ``None`` between the upload and the create.
        input_file_id: The uploaded input file.
        round: 1 for first asks, one more for each follow-up (repairs).
        requests: Request lines in the file.
        first_index: The lowest record index in it.
        last_index: The highest record index in it.
        status: The batch's status when last seen (``uploaded`` before the create).
        output_file_id: Its answers, once there are some.
        error_file_id: Its failed lines, if any.
        consumed: Its answers have been written, repaired or failed (nothing left to fetch).
    """

    id: str | None
    input_file_id: str
    round: int
    requests: int
    first_index: int
    last_index: int
    status: str
    output_file_id: str | None = None
    error_file_id: str | None = None
    consumed: bool = False

    def to_json(self) -> dict[str, Any]:
        """The entry as a JSON object."""
        return {
            "id": self.id,
            "input_file_id": self.input_file_id,
            "round": self.round,
            "requests": self.requests,
            "first_index": self.first_index,
            "last_index": self.last_index,
            "status": self.status,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "consumed": self.consumed,
        }

    @classmethod
    def from_json(cls, data: Any) -> BatchEntry | None:
        """Read an entry; ``None`` when it is no object or has no input file."""
        if not isinstance(data, Mapping) or not _text(data.get("input_file_id")):
            return None
        return cls(
            id=_text(data.get("id")),
            input_file_id=str(data["input_file_id"]),
            round=_integer(data.get("round"), 1),
            requests=_integer(data.get("requests")),
            first_index=_integer(data.get("first_index")),
            last_index=_integer(data.get("last_index")),
            status=_text(data.get("status")) or "",
            output_file_id=_text(data.get("output_file_id")),
            error_file_id=_text(data.get("error_file_id")),
            consumed=data.get("consumed") is True,
        )


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` says about the runs into one out-dir.

    Written as the JSON object earlier versions wrote (same keys, sorted, indented), and
    read leniently: keys an older manifest lacks take their defaults, and counts that are
    not whole numbers count as 0.

    Attributes:
        status: ``running``, ``complete``, ``incomplete``, ``budget``, ``interrupted``,
            ``aborted`` or ``failed``.
        run_id: The run it describes (a killed run's usage journal names it too).
        scenario: The scenario's name.
        fingerprint: The hash of :attr:`fingerprint_inputs` (see :func:`fingerprint`).
        fingerprint_inputs: Everything that shaped the records (see :func:`run_inputs`).
        options: The scenario's options.
        provider: The provider's name.
        model: The model the provider reported.
        seed: The run's seed.
        output_format: The file format.
        structured_output: How the provider held answers to the schema, if known.
        concurrency: Requests in flight.
        out_dir: The output folder, absolute.
        requested: Records asked for (``1..requested``).
        present: Records of ``1..requested`` in the out-dir.
        beyond_count: Records above ``requested`` an earlier, larger run left.
        runs: Runs into the out-dir that ended (or were killed).
        totals: Counts and tokens over every run.
        last_run: Counts and tokens of the run described.
        total_cost: Estimated cost of every run, with prices set.
        last_run_cost: Estimated cost of the run described.
        started_at: When it started (ISO 8601, UTC).
        elapsed_seconds: How long it took (so far).
        records_per_second: Records written per second.
        files: The record files or folder, relative to the out-dir.
        failures_file: ``failures.jsonl``, relative to the out-dir, if records failed.
        shard: ``I/N`` for a run made with ``--shard`` (not part of the fingerprint).
        datagen_version: The datagen that wrote it.
        deployments: Requests, 429s and tokens per deployment, over every run (empty for
            a run of one route from the connection settings).
        batches: The Batch API batches submitted into the out-dir (``--batch``), in order.
    """

    status: str = ""
    run_id: str | None = None
    scenario: str | None = None
    fingerprint: str | None = None
    fingerprint_inputs: Mapping[str, Any] = field(default_factory=dict)
    options: Any = None
    provider: str | None = None
    model: str | None = None
    seed: int | None = None
    output_format: str | None = None
    structured_output: str | None = None
    concurrency: int | None = None
    out_dir: str = ""
    requested: int = 0
    present: int = 0
    beyond_count: int = 0
    runs: int = 0
    totals: Tally = field(default_factory=Tally)
    last_run: Tally = field(default_factory=Tally)
    total_cost: float | None = None
    last_run_cost: float | None = None
    started_at: str | None = None
    elapsed_seconds: float | None = None
    records_per_second: float | None = None
    files: tuple[str, ...] = ()
    failures_file: str | None = None
    shard: str | None = None
    datagen_version: str = __version__
    deployments: tuple[DeploymentTally, ...] = ()
    batches: tuple[BatchEntry, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The manifest as the JSON object ``manifest.json`` holds."""
        return {
            "datagen_version": self.datagen_version,
            "status": self.status,
            "run_id": self.run_id,
            "scenario": self.scenario,
            "fingerprint": self.fingerprint,
            "fingerprint_inputs": dict(self.fingerprint_inputs),
            "options": self.options,
            "provider": self.provider,
            "model": self.model,
            "seed": self.seed,
            "output_format": self.output_format,
            "structured_output": self.structured_output,
            "concurrency": self.concurrency,
            "out_dir": self.out_dir,
            "counts": {
                "requested": self.requested,
                "present": self.present,
                "beyond_count": self.beyond_count,
                **self.totals.counts(),
                "runs": self.runs,
            },
            "tokens": {
                "prompt": self.totals.prompt_tokens,
                "completion": self.totals.completion_tokens,
                "estimated_cost": self.total_cost,
            },
            "last_run": {
                **self.last_run.counts(),
                "prompt_tokens": self.last_run.prompt_tokens,
                "completion_tokens": self.last_run.completion_tokens,
                "estimated_cost": self.last_run_cost,
            },
            "timings": {
                "started_at": self.started_at,
                "elapsed_seconds": self.elapsed_seconds,
                "records_per_second": self.records_per_second,
            },
            "files": list(self.files),
            "failures_file": self.failures_file,
            **(
                {"deployments": [tally.to_json() for tally in self.deployments]}
                if self.deployments
                else {}
            ),
            **({"batches": [entry.to_json() for entry in self.batches]} if self.batches else {}),
            "shard": self.shard,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Manifest:
        """Read a manifest object, of this version or an earlier one."""
        counts = _mapping(data.get("counts"))
        tokens = _mapping(data.get("tokens"))
        last = _mapping(data.get("last_run"))
        timings = _mapping(data.get("timings"))
        totals = Tally(
            # Earlier manifests kept the last run's tokens, and the sums beside them.
            prompt_tokens=_integer(tokens.get("all_runs_prompt", tokens.get("prompt"))),
            completion_tokens=_integer(tokens.get("all_runs_completion", tokens.get("completion"))),
            **{name: _integer(counts.get(key)) for name, key in COUNT_KEYS.items()},
        )
        last_run = Tally(
            prompt_tokens=_integer(last.get("prompt_tokens")),
            completion_tokens=_integer(last.get("completion_tokens")),
            **{name: _integer(last.get(key)) for name, key in COUNT_KEYS.items()},
        )
        files = data.get("files")
        listed = data.get("deployments")
        deployments = (
            tuple(t for t in map(DeploymentTally.from_json, listed) if t is not None)
            if isinstance(listed, list)
            else ()
        )
        batches = data.get("batches")
        entries = (
            [BatchEntry.from_json(item) for item in batches or ()]
            if isinstance(batches, list)
            else []
        )
        return cls(
            status=_text(data.get("status")) or "",
            run_id=_text(data.get("run_id")),
            scenario=_text(data.get("scenario")),
            fingerprint=_text(data.get("fingerprint")),
            fingerprint_inputs=_mapping(data.get("fingerprint_inputs")),
            options=data.get("options"),
            provider=_text(data.get("provider")),
            model=_text(data.get("model")),
            seed=_integer(data.get("seed"), None),
            output_format=_text(data.get("output_format")),
            structured_output=_text(data.get("structured_output")),
            concurrency=_integer(data.get("concurrency"), None),
            out_dir=_text(data.get("out_dir")) or "",
            requested=_integer(counts.get("requested")),
            present=_integer(counts.get("present")),
            beyond_count=_integer(counts.get("beyond_count")),
            runs=_integer(counts.get("runs")),
            totals=totals,
            last_run=last_run,
            total_cost=_number(tokens.get("estimated_cost")),
            last_run_cost=_number(last.get("estimated_cost")),
            started_at=_text(timings.get("started_at")),
            elapsed_seconds=_number(timings.get("elapsed_seconds")),
            records_per_second=_number(timings.get("records_per_second")),
            files=tuple(str(f) for f in files) if isinstance(files, list) else (),
            failures_file=_text(data.get("failures_file")),
            shard=_text(data.get("shard")),
            datagen_version=_text(data.get("datagen_version")) or "",
            deployments=deployments,
            batches=tuple(entry for entry in entries if entry is not None),
        )


def _mapping(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


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
    return Manifest.from_json(data)


def write_manifest(layout: OutputLayout, manifest: Manifest) -> None:
    """Write the manifest atomically, indented for people to read."""
    data = orjson.dumps(manifest.to_json(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    data += b"\n"
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
    if previous.fingerprint == fingerprint(inputs):
        return
    detail = describe_differences(previous.fingerprint_inputs, inputs)
    raise FingerprintMismatchError(
        f"{str(out_dir)!r} holds records made with other settings ({detail})",
        hint="Rerun with the same settings to resume, add --overwrite to replace them, "
        "or choose another --out-dir",
    )


def describe_differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """``seed 1 -> 2; options.x a -> b``: the fingerprint inputs that differ."""
    old, new = _flat(before), _flat(after)
    changed = [
        f"{key} {_short(old.get(key))} -> {_short(new.get(key))}"
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    ]
    return "; ".join(changed) or "the settings differ"


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
