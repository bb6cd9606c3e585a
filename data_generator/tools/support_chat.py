"""``customer-support-chat-log``: customer-service chats in several languages, turn by turn."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from data_generator import synth
from data_generator.markers import Drawn, FromOption, Later, RecordId
from data_generator.records import UtcDatetime, in_order
from data_generator.tool import (
    DataGeneratorTool,
    Hint,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools import support_chat_vocabulary as words

__all__ = ["ChatTurn", "SupportChatLog", "SupportChatOptions", "SupportChatTool"]

Industry = Literal[
    "telecom", "banking", "retail", "software", "travel", "utilities", "insurance", "healthcare"
]
Language = Literal["en", "es", "fr", "de", "pt", "it", "nl", "ja"]
Channel = Literal["web-chat", "mobile-app", "whatsapp", "sms"]
Sentiment = Literal["positive", "neutral", "negative"]
Speaker = Literal["customer", "agent", "bot"]
Topic = Literal[
    "billing", "account-access", "technical-problem", "cancellation", "complaint",
    "product-information", "change-request",
]  # fmt: skip

LANGUAGES: tuple[str, ...] = get_args(Language)
SENTIMENT_WEIGHTS = {"positive": 0.3, "neutral": 0.4, "negative": 0.3}
CHANNEL_WEIGHTS = {"web-chat": 0.4, "mobile-app": 0.25, "whatsapp": 0.2, "sms": 0.15}
TOPIC_WEIGHTS = {
    "billing": 0.2, "account-access": 0.15, "technical-problem": 0.2, "cancellation": 0.1,
    "complaint": 0.1, "product-information": 0.15, "change-request": 0.1,
}  # fmt: skip
#: How often a chat opens with the bot, by channel (apps put a bot in front more often).
BOT_FIRST = {"web-chat": 0.4, "mobile-app": 0.6, "whatsapp": 0.7, "sms": 0.2}


def _split_languages(value: Any) -> Any:
    """Read ``"en, es"`` (or a list) as a tuple of distinct, known language codes."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, Sequence):
        return value
    codes: list[str] = []
    for item in value:
        code = str(item).strip().lower()
        if not code:
            continue  # "en,es," or "en,,es"
        if code not in LANGUAGES:
            raise ValueError(f"unknown language code {code!r}; choose from {', '.join(LANGUAGES)}")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValueError(f"give at least one language code from {', '.join(LANGUAGES)}")
    return tuple(codes)


class SupportChatOptions(BaseModel):
    """Options of the ``customer-support-chat-log`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    industry: Industry = Field(default="software", description="Industry of the company.")
    avg_turns: int = Field(default=8, ge=2, le=40, description="Average messages per chat.")
    # The command line passes one string; the validator turns it into a tuple of codes.
    languages: Annotated[tuple[Language, ...], BeforeValidator(_split_languages)] = Field(
        default="en",
        validate_default=True,
        description=f"Comma-separated chat languages, from: {', '.join(LANGUAGES)}.",
    )


class Person(BaseModel):
    """The fictional customer."""

    name: str = Field(description="Fictional full name.")
    customer_id: str = Field(pattern=r"^CUST-\d{6}$", description="Customer id, CUST-000123.")


class Agent(BaseModel):
    """The fictional human agent who took the chat."""

    name: str = Field(description="Fictional full name.")
    agent_id: str = Field(pattern=r"^AGT-\d{4}$", description="Agent id, AGT-0123.")
    team: str = Field(description="The agent's support team.")


class ChatTurn(BaseModel):
    """One message of the chat."""

    speaker: Speaker = Field(description="Who wrote it: customer, agent or bot.")
    message: str = Field(min_length=1, description="The message, in the chat's language.")
    timestamp: UtcDatetime = Field(description="When it was sent (UTC).")


class SupportChatLog(BaseModel):
    """A customer-support chat with its outcome."""

    chat_id: Annotated[str, RecordId("CHAT")] = Field(description="Chat id, CHAT-000123.")
    industry: Annotated[Industry, FromOption("industry")] = Field(
        description="Industry of the company (the --industry option)."
    )
    channel: Annotated[Channel, Drawn(CHANNEL_WEIGHTS)] = Field(
        description="Where the chat took place."
    )
    language: Annotated[Language, Drawn.one_of("languages")] = Field(
        description="Language of every message (one of --languages)."
    )
    started_at: UtcDatetime = Field(description="When the chat session opened (UTC).")
    ended_at: Annotated[UtcDatetime, Later] = Field(
        description="When it closed, not before the last turn (UTC)."
    )
    customer: Person = Field(description="The customer.")
    agent: Agent = Field(description="The agent who handled the chat.")
    topic: Annotated[Topic, Drawn(TOPIC_WEIGHTS)] = Field(
        description="What the customer contacted support about."
    )
    sentiment: Annotated[Sentiment, Drawn(SENTIMENT_WEIGHTS)] = Field(
        description="The customer's overall sentiment."
    )
    turns: Annotated[list[ChatTurn], Later] = Field(
        min_length=2, description="Messages, oldest first; no speaker writes twice in a row."
    )
    resolved: Annotated[bool, Drawn.percent(70)] = Field(
        description="Whether the issue was solved in the chat."
    )
    csat_score: Annotated[int | None, Later] = Field(
        ge=1, le=5, description="Satisfaction survey score 1-5; null when not answered."
    )
    summary: Annotated[str, Later] = Field(
        min_length=10, description="Short English summary for the team."
    )
    tags: Annotated[list[str], Later] = Field(
        description="Lower-case kebab-case labels for reporting."
    )


def _latest(record: SupportChatLog) -> datetime:
    """The time of the chat's latest message (``ended_at`` when it has none)."""
    return max((turn.timestamp for turn in record.turns), default=record.ended_at)


def merge_turns(turns: Sequence[ChatTurn]) -> list[ChatTurn]:
    """Sort turns by time, then merge consecutive messages of the same speaker into one."""
    merged: list[ChatTurn] = []
    for turn in sorted(turns, key=lambda turn: turn.timestamp):
        if merged and merged[-1].speaker == turn.speaker:
            previous = merged[-1]
            merged[-1] = previous.model_copy(
                update={"message": f"{previous.message}\n{turn.message}"}
            )
        else:
            merged.append(turn)
    return merged


def _phrase_key(record: dict[str, Any], speakers: Sequence[str], position: int) -> str:
    """The phrase list (a key of ``words.PHRASES``) for the speaker at ``position``."""
    speaker = speakers[position]
    if position == len(speakers) - 1:
        key = ("solved" if record["resolved"] else "unsolved") if speaker == "agent" else ""
        return key or str(record["sentiment"])
    if speaker == "customer":
        return "open" if position <= 1 else "customer"
    if speaker == "agent":
        return "greet" if "agent" not in speakers[:position] else "agent"
    return "bot"


def _summary_and_tags(
    record: dict[str, Any], rng: random.Random, customer: str
) -> tuple[str, list[str]]:
    """An English summary for the team and the reporting tags of a finished chat."""
    topic = record["topic"]
    subject = synth.choose(rng, words.SUBJECTS[record["industry"]])
    outcome = "resolved in the chat" if record["resolved"] else "passed to a specialist team"
    summary = (
        f"{customer} contacted {record['agent']['team']} via {record['channel']} "
        f"about their {subject} ({topic.replace('-', ' ')}); the issue was {outcome}. "
        f"Customer sentiment: {record['sentiment']}."
    )
    extra = rng.sample(words.EXTRA_TAGS, int(rng.random() * 3))
    status = "resolved" if record["resolved"] else "unresolved"
    return summary, [topic, record["industry"], subject.replace(" ", "-"), status, *extra]


class SupportChatTool(DataGeneratorTool[SupportChatOptions, SupportChatLog]):
    """Customer-support chat logs: turns, language, sentiment, outcome and CSAT."""

    name = "customer-support-chat-log"
    description = "Customer-support chat logs: turns, language, sentiment, resolution, CSAT."

    system = (
        "You write realistic, internally consistent customer-support chat logs for test "
        "and demo data. All people, companies and ids are fictional; never include real "
        "contact details, card numbers or account numbers."
    )

    prompt = (
        "Write customer-support chat number {{$index}} for a company in the {{$industry}} "
        "industry.\n"
        "The chat has about {{$avg_turns}} turns. It starts with the customer or the bot, and "
        "no speaker writes twice in a row. Turns are in time order and lie between started_at "
        "and ended_at. Every message is written in the chat's language; the summary is in "
        "English."
    )

    examples = (
        "datagen customer-support-chat-log --industry telecom --count 20 -o "
        "data/telecom-chats --provider offline",
        "datagen customer-support-chat-log --industry banking --languages en,es,de "
        "--avg-turns 12 -n 50 -f txt -o data/banking-chats --provider offline",
    )

    attribute_order = ("language", "sentiment", "channel", "topic", "resolved")

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        start = synth.ANCHOR - timedelta(days=365)
        end = synth.ANCHOR - timedelta(days=1)
        return {
            "started_at": lambda rng, _ctx: synth.datetime_between(rng, start, end, resolution=1),
            "customer.customer_id": lambda rng, _ctx: synth.identifier(rng, "CUST"),
            "agent.agent_id": lambda rng, _ctx: synth.identifier(rng, "AGT", digits=4),
            "agent.team": lambda _rng, ctx: words.TEAMS[ctx.attributes["topic"]],
        }

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Write the turns in the chat's language, then the times, score, summary and tags."""
        customer = record["customer"]["name"].split()[0]
        record["turns"] = turns = self._offline_turns(record, rng, customer)
        last: datetime = turns[-1]["timestamp"]
        record["ended_at"] = last + timedelta(seconds=int(rng.random() * 120))
        if rng.random() < 0.7:
            low = {"positive": 4, "neutral": 3, "negative": 1}[record["sentiment"]]
            record["csat_score"] = low + int(rng.random() * 2)
        record["summary"], record["tags"] = _summary_and_tags(record, rng, customer)
        return record

    def _offline_turns(
        self, record: dict[str, Any], rng: random.Random, customer: str
    ) -> list[dict[str, Any]]:
        """The chat's messages: bot or customer first, speakers alternating, times rising."""
        language = record["language"]
        phrases = words.PHRASES[language]
        values = {
            "issue": words.ISSUES[language][record["topic"]],
            "customer": customer,
            "agent": record["agent"]["name"].split()[0],
        }
        bot_first = rng.random() < BOT_FIRST[record["channel"]]
        average = self.options.avg_turns
        count = max(3 if bot_first else 2, round(rng.gauss(average, max(1.0, average / 4))))
        speakers = ["bot"] if bot_first else []
        while len(speakers) < count:
            speakers.append("agent" if speakers[-1:] == ["customer"] else "customer")
        moment: datetime = record["started_at"] + timedelta(seconds=int(rng.random() * 30))
        turns: list[dict[str, Any]] = []
        for position, speaker in enumerate(speakers):
            key = _phrase_key(record, speakers, position)
            message = synth.choose(rng, phrases[key]).format(**values)
            turns.append({"speaker": speaker, "message": message, "timestamp": moment})
            moment += timedelta(seconds=15 + int(rng.random() * 240))
        return turns

    @rule("the chat's language is not one of --languages")
    def language_is_offered(self, record: SupportChatLog) -> bool | str:
        return (
            record.language in self.options.languages
            or f"language {record.language!r} is not one of --languages"
        )

    # Before the turns are merged: a merged turn keeps its first time, and the chat
    # cannot end before the latest message the answer had.
    @rule(
        "a turn is after ended_at",
        fix=lambda record: record.model_copy(update={"ended_at": _latest(record)}),
    )
    def ends_after_the_last_turn(self, record: SupportChatLog) -> bool:
        return _latest(record) <= record.ended_at

    @rule(
        "the turns are not in time order",
        fix=lambda record: record.model_copy(
            update={"turns": sorted(record.turns, key=lambda turn: turn.timestamp)}
        ),
    )
    def turns_in_order(self, record: SupportChatLog) -> bool:
        return in_order([turn.timestamp for turn in record.turns])

    @rule(
        "a speaker writes twice in a row",
        fix=lambda record: record.model_copy(update={"turns": merge_turns(record.turns)}),
    )
    def speakers_alternate(self, record: SupportChatLog) -> bool:
        return all(a.speaker != b.speaker for a, b in itertools.pairwise(record.turns))

    @rule("a chat needs at least two turns")
    def at_least_two_turns(self, record: SupportChatLog) -> bool:
        return len(record.turns) >= 2

    @rule("the first turn must come from the customer or the bot")
    def customer_or_bot_first(self, record: SupportChatLog) -> bool:
        return not record.turns or record.turns[0].speaker != "agent"

    @rule("ended_at is before started_at")
    def ends_after_it_starts(self, record: SupportChatLog) -> bool:
        return record.ended_at >= record.started_at

    @rule("a turn is before started_at")
    def no_turn_before_the_start(self, record: SupportChatLog) -> bool:
        return all(turn.timestamp >= record.started_at for turn in record.turns)

    def render_text(self, record: SupportChatLog) -> str:
        """A readable chat transcript: facts, conversation, summary, tags."""
        names = {"customer": record.customer.name, "agent": record.agent.name, "bot": "Bot"}
        conversation = "\n".join(
            f"[{turn.timestamp.isoformat()}] {names[turn.speaker]} ({turn.speaker}): {turn.message}"
            for turn in record.turns
        )
        csat = "not answered" if record.csat_score is None else f"{record.csat_score}/5"
        return render_document(
            f"Chat {record.chat_id}: {record.topic} ({record.industry})",
            facts=[
                ("Channel", record.channel),
                ("Language", record.language),
                ("Started", record.started_at.isoformat()),
                ("Ended", record.ended_at.isoformat()),
                ("Customer", f"{record.customer.name} ({record.customer.customer_id})"),
                ("Agent", f"{record.agent.name} ({record.agent.agent_id}), {record.agent.team}"),
                ("Sentiment", record.sentiment),
                ("Resolved", "yes" if record.resolved else "no"),
                ("CSAT", csat),
            ],
            sections=[("Conversation", conversation), ("Summary", record.summary)],
            footer=[f"Tags: {', '.join(record.tags)}"],
        )
