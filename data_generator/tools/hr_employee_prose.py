"""The prose of ``hr-employee-record``: notes, goals, strengths and improvements.

Each is composed with a phrase grammar from the employee's own facts: name, title,
department, tenure, status, manager, the review's period and rating band, the leave asked
for. Notes are keyed by record type and status; goals by department; strengths and
improvements by rating band.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from data_generator.phrases import Grammar

__all__ = ["goals", "improvements", "notes", "strengths"]

_SHARED: dict[str, Sequence[str] | Mapping[str, float]] = {
    "percent": ["5", "8", "10", "12", "15", "20", "25", "30"],
    "count": ["two", "three", "four", "five", "six", "eight", "ten", "twelve"],
    "project": ["Atlas", "Beacon", "Cobalt", "Delta", "Evergreen", "Falcon", "Horizon",
                "Juniper", "Keystone", "Lighthouse", "Meridian", "Northwind"],
    "segment": ["enterprise", "mid-market", "small-business", "public-sector", "partner"],
    "territory": ["EMEA", "APAC", "LATAM", "DACH", "Benelux", "ANZ", "Nordic"],
    "partner": {"": 0.15, ", with {peer}": 0.25, ", working with {peer}": 0.2,
                ", with support from {peer}": 0.15, ", alongside the {peer_team} team": 0.1,
                ", as agreed with {manager}": 0.15},
}  # fmt: skip

#: When a review's goals are due (one phrase for all the goals of a review).
_DEADLINES = ("by the end of {period}", "within {period}", "before {period_end}", "by {period_end}")

_GOALS: dict[str, dict[str, list[str]]] = {
    "engineering": {
        "goal": ["cut the {metric} of the {system} by {percent}% {deadline}{partner}",
                 "ship the {project} {deliverable} {deadline}{partner}",
                 "mentor {count} new {engineers} through their first quarter {deadline}{partner}",
                 "move the {system} to {platform} {deadline}{partner}",
                 "raise test coverage of the {system} to {coverage}% {deadline}{partner}"],
        "metric": ["p95 latency", "error rate", "build time", "on-call page count",
                   "incident count", "cloud cost", "deploy time"],
        "system": ["billing service", "search API", "mobile app", "data pipeline",
                   "checkout flow", "auth service", "reporting jobs", "notification service"],
        "deliverable": ["milestone", "beta", "migration", "API v2", "general release"],
        "platform": ["Kubernetes", "the new CI runners", "managed PostgreSQL",
                     "the event bus", "the shared design system"],
        "coverage": ["70", "75", "80", "85", "90"],
        "engineers": ["backend engineers", "QA engineers", "data engineers", "SREs",
                      "mobile developers", "frontend engineers"],
    },
    "sales": {
        "goal": ["close {percent}% of the {segment} pipeline {deadline}{partner}",
                 "open {count} new {segment} accounts in {territory} {deadline}{partner}",
                 "shorten the {segment} sales cycle by {weeks} weeks {deadline}{partner}",
                 "renew {percent}% of the {territory} contracts up for renewal {deadline}{partner}",
                 "grow {segment} bookings in {territory} by {percent}% {deadline}{partner}"],
        "weeks": ["two", "three", "four", "six"],
    },
    "marketing": {
        "goal": ["launch the {project} campaign in {territory} {deadline}{partner}",
                 "grow qualified {segment} leads by {percent}% {deadline}{partner}",
                 "refresh the {segment} messaging for {territory} {deadline}{partner}",
                 "publish {count} {content} {deadline}{partner}",
                 "cut cost per lead on {channel} by {percent}% {deadline}{partner}"],
        "content": ["customer case studies", "product webinars", "comparison guides",
                    "launch blog posts", "analyst briefings"],
        "channel": ["paid search", "LinkedIn", "events", "partner newsletters", "display ads"],
    },
    "finance": {
        "goal": ["close the books within {days} working days {deadline}{partner}",
                 "automate the {ledger} reconciliation {deadline}{partner}",
                 "deliver the {project} budget model {deadline}{partner}",
                 "cut {ledger} exceptions by {percent}% {deadline}{partner}",
                 "document the {ledger} controls for the {territory} audit {deadline}{partner}"],
        "days": ["four", "five", "six", "seven"],
        "ledger": ["accounts payable", "accounts receivable", "payroll", "intercompany",
                   "fixed-asset", "expense", "bank"],
    },
    "hr": {
        "goal": ["fill {count} open {segment} sales roles within {days} days {deadline}{partner}",
                 "run the {project} engagement survey {deadline}{partner}",
                 "roll out the {program} in {territory} {deadline}{partner}",
                 "cut time-to-hire for {role_family} roles by {percent}% {deadline}{partner}",
                 "train {count} managers on {topic} {deadline}{partner}"],
        "days": ["30", "45", "60"],
        "program": ["new onboarding checklist", "mentoring programme", "hybrid-work policy",
                    "career framework", "wellbeing programme"],
        "role_family": ["engineering", "support", "finance", "marketing", "operations"],
        "topic": ["inclusive hiring", "feedback conversations", "performance calibration",
                  "leave policy", "workplace safety"],
    },
    "operations": {
        "goal": ["reduce {area} vendor costs by {percent}% {deadline}{partner}",
                 "deliver the {project} rollout in {territory} {deadline}{partner}",
                 "document the {area} runbook {deadline}{partner}",
                 "cut {area} lead time by {percent}% {deadline}{partner}",
                 "consolidate {count} {area} suppliers {deadline}{partner}"],
        "area": ["facilities", "logistics", "procurement", "office IT", "travel", "fleet"],
    },
    "support": {
        "goal": ["keep first-response time under {hours} hours {deadline}{partner}",
                 "raise CSAT by {percent} points in {segment} accounts {deadline}{partner}",
                 "write {count} {product_area} knowledge-base articles {deadline}{partner}",
                 "cut the {product_area} backlog by {percent}% {deadline}{partner}",
                 "resolve {percent}% more {product_area} tickets on first contact "
                 "{deadline}{partner}"],
        "hours": ["one", "two", "four", "eight"],
        "product_area": ["billing", "login", "integrations", "mobile app", "reporting",
                         "data export"],
    },
    "legal": {
        "goal": ["standardise the {legal_area} contract templates {deadline}{partner}",
                 "complete the {project} {review} {deadline}{partner}",
                 "train {count} managers on {legal_area} policy {deadline}{partner}",
                 "cut {legal_area} contract turnaround to {days} days {deadline}{partner}",
                 "review {count} {legal_area} agreements in {territory} {deadline}{partner}"],
        "legal_area": ["data-protection", "supplier", "employment", "reseller", "licensing",
                       "NDA"],
        "review": ["privacy review", "export-control review", "policy audit",
                   "trademark review", "litigation-hold review"],
        "days": ["three", "five", "seven", "ten"],
    },
}  # fmt: skip

_REVIEW: dict[str, list[str]] = {
    "strengths": ["{First} {showed} {skill} {during}, {effect}"],
    "showed": ["showed", "brought", "kept up", "demonstrated"],
    "during": ["during the {project} work", "on the {project} project", "in {period}",
               "with the {peer_team} team", "in the {team} planning cycle"],
    "effect": ["which {manager} called out in the review",
               "as {peer} noted in peer feedback", "which helped the {team} team meet its plan",
               "which the {peer_team} team relied on", "earning thanks from {peer}"],
    "improvements": ["{First} should {gap} {next}{support?}"],
    "next": ["in {next_period}", "next period", "before the {next_period} review",
             "from {next_period} on"],
    "support": [", with {manager}'s coaching", ", pairing with {peer}",
                ", with a check-in with {manager} every month", ", using the {project} work "
                "as practice"],
}  # fmt: skip

#: Per rating band: what went well and what to work on.
_BAND: dict[str, dict[str, list[str]]] = {
    "below-expectations": {
        "skill": ["some willingness to learn", "good intent", "punctual attendance",
                  "patience with customers", "care with small tasks"],
        "gap": ["meet the agreed deadlines", "raise blockers earlier",
                "finish work to the agreed quality", "follow the team's review process",
                "prepare for one-to-ones with clear updates"],
    },
    "meets-expectations": {
        "skill": ["clear written communication", "careful planning", "reliable delivery",
                  "steady stakeholder trust", "thorough documentation"],
        "gap": ["delegate earlier", "estimate more conservatively", "speak up in reviews",
                "close loops with partner teams", "prioritise more firmly"],
    },
    "exceeds-expectations": {
        "skill": ["outstanding ownership", "calm incident leadership", "exceptional mentoring",
                  "sharp commercial judgement", "standout cross-team leadership"],
        "gap": ["take on a wider scope", "coach a second junior colleague",
                "lead a cross-team initiative", "present work to senior leadership",
                "write down the practices others copy"],
    },
}  # fmt: skip

_NOTES: dict[str, list[str]] = {
    "profile_active": [
        "{First} has been {a title} in {team} since {hired}, reporting to {manager}",
        "{Person}'s profile was last reviewed in the {check_month} data check",
        "{First} has {tenure} of service at the {location} office",
        "{First} confirmed the emergency contact details on {checked}",
    ],
    "profile_on-leave": [
        "{First} is on leave; {manager} covers the {title} duties in {team} until the return",
        "{Person}'s profile was updated on {checked} to record the current leave",
    ],
    "profile_terminated": [
        "{First} left {team} on {left} after {tenure} as {a title}",
        "{Person}'s profile is kept after the {left} exit for the retention period",
    ],
    "performance-review_below-expectations": [
        "{First} did not meet the {period} expectations for {a title}; an improvement plan "
        "with {manager} starts on {follow_up}",
        "{Person}'s {period} review was discussed with {manager} on {follow_up}; support "
        "and clear milestones were agreed",
    ],
    "performance-review_meets-expectations": [
        "{First} met the {period} expectations for {a title}; {manager} agreed the next "
        "steps in a one-to-one on {follow_up}",
        "{Person}'s {period} review was calibrated with peers in {team} on {follow_up}",
    ],
    "performance-review_exceeds-expectations": [
        "{First} exceeded the {period} goals and {manager} nominated {first} for {next_step}",
        "{Person}'s {period} review was calibrated in {team} on {follow_up}; rated above "
        "peers after {tenure} in the role",
    ],
    "onboarding_active": [
        "{First} joined as {a title} at the {location} office on {hired}, reporting to "
        "{manager}",
        "laptop and accounts for {first} were requested on {prepared}, before the {hired} "
        "start",
        "{peer} from {peer_team} is {first}'s onboarding buddy from {hired}",
    ],
    "offboarding_terminated": [
        "{First}'s last day is {left}, after {tenure} in {team}",
        "exit interview with {peer} from People booked for {exit_talk}",
        "equipment return arranged at the {location} office by {left}",
        "access removal for {first} scheduled for {left} at 17:00, handover to {manager}",
    ],
    "compensation-change_active": [
        "{First}'s pay moves to {pay} from {effective}, approved by {manager}",
        "the change follows the {cycle} compensation cycle after {tenure} at {level}",
        "market benchmark for {title} roles in {location} reviewed on {checked}",
    ],
    "leave-request_active": [
        "{First} asked for {leave_days} working days of {leave_type} leave from "
        "{leave_start} to {leave_end}",
        "{peer} covers {first}'s work in {team} from {leave_start}",
        "request approved by {manager} on {approved}",
    ],
    "leave-request_on-leave": [
        "{First}, already on leave, asked for {leave_days} more working days of "
        "{leave_type} leave from {leave_start} to {leave_end}",
        "{peer} keeps covering {first}'s work in {team} until {leave_end}",
        "extension approved by {manager} on {approved}",
    ],
}  # fmt: skip
_NOTES["compensation-change_on-leave"] = _NOTES["compensation-change_active"]

_GOAL_GRAMMARS = {
    department: Grammar({**_SHARED, **tables}) for department, tables in _GOALS.items()
}
_BAND_GRAMMARS = {
    band: Grammar({**_REVIEW, "project": _SHARED["project"], **tables})
    for band, tables in _BAND.items()
}
_NOTE_GRAMMAR = Grammar({
    f"{key}_{n}": [sentence] for key, sentences in _NOTES.items()
    for n, sentence in enumerate(sentences)
})  # fmt: skip


def goals(rng: random.Random, department: str, count: int, facts: Mapping[str, str]) -> list[str]:
    """``count`` goals of ``department``, with their deadline in the review period."""
    grammar = _GOAL_GRAMMARS[department]
    deadline = _DEADLINES[int(rng.random() * len(_DEADLINES))]
    facts = {**facts, "deadline": deadline.format(**facts)}
    made: list[str] = []
    while len(made) < count:
        goal = grammar.sentence(rng, "goal", **facts).rstrip(".")
        if goal not in made:
            made.append(goal)
    return made


def strengths(rng: random.Random, band: str, facts: Mapping[str, str]) -> str:
    """What went well, in the words of the rating band."""
    return _BAND_GRAMMARS[band].sentence(rng, "strengths", **facts)


def improvements(rng: random.Random, band: str, facts: Mapping[str, str]) -> str:
    """What to work on next, in the words of the rating band."""
    return _BAND_GRAMMARS[band].sentence(rng, "improvements", **facts)


def notes(rng: random.Random, key: str, facts: Mapping[str, str]) -> str:
    """The headline note of ``key``, then one of its other notes.

    ``key`` is ``record-type_status``, or ``performance-review_band`` for a review.
    """
    other = 1 + int(rng.random() * (len(_NOTES[key]) - 1))
    return (
        f"{_NOTE_GRAMMAR.sentence(rng, f'{key}_0', **facts)} "
        f"{_NOTE_GRAMMAR.sentence(rng, f'{key}_{other}', **facts)}"
    )
