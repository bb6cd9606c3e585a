"""Table-driven tests of a scenario's rules: how an answer breaks one, and what happens.

A scenario's test file lists its rules' cases as a table, each a :class:`Case`: a change
that breaks one rule in a valid record, and either the message the record is rejected with
(``rejects``) or a check on the record the rule's fix returns (``mends``). One test runs
them all (:func:`check_case`), and the table's ids name the rules in pytest's output.

Example:
    >>> CASES = {
    ...     "turns out of order": Case(
    ...         lambda r: {"conversation_history": r.conversation_history[::-1]},
    ...         mends=lambda r: in_order([t.timestamp for t in r.conversation_history]),
    ...     ),
    ...     "resolved before created": Case(
    ...         lambda r: {"resolved_at": r.created_at - HOUR},
    ...         rejects="resolved_at is before created_at",
    ...     ),
    ... }
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import BaseModel

from data_generator.tool import DataGeneratorTool, InvariantError

__all__ = ["Case", "cases", "check_case"]

#: Breaks a valid record: returns the fields to change (or the changed record itself).
Change = Callable[[Any], Mapping[str, Any] | BaseModel]


@dataclass(frozen=True)
class Case:
    """One way to break a rule, and what the scenario must do about it.

    Attributes:
        change: The fields to change in a valid record (or the changed record).
        rejects: A part of the message the record is refused with, if it cannot be mended.
        mends: For a rule with a fix: true of the record post-processing returns.
        record: Which valid record to start from, when the table's default one will not
            do (a record with a return, a closed case...).
        reports: A part of one problem :meth:`~DataGeneratorTool.problems` names for the
            broken record (a rule's detailed message, for a rule that is mended).
    """

    change: Change
    rejects: str | None = None
    mends: Callable[[Any], bool] | None = None
    record: Callable[[], BaseModel] | None = None
    reports: str | None = None


def check_case(tool: DataGeneratorTool[Any, Any], record: BaseModel, case: Case) -> None:
    """Break ``record`` as ``case`` says; assert the rule is reported, then mended or refused."""
    start = case.record() if case.record is not None else record
    assert tool.problems(start) == [], "the case must start from a valid record"
    changed = case.change(start)
    broken = (
        changed
        if isinstance(changed, BaseModel)
        else type(start).model_validate({**start.model_dump(), **changed})
    )
    problems = tool.problems(broken)
    assert problems, "the change must break a rule"
    if case.reports is not None:
        assert any(case.reports in problem for problem in problems), problems
    if case.rejects is not None:
        with pytest.raises(InvariantError) as refused:
            tool.post_process(broken)
        assert case.rejects in str(refused.value)
    else:
        assert case.mends is not None, "a case either rejects or mends"
        fixed = tool.post_process(broken)
        assert tool.problems(fixed) == []
        assert case.mends(fixed)


def cases(table: Mapping[str, Case]) -> pytest.MarkDecorator:
    """``pytest.mark.parametrize`` over a table of cases, each named by its key."""
    return pytest.mark.parametrize("case", list(table.values()), ids=list(table))
