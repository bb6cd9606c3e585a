"""The wizard's last questions: the output folder and the seed, and what the folder holds.

A folder that holds another run is named before "Run it now?", with a free folder and
``--overwrite`` to choose from, so the answers are not lost to a refused run. A folder
that holds a run of the same settings offers that run's seed, so the run adds to it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from data_generator.cli.prompts import Default, InvalidAnswerError, Prompter, parse_int, parse_text
from data_generator.cli.wizard_out_dir import Occupant, PlannedRun, free_folder, look

__all__ = ["OVERWRITE", "Where"]

#: The occupied folder menu's answer that replaces what the folder holds.
OVERWRITE = "overwrite"


@dataclass
class Where:
    """The folder and seed questions, and their answers.

    Attributes:
        typed: The folder answered ("" before the question).
        seed: The seed answered (``None`` before the question).
        occupant: What the typed folder holds for the planned run with that seed.
        out_dir: The folder the run goes to (the typed one, or a free one chosen instead).
        overwrite: Replace what the typed folder holds (``--overwrite``).
    """

    typed: str = ""
    seed: int | None = None
    occupant: Occupant = field(default_factory=Occupant)
    out_dir: str = ""
    overwrite: bool = False

    def ask_folder(self, prompter: Prompter, plan: PlannedRun) -> None:
        """Ask the output folder; the default is a free one when ``data/<scenario>`` is taken."""
        default = self.typed or _proposed(prompter, plan)
        self.typed = prompter.ask("Output folder", _parse_folder, Default(default, default))

    def ask_seed(self, prompter: Prompter, plan: PlannedRun, configured: int | None) -> None:
        """Ask the seed, then look at what the folder holds for the run with it.

        The default is the seed answered before, else ``configured`` (environment or
        ``.env``), else the seed of a run of these settings in the folder, else a fresh one.
        """
        default = self.seed if self.seed is not None else configured
        if default is None and (default := look(self.typed, plan, None).seed) is not None:
            prompter.note(
                f"{self.typed} holds a run of these settings with seed {default}; "
                "keep it to add to that run."
            )
        if default is None:
            default = secrets.randbelow(1_000_000)
            prompter.note(
                f"A fresh random seed was drawn: {default}. The command keeps it, "
                "so running it again makes the same records."
            )
        self.seed = prompter.ask(
            "Seed (a whole number, at least 0)",
            lambda text: parse_int(text, minimum=0),
            Default(default, str(default)),
        )
        self.out_dir, self.overwrite = self.typed, False
        self.occupant = look(self.typed, plan, self.seed)
        if self.occupant.kind == "same" and self.occupant.present:
            prompter.note(
                f"{self.typed} already holds {self.occupant.present} records of this run: "
                "running it keeps them and adds the missing ones."
            )

    def ask_instead(self, prompter: Prompter, plan: PlannedRun) -> None:
        """Warn that the folder holds another run; offer a free folder or ``--overwrite``."""
        prompter.note(f"warning: {self.occupant.problem}", style="yellow")
        free = free_folder(self.typed, plan)
        descriptions = {
            free: "a free folder",
            OVERWRITE: f"replace the run in {self.typed} (--overwrite)",
        }
        default = OVERWRITE if self.overwrite else free
        prompter.note("(< goes back to change the folder or the seed)")
        answer = prompter.choose(
            "Where should the run go", [free, OVERWRITE], default, descriptions
        )
        self.overwrite = answer == OVERWRITE
        self.out_dir = self.typed if self.overwrite else answer


def _proposed(prompter: Prompter, plan: PlannedRun) -> str:
    """``data/<scenario>``, unless it holds another run: then a free folder beside it."""
    base = f"data/{plan.scenario}"
    there = look(base, plan, None)
    if there.kind == "free" or there.seed is not None:
        return base
    free = free_folder(base, plan)
    prompter.note(f"{base} holds another run; the default is {free}, a free folder.")
    return free


def _parse_folder(text: str) -> str:
    answer = parse_text(text)
    if answer == "-":  # on the command line, -o - streams to stdout
        raise InvalidAnswerError("the wizard writes into a folder; name one (./- for '-')")
    if Path(answer).exists() and not Path(answer).is_dir():
        raise InvalidAnswerError(f"{answer!r} is a file; name a folder")
    return answer
