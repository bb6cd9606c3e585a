"""Issue 15's measure over every registered scenario: 10,000 offline records each.

Every free-text field (see ``offline_variety``) has at least half its values distinct,
and no sentence makes up more than 1 % of its sentences. The scenarios' own realism tests
measure more option sets; this one makes sure no scenario, built-in or added later, is
left out.
"""

from __future__ import annotations

import pytest
from offline_variety import measure, offline_json_records
from pydantic import ValidationError

from data_generator.cli.show import example_options
from data_generator.errors import UsageError
from data_generator.registry import ToolRegistry

COUNT = 10_000
#: Fields not meant to vary, by scenario, each with its reason.
NOT_MEANT_TO_VARY: dict[str, set[str]] = {
    "healthcare": {
        "document.title",  # the document type's title and the speciality: one per option set
        "author.role",  # a clinical job title, one of a handful per document type
        "author.clinic",  # an organisation's name (place + kind), not prose
    },
    "healthcare-clinical-policy": {
        "owner.department",  # the speciality's department, set by --specialty
        "focus_topic",  # a Drawn label (one of six topics per speciality)
        "definitions[].definition",  # a glossary: a term means one thing in every policy
    },
    "ecommerce-order-history": {
        "orders[].items[].product_name",  # a catalogue: a product keeps its name in every order
    },
}
#: Few values by design, so only the top sentence's share is checked.
TOP_SHARE_ONLY: dict[str, set[str]] = {
    "healthcare-clinical-policy": {"title"},  # the drawn topic with a setting or patients
}
SCENARIOS = ToolRegistry.discover().names()


def test_every_built_in_scenario_is_measured() -> None:
    assert len(SCENARIOS) >= 14


@pytest.mark.parametrize("name", SCENARIOS)
def test_free_text_varies_over_ten_thousand_records(name: str) -> None:
    tool_class = ToolRegistry.discover().get(name).load()
    records = offline_json_records(tool_class(example_options(tool_class)), COUNT)
    found = measure(tool_class.record_model, records)

    assert found, f"{name} has no free-text field to measure"
    exempt, top_only = NOT_MEANT_TO_VARY.get(name, set()), TOP_SHARE_ONLY.get(name, set())
    for field in found:
        if field.path in exempt:
            continue
        if field.path not in top_only:
            assert field.distinct_share >= 0.5, field
        assert field.top_sentence_share <= 0.01, field


BRACES = "Acme {x} {{$attributes}} %s {0} tracker"


@pytest.mark.parametrize("name", SCENARIOS)
def test_free_text_options_with_braces_are_text_not_templates(name: str) -> None:
    """Options feed the prose grammars: their braces must never read as slots or formats."""
    from data_generator.scenario_options import cli_arguments

    tool_class = ToolRegistry.discover().get(name).load()
    options = example_options(tool_class)
    texts = [a.name for a in cli_arguments(tool_class) if a.kind == "str" and not a.choices]
    used = []
    for argument in texts:
        try:  # an option with a format of its own (language codes) refuses it: leave it
            tool_class({**options, argument: BRACES})
        except (UsageError, ValidationError):
            continue
        options[argument] = BRACES
        used.append(argument)
    records = offline_json_records(tool_class(options), 200)
    assert len(records) == 200
    if used:
        assert any("Acme" in str(record) for record in records)
