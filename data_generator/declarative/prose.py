"""Offline prose for the ``text`` and ``string`` fields of a declared scenario.

The scenario's description names what the records are about (its *topic*: "Reviews of
fictional books" is about a book); the field's name and description say what kind of
text it is (its *genre*: ``review_text`` is a review, ``care_notes`` a note). A
:class:`~data_generator.phrases.Grammar` per field is seeded with those words: subject,
action, object, condition and time each come from their own table, and a topic the
lexicon knows brings its own aspects (a book's plot and pacing, a hotel's room and staff)
and the verb of using it (read, stayed at). So a ``review_text`` of a book-review scenario
reads like a review of a book, and its sentences vary with the data set.
"""

from __future__ import annotations

import random
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from data_generator.phrases import Grammar

__all__ = ["FieldProse", "field_prose", "topic_of"]

_WORD = re.compile(r"[a-z][a-z-]*")
#: Words that say nothing of what the records are about.
_FILLER_WORDS = (
    "a an and as at by for from in into of on or the to with without about per each every "
    "its their our your this that these those is are was were be been written made given "
    "fictional synthetic sample demo test example realistic fake records record data "
    "dataset entries entry items item list one some many short long new own simple "
    "various different"
)
_FILLER = frozenset(_FILLER_WORDS.split())


@dataclass(frozen=True)
class _Topic:
    verb: str  # past tense of using it
    unit: str  # a part of the experience, for times ("chapter", "visit")
    aspects: tuple[str, ...]  # singular nouns a text comments on


_TOPICS: dict[str, _Topic] = {}
for _names, _topic in (
    (
        "book novel story memoir",
        _Topic(
            "read",
            "chapter",
            (
                "plot",
                "pacing",
                "ending",
                "prose",
                "dialogue",
                "main character",
                "world-building",
                "opening chapter",
            ),
        ),
    ),
    (
        "film movie documentary series show episode",
        _Topic(
            "watched",
            "scene",
            ("plot", "acting", "soundtrack", "cinematography", "pacing", "ending", "script"),
        ),
    ),
    (
        "restaurant meal dish cafe bistro menu dinner lunch",
        _Topic(
            "ate at",
            "course",
            ("service", "food", "menu", "ambience", "wait", "portion size", "dessert"),
        ),
    ),
    (
        "hotel stay room hostel resort apartment rental",
        _Topic(
            "stayed at",
            "night",
            ("room", "staff", "location", "breakfast", "bed", "view", "check-in"),
        ),
    ),
    (
        "product gadget phone laptop headphone device camera speaker appliance",
        _Topic(
            "used",
            "week",
            ("battery life", "build quality", "price", "screen", "setup", "sound", "design"),
        ),
    ),
    (
        "app software game tool website platform",
        _Topic(
            "used",
            "session",
            (
                "interface",
                "performance",
                "onboarding",
                "search",
                "design",
                "latest update",
                "pricing",
            ),
        ),
    ),
    (
        "course class lecture workshop training tutorial",
        _Topic(
            "took",
            "week",
            ("instructor", "material", "pace", "final project", "exercise set", "feedback"),
        ),
    ),
    (
        "pet dog cat animal",
        _Topic(
            "met",
            "visit",
            ("temperament", "coat", "energy level", "appetite", "training", "health"),
        ),
    ),
    (
        "car vehicle bike bicycle scooter",
        _Topic(
            "drove",
            "trip",
            ("handling", "fuel economy", "comfort", "boot space", "ride", "dashboard"),
        ),
    ),
    (
        "recipe cake bread soup",
        _Topic(
            "cooked",
            "step",
            ("flavour", "texture", "method", "ingredient list", "cooking time", "presentation"),
        ),
    ),
):
    for _name in _names.split():
        _TOPICS[_name] = _topic

_GENERIC = _Topic("tried", "visit", ("quality", "value", "design", "detail", "overall feel"))

#: Genre by words of the field's name or description (first match wins).
_GENRES = (
    ("title", "title name heading label tagline"),
    ("review", "review reviews rating opinion feedback testimonial quote quotes verdict headline "
               "comment comments critique"),
    ("note", "note notes remark remarks log observation observations memo minutes report "
             "reports finding findings"),
    ("message", "message email body reply response chat letter request question"),
    ("description", "description summary overview about blurb bio synopsis abstract profile"),
)  # fmt: skip

_COMMON = {
    "condition": ("despite a few rough edges", "for the most part", "from start to finish",
                  "more than I expected", "in places", "without much fuss",
                  "once I got used to it", "on the whole"),
    "comma_condition": (", {condition}",),
    "time": ("over a weekend", "last month", "on a second try", "after a friend's "
             "recommendation", "in one go", "earlier this year", "within the first {unit}",
             "by the final {unit}"),
    "adjective": ("thoughtful", "uneven", "charming", "ambitious", "solid", "forgettable",
                  "surprising", "polished", "clumsy", "warm", "memorable", "ordinary"),
    "subject": ("the {topic}", "this {topic}", "the {aspect}", "the {aspect} of the {topic}"),
}  # fmt: skip

_GENRE_TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "review": {
        "sentence": ("{Subject} {verdict} {condition?}", "I {verb} the {topic} {time} and "
                     "{reaction}", "The {aspect} {aspect_verdict}{comma_condition?}",
                     "{Recommendation} for anyone who {likes}", "{A adjective} {topic}: "
                     "the {aspect} {aspect_verdict}"),
        "short": ("{Subject} {verdict} {condition?} {time?}",
                  "{A adjective} {topic}: the {aspect} {aspect_verdict} {condition?}"),
        "verdict": ("kept me hooked", "won me over", "fell flat", "surprised me", "grew on me",
                    "tried too hard", "felt fresh", "lost me halfway", "earned its praise",
                    "never quite came together", "stayed with me for days", "felt uneven",
                    "delivered more than it promised", "was worth the time",
                    "left me wanting more"),
        "aspect_verdict": ("was the highlight", "let the rest down", "felt rushed",
                           "carried the whole {topic}", "was better than I expected",
                           "needed more work", "stood out", "was hit and miss"),
        "reaction": ("would happily do it again", "was glad I did", "ended up a little "
                     "disappointed", "want to tell everyone about it", "had mixed feelings "
                     "by the end", "would not go back"),
        "recommendation": ("Recommended", "Worth a look", "Hard to recommend", "A safe pick",
                           "An easy recommendation", "Only"),
        "likes": ("enjoys {a adjective} {topic}", "cares about the {aspect}", "wants a "
                  "{topic} with a strong {aspect}", "wants something {adjective} from a "
                  "{topic}", "can forgive a weak {aspect}"),
    },
    "description": {
        "sentence": ("{A adjective} {topic} with {a feature} {aspect}{comma_condition?}",
                     "The {aspect} is {quality} {condition?}", "Best known for its {feature} "
                     "{aspect}", "{A adjective} {topic} that {promise} {condition?}"),
        "short": ("{A adjective} {topic} with {a feature} {aspect}{comma_condition?}",
                  "The {aspect} is {quality} {condition?}"),
        "feature": ("well-made", "distinctive", "generous", "modest", "dated", "reliable",
                    "clever", "careful", "bold"),
        "quality": ("well made", "easy to follow", "a little dated", "better than average",
                    "simple and reliable", "distinctive", "carefully planned",
                    "generous", "modest"),
        "promise": ("rewards patience", "suits a first-timer", "does one thing well",
                    "keeps surprising", "feels familiar", "asks a lot up front"),
    },
    "note": {
        "sentence": ("{Checked} the {aspect} {time}; {outcome}",
                     "The {aspect} {observed} {condition?}",
                     "Follow up on the {aspect} with {whom} {next}",
                     "Discussed the {aspect} of the {topic} with {whom}; {outcome}"),
        "short": ("{Checked} the {aspect} {time}; {outcome}", "The {aspect} {observed} "
                  "{condition?} {time?}"),
        "checked": ("checked", "reviewed", "looked at", "went over", "noted"),
        "observed": ("looks fine", "needs attention", "has improved", "is unchanged",
                     "was flagged", "is better than last time"),
        "outcome": ("no action needed", "to revisit {next}", "agreed to try again",
                    "left as it is", "raised with {whom}"),
        "next": ("next {unit}", "in two weeks", "before the next review", "by Friday",
                 "after the next {unit}"),
        "whom": ("the team", "the owner", "a colleague", "the lead", "the customer"),
    },
    "message": {
        "sentence": ("Hi, {a question} about the {aspect} of the {topic}", "I {verb} the "
                     "{topic} {time} and {reaction}", "Could you {ask} the {aspect} {time?}",
                     "Thanks for {help} with the {aspect}"),
        "short": ("{greeting?} {a question} about the {aspect} of the {topic} {time}; "
                  "{thanks}", "{greeting?} could you {ask} the {aspect} {time}; {thanks}"),
        "greeting": ("Hi,", "Hello,", "Hi there,", "Good morning,", "Dear team,"),
        "thanks": ("thanks", "thank you", "many thanks", "cheers", "thanks in advance",
                   "much appreciated", "no rush", "happy to talk"),
        "question": ("quick question", "follow-up", "small request", "note", "question",
                     "short update", "suggestion", "concern"),
        "ask": ("check", "explain", "confirm", "update me on", "look into", "send details of"),
        "reaction": ("the {aspect} {verdict}", "I have a question about the {aspect}",
                     "wanted to share some thoughts"),
        "verdict": ("was great", "did not work for me", "was confusing", "was better than "
                    "expected"),
        "help": ("your help", "the quick reply", "sorting this out", "the update"),
    },
    "title": {
        "sentence": ("The {Title_adjective} {Title_noun}", "{Title_noun} of the "
                     "{Title_adjective} {Title_noun}", "A {Title_noun} in {Title_place}"),
        "short": ("The {Title_adjective} {Title_noun}", "{Title_noun} in {Title_place}"),
        "title_adjective": ("silent", "hidden", "last", "crimson", "distant", "broken",
                            "golden", "winter", "paper", "glass", "quiet", "northern"),
        "title_noun": ("harbour", "garden", "letter", "orchard", "signal", "lantern", "river",
                       "archive", "promise", "compass", "summer", "bridge"),
        "title_place": ("Marlow", "Kestrel Bay", "Old Town", "Ashford", "Northmoor"),
    },
}  # fmt: skip
_GENRE_TABLES["default"] = _GENRE_TABLES["description"]


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _FILLER and len(w) > 2]


def _genre(field_words: list[str]) -> str:
    for genre, keywords in _GENRES:
        if any(word in keywords.split() for word in field_words):
            return genre
    return "default"


def topic_of(description: str, genre_words: AbstractSet[str] = frozenset()) -> tuple[str, _Topic]:
    """The topic of a scenario description: the first known noun, else its first content word.

    Words naming the kind of text (``review``) are skipped: "Reviews of fictional books"
    is about a book.
    """
    words = [_singular(w) for w in _words(description)]
    candidates = [w for w in words if w not in genre_words]
    for word in candidates:
        if word in _TOPICS:
            return word, _TOPICS[word]
    # "Inspection reports of wind turbines": the thing comes after "of", "about", "for".
    after = re.split(r"\b(?:of|about|for|on)\b", description.lower(), maxsplit=1)[-1]
    tail = [w for w in (_singular(w) for w in _words(after)) if w not in genre_words]
    chosen = tail or candidates
    return (chosen[-1] if chosen else "item"), _GENERIC


@dataclass(frozen=True)
class FieldProse:
    """The grammar of one field, its facts (topic, verb, unit), and its kind of text."""

    grammar: Grammar
    facts: dict[str, str]
    genre: str

    @property
    def topic(self) -> str:
        """What the scenario's records are about ("book")."""
        return self.facts["topic"]

    def text(self, rng: random.Random, *, long: bool) -> str:
        """Two or three sentences (``long``) or one short sentence."""
        if not long:
            if self.genre == "title":
                return self.grammar.fill(rng, "short", self.facts)
            return self._sentence(rng, "short")
        count = 2 + int(rng.random() * 2)
        return " ".join(self._sentence(rng, "sentence") for _ in range(count))

    def _sentence(self, rng: random.Random, table: str) -> str:
        text = self.grammar.fill(rng, table, self.facts)
        text = text[:1].upper() + text[1:]
        return text if text.endswith((".", "?", "!")) else f"{text}."


def field_prose(scenario_description: str, name: str, description: str) -> FieldProse:
    """The prose of field ``name`` (with ``description``) in a scenario described so."""
    field_words = [_singular(w) for w in _words(f"{name.replace('_', ' ')} {description}")]
    raw_words = _words(f"{name.replace('_', ' ')} {description}")
    genre = _genre(raw_words + field_words)
    genre_words = {_singular(w) for _, keywords in _GENRES for w in keywords.split()}
    topic, known = topic_of(scenario_description, genre_words)
    topic = _spelled(topic, scenario_description)
    aspects = known.aspects
    if known is _GENERIC:  # an unknown topic: comment on the words of the description
        extra = [w for w in (_singular(w) for w in _words(scenario_description)) if w != topic]
        named = _words(name.replace("_", " "))
        extra += [w for w in (_singular(w) for w in named) if w not in genre_words and w != topic]
        aspects = tuple(dict.fromkeys([*extra, *aspects]))
    tables: dict[str, tuple[str, ...]] = {
        **_COMMON,
        **_GENRE_TABLES[genre],
        "aspect": aspects,
    }
    facts = {"topic": topic, "verb": known.verb, "unit": known.unit}
    return FieldProse(Grammar(tables), facts, genre)


def _spelled(word: str, text: str) -> str:
    """``word`` as ``text`` writes it when that is an acronym (CRM), else as it is."""
    return word.upper() if re.search(rf"\b{re.escape(word.upper())}S?\b", text) else word
