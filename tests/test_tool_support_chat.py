"""customer-support-chat-log: languages, turns, outcome, its rules and its transcript.

What every scenario must do (help, schema, formats, examples, 1,000 distinct records,
declared frequencies, repair-or-reject) is checked by test_catalogue.py.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.errors import UsageError
from data_generator.runtime import runtime_of
from data_generator.tools.support_chat import LANGUAGES, SupportChatLog, SupportChatTool
from data_generator.tools.support_chat_vocabulary import ISSUES

ALL_LANGUAGES = ",".join(LANGUAGES)


def offline_chats(tool: SupportChatTool, count: int, seed: int) -> list[SupportChatLog]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


def big_tool() -> SupportChatTool:
    return SupportChatTool({"industry": "telecom", "languages": ALL_LANGUAGES})


@functools.cache
def chats() -> tuple[SupportChatLog, ...]:
    """400 offline chats in all eight languages, seed 21 (made once per session)."""
    return tuple(offline_chats(big_tool(), 400, 21))


def sample() -> SupportChatLog:
    """An English chat of four turns or more that the bot opens."""
    return next(
        r
        for r in chats()
        if r.language == "en" and len(r.turns) >= 4 and r.turns[0].speaker == "bot"
    )


#: Words an English message has and a message in another language does not.
ENGLISH = re.compile(r"\b(?:the|your|I'm|I've|you|thanks|please|with|this)\b", re.I)


# --- --languages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [
        (None, ("en",)),
        ("en", ("en",)),
        (" ES , fr,es,", ("es", "fr")),
        (["de", "ja"], ("de", "ja")),
        (ALL_LANGUAGES, LANGUAGES),
    ],
)
def test_languages_option_is_read_as_a_list_of_codes(given_value: Any, expected: Any) -> None:
    options = {} if given_value is None else {"languages": given_value}
    assert SupportChatTool(options).options.languages == expected


@pytest.mark.parametrize(
    ("bad", "named"),
    [
        ("en,xx", "'xx'"),
        ("", "at least one"),
        (" , ", "at least one"),
        ("english", "'english'"),
        (5, ""),
    ],
)
def test_unknown_language_codes_are_refused(bad: object, named: str) -> None:
    with pytest.raises(UsageError, match="--languages") as refused:
        SupportChatTool({"languages": bad})
    assert named in str(refused.value)


def test_languages_are_drawn_evenly_from_the_option() -> None:
    language = runtime_of(big_tool()).attributes[0]
    assert language.name == "language"
    assert language.probabilities() == dict.fromkeys(LANGUAGES, 1 / 8)

    records = offline_chats(SupportChatTool({"languages": "de,ja"}), 60, 4)

    assert {r.language for r in records} == {"de", "ja"}


# --- offline chats -------------------------------------------------------------------


def test_every_message_is_in_the_chat_language() -> None:
    for record in chats():
        for turn in record.turns:
            if record.language == "en":
                assert turn.message.isascii(), turn.message
            else:
                assert not ENGLISH.search(turn.message), (record.language, turn.message)
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
    long_chats = [len(r.turns) for r in offline_chats(SupportChatTool({"avg_turns": 30}), 200, 5)]
    assert abs(sum(long_chats) / 200 - 30) < 2
    short_chats = [len(r.turns) for r in offline_chats(SupportChatTool({"avg_turns": 2}), 200, 5)]
    assert min(short_chats) >= 2
    assert sum(short_chats) / 200 < 3


def test_csat_and_tags_agree_with_sentiment_and_resolution() -> None:
    allowed = {"positive": {4, 5}, "neutral": {3, 4}, "negative": {1, 2}}
    for record in chats():
        if record.csat_score is not None:
            assert record.csat_score in allowed[record.sentiment]
        assert ("resolved" if record.resolved else "unresolved") in record.tags
        assert record.topic in record.tags
    assert 0.2 < sum(r.csat_score is None for r in chats()) / len(chats()) < 0.4


# --- rules ---------------------------------------------------------------------------


def extra_turn(after: int, message: str, delay: timedelta) -> Callable[[SupportChatLog], Any]:
    """Turn ``after`` written twice: ``message`` from the same speaker ``delay`` later."""

    def change(chat: SupportChatLog) -> dict[str, Any]:
        turn = chat.turns[after]
        extra = turn.model_copy(update={"message": message, "timestamp": turn.timestamp + delay})
        return {"turns": [*chat.turns[: after + 1], extra, *chat.turns[after + 1 :]]}

    return change


SECOND = timedelta(seconds=1)
RULES = {
    "turns out of order": Case(
        lambda c: {"turns": c.turns[::-1]}, mends=lambda c: c.turns == sample().turns
    ),
    "a speaker writes twice": Case(
        extra_turn(1, "One more thing.", SECOND),
        mends=lambda c: (
            len(c.turns) == len(sample().turns)
            and c.turns[1].message == f"{sample().turns[1].message}\nOne more thing."
            and c.turns[1].timestamp == sample().turns[1].timestamp
        ),
    ),
    "ends before the last turn": Case(
        lambda c: {"ended_at": c.started_at}, mends=lambda c: c.ended_at == c.turns[-1].timestamp
    ),
    "ends before the last turn, even once merged": Case(
        extra_turn(-1, "Thanks again!", 300 * SECOND),
        mends=lambda c: (
            c.turns[-1].message == f"{sample().turns[-1].message}\nThanks again!"
            and c.ended_at == sample().turns[-1].timestamp + 300 * SECOND
        ),
    ),
    "agent first": Case(
        lambda c: {"turns": c.turns[2:]},
        rejects="first turn must come from the customer or the bot",
    ),
    "one speaker only": Case(
        lambda c: {"turns": [t.model_copy(update={"speaker": "customer"}) for t in c.turns]},
        rejects="a chat needs at least two turns",
    ),
    "wrong language": Case(
        lambda c: {"language": "ja"}, rejects="language 'ja' is not one of --languages"
    ),
    "turn before the start": Case(
        lambda c: {"started_at": c.turns[1].timestamp}, rejects="a turn is before started_at"
    ),
    "ends before it starts": Case(
        lambda c: {"started_at": c.ended_at + SECOND}, rejects="ended_at is before started_at"
    ),
}


@cases(RULES)
def test_rules(case: Case) -> None:
    tool = SupportChatTool({"industry": "telecom", "languages": "en,es,fr,de,pt,it,nl"})
    check_case(tool, sample(), case)


# --- text ----------------------------------------------------------------------------


def test_text_holds_the_whole_chat() -> None:
    tool = big_tool()
    for record in chats()[:20]:
        text = tool.render_text(record)
        assert text.splitlines()[0] == f"Chat {record.chat_id}: {record.topic} (telecom)"
        for value in (
            f"{record.customer.name} ({record.customer.customer_id})",
            f"{record.agent.name} ({record.agent.agent_id}), {record.agent.team}",
            f"Channel: {record.channel}",
            f"Started: {record.started_at.isoformat()}",
            f"Ended: {record.ended_at.isoformat()}",
            f"Resolved: {'yes' if record.resolved else 'no'}",
            "CSAT: not answered" if record.csat_score is None else f"CSAT: {record.csat_score}/5",
            record.summary,
            f"Tags: {', '.join(record.tags)}",
        ):
            assert value in text
        for turn in record.turns:
            assert f"[{turn.timestamp.isoformat()}]" in text
            assert f"({turn.speaker}): {turn.message}" in text
