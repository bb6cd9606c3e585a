"""What a shard's run checks and says: the same shard on resume, its share of the limits."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from data_generator.errors import UsageError

if TYPE_CHECKING:
    from data_generator.engine.manifest import Manifest
    from data_generator.engine.plan import RunPlan

__all__ = ["check_same_shard", "shard_limits_note"]


def check_same_shard(previous: Manifest, shard: str | None, out_dir: Path) -> None:
    """Refuse to resume another shard's (or the whole run's) out-dir as this shard.

    The fingerprint leaves the shard out, so that shards can be merged; this check keeps
    two shards from writing into one out-dir.

    Raises:
        UsageError: ``out_dir`` holds a different shard, or the whole run.
    """
    if previous.shard == shard:
        return
    held = f"shard {previous.shard}" if previous.shard is not None else "a run without --shard"
    this = f"shard {shard}" if shard is not None else "a run without --shard"
    raise UsageError(
        f"{str(out_dir)!r} holds {held}; this is {this}",
        hint="Give each shard its own --out-dir (the default out-dir is one per shard)",
    )


def shard_limits_note(plan: RunPlan) -> str:
    """``--rpm 600 split over 4 shards: 150 each`` (one clause per limit given)."""
    shard = plan.shard
    assert shard is not None
    return "; ".join(
        f"--{name} {value:,} split over {shard.of} shards: {getattr(plan.settings, name):,} each"
        for name, value in plan.unsplit_limits.items()
    )
