"""Per-record attributes: declared weights, stratified draws, determinism, independence."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_generator.attributes import ATTRIBUTE_BLOCK, Attribute, AttributeSampler

weights_strategy = st.dictionaries(
    st.sampled_from("abcdefgh"), st.integers(0, 20), min_size=1, max_size=6
).filter(lambda weights: sum(weights.values()) > 0)


@settings(max_examples=60, deadline=None)
@given(weights=weights_strategy, seed=st.integers(0, 2**31), block=st.integers(0, 50))
def test_every_block_of_a_hundred_follows_the_weights_to_two_records(
    weights: dict[str, int], seed: int, block: int
) -> None:
    sampler = AttributeSampler("s", [Attribute("a", weights)])
    first = block * ATTRIBUTE_BLOCK + 1

    counts = Counter(sampler.draw(seed, i)["a"] for i in range(first, first + ATTRIBUTE_BLOCK))

    total = sum(weights.values())
    for value, weight in weights.items():
        assert abs(counts[value] - ATTRIBUTE_BLOCK * weight / total) < 2, (counts, weights)


def test_a_record_gets_the_same_values_in_any_order_and_any_sampler() -> None:
    attributes = [Attribute("a", {"x": 1, "y": 2}), Attribute("b", {True: 1, False: 3})]
    indices = list(range(1, 1001))
    shuffled = indices[:]
    random.Random(4).shuffle(shuffled)

    forward = {i: AttributeSampler("s", attributes).draw(7, i) for i in indices}
    backward = AttributeSampler("s", attributes)
    mixed = {i: backward.draw(7, i) for i in shuffled}

    assert forward == mixed


def test_seeds_and_scenarios_give_different_sequences() -> None:
    attributes = [Attribute("a", dict.fromkeys("abcdefghij", 1))]

    def sequence(scenario: str, seed: int) -> list[str]:
        sampler = AttributeSampler(scenario, attributes)
        return [sampler.draw(seed, i)["a"] for i in range(1, 301)]

    assert sequence("s", 1) != sequence("s", 2)
    assert sequence("s", 1) != sequence("t", 1)
    assert sequence("s", 1) == sequence("s", 1)


def test_attributes_are_independent_of_each_other() -> None:
    sampler = AttributeSampler(
        "s", [Attribute("a", {"x": 1, "y": 1}), Attribute("b", {"p": 1, "q": 1})]
    )

    pairs = Counter(tuple(sampler.draw(3, i).values()) for i in range(1, 4001))

    for pair in (("x", "p"), ("x", "q"), ("y", "p"), ("y", "q")):
        assert abs(pairs[pair] / 4000 - 0.25) < 0.03, pairs


def test_neighbouring_records_do_not_repeat_a_pattern() -> None:
    sampler = AttributeSampler("s", [Attribute("a", dict.fromkeys("abcd", 1))])
    values = [sampler.draw(9, i)["a"] for i in range(1, 1001)]

    blocks = [tuple(values[start : start + ATTRIBUTE_BLOCK]) for start in range(0, 1000, 100)]

    assert len(set(blocks)) == 10


def test_a_zero_weight_is_never_drawn_and_bad_weights_are_refused() -> None:
    sampler = AttributeSampler("s", [Attribute("fraud", {True: 0, False: 1})])

    assert {sampler.draw(0, i)["fraud"] for i in range(1, 501)} == {False}
    with pytest.raises(ValueError, match="non-negative with a positive sum"):
        Attribute("x", {"a": 0})
    with pytest.raises(ValueError, match="non-negative"):
        Attribute("x", {"a": -1, "b": 2})


def test_observe_reads_paths_lists_and_functions() -> None:
    record = {"a": {"b": [{"c": "deep"}]}, "n": 3}

    assert Attribute("x", {"deep": 1}, observe="a.b.0.c").observed(record) == "deep"
    assert Attribute("x", {1: 1}, observe=lambda r: r["n"] > 2).observed(record) is True
    assert Attribute("x", {1: 1}).observed(record) is None
    assert Attribute("x", {"a": 1, "b": 3}).probabilities() == {"a": 0.25, "b": 0.75}


def test_no_attributes_draw_nothing() -> None:
    assert AttributeSampler("s", []).draw(1, 1) == {}


def test_a_percent_flag_is_a_yes_no_attribute() -> None:
    fraud = Attribute.percent("fraud", 5, observe="is_fraud")
    sampler = AttributeSampler("s", [fraud])

    drawn = [sampler.draw(1, i)["fraud"] for i in range(1, 1001)]

    assert fraud.probabilities() == {True: 0.05, False: 0.95}
    assert fraud.observed({"is_fraud": True}) is True
    assert drawn.count(True) == 50
