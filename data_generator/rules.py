"""Scenario rules: one check and its optional fix, declared as one object.

A rule is a method of a scenario decorated with :func:`rule`. It looks at a record and
says whether the record keeps the rule: ``True`` (or ``None``) when it does, ``False``
when it does not (the rule's ``why`` is the problem), or a text or list of texts naming
the problems in detail. A rule with a ``fix`` mends what is mechanical: the fix runs
only when the check fails, and the record is checked again after every fix, so a check
and its fix can never disagree about what is wrong.

Example:
    >>> from pydantic import BaseModel
    >>> class Case(BaseModel):
    ...     turns: list[int]
    >>> def sort_turns(record: Case) -> Case:
    ...     return record.model_copy(update={"turns": sorted(record.turns)})
    >>> class Rules:
    ...     @rule("the turns are not in order", fix=sort_turns)
    ...     def turns_in_order(self, record: Case) -> bool:
    ...         return record.turns == sorted(record.turns)
    >>> check(Rules(), rules_of(Rules), Case(turns=[2, 1]))
    (Case(turns=[1, 2]), [])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

__all__ = ["InvariantError", "Rule", "check", "rule", "rules_of"]

#: What a rule's check returns: kept (``True``/``None``), broken (``False``), or problems.
Verdict = bool | str | list[str] | None
Check = Callable[[Any, Any], Verdict]
Fix = Callable[[Any], Any]


class InvariantError(ValueError):
    """A record breaks a rule of its scenario that no mechanical fix can restore."""


@dataclass(frozen=True)
class Rule:
    """One rule of a scenario.

    Attributes:
        name: The method's name.
        why: The problem, in a few words, when the check fails without saying more.
        check: The method: ``(tool, record) -> verdict``.
        fix: Mends a record that fails the check, if that is mechanical: either a
            function of the record, or a method of the scenario (``(tool, record)``).
    """

    name: str
    why: str
    check: Check
    fix: Callable[..., Any] | None = None

    def problems(self, tool: Any, record: BaseModel) -> list[str]:
        """What ``record`` breaks of this rule (empty: nothing)."""
        verdict = self.check(tool, record)
        if verdict is True or verdict is None:
            return []
        if verdict is False:
            return [self.why]
        if isinstance(verdict, str):
            return [verdict]
        return list(verdict)

    def mend(self, tool: Any, record: BaseModel) -> BaseModel:
        """``record`` with this rule's fix applied if it breaks the rule, else as it is."""
        if self.fix is None or not self.problems(tool, record):
            return record
        fixed: BaseModel = (
            self.fix(tool, record) if _takes_tool(self.fix, tool) else self.fix(record)
        )
        return fixed


def rule(
    why: str, *, fix: Fix | Callable[[Any, Any], Any] | None = None
) -> Callable[[Check], Check]:
    """Declare a scenario method as a rule every record must keep.

    Args:
        why: The problem when the check returns ``False``: ``"resolved_at is before
            created_at"``.
        fix: A mechanical repair, run only when the check fails: a function of the record
            returning the mended record, or a method of the scenario (``self``, record).
    """

    def declare(method: Check) -> Check:
        method.__datagen_rule__ = Rule(method.__name__, why, method, fix)  # type: ignore[attr-defined]
        return method

    return declare


def rules_of(cls: type) -> tuple[Rule, ...]:
    """The rules a scenario class declares, its base classes' first, in declaration order.

    A subclass that redefines a rule's method replaces it in place.
    """
    found: dict[str, Rule] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            declared = getattr(value, "__datagen_rule__", None)
            if isinstance(declared, Rule):
                found[name] = declared
            elif name in found:
                del found[name]  # overridden by a plain method: no longer a rule
    return tuple(found.values())


def check(tool: Any, rules: Sequence[Rule], record: BaseModel) -> tuple[BaseModel, list[str]]:
    """Mend ``record`` with every rule's fix, then list what it still breaks.

    Fixes run in declaration order (each only if its rule fails at that point); every
    rule is then checked on the mended record, so a later fix that undoes an earlier one
    is caught.
    """
    for declared in rules:
        record = declared.mend(tool, record)
    problems = [problem for declared in rules for problem in declared.problems(tool, record)]
    return record, problems


def _takes_tool(fix: Callable[..., Any], tool: Any) -> bool:
    """Whether ``fix`` is a method of the scenario (defined on its class) or a plain function."""
    name = getattr(fix, "__name__", "")
    return getattr(type(tool), name, None) is fix
