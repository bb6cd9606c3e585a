"""Scenarios declared in ``scenarios.toml``: flags, records, every provider, settings, errors."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from conftest import CliRun
from fake_openai_server import FakeOpenAIServer
from helpers import manifest, offline_record, one_error_line
from model_server import chat_requests
from pydantic import ValidationError

from data_generator import DataGenerator, Settings
from data_generator.declarative.spec import read_scenarios_file
from data_generator.markers import Drawn, RecordId, field_markers
from data_generator.registry import ToolRegistry
from data_generator.runtime import runtime_of

RunCli = Callable[..., CliRun]

BOOK_REVIEW = """
[scenarios.book-review]
description = "Reviews of fictional books."
prompt = "Write book review number {{$index}} of a {{$genre}} novel, at most {{$words}} words."
max_tokens = 900
temperature = 0.7
count = 4
format = "jsonl"
price = { prompt_per_1k = 0.5, completion_per_1k = 1.5 }

[scenarios.book-review.options.genre]
type = "choice"
choices = ["mystery", "romance", "sci-fi"]
default = "mystery"
description = "Genre of the reviewed books."

[scenarios.book-review.options.words]
type = "int"
default = 120
minimum = 20
maximum = 400
description = "Longest review, in words."

[scenarios.book-review.fields.review_id]
type = "id"
prefix = "REV"
description = "Review id."

[scenarios.book-review.fields.title]
type = "string"
description = "Title of the book."

[scenarios.book-review.fields.rating]
type = "integer"
minimum = 1
maximum = 5
description = "Stars."

[scenarios.book-review.fields.sentiment]
type = "string"
enum = ["positive", "mixed", "negative"]

[scenarios.book-review.fields.published]
type = "date"

[scenarios.book-review.fields.reviewer]
type = "object"
fields.name = { type = "person-name" }
fields.email = { type = "email" }
fields.phone = { type = "phone", optional = true }

[scenarios.book-review.fields.quotes]
type = "list"
items = { type = "text" }
min_items = 1
max_items = 3

[scenarios.book-review.attributes.sentiment]
weights = { positive = 0.6, mixed = 0.3, negative = 0.1 }
field = "sentiment"
"""


TEXT = 'fields = { a = { type = "string" } }\n'


def write_scenarios(folder: Path, text: str = BOOK_REVIEW) -> Path:
    path = folder / "scenarios.toml"
    path.write_text(text, encoding="utf-8")
    return path


def book_review_tool(folder: Path, **options: Any) -> Any:
    registry = ToolRegistry.discover(write_scenarios(folder))
    tool = registry.create("book-review", options)
    return tool


# --- the sub-command and its flags --------------------------------------------------------


def test_a_declared_scenario_is_a_sub_command_with_typed_flags(
    run_cli: RunCli, tmp_path: Path
) -> None:
    write_scenarios(tmp_path)

    listing = run_cli("--help")
    help_run = run_cli("book-review", "--help")

    assert listing.code == 0
    assert re.search(r"book-review\s+Reviews of fictional books\.", listing.stdout)
    assert help_run.code == 0, help_run.stderr
    text = " ".join(help_run.stdout.split())
    assert (
        "--genre <mystery|romance|sci-fi> Genre of the reviewed books. [default: mystery]" in text
    )
    assert "--words <int range> Longest review, in words. [default: 120; 20<=x<=400]" in text


def test_declared_options_are_validated_like_builtin_ones(run_cli: RunCli, tmp_path: Path) -> None:
    write_scenarios(tmp_path)

    wrong_choice = run_cli("book-review", "--genre", "horror", "--provider", "offline")
    too_many = run_cli("book-review", "--words", "9000", "--provider", "offline")

    assert wrong_choice.code == 2
    assert "horror" in one_error_line(wrong_choice)
    assert too_many.code == 2
    assert "--words" in one_error_line(too_many)


# --- records -------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv", "yaml", "parquet", "txt"])
def test_offline_records_validate_in_every_format(
    run_cli: RunCli, tmp_path: Path, output_format: str
) -> None:
    write_scenarios(tmp_path)

    run = run_cli(
        "book-review", "--provider", "offline", "-f", output_format, "-n", "5", "-o", "out"
    )

    assert run.code == 0, run.stderr
    files = sorted(path for path in (tmp_path / "out").iterdir() if path.is_file())
    assert files
    tool = ToolRegistry.discover(tmp_path / "scenarios.toml").create("book-review")
    model = tool.record_model
    if output_format == "json":
        records = [model.model_validate_json(path.read_bytes()) for path in files]
    elif output_format == "jsonl":
        records = [model.model_validate_json(line) for line in files[0].read_bytes().splitlines()]
    elif output_format == "yaml":
        records = [model.model_validate(yaml.safe_load(path.read_text())) for path in files]
    elif output_format == "parquet":
        import pyarrow.parquet as pq

        rows = pq.read_table(files[0]).to_pylist()
        records = [model.model_validate(_revive(row)) for row in rows]
    elif output_format == "csv":
        import pandas as pd

        frame = pd.read_csv(files[0])
        assert list(frame.columns)[:3] == ["review_id", "title", "rating"]
        records = []
    else:
        text = files[0].read_text()
        assert "Review id: REV-000001" in text
        records = []
    assert len(records) in (0, 5)
    for record in records:
        assert record.sentiment in {"positive", "mixed", "negative"}
        assert record.reviewer.email.rsplit("@", 1)[1] in {
            "example.com",
            "example.org",
            "example.net",
        }


def _revive(row: dict[str, Any]) -> dict[str, Any]:
    """Parquet keeps nested values as JSON text where they do not fit a column type."""
    return {
        key: json.loads(value) if isinstance(value, str) and value[:1] in "[{" else value
        for key, value in row.items()
    }


def test_attributes_steer_the_declared_field(tmp_path: Path) -> None:
    tool = book_review_tool(tmp_path)
    settings = Settings(provider="offline", seed=3)

    records = DataGenerator(tool, count=1000, settings=settings).generate_data()

    counts = Counter(record.sentiment for record in records)
    for value, share in {"positive": 0.6, "mixed": 0.3, "negative": 0.1}.items():
        assert abs(counts[value] / 1000 - share) <= 0.03, counts
    assert len({record.model_dump_json() for record in records}) == 1000


MARKED = """
[scenarios.ticket]
prompt = "Write ticket {{$index}}."
fields.ticket_id = { type = "id", prefix = "TCK" }
fields.parent_id = { type = "id", prefix = "TCK", optional = true }
fields.level = { type = "string", enum = ["p1", "p2", "p3"] }
fields.owner = { type = "object", fields = { team = { type = "string", enum = ["a", "b"] } } }
fields.mood = { type = "string" }
fields.contact = { type = "email" }

[scenarios.ticket.attributes.team]
weights = { a = 1, b = 3 }
field = "owner.team"

[scenarios.ticket.attributes.priority]
weights = { p1 = 1, p2 = 1, p3 = 2 }
field = "level"

[scenarios.ticket.attributes.weather]
weights = { dry = 1, wet = 1 }
"""


def test_a_declared_scenario_gets_the_markers_of_a_built_in(tmp_path: Path) -> None:
    tool = ToolRegistry.discover(write_scenarios(tmp_path, MARKED)).create("ticket")

    markers = field_markers(tool.record_model)
    assert markers == {
        "ticket_id": RecordId("TCK"),
        "level": Drawn({"p1": 1.0, "p2": 1.0, "p3": 2.0}, name="priority"),
    }
    declared = runtime_of(tool).attributes
    assert [(a.name, a.observe) for a in declared] == [
        ("team", "owner.team"),
        ("priority", "level"),
        ("weather", None),
    ]
    for index in (1, 2, 1234567):
        context, _rng = runtime_of(tool).context(5, index)
        record = tool.record_model.model_validate(offline_record(tool, 5, index))
        assert record.ticket_id == f"TCK-{index:06d}"
        assert record.parent_id in (None, f"TCK-{index:06d}")
        assert record.level == context.attributes["priority"]
        assert record.owner.team == context.attributes["team"]
    with pytest.raises(ValidationError, match="contact"):
        tool.record_model.model_validate(
            {**offline_record(tool, 5, 1), "contact": "ada.lovelace@gmail.com"}
        )


def test_the_prompt_gets_the_option_values(run_cli: RunCli, tmp_path: Path) -> None:
    write_scenarios(tmp_path)

    run = run_cli("book-review", "--genre", "sci-fi", "--words", "50", "--provider", "offline",
                  "--dry-run")  # fmt: skip

    assert run.code == 0, run.stderr
    assert "Write book review number 1 of a sci-fi novel, at most 50 words." in run.stdout
    assert "sentiment:" in run.stdout  # the attributes are appended to the prompt


# --- per-scenario settings -------------------------------------------------------------------


def test_count_and_format_come_from_the_file_unless_flags_say_otherwise(
    run_cli: RunCli, tmp_path: Path
) -> None:
    write_scenarios(tmp_path)

    default_run = run_cli("book-review", "--provider", "offline", "-o", "a")
    flagged = run_cli("book-review", "--provider", "offline", "-o", "b", "-n", "2", "-f", "json")

    assert default_run.code == 0, default_run.stderr
    lines = (tmp_path / "a" / "book-review.jsonl").read_bytes().splitlines()
    assert len(lines) == 4
    assert flagged.code == 0, flagged.stderr
    assert sorted(path.name for path in (tmp_path / "b").glob("*.json")) == [
        "book-review-000001.json",
        "book-review-000002.json",
    ]


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    def respond(body: dict[str, Any]) -> str:
        prompt = next(m["content"] for m in body["messages"] if m["role"] == "user")
        index = int(re.search(r"review number (\d+)", str(prompt)).group(1))  # type: ignore[union-attr]
        return json.dumps(
            {
                "review_id": f"REV-{index:06d}",
                "title": "The Quiet Orchard",
                "rating": 4,
                "sentiment": "positive",
                "published": "2024-05-01",
                "reviewer": {
                    "name": "Ada Quinn",
                    "email": "ada.quinn@gmail.com",  # not reserved: masked on the way in
                    "phone": None,
                },
                "quotes": ["Call me on (312) 555-7788 if you disagree."],
            }
        )

    fake = FakeOpenAIServer(respond).start()
    yield fake
    fake.stop()


def test_a_declared_scenario_runs_on_a_model_with_its_settings(
    run_cli: RunCli, tmp_path: Path, server: FakeOpenAIServer
) -> None:
    write_scenarios(tmp_path)

    run = run_cli(
        "book-review", "--provider", "openai", "--openai-base-url", server.openai_base_url,
        "--openai-model", "m", "--openai-api-key", "k", "-o", "out", "-n", "3",
    )  # fmt: skip

    assert run.code == 0, run.stderr
    bodies = [request.body for request in chat_requests(server)]
    assert len(bodies) == 3
    assert {body["temperature"] for body in bodies} == {0.7}
    assert {body.get("max_tokens") or body.get("max_completion_tokens") for body in bodies} == {900}
    schema = bodies[0]["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["sentiment"]["enum"] == ["positive", "mixed", "negative"]
    lines = (tmp_path / "out" / "book-review.jsonl").read_bytes().splitlines()
    records = [orjson.loads(line) for line in lines]
    assert records[0]["reviewer"]["email"] == "ada.quinn@example.com"
    assert records[0]["quotes"] == ["Call me on +1-312-555-0188 if you disagree."]
    data = manifest(tmp_path / "out")
    assert data["counts"]["masked_identifiers"] == 3
    assert data["tokens"]["estimated_cost"] > 0


def test_flags_and_environment_beat_the_files_settings(
    run_cli: RunCli, tmp_path: Path, server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_scenarios(tmp_path)
    monkeypatch.setenv("DATAGEN_TEMPERATURE", "0.2")

    run = run_cli(
        "book-review", "--provider", "openai", "--openai-base-url", server.openai_base_url,
        "--openai-model", "m", "--openai-api-key", "k", "-o", "out", "-n", "1",
        "--max-tokens", "300",
    )  # fmt: skip

    assert run.code == 0, run.stderr
    body = chat_requests(server)[0].body
    assert body["temperature"] == 0.2
    assert (body.get("max_tokens") or body.get("max_completion_tokens")) == 300


# --- broken files ------------------------------------------------------------------------------

# field line, problem, the line of the file named (the key at fault, or its table)
BROKEN_SCENARIOS = {
    "unknown-type": ('type = "colour"', "has type 'colour'", 4),
    "no-prompt": ("", "prompt is missing", 1),
    "bad-placeholder": ('type = "string"', "{{$colour}}", 2),
    "bad-attribute": ('type = "string"', "attribute 'mood' sets field 'nope'", 7),
}


def broken_text(kind: str) -> str:
    field_line = BROKEN_SCENARIOS[kind][0] or 'type = "string"'
    prompt = {
        "no-prompt": "",
        "bad-placeholder": 'prompt = "Write {{$colour}} record {{$index}}"\n',
    }.get(kind, 'prompt = "Write record {{$index}}"\n')
    attribute = (
        '[scenarios.bad.attributes.mood]\nweights = { a = 1 }\nfield = "nope"\n'
        if kind == "bad-attribute"
        else ""
    )
    return (
        f"[scenarios.bad]\n{prompt}[scenarios.bad.fields.thing]\n{field_line}\n{attribute}"
        '[scenarios.good]\nprompt = "Write record {{$index}}"\n'
        '[scenarios.good.fields.thing]\ntype = "string"\n'
    )


@pytest.mark.parametrize("kind", sorted(BROKEN_SCENARIOS))
def test_a_broken_scenario_gets_one_line_and_the_others_still_work(
    run_cli: RunCli, tmp_path: Path, kind: str
) -> None:
    write_scenarios(tmp_path, broken_text(kind))

    broken = run_cli("bad", "--provider", "offline")
    good = run_cli("good", "--provider", "offline", "-n", "2")
    builtin = run_cli("tech-support", "-d", "CRM", "--provider", "offline", "-n", "1")
    listing = run_cli("list")

    assert broken.code == 2
    line = one_error_line(broken)
    _, problem, line_number = BROKEN_SCENARIOS[kind]
    assert f"scenarios.toml:{line_number}: scenario 'bad': " in line
    assert problem in line
    assert good.code == 0, good.stderr
    assert builtin.code == 0, builtin.stderr
    assert listing.code == 0
    assert "scenario 'bad'" in listing.stderr


@pytest.mark.parametrize(
    ("table", "problem", "line"),
    [
        ('fields = { a = { type = "list" } }', "a list needs items", 3),
        ('fields = { a = { type = "object" } }', "an object needs fields", 3),
        ('fields = { a = { type = "integer", minimum = 5, maximum = 1 } }', "minimum is above", 3),
        (
            'fields.a.type = "list"\nfields.a.items = { type = "text" }\n'
            "fields.a.min_items = 5\nfields.a.max_items = 2",
            "min_items is above",
            5,
        ),
        ('fields = { a = { type = "number", enum = ["x"] } }', "enum needs type = 'string'", 3),
        ('fields = { a = { type = "id", prefix = "lower" } }', "prefix must be", 3),
        ('fields = { Bad = { type = "string" } }', "lower_snake_case", 3),
        ('fields = { a = { type = "string", optional = "yes" } }', "optional must be", 3),
        ("fields = {}", "fields must be a table of fields", 3),
        ("fields = { a = 3 }", "field 'a' must be a table with a type", 3),
        ('fields = { a = { type = "string", enum = [1] } }', "enum must be a list of strings", 3),
        ('fields = { a = { type = "text", description = 5 } }', "description must be a string", 3),
        (
            TEXT + 'options = { n = { type = "int", default = 1, minimum = "x" } }',
            "write a number",
            4,
        ),
        (TEXT + 'options = { n = { type = "int", default = 1e30 } }', "not a valid int", 4),
        (
            TEXT + 'options = { n = { type = "int", default = 99999999999999999999 } }',
            "not a valid int",
            4,
        ),
        (
            TEXT + 'options = { n = { type = "int" } }',
            "needs a default",
            4,
        ),
        (
            TEXT + 'options = { n = { type = "int", default = "x" } }',
            "not a valid int",
            4,
        ),
        (
            TEXT + 'options = { n = { type = "choice", default = "x" } }',
            "a choice needs choices",
            4,
        ),
        (
            TEXT + 'options = { n = { type = "date", default = "x" } }',
            "has type 'date'",
            4,
        ),
        (TEXT + 'examples = "datagen x"', "examples must be a list", 4),
        (TEXT + "temperature = 5", "temperature = 5", 4),
        (TEXT + 'format = "xml"', "format = 'xml'", 4),
        (TEXT + "price = 3", "price must be a table", 4),
        (TEXT + "count = 0", "count = 0", 4),
        (
            'fields = { a = { type = "string", enum = ["x"] } }\n'
            'attributes = { m = { weights = { y = 1 } , field = "a" } }',
            "enum holds every weighted value",
            4,
        ),
        (
            TEXT + "attributes = { m = { weights = { y = -1 } } }",
            "non-negative",
            4,
        ),
    ],
)
def test_each_problem_of_a_declaration_is_named(
    tmp_path: Path, table: str, problem: str, line: int
) -> None:
    path = write_scenarios(
        tmp_path, f'[scenarios.x]\nprompt = "Write record {{{{$index}}}}"\n{table}\n'
    )

    found = read_scenarios_file(path)

    assert "x" in found.problems, found
    assert problem in found.problems["x"]
    assert found.problems["x"].startswith(f"{path}:{line}: scenario 'x': ")


def test_a_declared_name_must_be_kebab_case(tmp_path: Path) -> None:
    path = write_scenarios(
        tmp_path, '[scenarios.My_Scenario]\nprompt = "p"\nfields = { a = { type = "string" } }\n'
    )

    assert "kebab-case" in read_scenarios_file(path).problems["My_Scenario"]


def test_a_declared_scenario_has_a_generated_example_that_runs(
    run_cli: RunCli, tmp_path: Path
) -> None:
    write_scenarios(
        tmp_path,
        '[scenarios.pets]\nprompt = "Write pet {{$index}} named after {{$theme}}"\n'
        '[scenarios.pets.options.theme]\ntype = "str"\nrequired = true\n'
        '[scenarios.pets.options.legs]\ntype = "int"\nrequired = true\nminimum = 2\n'
        '[scenarios.pets.fields.name]\ntype = "string"\n',
    )
    tool = ToolRegistry.discover(tmp_path / "scenarios.toml").get("pets").load()

    (example,) = tool.examples
    run = run_cli(*example.split()[1:])

    assert example == (
        "datagen pets --theme example --legs 2 --count 3 -o data/pets-example --provider offline"
    )
    assert run.code == 0, run.stderr
    assert len(list((tmp_path / "data" / "pets-example").glob("*.json"))) == 3


def test_lists_of_ids_contacts_and_objects_are_valid_offline(
    run_cli: RunCli, tmp_path: Path
) -> None:
    write_scenarios(
        tmp_path,
        '[scenarios.team]\nprompt = "Write team {{$index}}"\n'
        '[scenarios.team.fields.team_id]\ntype = "id"\nprefix = "TEAM"\n'
        '[scenarios.team.fields.ticket_ids]\ntype = "list"\n'
        'items = { type = "id", prefix = "TCK" }\n'
        '[scenarios.team.fields.emails]\ntype = "list"\nitems = { type = "email" }\n'
        "min_items = 2\nmax_items = 2\n"
        '[scenarios.team.fields.members]\ntype = "list"\n'
        'items = { type = "object", fields = { name = { type = "person-name" }, '
        'phone = { type = "phone" }, badge = { type = "id", prefix = "B" } } }\n',
    )

    run = run_cli("team", "--provider", "offline", "-n", "20", "-f", "jsonl", "-o", "out")

    assert run.code == 0, run.stderr
    records = [
        json.loads(line) for line in (tmp_path / "out" / "team.jsonl").read_text().splitlines()
    ]
    assert len(records) == 20
    for record in records:
        assert all(re.fullmatch(r"TCK-\d{6}", item) for item in record["ticket_ids"])
        assert len(record["emails"]) == 2
        assert all(member["badge"].startswith("B-") for member in record["members"])
