"""The order of the wizard's questions, and the way back through them.

An interview is a list of :class:`Step` objects, built afresh before each step because
later steps depend on earlier answers (the options on the scenario, the connection
questions on the provider). :func:`walk` runs them in order. A step that asks a question
is remembered, so that when the user answers ``<`` (:class:`~data_generator.cli.prompts.GoBack`)
the previous question is asked again; each step offers its earlier answer as the default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from data_generator.cli.prompts import GoBack, Prompter

__all__ = ["Step", "walk"]


def _always() -> bool:
    return True


@dataclass(frozen=True)
class Step:
    """One step of an interview.

    Attributes:
        key: A name unique within the interview.
        run: Asks (or prints) and records the answer. It returns ``None`` to go on, or the
            key of an earlier step to continue from there (to ask it again).
        question: Whether the step asks something the user can come back to; a step
            that only prints is run again on the way forward instead.
        applies: Whether the step is due on the way forward; a step the user comes back
            to is asked anyway.
    """

    key: str
    run: Callable[[], str | None]
    question: bool = True
    applies: Callable[[], bool] = _always


def walk(prompter: Prompter, plan: Callable[[], Sequence[Step]]) -> None:
    """Run the steps that ``plan`` returns, in order, going back when asked.

    Args:
        prompter: Told whether a previous question exists (``can_go_back``).
        plan: The interview's steps as the answers so far make them.

    Raises:
        EOFError: Input ended.
        KeyboardInterrupt: The user pressed Ctrl-C.
    """
    asked: list[str] = []
    position = 0
    returning = False
    while position < len(steps := plan()):
        step = steps[position]
        if not returning and not step.applies():
            position += 1
            continue
        prompter.can_go_back = bool(asked)
        try:
            target = step.run()
        except GoBack:
            position, returning = _index(plan(), asked.pop()), True
            continue
        returning = False
        if step.question:
            asked.append(step.key)
        if target is None:
            position += 1
        else:
            position = _index(plan(), target)
            if target in asked:
                del asked[asked.index(target) :]


def _index(steps: Sequence[Step], key: str) -> int:
    return next(number for number, step in enumerate(steps) if step.key == key)
