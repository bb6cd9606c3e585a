"""Offline realism of the support scenarios (issue 15): chats, service-desk tickets, SOPs.

Variety: over 10,000 offline records, every free-text field has >= 50 % distinct values and
no sentence makes up more than 1 % of a field's sentences. Coherence: texts follow the
record's own facts. Inputs: the product a record is about shows in its text.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
from typing import Any

import pytest
from offline_variety import measure, offline_json_records

from data_generator.domains import match_domain
from data_generator.phrases import Grammar
from data_generator.tools.phrase_tables import fold
from data_generator.tools.service_desk import ServiceDeskTool
from data_generator.tools.support_chat import SupportChatTool
from data_generator.tools.support_chat_vocabulary import ISSUES
from data_generator.tools.support_sop import STEP_POOLS, SupportSopTool

VARIETY_RUNS = [
    (SupportChatTool, {}),
    (SupportChatTool, {"industry": "retail", "languages": "fr,pt,it,nl,ja", "avg_turns": 14}),
    (ServiceDeskTool, {}),
    (ServiceDeskTool, {"service": "erp", "ticket_type": "problem", "sla_hours": 8}),
    (SupportSopTool, {}),
    (SupportSopTool, {"problem_category": "printing", "complexity": "basic"}),
]


@pytest.mark.parametrize(("tool", "options"), VARIETY_RUNS)
def test_every_free_text_field_varies_over_10000_records(
    tool: Any, options: dict[str, Any]
) -> None:
    records = offline_json_records(tool(options), 10_000)

    fields = measure(tool.record_model, records)

    assert fields
    for field in fields:
        assert field.distinct_share >= 0.5, (field.path, field.distinct_share)
        assert field.top_sentence_share <= 0.01, (field.path, field.top_sentence)


@functools.cache
def records(tool: Any, seed: int = 3, count: int = 600, **options: Any) -> list[dict[str, Any]]:
    return offline_json_records(tool(options), count, seed=seed)


# --- customer-support-chat-log ----------------------------------------------------------


def english_chats() -> list[dict[str, Any]]:
    return records(SupportChatTool, industry="banking", languages="en,de")


def test_a_chat_opens_with_the_customer_reporting_its_topic() -> None:
    for chat in english_chats():
        first = next(turn for turn in chat["turns"] if turn["speaker"] == "customer")
        assert ISSUES[chat["language"]][chat["topic"]] in first["message"]
        assert all(turn["speaker"] == "bot" for turn in chat["turns"][: chat["turns"].index(first)])


def test_only_a_resolved_chat_ends_with_a_fix_and_thanks() -> None:
    chats = [chat for chat in english_chats() if chat["language"] == "en"]
    assert {chat["resolved"] for chat in chats} == {True, False}
    for chat in chats:
        agent = " ".join(t["message"] for t in chat["turns"] if t["speaker"] == "agent")
        customer = [t["message"] for t in chat["turns"] if t["speaker"] == "customer"]
        handed_on = "specialist" in agent
        assert handed_on != chat["resolved"], chat["turns"]
        if not chat["resolved"]:
            assert not any("thank" in message.lower() for message in customer), customer


def test_each_answer_answers_the_question_before_it() -> None:
    asked = 0
    for chat in english_chats():
        turns = chat["turns"]
        for question, answer in itertools.pairwise(turns):
            if question["speaker"] == "agent" and "customer number" in question["message"]:
                asked += 1
                assert chat["customer"]["customer_id"] in answer["message"], (question, answer)
    assert asked > 20


def test_the_summary_agrees_with_the_chat() -> None:
    for chat in english_chats():
        summary, text = chat["summary"], " ".join(t["message"] for t in chat["turns"])
        assert chat["customer"]["name"] in summary
        assert chat["customer"]["customer_id"] in summary
        assert ("resolved it in the chat" in summary) == chat["resolved"]
        case = re.search(r"case (CS-\d{6})", summary)
        assert (case is None) == chat["resolved"]
        if case:
            assert case.group(1) in text
        if chat["language"] == "en":
            subject = re.search(r"about their (.+?):", summary)
            assert subject
            assert subject.group(1) in text


def test_banking_chats_talk_about_banking() -> None:
    terms = match_domain("online banking").terms
    chats = [chat for chat in english_chats() if chat["language"] == "en"]
    named = [chat for chat in chats if any(term in _text(chat).lower() for term in terms)]
    assert len(named) >= 0.9 * len(chats)


def _text(record: dict[str, Any]) -> str:
    return " ".join(str(value) for value in _strings(record))


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return []


# --- it-service-desk-ticket -------------------------------------------------------------

CI = re.compile(r"\b[A-Z]{2,}(?:-[A-Z]{2,})*-(?:[A-Z]{3}-)?\d{2,4}\b")


@pytest.mark.parametrize("service", ["email", "network", "erp"])
def test_a_ticket_names_only_its_own_configuration_item(service: str) -> None:
    for ticket in records(ServiceDeskTool, service=service):
        texts = [ticket["title"], ticket["description"], ticket["resolution_notes"] or ""]
        texts += [note["note"] for note in ticket["work_notes"]]
        for text in texts:
            for item in CI.findall(text):
                assert item == ticket["configuration_item"], (item, text)


def test_work_notes_follow_the_status() -> None:
    tickets = records(ServiceDeskTool, service="vpn", count=800)
    waiting = re.compile(r"Waiting|On hold|Parts ordered|Asked the vendor")
    for ticket in tickets:
        notes = ticket["work_notes"]
        stamps = [note["timestamp"] for note in notes]
        assert stamps == sorted(stamps)
        if ticket["status"] == "new":
            assert all(note["author"] == "System" for note in notes)
        elif ticket["status"] == "pending":
            assert waiting.search(notes[-1]["note"]), notes[-1]
        else:
            assert not waiting.search(notes[-1]["note"]) or ticket["status"] == "assigned"
        resolved = ticket["status"] in ("resolved", "closed")
        assert (ticket["resolution_notes"] is not None) == resolved
        if resolved:
            assert (
                ticket["configuration_item"] in ticket["resolution_notes"]
                or (ticket["requester"]["name"] in ticket["resolution_notes"])
                or ticket["requester"]["department"] in ticket["resolution_notes"]
            )


@pytest.mark.parametrize("service", ["erp", "crm"])
def test_application_tickets_use_their_product_domain(service: str) -> None:
    terms = match_domain(service).terms
    tickets = records(ServiceDeskTool, service=service)
    named = [
        ticket
        for ticket in tickets
        if any(term in (ticket["title"] + ticket["description"]).lower() for term in terms)
        or any(term in _text(ticket["work_notes"]).lower() for term in terms)
    ]
    assert len(named) >= 0.9 * len(tickets)


# --- tech-support-sop -------------------------------------------------------------------


@pytest.mark.parametrize("category", ["connectivity", "printing", "security-incident"])
def test_sop_steps_concern_the_titled_problem(category: str) -> None:
    own = _step_openings(category)
    others = {c: _step_openings(c) - own for c in STEP_POOLS if c != category}
    for sop in records(SupportSopTool, problem_category=category, complexity="advanced"):
        assert sop["sub_topic"] in sop["title"]
        for step in sop["steps"]:
            action = step["action"].lower()
            assert any(opening in action for opening in own), action
            assert not any(o in action for found in others.values() for o in found), action
            if step["if_fails"] and "escalate to" in step["if_fails"].lower():
                assert sop["escalation"]["to_team"] in step["if_fails"]


def _step_openings(category: str) -> set[str]:
    """The longest literal part of each step action of a category (between its slots)."""
    return {
        max(re.split(r"\{[^}]*\}", action), key=len).lower().strip()
        for action, _, _ in STEP_POOLS[category]
    }


def test_an_sop_for_a_payroll_service_talks_about_payroll() -> None:
    terms = match_domain("Payroll service").terms
    sops = records(SupportSopTool, system_context="Payroll service", problem_category="email")
    texts = [_text([sop["symptoms"], sop["prerequisites"], sop["steps"][1:]]) for sop in sops]
    named = [text for text in texts if any(term in text.lower() for term in terms)]
    assert len(named) >= 0.9 * len(sops)


def test_an_sop_for_an_unknown_product_names_it() -> None:
    sops = records(SupportSopTool, system_context="Beekeeping hive tracker")
    for sop in sops:
        assert "Beekeeping hive tracker" in sop["steps"][0]["action"]
    texts = [_text([sop["symptoms"], sop["steps"][1:]]).lower() for sop in sops]
    named = [text for text in texts if "beekeeping hive tracker" in text]
    assert len(named) >= 0.9 * len(sops)


# --- folding phrase tables --------------------------------------------------------------


def test_folding_keeps_every_sentence_and_stops_at_the_limit() -> None:
    tables = {
        "report": ("{Thing} {fails} {when}", "{a thing} {fails}"),
        "thing": ("export job", "invoice screen"),
        "fails": ("stops", "hangs"),
        "when": ("at night", "after {login}"),
        "login": ("login", "sign-in"),
    }
    folded = fold(tables)
    assert folded["when"] == ("at night", "after login", "after sign-in")
    assert set(folded["report"]) == {
        f"{{Thing}} {verb} {when}" for verb in ("stops", "hangs") for when in folded["when"]
    } | {"{a thing} stops", "{a thing} hangs"}
    grammar, folded_grammar = Grammar(tables), Grammar(folded)
    rng = random.Random(4)
    made = {grammar.expand(rng, "report") for _ in range(400)}
    assert made == {folded_grammar.expand(rng, "report") for _ in range(400)}
    assert fold(tables, limit=2)["report"] == tables["report"]
