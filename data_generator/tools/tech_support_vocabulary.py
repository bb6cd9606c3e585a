"""Phrase grammar of the ``tech-support`` scenario: summaries, the conversation's turns, causes.

The product's own words (entities, features, actions, errors, causes and fixes) come from
its :class:`~data_generator.domains.Domain` and reach these templates as facts:
``product``, ``feature``, ``entity``, ``entities``, ``action``, ``error``, ``cause``,
``fix``, ``workaround``, ``summary``, ``customer`` (the customer's first name), ``case``,
``version`` (the release that brought the fault) and ``fix_version``. Tables here hold
only what is common to every product.
"""

from __future__ import annotations

import random
import re

from data_generator.phrases import Grammar, indefinite_article

__all__ = ["PHRASES", "TABLES", "Phrases", "flatten"]

_SLOT = re.compile(r"\{([^{}]+)\}")

TABLES: dict[str, tuple[str, ...]] = {
    # -- issue summaries, one table per area --------------------------------------------
    "summary_frontend": (
        "The {feature} {goes_blank} after {action} {when?}",
        "{Entities} {look_wrong} on the {feature} {in_client}",
        "The {feature} {freezes} while {action} {in_client?}",
        '"{error}" appears on the {feature} {in_client}',
        "The {feature} {freezes} {in_client} {when?}",
        "The {feature} shows {entities} of another user {in_client?} {when}",
    ),
    "summary_backend": (
        '{Action} fails with "{error}" {when}',
        'Saving {a entity} fails with "{error}" {when?}',
        "{Entities} are processed twice {when}",
        'The {feature} returns "{error}" {when}',
        "{Entities} are not updated after {action} {when?}",
        "{Action} {hangs} for {duration} before it fails {when?}",
    ),
    "summary_database": (
        "{Entities} revert to old values {when}",
        "Searching {entities} on the {feature} times out {when}",
        "Duplicate {entities} appear on the {feature} {when?}",
        "Recently edited {entities} are missing from the {feature} {when?}",
        "{Entities} load very slowly on the {feature} {when}",
        "Totals of {entities} on the {feature} do not add up {when}",
    ),
    "summary_network": (
        "The {feature} cannot be reached from the {region} {site} {when?}",
        "{Action} times out over {link}",
        '"{error}" for users at the {region} {site}',
        "The {feature} is very slow from the {region} {site} {when}",
        "{Entities} fail to sync over {link} {when?}",
        "{Action} fails for users on {link} {when?}",
    ),
    "summary_other": (
        "{Entities} follow the wrong settings after {action} {when?}",
        '"{error}" on the {feature} although the settings look right {when?}',
        "The {feature} is unavailable to some users {when}",
        "Notifications about {entities} arrive hours late {when?}",
        "{Entities} are handled under the wrong policy {when}",
        "{Entities} are assigned to the wrong team after {action} {when?}",
    ),
    "goes_blank": (
        "shows a blank panel", "stays on a loading spinner", "goes blank",
        "shows an empty list", "reloads in a loop",
    ),
    "look_wrong": (
        "show the wrong dates", "are missing", "appear twice", "show stale values",
        "are cut off", "are shown in the wrong order",
    ),
    "hangs": ("hangs", "stalls", "spins", "waits"),
    "duration": ("several minutes", "half an hour", "over an hour", "ten minutes"),
    "freezes": ("freezes", "stops responding", "logs the user out", "jumps back to the start"),
    "in_client": (
        "in Chrome", "in Firefox", "in Safari", "in Edge", "in the desktop app",
        "in the iOS app", "in the Android app", "after the latest update", "for some users",
    ),
    "when": (
        "since this morning", "since {weekday}", "after the latest update",
        "during business hours", "for about a third of our users", "every few hours",
        "on {weekday} mornings", "since the weekend", "at the end of each day",
    ),
    "region": (
        "Lisbon", "Singapore", "Denver", "Nairobi", "Toronto", "Warsaw", "Osaka", "Lagos",
        "Bogota", "Melbourne", "Dublin", "Pune",
    ),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "site": ("office", "site", "branch", "warehouse", "campus"),
    "link": (
        "the corporate VPN", "the office Wi-Fi", "a mobile connection", "the guest network",
        "the new fibre line", "the satellite link",
    ),
    # -- the customer's report: the first message (then its impact) -----------------------
    "report": (
        "{Greeting}, in our {product} {summary}.",
        "{Greeting}, we have a problem with our {product}: {summary}.",
        "{Greeting}, {i_write} about our {product}. {Summary}.",
        "{Greeting}, our {product} has {an_issue}: {summary}.",
    ),
    "greeting": ("hi", "hello", "good morning", "good afternoon", "hi there", "dear support"),
    "i_write": ("I am writing", "I am contacting you", "I need your help", "a quick question"),
    "an_issue": ("an issue", "a problem", "a fault", "a bug, I think"),
    "since": (
        "since {weekday}", "since this morning", "since yesterday afternoon",
        "since the update on {weekday}", "for two days now", "since about {hour}",
        "on and off since {weekday}",
    ),
    "hour": ("8 am", "9 am", "10 am", "noon", "2 pm", "4 pm", "6 pm"),
    # what the issue does to the customer's team, by severity
    "impact_critical": (
        "Nobody in {team} {can_work}.",
        "{Who} cannot {work_verb}.",
        "This stops {who} completely {on_the_feature}.",
    ),
    "impact_high": (
        "{Who} cannot {work_verb}.",
        "It {blocks} {who} {on_the_feature}.",
        "{Who} {have_to} {manual_step} until it works.",
    ),
    "impact_medium": (
        "It {affects} {who} {on_the_feature}.",
        "{Who} {have_to} {manual_step} until it works.",
    ),
    "impact_low": (
        "It is not urgent, but it {affects} {who} {on_the_feature}.",
        "We can live with it for now, but {who} {have_to} {manual_step}.",
    ),
    "who": (
        "about {count} people in {team}", "all of {team}", "two colleagues in {team}",
        "most of {team}", "several people in {team}",
    ),
    "team": (
        "finance", "sales", "the support desk", "operations", "the night shift",
        "the regional team", "the branch teams", "the back office",
    ),
    "count": ("five", "ten", "twenty", "forty", "a hundred", "a dozen"),
    "can_work": (
        "can finish their work", "is able to get past it", "can use the {feature}",
        "can keep up with the queue",
    ),
    "work_verb": (
        "finish their work", "use the {feature}", "keep up with the queue", "get past it",
    ),
    "affects": ("slows down", "confuses", "annoys", "holds up"),
    "blocks": ("blocks", "stops", "holds up"),
    "on_the_feature": ("on the {feature}", "whenever they open the {feature}", "every day"),
    "have_to": ("have to", "now need to", "are forced to"),
    "manual_step": (
        "redo the work by hand", "keep notes on paper", "retry several times",
        "ask a colleague to do it", "work from another device",
    ),
    # -- the agent's first answer: a question --------------------------------------------
    "question": (
        "{Thanks}, {customer}. Could you {send} {evidence}?",
        "{Thanks}, {customer}. {Which_question}",
        "{Thanks}, {customer}. To narrow it down, {which_question_lc}",
    ),
    "thanks": (
        "thanks for reporting this", "thank you for the details", "thanks for getting in touch",
        "sorry for the trouble", "thanks for the clear description",
    ),
    "send": ("send us", "attach", "share", "forward"),
    "evidence": (
        "a screenshot of the {feature}", "the exact time it last happened",
        "the browser console log from the {feature}", "the ID of one affected {entity}",
        "a short screen recording of {action}", "the full error text you see",
    ),
    "which_question": (
        "Does it happen for every {entity} or only some?",
        "Did anything change on your side before {action} stopped working?",
        "Does it also happen on the {feature} from another device?",
        "Which {build} of the {product} {are_users_on}?",
        "Is it every user in {team} or only some of them?",
    ),
    "which_question_lc": (
        "does it happen for every {entity} or only some?",
        "did anything change on your side before {action} stopped working?",
        "does it also happen on the {feature} from another device or network?",
        "which {build} of the {product} {are_users_on}?",
    ),
    # -- the customer's answer -----------------------------------------------------------
    "answer": (
        "{It_started} {since} and shows up {for_whom}.",
        "{Attached_is} {evidence}; it {happens} {for_whom}.",
        "Nothing changed on our side; it {happens} {for_whom} {since}.",
        "{It_started} right after {action}; {who} cannot {work_verb}.",
    ),
    "build": ("version", "release", "build"),
    "are_users_on": ("are your users on", "is {team} using", "do you run", "is installed"),
    "try_when": ("now", "when you have a moment", "today", "and let me know", "this afternoon"),
    "it_started": ("it started", "it began", "we first saw it", "the first report came"),
    "happens": ("happens", "keeps happening", "only happens", "mostly happens"),
    "for_whom": (
        "for every {entity} we tried", "for about half of {team}", "on the {feature} only",
        "for {team}", "on every device we tried",
    ),
    "attached_is": ("attached is", "here is", "I have attached", "you will find attached"),
    # -- workaround, progress, fix, confirmation, closing ----------------------------------
    "workaround_turn": (
        "{Until}, {customer}, please {workaround}.",
        "{Customer}, as a workaround {until_lc}, please {workaround}.",
        "I have reproduced it with one {entity}; {until_lc}, please {workaround}.",
    ),
    "until": ("until we have a fix", "until the fix is out", "while engineering looks at it"),
    "until_lc": ("until we have a fix", "until the fix is released", "for the time being"),
    "workaround_ack": (
        "That works for now, but {who} {have_to} {manual_step}.",
        "Thanks, the workaround helps {team} for now.",
        "We will {workaround} until then; please keep us posted on {case}.",
    ),
    "progress": (
        "I have reproduced the problem with {a entity} and passed {case} to {engineers}.",
        "{Engineers_cap} are looking into {case}; {next_update}.",
        "We can see the same on our test {product}; {next_update}.",
        "{Case} is with {engineers} now and they are checking the {feature}; {next_update}.",
    ),
    "engineers": ("engineering", "our developers", "the product team", "second-line support"),
    "engineers_cap": ("Our engineers", "Our developers", "Second-line support"),
    "next_update": (
        "I will update you by {weekday}", "you will hear from us within a day",
        "I will write again as soon as we know more", "expect an update by {hour} tomorrow",
    ),
    "status_ack": (
        "Thanks, {customer}. I have logged this as {case} and will come back to you {soon}.",
        "Thanks, {customer}. {Case} is open and I am checking the {feature} now.",
        "Understood, {customer}. I will look at the {entities} you mentioned and reply {soon}.",
    ),
    "soon": ("shortly", "today", "within the hour", "by {weekday}", "as soon as I can"),
    "fix_turn": (
        "{Found}, {customer}: the cause was {cause}. {Fixed_it} we {fix} {when_fixed}; "
        "could you check the {feature} again?",
        "{Found}: it was {cause}. {Fixed_it} we {fix} {when_fixed}. "
        "Could you try {action} again {try_when}?",
    ),
    "found": ("good news", "we found it", "an update on {case}", "we have got to the bottom of it"),
    "fixed_it": ("To fix it,", "To solve it,", "So", "Following that,"),
    "when_fixed": (
        "for all customers", "on your account", "in release {fix_version}",
        "in last night's maintenance window", "and checked it on our side",
    ),
    "confirmation": (
        "{Thank_you}, {entities} {work_again} on the {feature} {now}.",
        "{Thank_you}, I can confirm that {action} works again {now}.",
        "{Thank_you}; {team} {confirm_too} that the {feature} is back to normal.",
    ),
    "thank_you": (
        "thank you", "thanks a lot", "great, thanks", "many thanks", "perfect, thank you",
    ),
    "work_again": ("look right again", "are back", "load normally again", "save properly again"),
    "now": ("now", "this morning", "for everyone here", "after a refresh"),
    "confirm_too": ("confirm", "have checked as well", "agree"),
    "closing": (
        "Glad to hear it, {customer}. I am closing {case}; reply here if it comes back.",
        "Thanks for confirming, {customer}. {Case} is now {closed}.",
        "Happy to help, {customer}. I will mark {case} as {closed}.",
    ),
    "closed": ("closed", "resolved", "done"),
    # -- root cause and resolution ----------------------------------------------------------
    "root_cause": ("{Cause}, {cause_detail}",),
    "cause_detail": (
        "introduced in release {version}", "in release {version}, triggered by {action}",
        "deployed with release {version} on {weekday}",
        "first seen on {weekday} after release {version}",
        "found in the {region} environment after release {version}",
        "unnoticed until release {version}",
    ),
    "resolution": ("{Fix} {resolution_detail}.",),
    "resolution_detail": (
        "in release {fix_version}", "in release {fix_version} and confirmed with the customer",
        "during the {weekday} maintenance window (release {fix_version})",
        "and added a regression test in release {fix_version}",
        "in release {fix_version} and confirmed the {feature} works again",
        "and documented it for {case}",
    ),
}  # fmt: skip


def _shaped(template: str, article: bool, capital: bool) -> str:
    """``template`` with the article and capital its slot asked for, on its first word."""
    if template.startswith("{"):
        end = template.index("}")
        inner = template[1:end]
        if article:
            inner = f"{'A' if capital else 'a'} {inner}"
        elif capital:
            inner = inner[:1].upper() + inner[1:]
        return f"{{{inner}}}{template[end + 1 :]}"
    if article:
        template = f"{indefinite_article(template)} {template}"
    return template[:1].upper() + template[1:] if capital else template


def flatten(
    tables: dict[str, tuple[str, ...]], per_template: int = 120, per_table: int = 400
) -> dict[str, tuple[str, ...]]:
    """``tables`` with small nested tables written out into the templates that use them.

    The same sentences, drawn with far fewer nested expansions per record (the offline
    provider's speed budget): ``{weekday}`` in ``since {weekday}`` becomes seven
    alternatives. A slot stays a slot when writing it out would make a template more than
    ``per_template`` alternatives, or when its table has more than ``per_table``; facts
    stay slots. An optional slot's table gains an empty alternative.
    """
    memo: dict[str, tuple[str, ...] | None] = {}

    def variants(name: str) -> tuple[str, ...] | None:
        if name not in memo:
            memo[name] = None  # a table that names itself stays a slot
            found: dict[str, None] = {}
            for template in tables[name]:
                found.update(dict.fromkeys(written_out(template)))
            memo[name] = tuple(found) if len(found) <= per_table else None
        return memo[name]

    def written_out(template: str) -> list[str]:
        made, position = [""], 0
        for match in _SLOT.finditer(template):
            literal = template[position : match.start()]
            position = match.end()
            text = match.group(1)
            article = text.startswith(("a ", "A "))
            name = (text[2:] if article else text).rstrip("?")
            optional = text.endswith("?")
            capital = text[:1].isupper()
            lowered = name[:1].lower() + name[1:]
            options = variants(lowered) if lowered in tables else None
            if options is None or len(made) * (len(options) + optional) > per_template:
                made = [f"{m}{literal}{{{text}}}" for m in made]
                continue
            shaped = [_shaped(option, article, capital) for option in options]
            shaped += [""] * optional
            made = [f"{m}{literal}{option}" for m in made for option in shaped]
        tail = template[position:]
        return [" ".join(f"{m}{tail}".split()) for m in made]

    return {
        name: tuple(dict.fromkeys(t for tp in alts for t in written_out(tp)))
        for name, alts in tables.items()
    }


class _Facts(dict[str, str]):
    """A case's facts; ``{Entities}`` or ``{a entity}`` is made from ``entities`` on first use."""

    def __missing__(self, key: str) -> str:
        article = key.startswith(("a ", "A "))
        name = key[2:] if article else key
        value = self[name[:1].lower() + name[1:]]
        value = _shaped(value, article, key[:1].isupper())
        self[key] = value
        return value


class Phrases:
    """Draws from the flattened tables: one random number and ``str.format_map`` per draw.

    A table whose alternatives still name a table (too many to write out) is drawn by the
    :class:`~data_generator.phrases.Grammar` of the flattened tables instead.

    Args:
        tables: The grammar tables.
        per_template: See :func:`flatten`.
        per_table: See :func:`flatten`.
    """

    def __init__(
        self, tables: dict[str, tuple[str, ...]], per_template: int = 2500, per_table: int = 8000
    ) -> None:
        self.tables = flatten(tables, per_template=per_template, per_table=per_table)
        names = set(self.tables)
        self._fast = {
            name: alternatives
            for name, alternatives in self.tables.items()
            if not any(_names_table(text, names) for text in alternatives)
        }
        # the grammar compiles only the tables it can be asked for and those they name
        needed, queue = set(), [name for name in names if name not in self._fast]
        while queue:
            name = queue.pop()
            if name not in needed:
                needed.add(name)
                queue += [n for text in self.tables[name] for n in _names_table(text, names)]
        self.grammar = Grammar({name: self.tables[name] for name in sorted(needed)})

    def facts(self, **facts: str) -> dict[str, str]:
        """The facts of one case, ready for :meth:`draw`."""
        return _Facts(facts)

    def draw(self, rng: random.Random, name: str, facts: dict[str, str]) -> str:
        """One expansion of table ``name`` with ``facts`` (from :meth:`facts`)."""
        alternatives = self._fast.get(name)
        if alternatives is None:
            return self.grammar.expand(rng, name, **facts)
        return alternatives[int(rng.random() * len(alternatives))].format_map(facts)


def _names_table(template: str, names: set[str]) -> list[str]:
    """The tables among ``names`` that ``template``'s slots name."""
    found = []
    for slot in _SLOT.findall(template):
        name = (slot[2:] if slot.startswith(("a ", "A ")) else slot).rstrip("?")
        name = name[:1].lower() + name[1:]
        if name in names:
            found.append(name)
    return found


#: The scenario's phrases, flattened and compiled once.
PHRASES = Phrases(TABLES)
