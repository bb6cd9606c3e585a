"""Every wording of a grammar table at once (``Grammar.variants``), and inline alternatives."""

from __future__ import annotations

import random

import pytest

from data_generator.phrases import Grammar, GrammarError
from data_generator.tools.inline_grammar import inline_grammar

GRAMMAR = Grammar(
    {
        "report": ["{A thing} {fails} {when?}", "{Thing} {fails} for {user}"],
        "thing": ["export job", "invoice screen"],
        "fails": {"stops": 3.0, "hangs": 1.0},
        "when": ["at night", "after {event}"],
        "event": ["a deploy", "an upgrade"],
    }
)


def test_variants_are_every_expansion_once_with_facts_left_to_fill() -> None:
    variants = GRAMMAR.variants("report")
    # 2 things x 2 verbs x (nothing + 3 endings), plus 2 x 2 for a user
    assert len(variants) == len(set(variants)) == 2 * 2 * 4 + 2 * 2
    assert "An export job hangs after an upgrade" in variants
    assert "An invoice screen stops" in variants
    assert "Invoice screen stops for {user}" in variants
    rng = random.Random(4)
    drawn = {GRAMMAR.expand(rng, "report", user="Ana") for _ in range(3000)}
    assert drawn == {text.format_map({"user": "Ana"}) for text in variants}


def test_variants_refuse_too_many_expansions_and_shaped_facts() -> None:
    with pytest.raises(GrammarError, match="over 10 expansions"):
        GRAMMAR.variants("report", limit=10)
    with pytest.raises(GrammarError, match="over 3 expansions"):
        Grammar({"a": ["{b}{b}"], "b": ["x", "y"]}).variants("a", limit=3)
    with pytest.raises(GrammarError, match="over 2 expansions"):
        Grammar({"a": ["x", "y", "z"]}).variants("a", limit=2)
    with pytest.raises(GrammarError, match="fact 'user' cannot take an article"):
        Grammar({"a": ["{a user} came"]}).variants("a")


def test_inline_alternatives_and_optional_parts() -> None:
    grammar = inline_grammar(
        {"s": ["{Each|Every} party {shall|must} act{ in good faith|, now?}{ promptly|}"]}
    )
    variants = set(grammar.variants("s"))
    assert "Each party shall act in good faith promptly" in variants
    assert "Every party must act" in variants
    assert "Each party shall act , now" in variants  # the caller drops a space before a comma
    assert len(variants) == 2 * 2 * 3 * 2
    rng = random.Random(1)
    assert {grammar.expand(rng, "s") for _ in range(2000)} == variants


def test_inline_parts_nest_and_share_tables() -> None:
    grammar = inline_grammar(
        {
            "a": ["{within {days} days|at once}"],
            "b": ["{within {days} days|at once}, then stop"],
            "days": ["5", "10"],
        }
    )
    assert set(grammar.variants("a")) == {"within 5 days", "within 10 days", "at once"}
    assert len(grammar.variants("b")) == 3


def test_unbalanced_braces_are_refused() -> None:
    with pytest.raises(ValueError, match="unbalanced braces"):
        inline_grammar({"a": ["{oops"]})
