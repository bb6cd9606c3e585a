"""The built-in scenarios: offline records keep their rules, post_process, text, CLI flags."""

from __future__ import annotations

import functools
import json
import shlex
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_tools import NotesTool

from data_generator import DataGenerator, Settings
from data_generator.providers import Completion, CompletionRequest
from data_generator.providers.offline import OfflineProvider
from data_generator.tool import CliArgument, DataGeneratorTool, InvariantError, render_generic_text
from data_generator.tools import tech_support as ts
from data_generator.tools.healthcare import (
    ADULT_AGE,
    SECTIONS,
    HealthcareRecord,
    HealthcareTool,
    Specialty,
)
from data_generator.tools.tech_support import (
    AREA_WEIGHTS,
    PRIORITY_OF,
    SEVERITY_WEIGHTS,
    STATUS_WEIGHTS,
    ConversationTurn,
    TechSupportTicket,
    TechSupportTool,
)

PRODUCT = "SaaS CRM"
SPECIALTIES: tuple[str, ...] = get_args(Specialty)
CLOSED = ("resolved", "closed")


def tech_support(product: str = PRODUCT) -> TechSupportTool:
    tool = TechSupportTool({"system_description": product})
    return tool


def healthcare(speciality: str = "general-medicine", document_type: str = "clinical-note") -> Any:
    tool = HealthcareTool({"speciality": speciality, "document_type": document_type})
    return tool


def offline_records(tool: DataGeneratorTool[Any, Any], count: int, seed: int) -> list[Any]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


@functools.cache
def tickets() -> tuple[TechSupportTicket, ...]:
    """1000 offline tech-support records, seed 11 (made once per session)."""
    return tuple(offline_records(tech_support(), 1000, 11))


def invariant_problems(ticket: TechSupportTicket, product: str = PRODUCT) -> list[str]:
    """The tech-support rules ``ticket`` breaks (empty when it keeps them all)."""
    problems = []
    if ticket.status in CLOSED:
        if ticket.resolved_at is None:
            problems.append("resolved case without resolved_at")
        elif ticket.resolved_at < ticket.created_at:
            problems.append("resolved_at before created_at")
    elif ticket.resolved_at is not None:
        problems.append(f"{ticket.status} case with resolved_at")
    stamps = [turn.timestamp for turn in ticket.conversation_history]
    if stamps != sorted(stamps):
        problems.append("conversation out of order")
    if stamps and stamps[0] < ticket.created_at:
        problems.append("conversation before creation")
    if ticket.system_description != product:
        problems.append("system_description differs from the option")
    return problems


def assert_frequencies(values: list[str], weights: dict[str, float], points: float) -> None:
    counts = Counter(values)
    assert set(counts) <= set(weights)
    for value, weight in weights.items():
        share = counts[value] / len(values)
        assert abs(share - weight) <= points / 100, f"{value}: {share:.3f} vs {weight}"


# --- tech-support offline records -----------------------------------------------------


def test_tech_support_offline_records_all_validate_and_differ() -> None:
    records = tickets()
    assert len(records) == 1000  # none was dropped for failing validation
    dumped = [r.model_dump_json() for r in records]
    for text in dumped:
        TechSupportTicket.model_validate_json(text)
    assert len(set(dumped)) == 1000
    assert [r.case_id for r in records] == [f"CASE-{i:06d}" for i in range(1, 1001)]


def test_tech_support_offline_records_keep_the_invariants() -> None:
    for ticket in tickets():
        assert invariant_problems(ticket) == [], ticket.case_id
        roles = [turn.role for turn in ticket.conversation_history]
        assert roles == ["customer", "agent"] * (len(roles) // 2) + ["customer"] * (
            len(roles) % 2
        ), ticket.case_id
        assert ticket.priority == PRIORITY_OF[ticket.severity]
        assert ticket.contact_email.rsplit("@", 1)[1] in {
            "example.com",
            "example.org",
            "example.net",
        }
        if ticket.status in CLOSED:
            assert ticket.resolution
        else:
            assert ticket.resolution is None
    assert PRIORITY_OF == {"critical": "P1", "high": "P2", "medium": "P3", "low": "P4"}


def test_tech_support_attributes_follow_the_declared_weights() -> None:
    records = tickets()
    assert_frequencies([r.severity for r in records], SEVERITY_WEIGHTS, 4)
    assert_frequencies([r.status for r in records], STATUS_WEIGHTS, 4)
    assert_frequencies([r.area for r in records], AREA_WEIGHTS, 4)
    assert abs(sum(r.is_bug for r in records) / 1000 - ts.BUG_SHARE) <= 0.04


# --- tech-support post_process --------------------------------------------------------


def sample_ticket(status: str = "resolved") -> TechSupportTicket:
    return next(t for t in tickets() if t.status == status and len(t.conversation_history) >= 3)


def test_post_process_keeps_a_valid_record_as_it_is() -> None:
    ticket = sample_ticket()
    assert tech_support().post_process(ticket) == ticket


def test_post_process_drops_the_resolution_of_an_open_case() -> None:
    ticket = sample_ticket("resolved").model_copy(update={"status": "open"})
    assert ticket.resolved_at is not None

    repaired = tech_support().post_process(ticket)

    assert repaired.status == "open"
    assert repaired.resolved_at is None
    assert repaired.resolution is None
    assert invariant_problems(repaired) == []


def test_post_process_puts_turns_in_time_order() -> None:
    ticket = sample_ticket()
    shuffled = list(reversed(ticket.conversation_history))

    repaired = tech_support().post_process(
        ticket.model_copy(update={"conversation_history": shuffled})
    )

    assert repaired.conversation_history == ticket.conversation_history
    assert invariant_problems(repaired) == []


def test_post_process_resets_the_product_to_the_option() -> None:
    ticket = sample_ticket().model_copy(update={"system_description": "Another product"})
    assert tech_support().post_process(ticket).system_description == PRODUCT


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: {"resolved_at": None}, "needs resolved_at"),
        (lambda t: {"resolved_at": t.created_at - timedelta(minutes=1)}, "before created_at"),
        (
            lambda t: {
                "conversation_history": [
                    t.conversation_history[0].model_copy(
                        update={"timestamp": t.created_at - timedelta(hours=1)}
                    ),
                    *t.conversation_history[1:],
                ]
            },
            "conversation starts before",
        ),
    ],
    ids=["resolved-without-time", "resolved-before-created", "talk-before-case"],
)
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[TechSupportTicket], dict[str, Any]], message: str
) -> None:
    ticket = sample_ticket("closed")
    with pytest.raises(InvariantError, match=message):
        tech_support().post_process(ticket.model_copy(update=change(ticket)))


MOMENTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2026, 1, 1), timezones=st.just(timezone.utc)
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    status=st.sampled_from(get_args(ts.Status)),
    created_at=MOMENTS,
    resolved_at=st.none() | MOMENTS,
    stamps=st.lists(MOMENTS, min_size=2, max_size=6),
    product=st.sampled_from([PRODUCT, "Other thing", ""]),
)
def test_post_process_either_rejects_or_returns_a_consistent_record(
    status: str,
    created_at: datetime,
    resolved_at: datetime | None,
    stamps: list[datetime],
    product: str,
) -> None:
    base = tickets()[0]
    turns = [
        ConversationTurn(role="agent" if i % 2 else "customer", message=f"m{i}", timestamp=s)
        for i, s in enumerate(stamps)
    ]
    ticket = base.model_copy(
        update={
            "status": status,
            "created_at": created_at,
            "resolved_at": resolved_at,
            "resolution": "Fixed." if resolved_at else None,
            "conversation_history": turns,
            "system_description": product,
        }
    )
    must_reject = min(stamps) < created_at or (
        status in CLOSED and (resolved_at is None or resolved_at < created_at)
    )

    try:
        repaired = tech_support().post_process(ticket)
    except InvariantError:
        assert must_reject
        return

    assert not must_reject
    assert invariant_problems(repaired) == []
    assert sorted(t.message for t in repaired.conversation_history) == sorted(
        t.message for t in turns
    )
    if status in CLOSED:
        assert repaired.resolved_at == resolved_at


class NaiveTimestampProvider:
    """Offline answers, except that record 2 first comes back closed with a naive time."""

    def __init__(self) -> None:
        self.inner = OfflineProvider()
        self.name, self.model = self.inner.name, self.inner.model

    async def complete(self, request: CompletionRequest) -> Completion:
        answer = await self.inner.complete(request)
        if (request.context.index, request.attempt) != (2, 1):
            return answer
        data = json.loads(answer.text)
        data.update(status="closed", resolved_at="2025-12-31T23:00:00", resolution="Fixed.")
        return Completion(json.dumps(data), answer.usage, answer.finish_reason)

    async def aclose(self) -> None:
        pass


def test_answer_with_a_naive_timestamp_does_not_crash_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generator = DataGenerator(
        tech_support(),
        count=3,
        out_dir=out,
        settings=Settings(provider="offline", seed=2),
        provider=NaiveTimestampProvider(),
    )

    result = generator.run()

    assert result.exit_code == 0
    assert sorted(p.name for p in out.glob("*.json")) == [
        f"tech-support-{i:06d}.json" for i in (1, 2, 3)
    ]


# --- healthcare -----------------------------------------------------------------------


def test_only_pediatrics_records_are_about_children() -> None:
    for specialty in SPECIALTIES:
        records = offline_records(healthcare(specialty), 60, 3)
        assert len(records) == 60
        ages = [r.patient.age for r in records]
        if specialty == "pediatrics":
            assert all(age < ADULT_AGE for age in ages), specialty
        else:
            assert all(age >= ADULT_AGE for age in ages), (specialty, min(ages))
        assert {r.specialty for r in records} == {specialty}


@pytest.mark.parametrize("document_type", list(SECTIONS))
def test_sections_follow_the_document_type(document_type: str) -> None:
    records = offline_records(healthcare("neurology", document_type), 40, 4)
    assert len(records) == 40
    for record in records:
        assert record.document_type == document_type
        assert [s.heading for s in record.document.sections] == list(SECTIONS[document_type])
        assert all(s.content for s in record.document.sections)
        assert record.document.title.endswith("(neurology)")


def test_healthcare_post_process_rejects_an_adult_in_pediatrics() -> None:
    tool = healthcare("pediatrics")
    record = offline_records(tool, 1, 5)[0]
    adult = record.model_copy(
        update={"patient": record.patient.model_copy(update={"age": ADULT_AGE})}
    )
    assert tool.post_process(record) == record
    with pytest.raises(InvariantError, match="pediatrics patient cannot be 18"):
        tool.post_process(adult)


def test_healthcare_post_process_resets_specialty_and_document_type() -> None:
    tool = healthcare("cardiology", "lab-report")
    record = offline_records(tool, 1, 5)[0]
    wrong = record.model_copy(update={"specialty": "oncology", "document_type": "referral-letter"})

    repaired = tool.post_process(wrong)

    assert (repaired.specialty, repaired.document_type) == ("cardiology", "lab-report")
    assert repaired.patient == record.patient


# --- render_text ----------------------------------------------------------------------


def test_tech_support_text_holds_the_whole_case() -> None:
    tool = tech_support()
    for ticket in tickets()[:50]:
        text = tool.render_text(ticket)
        assert text.splitlines()[0] == f"{ticket.case_id}: {ticket.issue_summary}"
        assert ticket.contact_email in text
        assert ticket.customer_name in text
        assert PRODUCT in text
        for turn in ticket.conversation_history:
            assert f"{turn.role}: {turn.message}" in text
            assert turn.timestamp.isoformat() in text
        if ticket.resolved_at is not None:
            assert f"Resolution: {ticket.resolution}" in text


def test_healthcare_text_holds_the_whole_document() -> None:
    tool = healthcare("dermatology", "discharge-summary")
    for record in offline_records(tool, 30, 6):
        text = tool.render_text(record)
        assert isinstance(record, HealthcareRecord)
        assert text.splitlines()[0] == record.document.title
        assert record.record_id in text
        assert record.patient.patient_id in text
        assert record.patient.name in text
        assert record.author.name in text
        for section in record.document.sections:
            assert f"{section.heading}\n{'-' * len(section.heading)}\n{section.content}" in text


# --- examples run ---------------------------------------------------------------------

EXAMPLES = [
    pytest.param(tool, n, example, id=f"{tool().name}-{n}")
    for tool in (NotesTool,)  # the catalogue's examples run in test_catalogue.py
    for n, example in enumerate(tool().examples)
]
VALUE_OPTIONS = {"--count", "-n", "--seed", "--out-dir", "-o"}


@pytest.mark.parametrize(("tool_class", "n", "example"), EXAMPLES)
def test_every_example_command_runs(
    run_cli: Callable[..., Any],
    tmp_path: Path,
    tool_class: type[DataGeneratorTool[Any, Any]],
    n: int,
    example: str,
) -> None:
    if tool_class is NotesTool:  # a test scenario: registered through scenarios.toml
        (tmp_path / "scenarios.toml").write_text(
            '[scenarios.notes]\ntool = "sample_tools:NotesTool"\n'
        )
    words = shlex.split(example)
    assert words[0] == "datagen"
    args: list[str] = []
    rest = iter(words[1:])
    for word in rest:
        if word in VALUE_OPTIONS:
            next(rest)  # replaced below
        else:
            args.append(word)
    out = tmp_path / f"ex{n}"

    done = run_cli(*args, "-o", str(out), "--seed", "1", "--count", "1")

    assert done.code == 0, done.stderr
    name = tool_class().name
    fmt = next((args[i + 1] for i, a in enumerate(args) if a in ("-f", "--output-format")), "json")
    expected = out / (f"{name}.{fmt}" if fmt in ("jsonl", "csv") else f"{name}-000001.{fmt}")
    assert expected.is_file(), sorted(p.name for p in out.iterdir())
    assert expected.stat().st_size > 0
    assert "Wrote 1" in done.stdout


# --- command-line options -------------------------------------------------------------


def argument(tool: DataGeneratorTool[Any, Any], name: str) -> CliArgument:
    return next(a for a in tool.cli_arguments() if a.name == name)


def test_tech_support_needs_a_system_description() -> None:
    arg = argument(TechSupportTool(), "system_description")
    assert arg.flags == ("--system-description", "-d")
    assert arg.required
    assert arg.kind == "str"
    assert arg.default is None


def test_healthcare_speciality_has_an_alias_and_choices() -> None:
    arg = argument(HealthcareTool(), "speciality")
    assert arg.flags == ("--speciality", "--specialty")
    assert arg.kind == "choice"
    assert "cardiology" in arg.choices
    assert set(arg.choices) == set(SPECIALTIES)
    assert arg.default == "general-medicine"
    assert not arg.required
    document = argument(HealthcareTool(), "document_type")
    assert document.flags == ("--document-type",)
    assert set(document.choices) == set(SECTIONS)


def test_notes_options_map_to_typed_flags() -> None:
    tool = NotesTool()
    length = argument(tool, "length")
    assert (length.kind, length.minimum, length.maximum, length.default) == ("int", 1, 10, 3)
    assert argument(tool, "topic").flags == ("--topic", "-t")
    assert argument(tool, "shout").kind == "bool"
    assert argument(tool, "tone").choices == ("dry", "warm")
    assert argument(tool, "mood").choices == ("calm", "busy")
    assert argument(tool, "mood").default == "calm"
    ratio = argument(tool, "ratio")
    assert (ratio.kind, ratio.minimum, ratio.maximum) == ("float", 0.0, 1.0)


def test_generic_text_rendering_of_a_tool_without_its_own(run_cli, tmp_path: Path) -> None:
    (tmp_path / "scenarios.toml").write_text('[scenarios.notes]\ntool = "sample_tools:NotesTool"\n')
    result = run_cli("notes", "-t", "cats", "-n", "2", "-f", "txt", "--seed", "5", "-o", "out",
                     "--provider", "offline")  # fmt: skip
    assert result.code == 0, result.stderr
    lines = (tmp_path / "out" / "notes-000001.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == NotesTool.description
    assert lines[1] == "=" * len(NotesTool.description)
    assert any(line.startswith("Note id: NOTE-") for line in lines)
    tags = lines.index("Tags:")
    assert lines[tags + 1] == "  -"
    assert lines[tags + 2].startswith("    Label: ")
    assert lines[tags + 3].startswith("    Weight: ")


def test_render_generic_text_layout() -> None:
    text = render_generic_text(
        "Title", {"a_b": None, "items": ["x", "y"], "inner": {"deep_key": 1}, "rows": [{"k": 2}]}
    )
    assert text == (
        "Title\n=====\n\nA b: \nItems:\n  - x\n  - y\nInner:\n  Deep key: 1\nRows:\n  -\n    K: 2\n"
    )
