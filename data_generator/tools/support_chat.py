"""``customer-support-chat-log``: customer-service chats in several languages, turn by turn."""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from data_generator import synth
from data_generator.domains import match_domain, mention
from data_generator.markers import Drawn, FromOption, Later, RecordId
from data_generator.phrases import Grammar
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


def _domain_words(industry: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An industry's subjects and technical root causes, its product domain's where known."""
    subjects: tuple[str, ...] = words.SUBJECTS[industry]
    causes = words.TABLES["en"]["causes"]
    if industry in words.INDUSTRY_DOMAIN:
        domain = match_domain(words.INDUSTRY_DOMAIN[industry])
        subjects = tuple(singular for singular, _ in domain.entities)
        causes = tuple(mention(cause) for area in domain.causes for cause in domain.causes[area])
    return subjects, causes


@functools.cache
def chat_grammar(language: str, industry: str) -> Grammar:
    """The grammar of chats in ``language`` for ``industry`` (English names its subjects)."""
    tables = {**words.TABLES[language], "bot_name": words.BOT_NAMES}
    if language == "en":
        tables.update(zip(("subjects", "causes"), _domain_words(industry), strict=True))
    return Grammar(tables)


#: The questions an agent asks per topic (each answered by ``a_<kind>``), where the
#: language has them.
QUESTIONS = {
    "billing": ("id", "digits", "when", "detail"),
    "account-access": ("id", "when", "tried"),
    "technical-problem": ("when", "tried", "id", "detail"),
    "cancellation": ("id", "detail"),
    "complaint": ("id", "when", "detail"),
    "product-information": ("detail", "id"),
    "change-request": ("id", "digits", "detail"),
}


def chat_roles(speakers: Sequence[str], resolved: bool) -> list[str]:
    """What each turn says, by its place in the chat's arc.

    The bot greets; the customer reports the problem; the agent greets and asks; the
    customer answers; the agent's last turn (or the one before its farewell) fixes the
    problem or hands it on; the customer closes (thanks only when it was fixed), and an
    agent's last word is a farewell.
    """
    agents = [i for i, speaker in enumerate(speakers) if speaker == "agent"]
    outcome = agents[-1] if agents else -1
    if len(agents) >= 3 and speakers[-1] == "agent":
        outcome = agents[-2]
    state = "resolved" if resolved else "unresolved"
    roles = []
    for position, speaker in enumerate(speakers):
        if speaker == "bot":
            roles.append("bot")
        elif speaker == "customer":
            first = "customer" not in speakers[:position]
            roles.append("report" if first else "close" if position > outcome else "answer")
        elif position == outcome:
            roles.append("greet+outcome" if position == agents[0] else "outcome")
        elif position > outcome:
            roles.append(f"bye_{state}")
        else:
            roles.append("greet+ask" if position == agents[0] else "ask")
    return roles


#: Who speaks in each role of :func:`chat_roles` other than the agent's.
CUSTOMER_ROLES = {"bot": "bot", "report": "customer", "answer": "customer", "close": "customer"}


def _summary_and_tags(
    record: dict[str, Any], rng: random.Random, facts: dict[str, str]
) -> tuple[str, list[str]]:
    """An English summary that agrees with the chat, and the reporting tags."""
    topic, customer = record["topic"], record["customer"]["name"]
    minutes = max(1, round((record["ended_at"] - record["started_at"]).total_seconds() / 60))
    outcome = (
        f"{record['agent']['name']} resolved it in the chat"
        if record["resolved"]
        else f"{record['agent']['name']} handed it to the specialists as case {facts['case']}"
    )
    issue = words.ISSUES["en"][topic]
    score = record.get("csat_score")
    rated = f" and rated it {score}/5" if score else ""
    summary = (
        f"{customer} ({record['customer']['customer_id']}) wrote via {record['channel']} "
        f"about their {facts['subject']}: {_third_person(issue)}. {outcome} after {minutes} "
        f"min; the customer was {record['sentiment']}{rated}."
    )
    extra = rng.sample(words.EXTRA_TAGS, int(rng.random() * 3))
    status = "resolved" if record["resolved"] else "unresolved"
    subject = facts["subject"].replace(" ", "-").lower()
    return summary, [topic, record["industry"], subject, status, *extra]


def _third_person(issue: str) -> str:
    """``I cannot log in to my account`` as a summary says it: ``they cannot ... their``."""
    replaced = [_PERSON.get(word, word) for word in issue.split()]
    return " ".join(replaced)


_PERSON = {"I": "they", "my": "their", "me": "them", "was": "were", "your": "the company's"}


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
        facts = self._facts(record, rng)
        record["turns"] = turns = self._offline_turns(record, rng, facts)
        last: datetime = turns[-1]["timestamp"]
        record["ended_at"] = last + timedelta(seconds=int(rng.random() * 120))
        if rng.random() < 0.7:
            low = {"positive": 4, "neutral": 3, "negative": 1}[record["sentiment"]]
            record["csat_score"] = low + int(rng.random() * 2)
        if record["language"] != "en":  # the summary is English, about an English subject
            facts["subject"] = chat_grammar("en", record["industry"]).expand(rng, "subjects")
        record["summary"], record["tags"] = _summary_and_tags(record, rng, facts)
        return record

    def _facts(self, record: dict[str, Any], rng: random.Random) -> dict[str, str]:
        """The chat's facts: names, numbers and (in English) its subject, in every turn."""
        language, industry = record["language"], record["industry"]
        grammar = chat_grammar(language, industry)
        amount = words.MONEY[language].format(
            (5 + int(rng.random() * 9500) / 10) * (100 if language == "ja" else 1)
        )
        if language not in ("en", "ja"):
            amount = amount.replace(".", ",")
        minute = int(rng.random() * 14 * 60) + 7 * 60
        start: datetime = record["started_at"]
        later = start + timedelta(minutes=20 + int(rng.random() * 60))
        facts = {
            "issue": words.ISSUES[language][record["topic"]],
            "customer": record["customer"]["name"].split()[0],
            "customer_id": record["customer"]["customer_id"],
            "agent": record["agent"]["name"].split()[0],
            "team": record["agent"]["team"],
            "case": f"CS-{int(rng.random() * 10**6):06d}",
            "amount": amount,
            "digits": f"{int(rng.random() * 10**4):04d}",
            "time": f"{minute // 60:02d}:{minute % 60:02d}",
            "later": f"{later:%H:%M}",
            "day": grammar.expand(rng, "weekday"),
            "minutes": str(5 + int(rng.random() * 40)),
            "days": str(2 + int(rng.random() * 6)),
        }
        if language == "en":
            facts["subject"] = grammar.expand(rng, "subjects")
            facts["cause"] = grammar.expand(rng, "causes")
        return facts

    def _offline_turns(
        self, record: dict[str, Any], rng: random.Random, facts: dict[str, str]
    ) -> list[dict[str, Any]]:
        """The chat's messages along its arc: bot or customer first, speakers alternating."""
        grammar = chat_grammar(record["language"], record["industry"])
        bot_first = rng.random() < BOT_FIRST[record["channel"]]
        average = self.options.avg_turns
        count = max(3 if bot_first else 2, round(rng.gauss(average, max(1.0, average / 4))))
        speakers = ["bot"] if bot_first else []
        while len(speakers) < count:
            speakers.append("agent" if speakers[-1:] == ["customer"] else "customer")
        kinds = [k for k in QUESTIONS[record["topic"]] if f"q_{k}" in grammar]
        state = "resolved" if record["resolved"] else "unresolved"
        tables = {
            "outcome": f"fix_{record['topic']}" if record["resolved"] else "handoff",
            "close": f"close_{state}_{record['sentiment']}",
        }
        asked: list[str] = []
        pending: str | None = None  # the question the customer answers next
        joiner = "" if record["language"] == "ja" else " "
        moment: datetime = record["started_at"] + timedelta(seconds=int(rng.random() * 30))
        turns: list[dict[str, Any]] = []
        for role in chat_roles(speakers, record["resolved"]):
            parts = []
            for part in role.split("+"):
                table = tables.get(part, part)
                if part == "ask":
                    fresh = [kind for kind in kinds if kind not in asked]
                    pending = fresh[int(rng.random() * len(fresh))] if fresh else None
                    table = f"q_{pending}" if pending else "progress"
                    asked += [pending] if pending else []
                elif part == "answer":
                    table, pending = (f"a_{pending}" if pending else "wait"), None
                parts.append(grammar.expand(rng, table, **facts))
            speaker = CUSTOMER_ROLES.get(role, "agent")
            if role == "report" and facts["customer_id"] in parts[0]:
                asked.append("id")  # the customer gave it already
            turns.append({"speaker": speaker, "message": joiner.join(parts), "timestamp": moment})
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
