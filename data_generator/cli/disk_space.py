"""The free-space check before a run: refuse at once what cannot fit on the disk.

``datagen tech-support -n 1000000000`` would run for a day and stop when the disk is full.
Before a run, the missing records' size is estimated from a sample of offline records in
the run's format (per-record files rounded up to the file system's block), and compared
with the free space of the out-dir's file system. Small runs skip the sample: when even
:data:`CEILING` bytes per record would fit, nothing is measured.
"""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from data_generator.errors import OutputError
from data_generator.messages import count_of

if TYPE_CHECKING:
    from data_generator.engine import DataGenerator

__all__ = ["CEILING", "SAMPLE", "check_free_space", "estimate_bytes", "human_size"]

#: Bytes per record above any scenario's records: runs that fit at this size are not sampled.
CEILING = 1 << 20
#: Offline records measured for the estimate.
SAMPLE = 20
_BLOCK = 4096


def check_free_space(generator: DataGenerator) -> None:
    """Refuse a run whose missing records would not fit in the out-dir's free space.

    Raises:
        OutputError: The estimate exceeds the free space (``--yes`` skips this check).
    """
    missing = _missing(generator)
    if missing <= 0:
        return
    where = _existing_folder(generator.layout.out_dir)
    usage = shutil.disk_usage(where)
    free = usage.free
    if usage.total == 0 or missing * CEILING <= free:
        return  # a pseudo file system (/proc) holds no files: the writer will say so
    needed = estimate_bytes(generator, missing, _block_size(where))
    if needed <= free:
        return
    raise OutputError(
        f"the {count_of(missing, 'missing record')} need about {human_size(needed)} and "
        f"{str(where)!r} has {human_size(free)} free",
        hint="Lower --count, free some space or choose another --out-dir; --yes runs anyway",
    )


def _missing(generator: DataGenerator) -> int:
    """Records still to make: the count (a shard's share), less what the out-dir holds."""
    share = generator.plan.share
    if generator.overwrite:
        return share
    from data_generator.engine.manifest import read_manifest

    previous = read_manifest(generator.layout)
    present = previous.present if previous is not None else 0
    return share - min(present, share)


def _existing_folder(path: Path) -> Path:
    """``path``, or its nearest ancestor that exists (the file system it will be on)."""
    folder = path.absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _block_size(folder: Path) -> int:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:  # pragma: no cover - Windows
        return _BLOCK
    return int(statvfs(folder).f_frsize) or _BLOCK


def estimate_bytes(generator: DataGenerator, missing: int, block: int = _BLOCK) -> int:
    """The bytes ``missing`` records take, from :data:`SAMPLE` offline records.

    Args:
        generator: The run (its scenario, options and format).
        missing: How many records the run is to make.
        block: The file system's block size; each per-record file takes whole blocks.
    """
    from data_generator.engine import DataGenerator
    from data_generator.settings import Settings

    sample = DataGenerator(
        generator.tool,
        count=SAMPLE,
        output_format=generator.output_format,
        settings=Settings(provider="offline", seed=0),
    ).generate_data(SAMPLE)
    from data_generator.writers import record_encoder

    # Parquet is sized as its JSON lines: an upper bound.
    encode = record_encoder(
        generator.output_format, generator.tool.record_model, generator.tool.render_text
    )
    sizes = [len(encode(record)) for record in sample] or [CEILING]
    if generator.layout.per_record:
        sizes = [math.ceil(size / block) * block for size in sizes]
    return math.ceil(sum(sizes) / len(sizes) * missing)


def human_size(size: float) -> str:
    """``1.5 GB``, ``820 kB``: a byte count for people (powers of 1,000, like ``df -H``)."""
    if size < 1000:
        return f"{size:,.0f} bytes"
    for unit in ("kB", "MB", "GB", "TB"):
        size /= 1000
        if size < 1000:
            return f"{size:,.1f} {unit}"
    return f"{size / 1000:,.1f} PB"
