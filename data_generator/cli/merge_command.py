"""``datagen merge``: join the shards' out-dirs into one, then say what was written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from data_generator.messages import count_of

if TYPE_CHECKING:
    from pydantic import BaseModel

    from data_generator.registry import ToolRegistry

__all__ = ["merge_out_dirs"]


def merge_out_dirs(
    sources: list[Path], dest: Path, registry: ToolRegistry, state_dir: Path | None = None
) -> None:
    """Merge ``sources`` into ``dest`` and print one line about it.

    Parquet rows come out in ``DATAGEN_PARQUET_ROW_GROUP_SIZE`` row groups (environment or
    ``.env``), as a single run's would.

    Raises:
        DatagenError: The merge was refused (nothing written) or failed.
    """
    from data_generator.engine.merge import merge_shards
    from data_generator.settings import load_settings

    def record_model(scenario: str) -> type[BaseModel]:
        model: type[BaseModel] = registry.get(scenario).load().record_model
        return model

    result = merge_shards(
        sources,
        dest,
        record_model=record_model,
        row_group_size=load_settings().parquet_row_group_size,
        state_root=state_dir,
    )
    where = result.files[0] if result.files else result.dest
    print(
        f"Merged {count_of(result.shards, 'shard')}: "
        f"{count_of(result.count, f'{result.scenario} record')} ({result.output_format}) "
        f"in index order into {where}."
    )
