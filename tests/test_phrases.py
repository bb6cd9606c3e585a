"""The phrase grammar offline prose is built from."""

from __future__ import annotations

import random

import pytest

from data_generator.phrases import Grammar, GrammarError, indefinite_article

GRAMMAR = Grammar(
    {
        "report": ["{A thing} {fails} {when?}", "{Thing} {fails} for {user}"],
        "thing": ["export job", "invoice screen", "SSO login", "hourly report"],
        "fails": {"stops": 3.0, "hangs": 1.0},
        "when": ["at night", "after {event}"],
        "event": ["a deploy", "an upgrade"],
    }
)


def test_expansions_combine_every_table() -> None:
    rng = random.Random(3)
    made = {GRAMMAR.sentence(rng, "report", user="Ana") for _ in range(2000)}
    # 4 things x 2 verbs x (1 + 3 endings), plus 4 x 2 with the user: all of them appear
    assert len(made) == 4 * 2 * 4 + 4 * 2
    assert "An SSO login hangs after an upgrade." in made
    assert "An hourly report stops." in made
    assert "Invoice screen stops for Ana." in made
    assert all(text[0].isupper() and text.endswith(".") for text in made)
    assert not any("  " in text or " ." in text for text in made)


def test_weights_shape_the_draw() -> None:
    rng = random.Random(5)
    verbs = [GRAMMAR.expand(rng, "fails") for _ in range(4000)]
    assert 0.7 < verbs.count("stops") / len(verbs) < 0.8


def test_a_weighted_table_in_a_template_draws_what_random_choices_draws() -> None:
    grammar = Grammar({"s": ["{w}!"], "w": {"a": 1.0, "b": 2.0, "c": 0.5}})
    ours, theirs = random.Random(4), random.Random(4)
    for _ in range(200):
        theirs.random()  # the draw of the one template of "s"
        assert grammar.expand(ours, "s") == theirs.choices("abc", [1.0, 2.0, 0.5])[0] + "!"


def test_a_fact_expands_by_name_and_spacing_is_tidied() -> None:
    assert Grammar({"a": ["x"]}).expand(random.Random(1), "who", who="Ana") == "Ana"
    grammar = Grammar({"s": ["  {x?} {who}  waits\t"], "x": ["now"]})
    texts = {grammar.expand(random.Random(n), "s", who="Ana") for n in range(20)}
    assert texts == {"now Ana waits", "Ana waits"}


def test_the_same_seed_gives_the_same_text() -> None:
    first = [GRAMMAR.expand(random.Random(9), "report", user="Bo") for _ in range(3)]
    assert len(set(first)) == 1


def test_missing_slots_and_empty_tables_are_refused() -> None:
    with pytest.raises(GrammarError, match="user"):
        Grammar({"x": ["{user} waits"]}).expand(random.Random(1), "x")
    with pytest.raises(GrammarError, match="no alternatives"):
        Grammar({"x": []})


def test_tables_can_be_added_and_sized() -> None:
    bigger = GRAMMAR.with_tables({"thing": ["queue"]})
    assert bigger.size("thing") == 1
    assert "thing" in bigger
    assert "nothing" not in bigger
    assert bigger.expand(random.Random(2), "thing") == "queue"
    assert GRAMMAR.size("thing") == 4


@pytest.mark.parametrize(
    ("phrase", "article"),
    [
        ("user", "a"),
        ("hour", "an"),
        ("SSO login", "an"),
        ("VPN", "a"),
        ("invoice", "an"),
        ("one-off fee", "a"),
        ("unit", "a"),
        ("umbrella", "an"),
        ("honest mistake", "an"),
    ],
)
def test_indefinite_articles(phrase: str, article: str) -> None:
    assert indefinite_article(phrase) == article


def test_a_pattern_matches_what_its_table_makes_and_nothing_else() -> None:
    rng = random.Random(8)
    pattern = GRAMMAR.pattern("report")
    made = {GRAMMAR.sentence(rng, "report", user="Ana Silva") for _ in range(500)}
    assert all(pattern.fullmatch(text) for text in made)
    for foreign in ("An invoice screen explodes.", "Results were reviewed.", "Stops for Ana."):
        assert pattern.fullmatch(foreign) is None
    recursive = Grammar({"list": ["{item}", "{item} and {list}"], "item": ["tea", "jam"]})
    assert recursive.pattern("list").fullmatch("tea and jam and tea")


def test_facts_come_as_keywords_or_as_one_mapping() -> None:
    rng = random.Random(4)
    given = {"user": "Ana", "who": "Bo"}
    assert GRAMMAR.expand(rng, "who", given) == "Bo"
    assert GRAMMAR.expand(rng, "who", given, who="Cy") == "Cy"
    made = GRAMMAR.sentence(random.Random(9), "report", given)
    assert made == GRAMMAR.sentence(random.Random(9), "report", user="Ana")


def test_fill_takes_the_facts_as_one_mapping() -> None:
    facts = {"user": "Ana", "thing": "export job"}
    grammar = Grammar({"line": ["{user} ran {a thing}"]})
    assert grammar.fill(random.Random(1), "line", facts) == "Ana ran an export job"
    assert grammar.fill(random.Random(1), "user", facts) == "Ana"
    assert facts == {"user": "Ana", "thing": "export job"}  # read, not changed
