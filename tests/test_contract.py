"""The scenario contract v2: markers, rules, the record context and the immutable tool."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

import orjson
import pytest
from helpers import offline_record
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from data_generator import DataGenerator, Settings
from data_generator.context import RecordContext, format_attributes, record_rng, render_prompt
from data_generator.errors import UsageError
from data_generator.markers import (
    Drawn,
    FromOption,
    Later,
    RecordId,
    ReservedEmail,
    ReservedPhone,
    field_markers,
)
from data_generator.prompt_template import PromptTemplate
from data_generator.providers import Completion, CompletionRequest, ProviderSpec, create_provider
from data_generator.providers.offline import OfflineProvider
from data_generator.providers.registry import ProviderRegistry
from data_generator.rules import Rule, check, rule, rules_of
from data_generator.runtime import runtime_of, user_prompt
from data_generator.scenario_options import cli_arguments, parse_options
from data_generator.tool import (
    ANSWER_LINE,
    Attribute,
    DataGeneratorTool,
    InvariantError,
    render_document,
    render_generic_text,
)

# --- a scenario with every marker and rule kind -------------------------------------------


class ShiftOptions(BaseModel):
    """A depot's shifts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site: str = Field(default="Depot 4", min_length=1, description="Where the shift is.")
    overtime_percent: float = Field(default=30, ge=0, le=100, description="Share with overtime.")


class Shift(BaseModel):
    """One shift."""

    shift_id: Annotated[str, RecordId("SHIFT")]
    site: Annotated[str, FromOption("site")]
    crew: Annotated[Literal["day", "night"], Drawn({"day": 3, "night": 1})]
    overtime: Annotated[bool, Drawn.percent("overtime_percent")]
    urgent: Annotated[bool, Drawn.percent(10)]
    starts: int = Field(ge=0, le=23)
    ends: int = Field(ge=0, le=23)
    hours: Annotated[int, Later]
    contact_email: ReservedEmail
    contact_phone: ReservedPhone


def in_order(record: Shift) -> Shift:
    """Swap start and end."""
    return record.model_copy(update={"starts": record.ends, "ends": record.starts})


class ShiftTool(DataGeneratorTool[ShiftOptions, Shift]):
    """Shifts with their hours."""

    name = "shift"
    description = "Depot shifts."
    prompt = "Write shift {{$index}} at {{$site}} ({{$weather}})."
    examples = ("datagen shift --count 2 --provider offline",)

    @rule("the shift ends before it starts", fix=in_order)
    def starts_first(self, record: Shift) -> bool:
        return record.starts <= record.ends

    def count_hours(self, record: Shift) -> Shift:
        return record.model_copy(update={"hours": record.ends - record.starts})

    @rule("hours do not match", fix=count_hours)  # a method: called with the tool
    def hours_match(self, record: Shift) -> str | None:
        expected = record.ends - record.starts
        return None if record.hours == expected else f"hours is {record.hours}, not {expected}"

    def attributes(self) -> list[Attribute]:
        return [Attribute("weather", {"dry": 1, "wet": 1})]

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        assert record["hours"] is None  # Later: empty until finalized
        if record["starts"] > record["ends"]:
            record["starts"], record["ends"] = record["ends"], record["starts"]
        record["hours"] = record["ends"] - record["starts"]
        return record


def shift(**changes: Any) -> Shift:
    values: dict[str, Any] = {
        "shift_id": "SHIFT-000001",
        "site": "Depot 4",
        "crew": "day",
        "overtime": False,
        "urgent": False,
        "starts": 6,
        "ends": 14,
        "hours": 8,
        "contact_email": "ada@example.org",
        "contact_phone": "+1-415-555-0142",
    }
    return Shift.model_validate({**values, **changes})


# --- markers ------------------------------------------------------------------------------


def test_field_markers_name_each_marked_field_and_skip_reserved_types() -> None:
    markers = field_markers(Shift)
    assert markers == {
        "shift_id": RecordId("SHIFT"),
        "site": FromOption("site"),
        "crew": Drawn({"day": 3, "night": 1}),
        "overtime": Drawn(percent_option="overtime_percent"),
        "urgent": Drawn({True: 0.1, False: 0.9}),
        "hours": Later,
    }


def test_drawn_percent_with_a_number_or_an_option_name() -> None:
    options = ShiftOptions(overtime_percent=45)
    assert Drawn.percent(25).weights_for(options) == {True: 0.25, False: 0.75}
    assert Drawn.percent("overtime_percent").weights_for(options) == {True: 0.45, False: 0.55}
    assert Drawn({"a": 1}).weights_for(options) == {"a": 1}


def test_record_id_is_prefix_dash_six_or_more_digits() -> None:
    assert RecordId("SHIFT").pattern == r"^SHIFT-\d{6,}$"
    assert Shift.model_json_schema()["properties"]["shift_id"]["pattern"] == r"^SHIFT-\d{6,}$"
    assert shift(shift_id="SHIFT-1234567").shift_id == "SHIFT-1234567"
    for wrong in ("SHIFT-12345", "CASE-000001", "shift-000001"):
        with pytest.raises(ValidationError, match="shift_id"):
            shift(shift_id=wrong)


@pytest.mark.parametrize(
    ("field", "wrong"),
    [
        ("contact_email", "ada@gmail.com"),
        ("contact_email", "ada@example.co"),
        ("contact_phone", "+1-415-555-1234"),
        ("contact_phone", "(415) 555-0142"),
    ],
)
def test_reserved_contact_types_refuse_real_looking_values(field: str, wrong: str) -> None:
    with pytest.raises(ValidationError, match=field):
        shift(**{field: wrong})


def test_offline_records_follow_every_marker() -> None:
    tool = ShiftTool({"site": "Pier 9"})
    for index in (1, 7, 123_456, 1_234_567):
        context, _rng = runtime_of(tool).context(3, index)
        record = offline_record(tool, 3, index)
        Shift.model_validate(record)
        assert record["shift_id"] == f"SHIFT-{index:06d}"
        assert record["site"] == "Pier 9"
        for name in ("crew", "overtime", "urgent"):
            assert record[name] == context.attributes[name]
        assert record["hours"] == record["ends"] - record["starts"]


def test_marker_hints_come_first_and_a_scenario_hint_wins() -> None:
    class Fixed(ShiftTool):
        def offline_hints(self) -> dict[str, Any]:
            return {"site": lambda _rng, _ctx: "Hinted"}

    hints, _finalize = runtime_of(Fixed()).offline_recipe()
    assert list(hints)[:3] == ["shift_id", "site", "crew"]
    assert offline_record(Fixed(), 1, 1)["site"] == "Hinted"
    tool = Fixed()
    assert (
        runtime_of(tool).offline_recipe() is runtime_of(tool).offline_recipe()
    )  # compiled once per tool


# --- drawn attributes ---------------------------------------------------------------------


def test_declared_attributes_are_drawn_fields_in_field_order_then_the_others() -> None:
    tool = ShiftTool({"overtime_percent": 45})
    declared = runtime_of(tool).attributes
    assert [a.name for a in declared] == ["crew", "overtime", "urgent", "weather"]
    assert [a.observe for a in declared] == ["crew", "overtime", "urgent", None]
    assert dict(declared[1].weights) == {True: 0.45, False: 0.55}


def test_a_drawn_attribute_may_be_named_apart_from_its_field() -> None:
    class Ticket(BaseModel):
        level: Annotated[Literal["p1", "p2"], Drawn({"p1": 1, "p2": 1}, name="priority")]

    class TicketTool(DataGeneratorTool[ShiftOptions, Ticket]):
        name = "ticket"
        description = "Tickets."
        prompt = "Write ticket {{$index}}."

    tool = TicketTool()
    (attribute,) = runtime_of(tool).attributes
    assert (attribute.name, attribute.observe) == ("priority", "level")
    context, _rng = runtime_of(tool).context(1, 5)
    assert offline_record(tool, 1, 5) == {"level": context.attributes["priority"]}


def test_attribute_order_sets_the_draw_order_and_may_name_an_absent_one() -> None:
    class Reordered(ShiftTool):
        attribute_order = ("weather", "urgent", "crew", "absent", "overtime")

    tool = Reordered()
    assert [a.name for a in runtime_of(tool).attributes] == [
        "weather",
        "urgent",
        "crew",
        "overtime",
    ]
    # Each attribute keeps its own stream by its place: a moved one draws other values.
    plain, moved = ShiftTool(), Reordered()
    crews = [runtime_of(plain).context(3, i)[0].attributes["crew"] for i in range(1, 101)]
    moved_crews = [runtime_of(moved).context(3, i)[0].attributes["crew"] for i in range(1, 101)]
    assert crews != moved_crews
    assert Counter(crews) == Counter(moved_crews) == {"day": 75, "night": 25}


@pytest.mark.parametrize(
    "order",
    [("crew", "overtime", "urgent"), ("crew", "overtime", "urgent", "weather", "crew")],
    ids=["leaves-one-out", "names-one-twice"],
)
def test_an_attribute_order_that_misses_or_repeats_one_is_refused(order: tuple[str, ...]) -> None:
    class Broken(ShiftTool):
        attribute_order = order

    with pytest.raises(TypeError, match="does not name each of its attributes once"):
        Broken()


class Crew(BaseModel):
    """Options of a crew rota."""

    languages: tuple[str, ...] = ("en", "de")
    depot: Literal["north", "south"] = "north"


class Rota(BaseModel):
    """One rota."""

    language: Annotated[str, Drawn.one_of("languages")]
    vehicle: Annotated[
        str, Drawn.by_option("depot", {"north": {"van": 1}, "south": {"bike": 1, "van": 1}})
    ]


class RotaTool(DataGeneratorTool[Crew, Rota]):
    name = "rota"
    description = "Rotas."


def test_drawn_weights_may_follow_the_options() -> None:
    north, south = RotaTool(), RotaTool({"depot": "south", "languages": ("fr",)})
    assert [dict(a.weights) for a in runtime_of(north).attributes] == [
        {"en": 1.0, "de": 1.0},
        {"van": 1},
    ]
    drawn = [runtime_of(south).context(1, i)[0].attributes for i in range(1, 101)]
    assert Counter(a["language"] for a in drawn) == {"fr": 100}
    assert Counter(a["vehicle"] for a in drawn) == {"bike": 50, "van": 50}


class Stop(BaseModel):
    """A stop on a route."""

    depot: Annotated[str, FromOption("site")]
    note: Annotated[str | None, Later]


class Route(BaseModel):
    """A route: a lead stop and its other stops."""

    lead: Stop
    stops: list[Stop] = Field(min_length=1, max_length=3)


class RouteTool(DataGeneratorTool[ShiftOptions, Route]):
    name = "route"
    description = "Routes."

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        assert record["lead"]["note"] is None  # Later in a nested object, too
        record["lead"]["note"] = "first"
        return record


def test_markers_on_nested_objects_and_list_items() -> None:
    tool = RouteTool()
    assert set(field_markers(Route)) == {"lead.depot", "lead.note", "stops.depot", "stops.note"}
    record = offline_record(tool, 4, 2)
    assert record["lead"] == {"depot": "Depot 4", "note": "first"}
    assert {stop["depot"] for stop in record["stops"]} == {"Depot 4"}
    answer = Route.model_validate(
        {"lead": {"depot": "Elsewhere", "note": None}, "stops": [{"depot": "X", "note": None}]}
    )
    assert tool.problems(answer) == ["depot differs from --site", "depot differs from --site"]
    fixed = tool.post_process(answer)
    assert [fixed.lead.depot, *(stop.depot for stop in fixed.stops)] == ["Depot 4", "Depot 4"]


def test_a_drawn_marker_on_a_nested_field_is_refused() -> None:
    class Inner(BaseModel):
        crew: Annotated[str, Drawn({"day": 1})]

    class Outer(BaseModel):
        inner: Inner | None

    class NestedTool(DataGeneratorTool[ShiftOptions, Outer]):
        name = "nested"
        description = "Nested."

    with pytest.raises(TypeError, match=r"Drawn marks top-level fields, not \['inner.crew'\]"):
        NestedTool()


@pytest.mark.parametrize(("percent", "expected"), [(0, 0), (30, 30), (100, 100)])
def test_each_hundred_records_hold_exactly_the_drawn_share(percent: int, expected: int) -> None:
    tool = ShiftTool({"overtime_percent": percent})
    for block in (0, 1):
        drawn = [runtime_of(tool).context(9, 100 * block + i)[0].attributes for i in range(1, 101)]
        assert sum(attributes["overtime"] for attributes in drawn) == expected
        assert sum(attributes["urgent"] for attributes in drawn) == 10
        assert Counter(attributes["crew"] for attributes in drawn) == {"day": 75, "night": 25}


def test_the_record_context_is_a_pure_function_of_seed_and_index() -> None:
    tool = ShiftTool()
    (first, rng), (again, rng_again) = (
        runtime_of(tool).context(4, 11),
        runtime_of(tool).context(4, 11),
    )
    assert first == again
    assert first.index == 11
    assert first.seed == 4
    assert first.options is tool.options
    assert rng.random() == rng_again.random()
    drawn = {
        tuple(runtime_of(tool).context(4, index)[0].attributes.items()) for index in range(1, 40)
    }
    assert len(drawn) > 1  # the index matters
    assert tool.draw_attributes(record_rng(4, 11), 4, 11) == first.attributes


# --- prompts ------------------------------------------------------------------------------


def test_user_prompt_fills_options_and_adds_attributes_and_answer_lines() -> None:
    tool = ShiftTool({"site": "Pier {{$index}} 9"})
    assert user_prompt(tool).splitlines() == [
        "Write shift {{$index}} at Pier {{$index}} 9 ({{$weather}}).",
        "Use these attributes for this record: {{$attributes}}.",
        ANSWER_LINE,
    ]


def test_a_prompt_naming_the_attributes_gets_no_second_attributes_line() -> None:
    class Own(ShiftTool):
        prompt = "Write shift {{$index}} with {{$attributes}} and nothing else."

    assert user_prompt(Own()).splitlines() == [
        "Write shift {{$index}} with {{$attributes}} and nothing else.",
        ANSWER_LINE,
    ]


def test_a_scenario_without_attributes_gets_only_the_answer_line() -> None:
    class Plain(BaseModel):
        text: str

    class PlainTool(DataGeneratorTool[ShiftOptions, Plain]):
        name = "plain"
        description = "Plain."
        prompt = "Write {{$index}}.\n"

    assert user_prompt(PlainTool()) == f"Write {{{{$index}}}}.\n{ANSWER_LINE}"
    assert PlainTool().system.startswith("You write realistic")
    assert PlainTool().examples == ()


def test_format_and_render_the_record_context() -> None:
    context = RecordContext(7, 1, ShiftOptions(), {"crew": "day", "overtime": True})
    assert format_attributes(context.attributes) == "crew: day, overtime: True"
    assert format_attributes({}) == "none"
    assert render_prompt("N {{$index}}: {{$attributes}}", context) == (
        "N 7: crew: day, overtime: True"
    )
    template = PromptTemplate("N {{$index}}: {{$attributes}}")
    assert render_prompt(template, context) == "N 7: crew: day, overtime: True"


def test_record_generators_differ_by_seed_index_and_stream() -> None:
    draws = {
        (seed, index, stream): record_rng(seed, index, stream).random()
        for seed in (0, 1)
        for index in (1, 2)
        for stream in (0, 2)
    }
    assert len(set(draws.values())) == len(draws)
    assert record_rng(1, 2, 2).random() == draws[(1, 2, 2)]


# --- construction and options -------------------------------------------------------------


def test_a_tool_is_built_with_its_options() -> None:
    assert ShiftTool().options == ShiftOptions()
    assert ShiftTool({"site": "Pier 9", "unknown": 1}).options.site == "Pier 9"
    options = ShiftOptions(site="Dock")
    assert ShiftTool(options).options is options
    assert ShiftTool.options_model is ShiftOptions
    assert ShiftTool.record_model is Shift
    assert parse_options(ShiftTool, {"overtime_percent": 5}) == ShiftOptions(overtime_percent=5)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"overtime_percent": 150},
            "--overtime-percent: Input should be less than or equal to 100 (got 150)",
        ),
        ({"site": ""}, "--site: String should have at least 1 character (got '')"),
    ],
)
def test_a_bad_option_is_one_line_naming_the_flag(values: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError) as caught:
        ShiftTool(values)
    assert str(caught.value) == message
    assert caught.value.hint == "See 'datagen shift --help'"


def test_a_missing_required_option_names_the_flag_without_a_value() -> None:
    class Needs(BaseModel):
        depot: str

    class NeedsTool(DataGeneratorTool[Needs, Shift]):
        name = "needs"
        description = "Needs a depot."

    with pytest.raises(UsageError, match=r"^--depot: Field required$"):
        NeedsTool()


def test_a_tool_missing_a_declaration_cannot_be_built() -> None:
    class Nameless(DataGeneratorTool[ShiftOptions, Shift]):
        description = "No name."

    with pytest.raises(TypeError, match="Nameless does not declare 'name'"):
        Nameless()


def test_a_model_set_in_the_class_body_wins_over_the_generic_parameter() -> None:
    class Other(BaseModel):
        note: str

    class OtherTool(ShiftTool):
        record_model = Other

        def offline_finalize(
            self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
        ) -> dict[str, Any]:
            return record

    assert OtherTool.record_model is Other
    assert OtherTool.options_model is ShiftOptions
    assert Other.model_validate(offline_record(OtherTool(), 1, 1))


OptionsT = TypeVar("OptionsT", bound=BaseModel)
RecordT = TypeVar("RecordT", bound=BaseModel)
ExtraT = TypeVar("ExtraT")


class Keyed(DataGeneratorTool[OptionsT, RecordT]):
    """A generic intermediate base: its parameters are filled by a subclass."""


class KeyedShift(Keyed[ShiftOptions, Shift], Generic[ExtraT]):
    name = "keyed-shift"
    description = "Shifts through a generic base."


def test_models_come_through_a_generic_intermediate_base() -> None:
    assert "record_model" not in vars(Keyed)
    assert KeyedShift.options_model is ShiftOptions
    assert KeyedShift.record_model is Shift
    assert KeyedShift().render_text(shift()).startswith("Shifts through a generic base.\n=====")


# --- problems and post-processing ---------------------------------------------------------


def test_a_kept_record_has_no_problems_and_passes_unchanged() -> None:
    tool = ShiftTool()
    record = shift()
    assert tool.problems(record) == []
    assert tool.post_process(record) is record


def test_problems_name_an_option_copy_and_every_broken_rule() -> None:
    tool = ShiftTool({"site": "Pier 9"})
    record = shift(starts=14, ends=6, hours=3)
    assert tool.problems(record) == [
        "site differs from --site",
        "the shift ends before it starts",
        "hours is 3, not -8",
    ]


def test_post_process_sets_option_copies_and_mends_in_rule_order() -> None:
    tool = ShiftTool({"site": "Pier 9"})
    mended = tool.post_process(shift(site="Elsewhere", starts=14, ends=6, hours=3))
    assert (mended.site, mended.starts, mended.ends, mended.hours) == ("Pier 9", 6, 14, 8)


def test_a_rule_without_a_fix_rejects_with_its_why() -> None:
    class Strict(ShiftTool):
        @rule("no night overtime")
        def day_overtime(self, record: Shift) -> bool:
            return not (record.overtime and record.crew == "night")

    with pytest.raises(InvariantError, match=r"^no night overtime$"):
        Strict().post_process(shift(crew="night", overtime=True))


def test_a_fix_that_does_not_mend_is_reported() -> None:
    class Stubborn(ShiftTool):
        @rule("too long", fix=lambda record: record)
        def short(self, record: Shift) -> bool:
            return record.hours <= 10

    with pytest.raises(InvariantError, match=r"^too long$"):
        Stubborn().post_process(shift(starts=2, ends=20, hours=18))


def test_a_later_fix_undoing_an_earlier_rule_is_caught() -> None:
    def late_start(record: Shift) -> Shift:
        return record.model_copy(update={"starts": 22, "hours": record.ends - 22})

    class Undoing(ShiftTool):
        @rule("starts before six", fix=late_start)
        def not_early(self, record: Shift) -> bool:
            return record.starts >= 6

    # The swap rule ran first and found nothing; the late start breaks it afterwards.
    with pytest.raises(InvariantError, match=r"^the shift ends before it starts$"):
        Undoing().post_process(shift(starts=2, ends=14, hours=12))


def test_rules_may_name_several_problems() -> None:
    class Many(ShiftTool):
        @rule("contact")
        def contact(self, record: Shift) -> list[str]:
            return [f"{name} is not allowed" for name in ("email", "phone")]

    assert Many().problems(shift())[-2:] == ["email is not allowed", "phone is not allowed"]


# --- rules --------------------------------------------------------------------------------


class Base:
    @rule("a broken")
    def a(self, record: BaseModel) -> bool:
        return True

    @rule("b broken")
    def b(self, record: BaseModel) -> bool:
        return True

    @rule("c broken")
    def c(self, record: BaseModel) -> bool:
        return True


class Child(Base):
    @rule("b broken again")
    def b(self, record: BaseModel) -> bool:
        return False

    def c(self, record: BaseModel) -> bool:  # no longer a rule
        return False

    @rule("d broken")
    def d(self, record: BaseModel) -> bool:
        return True


def test_rules_of_keeps_base_rules_first_and_an_override_in_place() -> None:
    assert [(r.name, r.why) for r in rules_of(Base)] == [
        ("a", "a broken"),
        ("b", "b broken"),
        ("c", "c broken"),
    ]
    assert [(r.name, r.why) for r in rules_of(Child)] == [
        ("a", "a broken"),
        ("b", "b broken again"),
        ("d", "d broken"),
    ]


def test_a_fix_runs_only_when_its_rule_fails() -> None:
    calls: list[int] = []

    def fix(record: Shift) -> Shift:
        calls.append(record.hours)
        return record.model_copy(update={"hours": 1})

    long_shift = Rule("short", "too long", lambda _tool, record: record.hours <= 10, fix)
    no_fix = Rule("any", "never", lambda _tool, _record: False)
    record = shift()
    assert long_shift.mend(None, record) is record
    assert no_fix.mend(None, record) is record
    assert long_shift.mend(None, shift(starts=2, ends=20, hours=18)).hours == 1
    assert calls == [18]
    mended, problems = check(None, (long_shift, no_fix), shift(hours=18, ends=20, starts=2))
    assert (mended.hours, problems) == (1, ["never"])


# --- the provider seam --------------------------------------------------------------------


class Canned:
    """A model-like provider: answers every request with one fixed record."""

    name = "canned"
    model = "canned-1"

    def __init__(self, answer: str, injected: dict[str, Any]) -> None:
        self.answer = answer
        self.injected = injected

    async def complete(self, request: CompletionRequest) -> Completion:
        return Completion(self.answer)

    async def aclose(self) -> None:
        """Nothing to release."""


ANSWER = shift(site="Elsewhere").model_dump_json()


def canned_without_tool(_settings: Settings) -> Canned:
    return Canned(ANSWER, {})


def canned_with_tool(_settings: Settings, *, tool: Any) -> Canned:
    return Canned(ANSWER, {"tool": tool})


def canned_with_anything(_settings: Settings, **injected: Any) -> Canned:
    return Canned(ANSWER, injected)


def registry_of(factory: str) -> ProviderRegistry:
    registry = ProviderRegistry()
    registry.register(ProviderSpec(name="canned", summary="Canned.", factory=factory))
    return registry


@pytest.mark.parametrize(
    ("factory", "gets_tool"),
    [
        ("test_contract:canned_without_tool", False),
        ("test_contract:canned_with_tool", True),
        ("test_contract:canned_with_anything", True),
    ],
)
def test_create_provider_gives_the_tool_only_to_a_factory_that_takes_it(
    factory: str, gets_tool: bool
) -> None:
    tool = ShiftTool()
    provider = create_provider(
        Settings(provider="canned"), tool=tool, registry=registry_of(factory)
    )
    assert isinstance(provider, Canned)
    assert provider.injected == ({"tool": tool} if gets_tool else {})


def test_a_provider_factory_without_a_tool_writes_records(tmp_path: Path) -> None:
    tool = ShiftTool({"site": "Pier 9"})
    settings = Settings(provider="canned")
    provider = create_provider(
        settings, tool=tool, registry=registry_of("test_contract:canned_without_tool")
    )
    DataGenerator(tool, count=2, out_dir=tmp_path, settings=settings, provider=provider).run()
    written = sorted(tmp_path.glob("shift-*.json"))
    assert [path.name for path in written] == ["shift-000001.json", "shift-000002.json"]
    assert all(orjson.loads(path.read_bytes())["site"] == "Pier 9" for path in written)


def test_the_offline_factory_builds_the_tools_provider() -> None:
    tool = ShiftTool()
    provider = create_provider(Settings(provider="offline"), tool=tool)
    assert isinstance(provider, OfflineProvider)
    assert provider.tool is tool


# --- text rendering and flags -----------------------------------------------------------------


def test_render_document_leaves_out_empty_facts() -> None:
    text = render_document("Shift", [("Crew", None)], [("Notes", "Busy.\n")], ["-- end"])

    assert text == "Shift\n=====\n\nNotes\n-----\nBusy.\n\n-- end\n"


def test_generic_text_shows_nested_objects_and_lists() -> None:
    data = {"shift_id": None, "stops": [{"at": 1}, 2], "crew": {"names": ["Ada"]}}

    assert render_generic_text("Shift", data).splitlines() == [
        "Shift",
        "=====",
        "",
        "Shift id: ",
        "Stops:",
        "  -",
        "    At: 1",
        "  - 2",
        "Crew:",
        "  Names:",
        "    - Ada",
    ]


def test_optional_and_union_options_become_flags() -> None:
    class Loose(BaseModel):
        limit: int | None = Field(default=None, description="A cap.")
        either: int | str = Field(default=1, description="A number or a word.")

    class LooseTool(DataGeneratorTool[Loose, Shift]):
        name = "loose"
        description = "Loose options."

    kinds = {argument.name: argument.kind for argument in cli_arguments(LooseTool)}
    assert kinds == {"limit": "int", "either": "str"}
