"""customer-support-chat-log: offline chats keep their rules, repairs, text and CLI."""

from __future__ import annotations

import csv
import functools
import itertools
import re
import shlex
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from helpers import one_error_line
from hypothesis import given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.errors import UsageError
from data_generator.schema import strict_json_schema
from data_generator.tool import InvariantError
from data_generator.tools.support_chat import (
    LANGUAGES,
    ChatTurn,
    SupportChatLog,
    SupportChatTool,
)
from data_generator.tools.support_chat_vocabulary import ISSUES, PHRASES

ALL_LANGUAGES = ",".join(LANGUAGES)
NAME = "customer-support-chat-log"
OFFLINE = ("--provider", "offline")


def chat_tool(**options: Any) -> SupportChatTool:
    tool = SupportChatTool(options)
    return tool


def offline_chats(tool: SupportChatTool, count: int, seed: int) -> list[SupportChatLog]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


def big_tool() -> SupportChatTool:
    return chat_tool(industry="telecom", languages=ALL_LANGUAGES)


@functools.cache
def chats() -> tuple[SupportChatLog, ...]:
    """1000 offline chats in all eight languages, seed 21 (made once per session)."""
    return tuple(offline_chats(big_tool(), 1000, 21))


def without_ids(chat: SupportChatLog) -> str:
    return chat.model_copy(
        update={
            "chat_id": "CHAT-000000",
            "customer": chat.customer.model_copy(update={"customer_id": "CUST-000000"}),
            "agent": chat.agent.model_copy(update={"agent_id": "AGT-0000"}),
        }
    ).model_dump_json()


def template_pattern(template: str) -> str:
    parts = re.split(r"\{(?:issue|customer|agent)\}", template)
    return "(.+)".join(re.escape(part) for part in parts)


LANGUAGE_PATTERNS = {
    language: re.compile(
        "|".join(f"(?:{template_pattern(t)})" for group in phrases.values() for t in group)
    )
    for language, phrases in PHRASES.items()
}


# --- offline records -----------------------------------------------------------------


def test_offline_chats_validate_differ_and_keep_the_rules() -> None:
    records = chats()
    tool = big_tool()
    assert len(records) == 1000
    assert [r.chat_id for r in records] == [f"CHAT-{i:06d}" for i in range(1, 1001)]
    for record in records:
        SupportChatLog.model_validate_json(record.model_dump_json())
        assert tool.invariant_problems(record) == [], record.chat_id
        assert record.industry == "telecom"
        assert record.turns[0].speaker in ("customer", "bot")
    assert len({without_ids(r) for r in records}) == 1000


def test_attributes_follow_their_declared_weights() -> None:
    records = [r.model_dump(mode="json") for r in chats()]
    declared = big_tool().attributes()
    assert [a.name for a in declared] == ["language", "sentiment", "channel", "topic", "resolved"]
    for attribute in declared:
        counts = Counter(attribute.observed(r) for r in records)
        expected = attribute.probabilities()
        assert set(counts) <= set(expected), attribute.name
        for value, share in expected.items():
            assert abs(counts[value] / 1000 - share) <= 0.03, (attribute.name, value)


def test_languages_are_uniform_over_the_option() -> None:
    probabilities = big_tool().attributes()[0].probabilities()
    assert probabilities == dict.fromkeys(LANGUAGES, 1 / 8)
    records = offline_chats(chat_tool(languages="de,ja"), 60, 4)
    assert {r.language for r in records} == {"de", "ja"}


def test_every_message_is_in_the_chat_language() -> None:
    for record in chats():
        pattern = LANGUAGE_PATTERNS[record.language]
        for turn in record.turns:
            assert pattern.fullmatch(turn.message), (record.language, turn.message)
        opening = next(t for t in record.turns if t.speaker == "customer")
        assert ISSUES[record.language][record.topic] in opening.message
    japanese = [r for r in chats() if r.language == "ja"]
    assert japanese
    for record in japanese:
        assert all(re.search(r"[\u3040-\u30ff]", t.message) for t in record.turns)


def test_turn_count_follows_the_average() -> None:
    counts = [len(r.turns) for r in chats()]
    assert min(counts) >= 2
    assert abs(sum(counts) / len(counts) - 8) < 0.6
    long_chats = [len(r.turns) for r in offline_chats(chat_tool(avg_turns=30), 200, 5)]
    assert abs(sum(long_chats) / 200 - 30) < 2
    short_chats = [len(r.turns) for r in offline_chats(chat_tool(avg_turns=2), 200, 5)]
    assert min(short_chats) >= 2
    assert sum(short_chats) / 200 < 3


def test_csat_and_outcome_agree_with_sentiment_and_resolution() -> None:
    for record in chats():
        if record.csat_score is not None:
            allowed = {"positive": {4, 5}, "neutral": {3, 4}, "negative": {1, 2}}
            assert record.csat_score in allowed[record.sentiment]
        assert ("resolved" if record.resolved else "unresolved") in record.tags
        assert record.topic in record.tags
    assert 0.2 < sum(r.csat_score is None for r in chats()) / 1000 < 0.4


# --- options -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [
        ("en", ("en",)),
        (" ES , fr,es,", ("es", "fr")),
        (["de", "ja"], ("de", "ja")),
        (ALL_LANGUAGES, LANGUAGES),
    ],
)
def test_languages_option_is_read_as_a_list_of_codes(given_value: Any, expected: Any) -> None:
    assert chat_tool(languages=given_value).options.languages == expected


def test_languages_default_to_english() -> None:
    assert chat_tool().options.languages == ("en",)
    assert chat_tool().options.industry == "software"
    assert chat_tool().options.avg_turns == 8


@pytest.mark.parametrize("bad", ["en,xx", "", " , ", "english"])
def test_unknown_language_codes_are_refused(bad: str) -> None:
    with pytest.raises(UsageError, match="--languages"):
        chat_tool(languages=bad)


# --- post_process --------------------------------------------------------------------


def sample(min_turns: int = 4) -> SupportChatLog:
    return next(r for r in chats() if len(r.turns) >= min_turns and r.turns[0].speaker == "bot")


def test_post_process_keeps_a_valid_chat() -> None:
    chat = sample()
    assert big_tool().post_process(chat) == chat


def test_post_process_resets_the_industry_to_the_option() -> None:
    chat = sample().model_copy(update={"industry": "banking"})
    assert big_tool().post_process(chat).industry == "telecom"


def test_post_process_sorts_turns_by_time() -> None:
    chat = sample()
    shuffled = chat.model_copy(update={"turns": list(reversed(chat.turns))})
    assert big_tool().post_process(shuffled).turns == chat.turns


def test_post_process_merges_consecutive_messages_of_one_speaker() -> None:
    chat = sample()
    first, second, *rest = chat.turns
    extra = second.model_copy(
        update={"message": "One more thing.", "timestamp": second.timestamp + timedelta(seconds=1)}
    )
    broken = chat.model_copy(update={"turns": [first, second, extra, *rest]})
    assert big_tool().invariant_problems(broken) == ["a speaker writes twice in a row"]

    repaired = big_tool().post_process(broken)

    assert len(repaired.turns) == len(chat.turns)
    assert repaired.turns[1].message == f"{second.message}\nOne more thing."
    assert repaired.turns[1].timestamp == second.timestamp
    assert big_tool().invariant_problems(repaired) == []


def test_post_process_moves_ended_at_to_the_last_turn() -> None:
    chat = sample()
    early = chat.model_copy(update={"ended_at": chat.started_at})
    assert big_tool().post_process(early).ended_at == chat.turns[-1].timestamp


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: {"turns": c.turns[2:]}, "first turn must come from the customer or the bot"),
        (lambda c: {"language": "ja"}, "not one of --languages"),
        (lambda c: {"started_at": c.turns[1].timestamp}, "before started_at"),
        (
            lambda c: {"turns": [t.model_copy(update={"speaker": "customer"}) for t in c.turns]},
            "at least two turns",
        ),
    ],
    ids=["agent-first", "wrong-language", "turn-before-start", "one-speaker-only"],
)
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[SupportChatLog], dict[str, Any]], message: str
) -> None:
    tool = chat_tool(industry="telecom", languages="en,es,fr,de,pt,it,nl")
    chat = next(
        r
        for r in chats()
        if r.language == "en" and len(r.turns) >= 4 and r.turns[0].speaker == "bot"
    )
    with pytest.raises(InvariantError, match=message):
        tool.post_process(chat.model_copy(update=change(chat)))


MOMENTS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2025, 1, 2), timezones=st.just(timezone.utc)
)
SPEAKERS = st.sampled_from(["customer", "agent", "bot"])


def runs(speakers: list[str]) -> list[str]:
    return [speaker for speaker, _ in itertools.groupby(speakers)]


@settings(max_examples=200, deadline=None)
@given(
    turns=st.lists(st.tuples(SPEAKERS, MOMENTS), min_size=2, max_size=8),
    started_at=MOMENTS,
    ended_at=MOMENTS,
    industry=st.sampled_from(["telecom", "retail"]),
)
def test_post_process_either_rejects_or_returns_a_consistent_chat(
    turns: list[tuple[str, datetime]], started_at: datetime, ended_at: datetime, industry: str
) -> None:
    tool = big_tool()
    chat = sample().model_copy(
        update={
            "turns": [
                ChatTurn(speaker=s, message=f"m{i}", timestamp=t)  # type: ignore[arg-type]
                for i, (s, t) in enumerate(turns)
            ],
            "started_at": started_at,
            "ended_at": ended_at,
            "industry": industry,
        }
    )
    ordered = runs([s for s, _ in sorted(turns, key=lambda turn: turn[1])])
    must_reject = len(ordered) < 2 or ordered[0] == "agent" or min(t for _, t in turns) < started_at

    try:
        repaired = tool.post_process(chat)
    except InvariantError:
        assert must_reject
        return

    assert not must_reject
    assert tool.invariant_problems(repaired) == []
    assert tool.repair(repaired) == repaired
    assert [t.speaker for t in repaired.turns] == ordered
    words = sorted(w for t in repaired.turns for w in t.message.split("\n"))
    assert words == sorted(f"m{i}" for i in range(len(turns)))
    assert repaired.ended_at == max(ended_at, *(t for _, t in turns))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(SPEAKERS, MOMENTS), min_size=2, max_size=8))
def test_repair_is_idempotent(turns: list[tuple[str, datetime]]) -> None:
    tool = big_tool()
    chat = sample().model_copy(
        update={
            "turns": [
                ChatTurn(speaker=s, message="x", timestamp=t)  # type: ignore[arg-type]
                for s, t in turns
            ]
        }
    )
    once = tool.repair(chat)
    assert tool.repair(once) == once


# --- text, schema, CLI ---------------------------------------------------------------


def test_text_holds_the_whole_chat() -> None:
    tool = big_tool()
    for record in chats()[:100]:
        text = tool.render_text(record)
        assert text.splitlines()[0] == f"Chat {record.chat_id}: {record.topic} (telecom)"
        for value in (
            record.customer.name,
            record.customer.customer_id,
            record.agent.name,
            record.agent.agent_id,
            record.agent.team,
            record.channel,
            record.started_at.isoformat(),
            record.ended_at.isoformat(),
            record.summary,
            ", ".join(record.tags),
        ):
            assert value in text
        for turn in record.turns:
            assert f"[{turn.timestamp.isoformat()}]" in text
            assert f"({turn.speaker}): {turn.message}" in text


def test_the_record_schema_is_strict() -> None:
    schema = strict_json_schema(SupportChatLog)
    assert schema["properties"]["csat_score"]["anyOf"][1] == {"type": "null"}
    assert "csat_score" in schema["required"]


@pytest.mark.parametrize("example", SupportChatTool().examples)
def test_every_example_runs(run_cli: Callable[..., Any], tmp_path: Path, example: str) -> None:
    words = shlex.split(example)
    assert words[:2] == ["datagen", NAME]
    args = words[1:]
    for flag in ("--count", "-n"):
        if flag in args:
            position = args.index(flag)
            args[position + 1] = "2"
    run = run_cli(*args, "-o", str(tmp_path / "out"), "--seed", "3")
    assert run.code == 0, run.stderr
    assert "Wrote 2" in run.stdout


def test_cli_writes_text_and_csv(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    run = run_cli(NAME, "--languages", "fr,nl", "-n", "3", "-f", "txt", *OFFLINE, "-o", "txt")
    assert run.code == 0, run.stderr
    texts = sorted((tmp_path / "txt").glob("*.txt"))
    assert [p.name for p in texts] == [f"{NAME}-00000{i}.txt" for i in (1, 2, 3)]
    assert texts[0].read_text(encoding="utf-8").startswith("Chat CHAT-000001: ")

    run = run_cli(NAME, "--industry", "travel", "-n", "4", "-f", "csv", *OFFLINE, "-o", "csv")
    assert run.code == 0, run.stderr
    with (tmp_path / "csv" / f"{NAME}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["industry"] for row in rows] == ["travel"] * 4
    assert {row["language"] for row in rows} == {"en"}


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--languages", "en,xx"), "--languages"),
        (("--avg-turns", "41"), "--avg-turns"),
        (("--avg-turns", "1"), "--avg-turns"),
        (("--industry", "mining"), "--industry"),
    ],
)
def test_cli_refuses_bad_options(
    run_cli: Callable[..., Any], tmp_path: Path, args: tuple[str, ...], flag: str
) -> None:
    run = run_cli(NAME, *args, *OFFLINE, "-o", "out")
    assert run.code == 2
    assert flag in one_error_line(run)
    assert not (tmp_path / "out").exists()


def test_help_shows_the_flags_with_choices_and_defaults(run_cli: Callable[..., Any]) -> None:
    run = run_cli(NAME, "--help")
    assert run.code == 0
    text = " ".join(run.stdout.split())
    assert "--industry <telecom|banking|retail|software|travel|utilities|insurance|" in text
    assert "[default: software]" in text
    assert "--avg-turns <int range>" in text
    assert "[default: 8; 2<=x<=40]" in text
    assert "--languages <str>" in text
    assert "from: en, es, fr, de, pt, it, nl, ja. [default: en]" in text
