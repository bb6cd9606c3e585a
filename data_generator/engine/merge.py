"""``datagen merge``: the out-dirs of a run's shards joined into one data set.

The shards must be every shard ``0..N-1`` of one run, each once: one fingerprint (the same
scenario, options, model, seed and format; the shard is not part of it), one count, each
finished with all its records. Anything else is refused with one line before the
destination is touched. The destination then holds the records in index order, byte for
byte as a single run of the same command writes them (see :mod:`data_generator.writers.join`),
and a manifest with the shards' counts and tokens summed, so the single run's command,
pointed at it, finds nothing left to do.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from data_generator.engine.lock import OutDirLock
from data_generator.engine.manifest import (
    Manifest,
    Tally,
    describe_differences,
    manifest_path,
    read_manifest,
    record_files,
    write_manifest,
)
from data_generator.errors import OutputError, UsageError
from data_generator.formats import OUTPUT_FORMATS, OutputFormat
from data_generator.shard import Shard, parse_shard
from data_generator.writers.base import OutputLayout, write_error
from data_generator.writers.join import ShardFiles, join_records, scan_shard

__all__ = ["MergeResult", "merge_shards"]


@dataclass(frozen=True)
class MergeResult:
    """What :func:`merge_shards` wrote.

    Attributes:
        dest: The destination out-dir.
        scenario: The scenario.
        output_format: The file format.
        count: Records written (``1..count``).
        shards: How many shards were joined.
        files: The record files or folder.
    """

    dest: Path
    scenario: str
    output_format: str
    count: int
    shards: int
    files: list[Path]


def merge_shards(
    sources: Sequence[Path | str],
    dest: Path | str,
    *,
    record_model: Callable[[str], type[BaseModel]] | None = None,
    row_group_size: int = 10_000,
    state_root: Path | None = None,
) -> MergeResult:
    """Join the out-dirs of every shard of one run into ``dest``.

    Args:
        sources: The shards' out-dirs, in any order.
        dest: The destination out-dir: absent or empty.
        record_model: Gives a scenario's record model by name (needed for Parquet).
        row_group_size: Records per Parquet row group (``DATAGEN_PARQUET_ROW_GROUP_SIZE``
            of the single run to match).
        state_root: The ``--state-dir`` the shards kept their run state in; the
            destination's goes there too.

    Raises:
        UsageError: The shards are not one run's, one is missing, doubled or unfinished,
            or ``dest`` already holds a data set; nothing was written.
        OutputError: ``dest`` cannot be written.
    """
    found = [_read_shard(Path(source), state_root) for source in sources]
    if not found:
        raise UsageError("merge needs the shards' out-dirs", hint="Give every shard's out-dir")
    first = found[0][1]
    scenario, fmt = _scenario_and_format(first, found[0][0])
    ordered = _check_set(found)
    layout = OutputLayout(Path(dest), scenario, fmt, state_root=state_root)
    _check_dest(layout, [path for path, _, _ in found])
    model = record_model(scenario) if record_model is not None and fmt == "parquet" else None
    shards = [
        ShardFiles(OutputLayout(path, scenario, fmt, state_root=state_root), shard, first.requested)
        for path, _, shard in ordered
    ]
    with tempfile.TemporaryDirectory(prefix="datagen-merge-") as scratch:
        try:
            for number, files in enumerate(shards):
                scan_shard(files, Path(scratch) / f"{number}.positions")
            with OutDirLock(layout.out_dir, layout.state_dir, state_outside=state_root is not None):
                layout.prepare()
                try:
                    written = join_records(
                        shards, layout, record_model=model, row_group_size=row_group_size
                    )
                except OSError as exc:
                    raise write_error(
                        f"cannot write the merge into {str(layout.out_dir)!r}",
                        exc,
                        then="delete it and merge again",
                    ) from exc
                write_manifest(layout, _manifest([m for _, m, _ in ordered], layout, written))
        finally:
            for files in shards:
                if files.positions is not None:
                    files.positions.close()
    return MergeResult(layout.out_dir, scenario, fmt, first.requested, len(shards), written)


def _read_shard(path: Path, state_root: Path | None) -> tuple[Path, Manifest, Shard]:
    manifest = read_manifest(OutputLayout(path, "", "json", state_root=state_root))
    if manifest is None:
        raise UsageError(
            f"{str(path)!r} holds no datagen run (no run manifest)",
            hint="Give the out-dirs the shards wrote (and their --state-dir, if they had one)",
        )
    if manifest.shard is None:
        raise UsageError(
            f"{str(path)!r} was not made with --shard", hint="Give only the shards' out-dirs"
        )
    return path, manifest, parse_shard(manifest.shard)


def _scenario_and_format(manifest: Manifest, path: Path) -> tuple[str, OutputFormat]:
    fmt = next((f for f in OUTPUT_FORMATS if f == manifest.output_format), None)
    if manifest.scenario is None or fmt is None:
        raise OutputError(
            f"the run manifest in {str(path)!r} names no scenario or format",
            hint="Rerun that shard's command to repair it",
        )
    return manifest.scenario, fmt


def _check_set(found: list[tuple[Path, Manifest, Shard]]) -> list[tuple[Path, Manifest, Shard]]:
    """The shards in shard order, once each checked to be every shard of one run."""
    path0, first, shard0 = found[0]
    by_index: dict[int, tuple[Path, Manifest, Shard]] = {}
    for path, manifest, shard in found:
        if manifest.fingerprint != first.fingerprint:
            raise UsageError(
                f"{str(path)!r} was made with other settings than {str(path0)!r} "
                f"({describe_differences(first.fingerprint_inputs, manifest.fingerprint_inputs)})",
                hint="Merge only the shards of one command (same scenario, options, model, "
                "seed and format)",
            )
        if manifest.requested != first.requested or shard.of != shard0.of:
            raise UsageError(
                f"{str(path)!r} is shard {shard} of --count {manifest.requested:,}, "
                f"{str(path0)!r} shard {shard0} of --count {first.requested:,}",
                hint="Merge only the shards of one command (same --count and N)",
            )
        if shard.index in by_index:
            raise UsageError(
                f"shard {shard} is given twice: {str(by_index[shard.index][0])!r} and "
                f"{str(path)!r}",
                hint="Give each shard's out-dir once",
            )
        by_index[shard.index] = (path, manifest, shard)
    missing = [index for index in range(shard0.of) if index not in by_index]
    if len(missing) == 1:
        first_index = Shard(missing[0], shard0.of).first
        raise UsageError(
            f"shard {missing[0]}/{shard0.of} is missing: records {first_index}, "
            f"{first_index + shard0.of}, ... of 1..{first.requested:,} are not given",
            hint="Give every shard's out-dir (run the missing shard first)",
        )
    if missing:
        raise UsageError(
            f"shards {', '.join(f'{index}/{shard0.of}' for index in missing)} are missing",
            hint="Give every shard's out-dir (run the missing shards first)",
        )
    return [by_index[index] for index in range(shard0.of)]


def _check_dest(layout: OutputLayout, sources: list[Path]) -> None:
    target = layout.out_dir.resolve()
    if any(source.resolve() == target for source in sources):
        raise UsageError(
            f"-o {str(layout.out_dir)!r} is one of the shards", hint="Merge into a new folder"
        )
    if manifest_path(layout).exists() or record_files(layout):
        raise UsageError(
            f"-o {str(layout.out_dir)!r} already holds a data set",
            hint="Merge into a new or empty folder",
        )


def _manifest(manifests: list[Manifest], layout: OutputLayout, files: list[Path]) -> Manifest:
    """The destination's manifest: the run's settings, the shards' counts and tokens summed."""
    first = manifests[0]
    totals = Tally()
    for manifest in manifests:
        totals = totals.plus(manifest.totals)
    costs = [m.total_cost for m in manifests]
    elapsed = [m.elapsed_seconds for m in manifests if m.elapsed_seconds is not None]
    starts = [m.started_at for m in manifests if m.started_at is not None]
    return Manifest(
        status="complete",
        run_id=secrets.token_hex(8),
        scenario=first.scenario,
        fingerprint=first.fingerprint,
        fingerprint_inputs=first.fingerprint_inputs,
        options=first.options,
        provider=first.provider,
        model=first.model,
        seed=first.seed,
        output_format=first.output_format,
        structured_output=first.structured_output,
        concurrency=first.concurrency,
        out_dir=str(layout.out_dir.resolve()),
        requested=first.requested,
        present=first.requested,
        runs=sum(m.runs for m in manifests),
        totals=totals,
        total_cost=None if None in costs else sum(c for c in costs if c is not None),
        started_at=min(starts) if starts else None,
        elapsed_seconds=max(elapsed) if elapsed else None,
        files=tuple(str(path.relative_to(layout.out_dir)) or "." for path in files),
    )
