"""What the wizard checks before it asks to run: the format's extra and the out-dir.

Both would otherwise fail the run after the last question, losing every answer. The
out-dir is judged with the engine's own manifest functions, so the wizard refuses exactly
what the run would refuse: a manifest of a run with another fingerprint, or record files
that no manifest accounts for.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from data_generator.cli.prompts import InvalidAnswerError
from data_generator.engine.manifest import (
    Manifest,
    check_fingerprint,
    fingerprint,
    read_manifest,
    record_files,
    run_inputs,
)
from data_generator.errors import DatagenError, FingerprintMismatchError, OutputError
from data_generator.tool import OutputFormat
from data_generator.writers.base import OutputLayout

__all__ = ["Occupant", "PlannedRun", "check_format", "free_folder", "look"]


def check_format(output_format: str, record_model: type[BaseModel]) -> None:
    """Refuse a format whose extra is not installed, the way its writer would.

    Raises:
        InvalidAnswerError: Parquet was chosen and pyarrow cannot be imported.
    """
    if output_format != "parquet":
        return
    from data_generator.writers.parquet import arrow_schema

    try:
        arrow_schema(record_model)
    except DatagenError as exc:
        raise InvalidAnswerError(exc.one_line()) from None


@dataclass(frozen=True)
class PlannedRun:
    """The answers that shape the records, before anything is built.

    Attributes:
        scenario: The scenario's name.
        options: Its validated options.
        record_model: Its record model.
        provider: The provider's name.
        model: The model the provider will report; ``None`` when it cannot be told before
            the provider is built (the one of a previous run of that provider is assumed).
        output_format: The file format.
        state_root: Where run state lives instead of ``<out-dir>/.datagen``
            (``DATAGEN_STATE_DIR``), if set.
        csv_formulas: How CSV formula text is written (part of a CSV run's fingerprint).
    """

    scenario: str
    options: BaseModel
    record_model: type[BaseModel]
    provider: str
    model: str | None
    output_format: OutputFormat
    state_root: Path | None = None
    csv_formulas: str = "escape"

    def inputs(self, seed: int | None, previous: Manifest) -> dict[str, Any]:
        """What the fingerprint of this run with ``seed`` would hash."""
        model = self.model
        if model is None and previous.provider == self.provider:
            model = previous.model
        inputs = run_inputs(
            self.scenario,
            self.options,
            self.record_model,
            provider=self.provider,
            model=model,
            seed=0,
            output_format=self.output_format,
            csv_formulas=self.csv_formulas,
        )
        inputs["seed"] = seed
        return inputs


@dataclass(frozen=True)
class Occupant:
    """What an out-dir holds, seen from a planned run.

    Attributes:
        kind: ``free`` (no run state and none of the scenario's records), ``same`` (a run
            with these very settings, which the planned one would resume or extend) or
            ``other`` (the run would be refused).
        problem: For ``other``: why, in one line.
        seed: For ``other``: the seed of the run there when nothing else differs.
        present: For ``same``: the records already there.
    """

    kind: Literal["free", "same", "other"] = "free"
    problem: str = ""
    seed: int | None = None
    present: int = 0


def look(out_dir: str, plan: PlannedRun, seed: int | None) -> Occupant:
    """Tell what ``out_dir`` holds for ``plan`` run with ``seed`` (``None``: any seed)."""
    layout = OutputLayout(
        Path(out_dir), plan.scenario, plan.output_format, state_root=plan.state_root
    )
    previous = _previous_run(layout, out_dir)
    if isinstance(previous, Occupant):
        return previous
    inputs = plan.inputs(seed, previous)
    try:
        check_fingerprint(previous, inputs, layout.out_dir)
    except FingerprintMismatchError as exc:
        theirs = previous.seed
        only_seed = theirs is not None and previous.fingerprint == fingerprint(
            {**inputs, "seed": theirs}
        )
        return Occupant("other", exc.message, theirs if only_seed else None)
    return Occupant("same", present=previous.present)


def _previous_run(layout: OutputLayout, out_dir: str) -> Manifest | Occupant:
    """The manifest of the run in the out-dir, or what the folder is without one."""
    try:
        if layout.out_dir.exists() and not layout.out_dir.is_dir():
            return Occupant("other", f"{out_dir!r} is a file")
        previous = read_manifest(layout)
        owned = record_files(layout) if previous is None else []
    except OutputError as exc:
        return Occupant("other", exc.message)
    except OSError as exc:
        return Occupant("other", f"cannot read {out_dir!r}: {exc.strerror or exc}")
    if previous is not None:
        return previous
    if owned:
        return Occupant(
            "other",
            f"{out_dir!r} holds {layout.scenario} records that no datagen run state accounts for",
        )
    return Occupant()


def free_folder(base: str, plan: PlannedRun) -> str:
    """The first of ``base-2``, ``base-3``... that holds no run and no such records."""
    candidates = (f"{base}-{number}" for number in itertools.count(2))
    return next(folder for folder in candidates if look(folder, plan, None).kind == "free")
