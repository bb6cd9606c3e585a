"""``datagen show SCENARIO --search-index``: Azure AI Search index, data source and indexer."""

from __future__ import annotations

import copy
import enum
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from conftest import CliRun
from helpers import child_env, one_error_line
from pydantic import AwareDatetime, BaseModel, Field, create_model
from search_shapes import definition_problems

from data_generator.errors import UsageError
from data_generator.markers import RecordId
from data_generator.registry import ToolRegistry
from data_generator.search import index_fields, parse_container, search_definitions

RunCli = Callable[..., CliRun]

SCENARIOS = ToolRegistry.discover(None).names()
FORMATS = ("json", "jsonl", "csv")
ACCOUNT_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo/providers/"
    "Microsoft.Storage/storageAccounts/demodata"
)
# An OData V4 DateTimeOffset, as Azure AI Search reads one: a time and a zone.
DATE_TIME_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")
PETS_TOML = """\
[scenarios.pets]
prompt = "Write pet {{$index}}"
[scenarios.pets.fields.pet_id]
type = "id"
prefix = "PET"
[scenarios.pets.fields.name]
type = "person-name"
[scenarios.pets.fields.species]
type = "string"
enum = ["cat", "dog"]
[scenarios.pets.fields.age]
type = "integer"
minimum = 0
maximum = 30
[scenarios.pets.fields.born]
type = "date"
[scenarios.pets.fields.seen_at]
type = "datetime"
[scenarios.pets.fields.owner]
type = "object"
[scenarios.pets.fields.owner.fields.email]
type = "email"
[scenarios.pets.fields.visits]
type = "list"
[scenarios.pets.fields.visits.items]
type = "object"
[scenarios.pets.fields.visits.items.fields.note]
type = "text"
[scenarios.pets.fields.toys]
type = "list"
[scenarios.pets.fields.toys.items]
type = "string"
"""


def show(run_cli: RunCli, scenario: str, *args: str) -> CliRun:
    return run_cli("show", scenario, "--search-index", *args)


def document(run: CliRun) -> dict[str, Any]:
    assert run.code == 0, run.stderr
    parsed: dict[str, Any] = json.loads(run.stdout)
    return parsed


def located(output_format: str, scenario: str) -> tuple[str, ...]:
    return (
        "--format",
        output_format,
        "--container",
        f"azure-blob://demodata/records/{scenario}",
        "--storage-resource-id",
        ACCOUNT_ID,
    )


def test_there_are_fourteen_built_in_scenarios() -> None:
    assert len(SCENARIOS) == 14


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_scenario_validates(run_cli: RunCli, scenario: str, output_format: str) -> None:
    run = show(run_cli, scenario, *located(output_format, scenario))

    found = document(run)
    assert definition_problems(found, output_format) == []
    assert run.stderr == ""  # nothing left to replace
    assert found["dataSource"]["container"] == {"name": "records", "query": scenario}
    assert found["dataSource"]["credentials"] == {"connectionString": f"ResourceId={ACCOUNT_ID};"}


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_declared_scenario_validates(run_cli: RunCli, tmp_path: Path, output_format: str) -> None:
    (tmp_path / "scenarios.toml").write_text(PETS_TOML, encoding="utf-8")

    found = document(show(run_cli, "pets", *located(output_format, "pets")))

    assert definition_problems(found, output_format) == []
    fields = {field["name"]: field for field in found["index"]["fields"]}
    assert fields["pet_id"]["key"] is True
    assert fields["toys"]["type"] == "Collection(Edm.String)"
    if output_format != "csv":
        assert fields["age"]["type"] == "Edm.Int32"  # 0..30
        assert fields["seen_at"]["type"] == "Edm.DateTimeOffset"
        assert fields["born"]["type"] == "Edm.String"  # a date has no time nor zone
        assert fields["owner"]["type"] == "Edm.ComplexType"
        assert fields["visits"]["type"] == "Collection(Edm.ComplexType)"
        assert fields["species"]["facetable"] is True


BROKEN: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("misspelt attribute", lambda d: d["index"]["fields"][1].update(filterabel=True), "filterabel"),
    ("unknown type", lambda d: d["index"]["fields"][1].update(type="Edm.Text"), "Edm.Text"),
    ("two keys", lambda d: d["index"]["fields"][1].update(key=True), "2 key fields"),
    (
        "sortable collection",
        lambda d: d["index"]["fields"].append(
            {"name": "labels", "type": "Collection(Edm.String)", "sortable": True}
        ),
        "sortable",
    ),
    (
        "sortable inside a list of objects",
        lambda d: d["index"]["fields"][9]["fields"][0].update(sortable=True),
        "sortable",
    ),
    (
        "parsing mode",
        lambda d: d["indexer"]["parameters"]["configuration"].update(parsingMode="jsonlines"),
        "BlobIndexerParsingMode",
    ),
    ("required property", lambda d: d["indexer"].pop("dataSourceName"), "required"),
    ("searchable number", lambda d: d["index"]["fields"][1].update(searchable=True), "searchable"),
    (
        "attribute on an object",
        lambda d: d["index"]["fields"][9].update(filterable=True),
        "complex",
    ),
    ("bad field name", lambda d: d["index"]["fields"][2].update(name="_system"), "field name"),
    (
        "mapping onto an object",
        lambda d: d["indexer"]["fieldMappings"].append(
            {"sourceFieldName": "x", "targetFieldName": "conversation_history"}
        ),
        "top-level",
    ),
    ("wrong value type", lambda d: d["index"]["fields"][1].update(retrievable="yes"), "boolean"),
]


@pytest.mark.parametrize(
    ("change", "expected"), [(c, e) for _, c, e in BROKEN], ids=[name for name, _, _ in BROKEN]
)
def test_the_validator_refuses_a_broken_definition(
    run_cli: RunCli, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    found = document(show(run_cli, "tech-support", *located("json", "tech-support")))
    assert found["index"]["fields"][9]["name"] == "conversation_history"
    assert definition_problems(found, "json") == []
    broken = copy.deepcopy(found)
    change(broken)

    problems = definition_problems(broken, "json")

    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_written_values_fit_the_index(run_cli: RunCli, tmp_path: Path, scenario: str) -> None:
    out = tmp_path / "out"
    run = run_cli(
        scenario,
        "--provider",
        "offline",
        "--count",
        "4",
        "-f",
        "jsonl",
        "-o",
        str(out),
        *_required_options(scenario),
    )
    assert run.code == 0, run.stderr
    records = [json.loads(line) for line in next(out.glob("*.jsonl")).read_text().splitlines()]
    found = document(show(run_cli, scenario, "--format", "jsonl"))
    fields = found["index"]["fields"]
    key = next(field["name"] for field in fields if field.get("key"))

    for record in records:
        _fits(record, fields, skip=key if key not in record else "")
    if key in records[0]:
        assert len({record[key] for record in records}) == len(records)


def test_csv_columns_are_the_index_fields(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_cli(
        "hr-employee-record", "--provider", "offline", "--count", "2", "-f", "csv", "-o", str(out)
    )
    assert run.code == 0, run.stderr
    header = next(out.glob("*.csv")).read_text(encoding="utf-8").splitlines()[0].split(",")

    found = document(show(run_cli, "hr-employee-record", "--format", "csv"))

    assert [field["name"] for field in found["index"]["fields"]] == header
    assert {field["type"] for field in found["index"]["fields"]} == {"Edm.String"}
    assert found["indexer"]["parameters"]["configuration"] == {
        "parsingMode": "delimitedText",
        "dataToExtract": "contentAndMetadata",
        "indexedFileNameExtensions": ".csv",
        "firstLineContainsHeaders": True,
    }


def test_a_csv_list_of_strings_becomes_a_collection(run_cli: RunCli) -> None:
    found = document(show(run_cli, "tech-support-sop", "--format", "csv"))

    fields = {field["name"]: field for field in found["index"]["fields"]}
    assert fields["tags"]["type"] == "Collection(Edm.String)"
    assert fields["steps"]["type"] == "Edm.String"  # a list of objects: its JSON text
    assert {
        "sourceFieldName": "tags",
        "targetFieldName": "tags",
        "mappingFunction": {"name": "jsonArrayToStringCollection"},
    } in found["indexer"]["fieldMappings"]


@pytest.mark.parametrize(
    ("output_format", "source", "mode"),
    [
        ("json", "metadata_storage_path", "json"),
        ("jsonl", "AzureSearch_DocumentKey", "jsonLines"),
        ("csv", "AzureSearch_DocumentKey", "delimitedText"),
    ],
)
def test_without_an_id_the_indexer_fills_the_key(
    run_cli: RunCli, output_format: str, source: str, mode: str
) -> None:
    found = document(show(run_cli, "retail-product", "--format", output_format))

    first = found["index"]["fields"][0]
    assert (first["name"], first["type"], first["key"]) == ("id", "Edm.String", True)
    assert found["indexer"]["fieldMappings"][0] == {
        "sourceFieldName": source,
        "targetFieldName": "id",
        "mappingFunction": {"name": "base64Encode"},
    }
    assert found["indexer"]["parameters"]["configuration"]["parsingMode"] == mode


def test_the_records_own_id_is_the_key(run_cli: RunCli) -> None:
    found = document(show(run_cli, "tech-support"))

    keys = [field["name"] for field in found["index"]["fields"] if field.get("key")]
    assert keys == ["case_id"]
    assert found["indexer"]["fieldMappings"] == [
        {"sourceFieldName": "case_id", "targetFieldName": "case_id"}
    ]
    assert found["indexer"]["name"] == "tech-support-indexer"
    assert found["dataSource"]["name"] == "tech-support-datasource"


def test_without_flags_the_user_is_told_what_to_replace(run_cli: RunCli) -> None:
    run = show(run_cli, "tech-support", "--index-name", "tickets")

    found = document(run)
    assert found["index"]["name"] == "tickets"
    assert found["indexer"]["targetIndexName"] == "tickets"
    assert found["dataSource"]["credentials"]["connectionString"] == (
        "ResourceId=/subscriptions/<SUBSCRIPTION-ID>/resourceGroups/<RESOURCE-GROUP>/providers/"
        "Microsoft.Storage/storageAccounts/<STORAGE-ACCOUNT>;"
    )
    assert found["dataSource"]["container"] == {"name": "<CONTAINER>"}
    assert run.stderr.splitlines() == [
        "datagen: note: replace <SUBSCRIPTION-ID>, <RESOURCE-GROUP>, <STORAGE-ACCOUNT>, "
        "<CONTAINER> in dataSource (or pass --container and --storage-resource-id)"
    ]


def test_an_https_container_url_and_its_folder(run_cli: RunCli) -> None:
    run = show(
        run_cli,
        "tech-support",
        "--container",
        "https://demodata.blob.core.windows.net/records/2026/tickets/",
    )

    found = document(run)
    assert found["dataSource"]["container"] == {"name": "records", "query": "2026/tickets"}
    assert "storageAccounts/demodata;" in found["dataSource"]["credentials"]["connectionString"]
    assert "--storage-resource-id" in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--search-index", "--format", "yaml"], "cannot read --format 'yaml'"),
        (["--search-index", "--format", "parquet"], "cannot read --format 'parquet'"),
        (["--search-index", "--format", "txt"], "cannot read --format 'txt'"),
        (["--search-index", "--index-name", "Tickets"], "'Tickets' cannot name a search index"),
        (["--search-index", "--index-name", "a--b"], "'a--b' cannot name a search index"),
        (["--search-index", "--container", "s3://bucket/x"], "not a blob container URL"),
        (["--search-index", "--container", "azure-blob://Demo/records"], "storage account name"),
        (["--search-index", "--container", "azure-blob://demo/R"], "not a container name"),
        (["--search-index", "--storage-resource-id", "demodata"], "not a storage account's"),
        (
            [
                "--search-index",
                "--container",
                "azure-blob://other/records",
                "--storage-resource-id",
                ACCOUNT_ID,
            ],
            "names account 'demodata' but --container names 'other'",
        ),
        (["--format", "csv", "--index-name", "x1"], "--format, --index-name only go with"),
        (["--container", "azure-blob://demodata/records"], "--container only goes with"),
        (["--schema", "--search-index"], "--schema and --search-index"),
    ],
)
def test_bad_input_is_one_line(run_cli: RunCli, args: list[str], message: str) -> None:
    run = run_cli("show", "tech-support", *args)

    assert run.code == 2
    assert message in one_error_line(run)
    assert run.stdout == ""


def test_a_plain_json_pipe(run_subprocess: Callable[..., CliRun]) -> None:
    run = run_subprocess(
        "show",
        "financial",
        "--search-index",
        "--format",
        "jsonl",
        *located("jsonl", "financial")[2:],
    )

    assert run.code == 0, run.stderr
    assert definition_problems(json.loads(run.stdout), "jsonl") == []
    assert "\x1b[" not in run.stdout


class Colour(enum.Enum):
    RED = "red"


class Size(enum.IntEnum):
    SMALL = 1


class Inner(BaseModel):
    when: datetime
    level: Literal[1, 2, 3]


def test_types_a_plug_in_model_may_use() -> None:
    model = create_model(
        "Thing",
        colour=(Colour, ...),
        size=(Size, ...),
        stamp=(AwareDatetime, ...),
        naive=(datetime, ...),
        inner=(Inner | None, None),
        big=(int, Field(ge=0)),
        counts=(list[int], ...),
        **{"größe": (float, ...), "azureSearchScore": (str, ...), "id": (str, ...)},
    )

    found = index_fields(model, csv=False)

    types = {field["name"]: field["type"] for field in found.fields}
    assert types == {
        "document_key": "Edm.String",  # "id" is taken by a field that is not unique
        "colour": "Edm.String",
        "size": "Edm.Int64",
        "stamp": "Edm.DateTimeOffset",
        "naive": "Edm.String",  # may be written without a zone
        "inner": "Edm.ComplexType",
        "big": "Edm.Int64",  # no upper bound
        "counts": "Collection(Edm.Int64)",
        "gr__e": "Edm.Double",
        "f_azureSearchScore": "Edm.String",
        "id": "Edm.String",
    }
    inner = next(field for field in found.fields if field["name"] == "inner")
    assert [sub["type"] for sub in inner["fields"]] == ["Edm.String", "Edm.Int32"]
    assert found.mappings == [
        {"sourceFieldName": "größe", "targetFieldName": "gr__e"},
        {"sourceFieldName": "azureSearchScore", "targetFieldName": "f_azureSearchScore"},
    ]
    assert (found.key, found.key_source) == ("document_key", None)
    document_ = search_definitions(model, scenario="things", output_format="jsonl")
    assert definition_problems(json.loads(json.dumps(document_)), "jsonl") == []


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        (dict[str, int], "a type a search index cannot hold"),
        (list[list[str]], "a list of lists"),
        (int | str, "a type a search index cannot hold"),
        (Literal["a", 1], "a type a search index cannot hold"),
        (bytes, "a type a search index cannot hold"),
    ],
)
def test_a_type_an_index_cannot_hold_is_refused(annotation: Any, message: str) -> None:
    model = create_model("Thing", value=(annotation, ...))

    with pytest.raises(UsageError, match=message):
        index_fields(model, csv=False)


def test_a_bad_name_inside_an_object_is_refused() -> None:
    inner = create_model("Inner", **{"_x": (int, ...), "größe": (int, ...)})
    model = create_model("Thing", inner=(inner, ...))

    with pytest.raises(UsageError, match=r"'inner\.größe' has a name Azure AI Search refuses"):
        index_fields(model, csv=False)


def test_an_object_with_a_bad_name_cannot_be_renamed() -> None:
    model = create_model("Thing", **{"größe": (Inner, ...)})

    with pytest.raises(UsageError, match="an object cannot be renamed"):
        index_fields(model, csv=False)


def test_container_urls() -> None:
    assert parse_container("azure-blob://demodata/records").prefix == ""
    assert parse_container("azure-blob://demodata/records/a/b/").prefix == "a/b"


def test_a_sas_token_in_the_url_is_never_printed(run_cli: RunCli) -> None:
    sas = "sv=2024-11-04&sig=c2VjcmV0"
    good = show(
        run_cli,
        "tech-support",
        "--container",
        f"https://demodata.blob.core.windows.net/records/tickets?{sas}",
    )
    bad = show(run_cli, "tech-support", "--container", f"https://demodata.example.com/x?{sas}")

    assert document(good)["dataSource"]["container"] == {"name": "records", "query": "tickets"}
    assert bad.code == 2
    assert "not a blob container URL" in one_error_line(bad)
    for run in (good, bad):
        assert "c2VjcmV0" not in run.stdout + run.stderr


def test_a_connection_string_given_as_resource_id_is_not_echoed(run_cli: RunCli) -> None:
    secret = "AccountName=demodata;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net"

    run = show(run_cli, "tech-support", "--storage-resource-id", secret)

    assert run.code == 2
    assert "not a storage account's resource ID" in one_error_line(run)
    assert "c2VjcmV0" not in run.stdout + run.stderr


def _required_options(scenario: str) -> list[str]:
    from data_generator.cli.show import example_options
    from data_generator.scenario_options import cli_arguments

    tool = ToolRegistry.discover(None).get(scenario).load()
    values = example_options(tool)
    flags = {argument.name: argument.flags[0] for argument in cli_arguments(tool)}
    return [part for name, value in values.items() for part in (flags[name], str(value))]


def _fits(value: Any, fields: list[dict[str, Any]], *, skip: str = "") -> None:
    """Assert that a record (or object) has exactly the index's fields, each of its type."""
    by_name = {field["name"]: field for field in fields if field["name"] != skip}
    assert set(value) == set(by_name)
    for name, field in by_name.items():
        kind = field["type"]
        items = value[name] if kind.startswith("Collection(") else [value[name]]
        if value[name] is None:
            continue
        for item in items:
            _fits_one(item, kind.removeprefix("Collection(").removesuffix(")"), field)


def _fits_one(item: Any, kind: str, field: dict[str, Any]) -> None:
    if kind == "Edm.ComplexType":
        _fits(item, field["fields"])
    elif kind == "Edm.String":
        assert isinstance(item, str)
    elif kind == "Edm.DateTimeOffset":
        assert DATE_TIME_OFFSET.match(item), item
    elif kind == "Edm.Boolean":
        assert isinstance(item, bool)
    elif kind == "Edm.Double":
        assert isinstance(item, int | float)
        assert not isinstance(item, bool)
    else:
        assert kind in ("Edm.Int32", "Edm.Int64")
        assert isinstance(item, int)
        assert not isinstance(item, bool)
        if kind == "Edm.Int32":
            assert -(2**31) <= item < 2**31


def test_a_generated_key_takes_a_free_name() -> None:
    model = create_model(
        "Thing",
        id=(str, ...),
        document_key=(str, ...),
        search_key=(str, ...),
        **{"ID_2": (int, ...)},
    )

    found = index_fields(model, csv=True)

    assert found.key == "id_3"  # names differing only in case clash in Azure AI Search
    assert found.fields[0]["key"] is True
    assert [field["name"] for field in found.fields[1:]] == [
        "id",
        "document_key",
        "search_key",
        "ID_2",
    ]


README = Path(__file__).parent.parent / "README.md"
# A stand-in for the Azure CLI: it logs its arguments, and names a storage account.
FAKE_AZ = """#!/bin/sh
echo "$@" >> "$AZ_LOG"
if [ "$1 $2 $3" = "storage account show" ]; then echo "$STORAGE_ID"; fi
"""


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_the_readme_commands_create_the_three_definitions(tmp_path: Path) -> None:
    section = README.read_text(encoding="utf-8").split("### An Azure AI Search index", 1)[1]
    script = section.split("```sh\n", 1)[1].split("```", 1)[0]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (
        ("az", FAKE_AZ),
        ("datagen", f'#!/bin/sh\nexec {sys.executable} -m data_generator "$@"\n'),
    ):
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    env = child_env(
        PATH=f"{bin_dir}:{child_env()['PATH']}",
        AZ_LOG=str(tmp_path / "az.log"),
        STORAGE_ID=ACCOUNT_ID,
    )

    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # every placeholder was filled
    parts = {
        "index": json.loads((tmp_path / "index.json").read_text()),
        "dataSource": json.loads((tmp_path / "datasource.json").read_text()),
        "indexer": json.loads((tmp_path / "indexer.json").read_text()),
    }
    assert definition_problems(parts, "jsonl") == []
    assert parts["dataSource"]["container"] == {"name": "records", "query": "tickets"}
    puts = [line.split() for line in (tmp_path / "az.log").read_text().splitlines()[1:4]]
    expected = [
        ("indexes", "index", "index.json"),
        ("datasources", "dataSource", "datasource.json"),
        ("indexers", "indexer", "indexer.json"),
    ]
    for words, (kind, part, body) in zip(puts, expected, strict=True):
        name = parts[part]["name"]
        assert words[words.index("--url") + 1] == (
            f"https://my-search.search.windows.net/{kind}/{name}?api-version=2024-07-01"
        )
        assert words[words.index("--body") + 1] == f"@{body}"


def test_a_renamed_record_id_is_mapped_once() -> None:
    model = create_model("Thing", **{"nummer_ü": (Annotated[str, RecordId("T")], ...)})

    found = search_definitions(model, scenario="things", output_format="csv")

    assert found["indexer"]["fieldMappings"] == [
        {"sourceFieldName": "nummer_ü", "targetFieldName": "nummer__"}
    ]
    assert found["index"]["fields"][0]["key"] is True
    assert definition_problems(json.loads(json.dumps(found)), "csv") == []
