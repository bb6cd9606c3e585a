"""``datagen wizard``: questions from the options model, the printed command, the run.

The pseudo-terminal tests at the end drive a real ``datagen wizard`` process the way a
person does; the in-process tests before them drive the same code with a scripted input
to reach every branch quickly.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pexpect
import pytest
from conftest import TESTS_DIR, CliRun
from fake_openai_server import FakeOpenAIServer
from helpers import install_dist_info
from pydantic import BaseModel, ConfigDict, Field, model_validator
from rich.console import Console
from sample_tools import Note, NotesTool

from data_generator.cli.prompts import (
    InvalidAnswerError,
    Prompter,
    bounds_text,
    format_value,
    parse_bool,
    parse_choice,
    parse_float,
    parse_int,
    parse_text,
)
from data_generator.cli.wizard import CANCELLED, command_line, option_flags, run_wizard
from data_generator.cli.wizard_flow import Step, walk
from data_generator.engine.manifest import Manifest
from data_generator.registry import ToolRegistry
from data_generator.tool import CliArgument, DataGeneratorTool

RunCli = Callable[..., CliRun]

PETS = """
[scenarios.pets]
description = "Pets of a shelter."
prompt = "Write pet {{$index}}, a {{$kind}} of at most {{$age}} years."
count = 3
format = "jsonl"

[scenarios.pets.options.kind]
type = "choice"
choices = ["cat", "dog", "rabbit"]
default = "cat"
description = "Which animal."

[scenarios.pets.options.age]
type = "int"
default = 5
minimum = 1
maximum = 20
description = "Oldest pet, in years."

[scenarios.pets.options.vaccinated]
type = "bool"
description = "Only vaccinated pets."

[scenarios.pets.fields.pet_id]
type = "id"
prefix = "PET"

[scenarios.pets.fields.name]
type = "person-name"
"""


# --- a scenario with a rule across its options -----------------------------------------------
class RangeOptions(BaseModel):
    """Two bounds that must be in order, and a code with a pattern the flags cannot show."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: int = Field(default=1, ge=0, le=50, description="Lower bound.")
    high: int = Field(default=10, ge=0, le=50, description="Upper bound.")
    code: str = Field(default="AB", pattern=r"^[A-Z]+$", description="Upper-case letters.")

    @model_validator(mode="after")
    def _ordered(self) -> RangeOptions:
        if self.low > self.high:
            raise ValueError("low must not be above high")
        return self


class RangeTool(DataGeneratorTool[RangeOptions, Note]):
    """Records whose options have a rule across fields."""

    name = "ranges"
    description = "A scenario with a cross-field rule."
    system = "You write notes."
    prompt = "Write note {{$index}}."


# --- helpers ---------------------------------------------------------------------------------
@dataclass
class Drive:
    """What an in-process wizard session did."""

    code: int
    screen: str
    unused: list[str]

    @property
    def command(self) -> str:
        """The printed command line."""
        return self.screen.split("The equivalent command:\n")[1].splitlines()[0]

    @property
    def argv(self) -> list[str]:
        """The printed command's arguments after ``datagen``."""
        words = shlex.split(self.command)
        assert words[0] == "datagen"
        return words[1:]


def drive(answers: list[str], registry: ToolRegistry | None = None, **kwargs: Any) -> Drive:
    """Run the wizard in this process with scripted answers (EOF after the last one)."""
    registry = registry or ToolRegistry.discover(Path("scenarios.toml"))
    lines = iter(answers)

    def read_line() -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    out = io.StringIO()
    console = Console(file=out, width=100, no_color=True, highlight=False)
    code = run_wizard(registry, console=console, read_line=read_line, **kwargs)
    return Drive(code, out.getvalue(), list(lines))


def records(out: Path) -> dict[str, bytes]:
    """Every record file of an out-dir (not the run state in .datagen/), by relative path."""
    found = sorted(path for path in out.rglob("*") if path.is_file())
    return {
        str(path.relative_to(out)): path.read_bytes()
        for path in found
        if ".datagen" not in path.relative_to(out).parts
    }


def with_out_dir(argv: list[str], out_dir: str) -> list[str]:
    """``argv`` with its --out-dir replaced."""
    changed = list(argv)
    changed[changed.index("--out-dir") + 1] = out_dir
    return changed


TECH = ["tech-support", "SaaS CRM", "offline", "4", "jsonl", "out/a", "17"]


# --- prompting primitives --------------------------------------------------------------------
def test_int_answers_are_bounded() -> None:
    assert parse_int(" 7 ", 1, 50) == 7
    assert parse_int("50", 1, 50) == 50
    with pytest.raises(InvalidAnswerError, match=r"^must be at most 50$"):
        parse_int("51", 1, 50)
    with pytest.raises(InvalidAnswerError, match=r"^must be at least 1$"):
        parse_int("0", 1, 50)
    with pytest.raises(InvalidAnswerError, match="'x1' is not a whole number"):
        parse_int("x1")
    assert parse_int("-3") == -3


def test_float_answers_are_bounded_and_finite() -> None:
    assert parse_float("2.5", 0, 100) == 2.5
    with pytest.raises(InvalidAnswerError, match=r"^must be at most 100$"):
        parse_float("100.5", 0, 100)
    with pytest.raises(InvalidAnswerError, match="is not a number"):
        parse_float("lots")
    with pytest.raises(InvalidAnswerError, match="is not a finite number"):
        parse_float("nan")
    with pytest.raises(InvalidAnswerError, match="a value is required"):
        parse_float(" ")


def test_choice_by_number_or_name() -> None:
    choices = ("json", "jsonl", "csv", "yaml")

    assert parse_choice("2", choices) == "jsonl"
    assert parse_choice(" CSV ", choices) == "csv"
    for wrong in ("0", "5", "xml", ""):
        with pytest.raises(InvalidAnswerError, match=r"^choose 1-4 or a listed name$"):
            parse_choice(wrong, choices)
    assert parse_choice("10", ("1", "10")) == "10"  # a name wins over a number


@pytest.mark.parametrize(
    ("text", "value"), [("y", True), ("YES", True), ("n", False), ("no", False)]
)
def test_bool_answers(text: str, value: bool) -> None:
    assert parse_bool(text) is value


def test_bool_refuses_other_answers() -> None:
    with pytest.raises(InvalidAnswerError, match="answer y or n"):
        parse_bool("maybe")


def test_text_must_not_be_blank_and_values_are_shown_as_typed() -> None:
    assert parse_text("  SaaS CRM ") == "SaaS CRM"
    with pytest.raises(InvalidAnswerError, match="a value is required"):
        parse_text("   ")
    assert [format_value(v) for v in (None, True, False, 2.5)] == ["none", "yes", "no", "2.5"]
    assert [
        bounds_text(1, 5),
        bounds_text(1, None),
        bounds_text(None, 5),
        bounds_text(None, None),
    ] == [
        "1 to 5",
        "at least 1",
        "at most 5",
        "",
    ]


def test_prompter_asks_an_option_by_its_kind() -> None:
    answers = iter(["", "", "x", "12", " Ada "])
    out = io.StringIO()
    prompter = Prompter(Console(file=out, width=100, no_color=True), lambda: next(answers))
    note = CliArgument("note", ("--note",), "str", "A note.", default=None)
    size = CliArgument("size", ("--size",), "int", "", required=True)
    name = CliArgument("name", ("--name",), "str", "", default="Bob")

    assert prompter.argument(note) is None  # Enter keeps "none"
    assert prompter.argument(size) == 12  # no default: blank and "x" are refused
    assert prompter.argument(name, current="Eve") == "Ada"

    screen = out.getvalue()
    assert "--note  A note.\nNote [none]: " in screen
    assert screen.count("Size: ") == 3
    assert "! a value is required" in screen
    assert "! 'x' is not a whole number" in screen
    assert "Name [Eve]: " in screen


# --- the command line ------------------------------------------------------------------------
def test_only_options_that_differ_from_their_defaults_become_flags() -> None:
    arguments = [
        CliArgument("product", ("--product", "-d"), "str", "", required=True),
        CliArgument("kind", ("--kind",), "choice", "", default="a", choices=("a", "b")),
        CliArgument("size", ("--size",), "int", "", default=3),
        CliArgument("loud", ("--loud",), "bool", "", default=True),
        CliArgument("note", ("--note",), "str", "", default=None),
    ]
    values = {"product": "SaaS CRM", "kind": "a", "size": 4, "loud": False, "note": None}

    assert option_flags(arguments, values) == ["--product", "SaaS CRM", "--size", "4", "--no-loud"]
    values = {"product": "-x", "kind": "b", "size": 3, "loud": True, "note": "hi"}
    assert option_flags(arguments, values) == ["--product=-x", "--kind", "b", "--note", "hi"]


def test_the_command_line_is_shell_quoted() -> None:
    argv = ["tech-support", "--system-description", 'Bob\'s "CRM" $HOME', "--seed", "3"]

    line = command_line(argv)

    assert line.startswith("datagen tech-support --system-description '")
    assert shlex.split(line) == ["datagen", *argv]


# --- the wizard in this process --------------------------------------------------------------
def test_yes_runs_the_printed_command(run_cli: RunCli, tmp_path: Path) -> None:
    session = drive([*TECH, "y"])

    assert session.code == 0, session.screen
    assert session.unused == []
    assert session.argv == [
        "tech-support",
        "--system-description",
        "SaaS CRM",
        "--count",
        "4",
        "--output-format",
        "jsonl",
        "--out-dir",
        "out/a",
        "--seed",
        "17",
        "--provider",
        "offline",
    ]
    again = run_cli(*with_out_dir(session.argv, "out/b"))
    assert again.code == 0, again.stderr
    first, second = records(tmp_path / "out/a"), records(tmp_path / "out/b")
    assert list(first) == ["tech-support.jsonl"]
    assert first == second


def test_no_prints_the_command_and_writes_nothing(tmp_path: Path) -> None:
    session = drive([*TECH, "n"])

    assert session.code == 0
    assert "Nothing was run. Copy the command above" in session.screen
    assert not (tmp_path / "out").exists()


def test_defaults_are_kept_with_enter_and_bad_answers_are_asked_again() -> None:
    answers = ["healthcare", "99", "", "5", "3", "0", "", "", "", "", "n"]

    session = drive(answers)

    assert session.code == 0, session.screen
    assert session.unused == []
    assert session.screen.count("! choose 1-11 or a listed name") == 1
    assert "! must be at least 1" in session.screen
    assert "general-medicine  (default)" in session.screen
    seed = re.search(r"A fresh random seed was drawn: (\d+)\.", session.screen)
    assert seed is not None
    assert session.argv == [
        *["healthcare", "--document-type", "progress-note", "--count", "10"],
        *["--output-format", "json", "--out-dir", "data/healthcare", "--seed", seed[1]],
        *["--provider", "offline"],
    ]


def test_every_kind_of_option_and_the_scenarios_formats() -> None:
    registry = ToolRegistry()
    registry.register(NotesTool)
    options = ["cats", "11", "4", "2", "0.25", "x", "y", "warm", ""]

    session = drive(["notes", *options, "offline", "2", "2", "", "", "n"], registry)

    assert session.code == 0, session.screen
    assert session.unused == []
    assert "! must be at most 10" in session.screen
    assert "Ratio (0.0 to 1.0) [0.5]" in session.screen
    assert "! must be at most 1.0" in session.screen
    assert "Shout? [y/N]" in session.screen
    assert "! answer y or n" in session.screen
    assert session.argv[:14] == [
        *["notes", "--topic", "cats", "--length", "4", "--ratio", "0.25", "--shout"],
        *["--tone", "warm", "--count", "2", "--output-format", "txt"],
    ]


def test_a_rule_across_options_is_explained_and_asked_again() -> None:
    registry = ToolRegistry()
    registry.register(RangeTool)
    answers = ["ranges", "9", "3", "", "8", "12", "", "offline", "", "", "", "", "n"]

    session = drive(answers, registry)

    assert session.code == 0, session.screen
    assert session.unused == []
    assert "! ranges: low must not be above high" in session.screen
    assert "Please answer these again." in session.screen
    assert session.argv[:5] == ["ranges", "--low", "8", "--high", "12"]


def test_a_field_rule_asks_only_that_option_again() -> None:
    registry = ToolRegistry()
    registry.register(RangeTool)
    answers = ["ranges", "", "", "ab", "XY", "offline", "", "", "", "", "n"]

    session = drive(answers, registry)

    assert session.code == 0, session.screen
    assert session.unused == []
    assert "! --code: String should match pattern" in session.screen
    assert "Please answer it again." in session.screen
    assert session.argv[:3] == ["ranges", "--code", "XY"]


def test_scenario_by_number_alias_or_argument(tmp_path: Path) -> None:
    registry = ToolRegistry.discover()
    number = registry.names().index("financial") + 1

    by_number = drive([str(number), *[""] * 3, "offline", "", "", "", "", "n"], registry)
    by_alias = drive(["nope", "financial-transaction", *[""] * 3, "3", "", "", "", "", "n"])
    by_argument = drive([*[""] * 3, "offline", "", "", "", "", "n"], scenario="financial")
    wrong_argument = drive(["financial", *[""] * 3, "3", "", "", "", "", "n"], scenario="nope")

    for session in (by_number, by_alias, by_argument, wrong_argument):
        assert session.code == 0, session.screen
        assert session.unused == []
        assert session.argv[0] == "financial"
    assert f"! choose 1-{len(registry.names())} or a listed name" in by_alias.screen
    assert "-- Scenario --" not in by_argument.screen
    assert "! no scenario called 'nope'" in wrong_argument.screen


def test_a_declared_scenario_gets_defaults_from_its_file(tmp_path: Path) -> None:
    path = tmp_path / "scenarios.toml"
    path.write_text(PETS, encoding="utf-8")

    session = drive(
        ["pets", "dog", "21", "", "y", "offline", "", "", "", "", "n"], scenarios_file=path
    )

    assert session.code == 0, session.screen
    assert "! must be at most 20" in session.screen
    assert "Count of records (at least 1) [3]" in session.screen
    assert "jsonl  (default)" in session.screen
    assert session.argv[:7] == [
        "--scenarios-file",
        str(path),
        "pets",
        "--kind",
        "dog",
        "--vaccinated",
        "--count",
    ]


def test_a_scenario_that_cannot_load_is_explained_and_another_is_asked(tmp_path: Path) -> None:
    (tmp_path / "scenarios.toml").write_text(
        '[scenarios.broken]\ntool = "sample_tools:Note"\n'
        '[scenarios.empty]\nprompt = "Write {{$index}}"\nfields = { a = { type = "string" } }\n'
        '[scenarios.bad]\nprompt = "x"\nfields = { a = { type = "nope" } }\n',
        encoding="utf-8",
    )

    session = drive(["broken", "empty", "offline", "", "", "", "", "n"], scenario="bad")

    assert session.code == 0, session.screen
    assert "warning: scenarios.toml:8: scenario 'bad': field 'a' has type 'nope'" in session.screen
    assert "! scenarios.toml:8: scenario 'bad': field 'a'" in session.screen
    assert "is not a DataGeneratorTool subclass" in session.screen
    assert "This scenario has no options." in session.screen
    assert session.argv[0] == "empty"


def test_azure_asks_only_what_is_missing_and_never_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_DEPLOYMENT", "gpt-4o-mini")
    answers = ["healthcare", "", "", "azure", "example.com", "https://x.openai.azure.com"]

    session = drive([*answers, "", "", "", "", "n"])

    assert session.code == 0, session.screen
    assert session.unused == []
    assert "! must start with https:// or http://" in session.screen
    assert "gpt-4o-mini (from environment)" in session.screen
    assert "Deployment name" not in session.screen
    assert "AZURE_OPENAI_API_KEY is not set: Microsoft Entra ID" in session.screen
    argv = session.argv
    assert argv[argv.index("--provider") + 1] == "azure"
    assert argv[argv.index("--azure-openai-endpoint") + 1] == "https://x.openai.azure.com"
    assert "--azure-openai-deployment" not in argv
    assert not any("key" in word for word in argv)


def test_openai_asks_base_url_and_model(tmp_path: Path) -> None:
    answers = ["healthcare", "", "", "openai", "http://localhost:11434/v1", "llama3"]

    session = drive([*answers, "", "", "", "", "n"])

    assert session.code == 0, session.screen
    assert "OPENAI_API_KEY is not set: a server that needs one" in session.screen
    argv = session.argv
    assert argv[argv.index("--openai-base-url") + 1] == "http://localhost:11434/v1"
    assert argv[argv.index("--openai-model") + 1] == "llama3"


def test_plugin_providers_are_offered_after_the_built_ins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    lines = "[data_generator.providers]\ncapped = sample_providers:CAPPED\nbad = nowhere:SPEC\n"
    install_dist_info(tmp_path / "site", "datagen-provider-capped", "1.0", lines)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    answers = ["healthcare", "", "", "5", "64"]

    session = drive([*answers, "", "", "", "", "n"])

    assert session.code == 0, session.screen
    assert session.unused == []
    assert "warning: provider 'bad' from entry point 'bad'" in session.screen
    assert re.search(r"5\. capped +The capped provider\.", session.screen)
    assert "Provider (1-5 or a name) [offline]" in session.screen
    assert "Output tokens per request" in session.screen  # the setting's description asks
    argv = session.argv
    assert argv[argv.index("--provider") + 1] == "capped"
    assert argv[argv.index("--max-tokens") + 1] == "64"


def test_keys_are_shown_as_set_and_never_echoed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "env-secret-123")
    monkeypatch.setenv("DATAGEN_PROVIDER", "openai")
    monkeypatch.setenv("DATAGEN_SEED", "4242")
    (tmp_path / ".env").write_text(
        "OPENAI_API_KEY=dotenv-secret-456\nOPENAI_MODEL=llama3\n"
        "OPENAI_BASE_URL=https://user:pass-789@llm.example.com/v1\n",
        encoding="utf-8",
    )

    session = drive(["healthcare", "", "", "", "", "", "", "", "n"])

    assert session.code == 0, session.screen
    assert session.unused == []
    screen = session.screen
    for secret in ("env-secret-123", "dotenv-secret-456", "pass-789"):
        assert secret not in screen
    assert "set (from environment)" in screen
    assert "set (from .env)" in screen
    assert "llama3 (from .env)" in screen
    assert "https://***@llm.example.com/v1 (from .env)" in screen
    assert "openai (from environment)" in screen
    assert "2024-10-21 (default)" in screen
    argv = session.argv
    assert argv[argv.index("--provider") + 1] == "openai"
    assert argv[argv.index("--seed") + 1] == "4242"  # the seed the environment sets
    assert "--openai-model" not in argv  # resolved, so not asked and not repeated


def test_out_dir_must_be_a_folder(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")

    session = drive([*TECH[:5], "taken", "out/a", "", "n"])

    assert session.code == 0
    assert "! 'taken' is a file; name a folder" in session.screen


def test_out_dir_dash_is_not_standard_output_in_the_wizard() -> None:
    session = drive([*TECH[:5], "-", "out/a", "", "n"])

    assert session.code == 0
    assert "! the wizard writes into a folder; name one (./- for '-')" in session.screen
    argv = session.argv
    assert argv[argv.index("--out-dir") + 1] == "out/a"


def test_end_of_input_cancels(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    session = drive(TECH[:3])

    assert session.code == 130
    assert capsys.readouterr().err == f"datagen: {CANCELLED}\n"
    assert not (tmp_path / "out").exists()


def test_ctrl_c_cancels(capsys: pytest.CaptureFixture[str]) -> None:
    def interrupt() -> str:
        raise KeyboardInterrupt

    out = io.StringIO()
    code = run_wizard(ToolRegistry.discover(), console=Console(file=out), read_line=interrupt)

    assert code == 130
    assert capsys.readouterr().err == f"datagen: {CANCELLED}\n"


def test_the_wizard_command_reads_answers_from_a_pipe(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join([*TECH, "y"]) + "\n"))

    run = run_cli("wizard")

    assert run.code == 0, run.stderr
    assert "datagen tech-support --system-description 'SaaS CRM' --count 4" in run.stdout
    assert "Wrote 4 tech-support records" in run.stdout
    assert list(records(tmp_path / "out/a")) == ["tech-support.jsonl"]


def test_a_failing_run_returns_its_exit_code(
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    start_server: Callable[..., FakeOpenAIServer],
) -> None:
    server = start_server(api_key="the-right-key")
    monkeypatch.setenv("OPENAI_API_KEY", "a-wrong-key")
    answers = ["SaaS CRM", "openai", server.openai_base_url, "gpt-x", "1", "", "", "", "y"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(answers) + "\n"))

    run = run_cli("wizard", "tech-support")

    assert run.code == 2, run.stdout
    assert "refused the API key or identity (401)" in run.stderr
    assert server.requests  # the printed command ran against the server
    assert "a-wrong-key" not in run.stdout + run.stderr


# --- going back ------------------------------------------------------------------------------
def test_back_from_azure_returns_to_the_provider_question() -> None:
    answers = ["tech-support", "SaaS CRM", "azure", "<", "offline", "4", "jsonl", "out/a", "17"]

    session = drive([*answers, "n"])

    assert session.code == 0, session.screen
    assert session.unused == []
    assert (
        session.screen.count("Azure OpenAI endpoint (https://<resource>.openai.azure.com): ") == 1
    )
    assert "Provider (1-4 or a name) [azure]: " in session.screen  # the earlier answer
    assert session.argv == drive([*TECH, "n"]).argv  # as if azure had never been picked


def test_back_at_every_question_re_asks_it_with_the_earlier_answer() -> None:
    session = drive([*TECH, *["<"] * 7, "", "", "", "", "", "", "", "n"])

    assert session.code == 0, session.screen
    assert session.unused == []
    screen = session.screen
    for question in (
        "Seed (a whole number, at least 0) [17]: ",
        "Output folder [out/a]: ",
        "Output format (1-6 or a name) [jsonl]: ",
        "Count of records (at least 1) [4]: ",
        "Provider (1-4 or a name) [offline]: ",
        "System description [SaaS CRM]: ",
        f"Scenario (1-{len(ToolRegistry.discover().names())} or a name) [tech-support]: ",
    ):
        assert question in screen
    assert session.argv == drive([*TECH, "n"]).argv


def test_back_is_refused_at_the_first_question_and_read_in_any_case() -> None:
    session = drive(["back", "tech-support", "SaaS CRM", "BACK", "", *TECH[2:], "n"])

    assert session.code == 0, session.screen
    assert session.unused == []
    assert "! this is the first question: there is nothing to go back to" in session.screen
    assert session.screen.count("System description") == 2


def test_back_to_another_scenario_forgets_the_options_of_the_first() -> None:
    answers = ["healthcare", "cardiology", "<", "<", "tech-support", "SaaS CRM", *TECH[2:]]

    session = drive([*answers, "n"])

    assert session.code == 0, session.screen
    assert session.unused == []
    assert "Scenario (1-" in session.screen.split("Speciality")[-1]  # asked again
    assert session.argv == drive([*TECH, "n"]).argv


def test_back_from_the_scenario_given_up_front_shows_the_menu() -> None:
    session = drive(["<", "", "SaaS CRM", *TECH[2:], "n"], scenario="tech-support")

    assert session.code == 0, session.screen
    assert session.unused == []
    assert "-- Scenario --" in session.screen
    assert "or a name) [tech-support]: " in session.screen


def test_back_after_a_refused_option_asks_the_option_before_it() -> None:
    registry = ToolRegistry()
    registry.register(RangeTool)
    # code "ab" is refused; back from its second asking returns to high, then code again
    answers = ["ranges", "", "", "ab", "<", "12", "XY", "offline", "", "", "", "", "n"]

    session = drive(answers, registry)

    assert session.code == 0, session.screen
    assert session.unused == []
    assert "High (0 to 50) [10]: " in session.screen.split("Please answer it again.")[1]
    assert session.argv[:5] == ["ranges", "--high", "12", "--code", "XY"]


def test_a_step_may_send_the_walk_to_a_step_not_yet_asked() -> None:
    done: list[str] = []
    prompter = Prompter(Console(file=io.StringIO()), back=True)

    def once(name: str, target: str | None = None) -> Callable[[], str | None]:
        def run() -> str | None:
            done.append(name)
            return target if done.count(name) == 1 else None

        return run

    walk(prompter, lambda: [Step("a", once("a")), Step("b", once("b", "c")), Step("c", once("c"))])

    assert done == ["a", "b", "c"]


# --- the provider ----------------------------------------------------------------------------
def test_the_provider_defaults_to_offline_when_no_model_is_configured() -> None:
    session = drive(["tech-support", "SaaS CRM", "", "4", "jsonl", "out/a", "17", "n"])

    assert session.code == 0, session.screen
    assert "Provider (1-4 or a name) [offline]: " in session.screen
    assert session.argv == drive([*TECH, "n"]).argv


@pytest.mark.parametrize(
    ("variables", "default"),
    [
        ({"AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com"}, "offline"),  # no deployment
        (
            {"AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com", "AZURE_OPENAI_DEPLOYMENT": "d"},
            "azure",
        ),
        ({"OPENAI_BASE_URL": "http://localhost:11434/v1", "OPENAI_MODEL": "llama3"}, "openai"),
        ({"DATAGEN_PROVIDER": "azure"}, "azure"),  # set on purpose, even without an endpoint
    ],
)
def test_a_configured_model_or_provider_is_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variables: dict[str, str], default: str
) -> None:
    (tmp_path / ".env").write_text(
        "".join(f"{name}={value}\n" for name, value in variables.items()), encoding="utf-8"
    )

    session = drive(["tech-support", "SaaS CRM"])  # input ends at the provider question

    assert session.code == 130
    assert f"Provider (1-4 or a name) [{default}]: " in session.screen
    shown = "azure (from .env)" if "DATAGEN_PROVIDER" in variables else "not set"
    assert re.search(rf"DATAGEN_PROVIDER +{re.escape(shown)}", session.screen)


def test_a_provider_its_settings_refuse_is_explained_and_asked_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "model.gguf").write_text("not a model", encoding="utf-8")
    monkeypatch.setenv("DATAGEN_MODEL_PATH", str(tmp_path / "model.gguf"))

    session = drive(["tech-support", "SaaS CRM", "local", "offline", *TECH[3:], "n"])

    assert session.code == 0, session.screen
    assert session.unused == []
    refused = session.screen.index("is not a GGUF model file")
    assert "! --model-path '" in session.screen[refused - 100 : refused]
    assert refused < session.screen.index("Provider (1-4 or a name) [local]: ")
    assert session.argv == drive([*TECH, "n"]).argv


def test_the_model_a_spec_names_is_the_one_its_provider_reports() -> None:
    from data_generator.providers.builtin import AZURE, LOCAL, OFFLINE, OPENAI
    from data_generator.settings import Settings

    settings = Settings(
        azure_openai_endpoint="https://x.openai.azure.com",
        azure_openai_deployment="my-deployment",
        azure_openai_api_key="k",
        openai_base_url="http://127.0.0.1:9/v1",
        openai_model="llama3",
    )

    named = {}
    for spec in (AZURE, OPENAI, OFFLINE):
        assert spec.model_name is not None
        named[spec.name] = spec.model_name(settings)
        assert spec.create(settings, tool=RangeTool()).model == named[spec.name]
    assert named == {"azure": "my-deployment", "openai": "llama3", "offline": "offline-synthesizer"}
    assert LOCAL.model_name is not None
    assert LOCAL.model_name(settings) is None  # the bundled model: told once it is assembled
    assert LOCAL.model_name(Settings(model_path=Path("/models/gemma.gguf"))) == "gemma.gguf"


# --- the format's extra and the out-dir ------------------------------------------------------
def test_parquet_without_pyarrow_is_refused_at_the_format_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError

    session = drive([*TECH[:4], "parquet", "jsonl", *TECH[5:], "n"])

    assert session.code == 0, session.screen
    assert session.unused == []
    assert "! parquet output needs pyarrow, which is not installed." in session.screen
    assert "pip install 'datagen[parquet]'" in session.screen
    assert session.argv == drive([*TECH, "n"]).argv


def test_parquet_with_pyarrow_is_taken() -> None:
    pytest.importorskip("pyarrow")

    session = drive([*TECH[:4], "parquet", *TECH[5:], "n"])

    assert session.code == 0, session.screen
    assert session.argv[session.argv.index("--output-format") + 1] == "parquet"


def test_an_occupied_default_out_dir_gives_way_to_a_free_one(
    run_cli: RunCli, tmp_path: Path
) -> None:
    first = run_cli("tech-support", "-d", "Other", "--provider", "offline", "--count", "2")
    assert first.code == 0, first.stderr
    before = records(tmp_path / "data/tech-support")
    (tmp_path / "data/tech-support-2").mkdir()
    (tmp_path / "data/tech-support-2/tech-support-000001.json").write_text("{}", encoding="utf-8")

    (tmp_path / "data/tech-support-3").write_text("a file, not a folder", encoding="utf-8")

    session = drive([*TECH[:5], "", "17", "y"])

    assert session.code == 0, session.screen
    assert (
        "data/tech-support holds another run; the default is data/tech-support-4, a free folder."
    ) in session.screen
    assert "Output folder [data/tech-support-4]: " in session.screen
    assert "warning" not in session.screen
    assert list(records(tmp_path / "data/tech-support-4")) == ["tech-support.jsonl"]
    assert records(tmp_path / "data/tech-support") == before


def test_an_occupied_out_dir_is_warned_about_before_the_run_question(
    run_cli: RunCli, tmp_path: Path
) -> None:
    first = run_cli("tech-support", "-d", "Other", "--provider", "offline", "-o", "out/a")
    assert first.code == 0, first.stderr
    before = records(tmp_path / "out/a")

    session = drive([*TECH, "", "y"])

    assert session.code == 0, session.screen
    assert session.unused == []
    warning = session.screen.index("warning: 'out/a' holds records made with other settings (")
    assert "system_description" in session.screen[warning:].splitlines()[0]
    assert warning < session.screen.index("Run it now?")
    assert re.search(r"1\. out/a-2 +a free folder  \(default\)", session.screen)
    assert re.search(r"2\. overwrite +replace the run in out/a \(--overwrite\)", session.screen)
    assert session.argv[session.argv.index("--out-dir") + 1] == "out/a-2"
    assert records(tmp_path / "out/a") == before
    assert list(records(tmp_path / "out/a-2")) == ["tech-support.jsonl"]


def test_an_out_dir_whose_state_lives_in_datagen_state_dir_is_seen_as_occupied(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATAGEN_STATE_DIR", str(tmp_path / "state"))
    first = run_cli("tech-support", "-d", "Other", "--provider", "offline", "-o", "out/a")
    assert first.code == 0, first.stderr
    assert not (tmp_path / "out/a/.datagen").exists()

    session = drive([*TECH, "", "y"])

    assert session.code == 0, session.screen
    assert "warning: 'out/a' holds records made with other settings (" in session.screen
    assert session.argv[session.argv.index("--out-dir") + 1] == "out/a-2"


def test_overwrite_is_offered_for_an_occupied_out_dir(run_cli: RunCli, tmp_path: Path) -> None:
    first = run_cli("tech-support", "-d", "Other", "--provider", "offline", "-o", "out/a")
    assert first.code == 0, first.stderr
    again = drive([*TECH, "overwrite", "n"])
    assert again.argv[-1] == "--overwrite"

    session = drive([*TECH, "2", "y"])

    assert session.code == 0, session.screen
    assert session.argv[session.argv.index("--out-dir") + 1] == "out/a"
    assert list(records(tmp_path / "out/a")) == ["tech-support.jsonl"]
    assert b"Other" not in records(tmp_path / "out/a")["tech-support.jsonl"]


def test_back_from_the_occupied_out_dir_question_changes_the_seed(
    run_cli: RunCli, tmp_path: Path
) -> None:
    first = drive([*TECH, "y"])
    assert first.code == 0, first.screen

    session = drive([*TECH[:-1], "18", "<", "", "", "n"])  # seed 18 is another run

    assert session.code == 0, session.screen
    assert session.unused == []
    assert "seed 17 -> 18" in session.screen
    assert "Seed (a whole number, at least 0) [18]: " in session.screen
    assert "--out-dir out/a --seed" not in session.command  # the free folder was kept


def test_the_same_run_in_the_out_dir_is_extended_not_warned_about(tmp_path: Path) -> None:
    first = drive([*TECH, "y"])
    assert first.code == 0, first.screen

    session = drive([*TECH[:3], "6", *TECH[4:6], "", "y"])  # seed: Enter

    assert session.code == 0, session.screen
    assert "out/a holds a run of these settings with seed 17; keep it" in session.screen
    assert "out/a already holds 4 records of this run" in session.screen
    assert "warning" not in session.screen
    lines = (tmp_path / "out/a/tech-support.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6


@pytest.mark.parametrize(
    ("state", "problem"),
    [
        ("records", "'out/a' holds tech-support records that no datagen run state accounts for"),
        ("damaged", "the run manifest 'out/a/.datagen/manifest.json' is damaged"),
    ],
)
def test_records_without_a_manifest_or_a_damaged_one_are_warned_about(
    tmp_path: Path, state: str, problem: str
) -> None:
    if state == "records":
        (tmp_path / "out/a").mkdir(parents=True)
        (tmp_path / "out/a/tech-support.jsonl").write_text("{}\n", encoding="utf-8")
    else:
        (tmp_path / "out/a/.datagen").mkdir(parents=True)
        (tmp_path / "out/a/.datagen/manifest.json").write_text("{", encoding="utf-8")

    session = drive([*TECH, "", "n"])

    assert session.code == 0, session.screen
    assert f"warning: {problem}" in session.screen
    assert session.argv[session.argv.index("--out-dir") + 1] == "out/a-2"


def test_a_folder_that_cannot_be_read_is_not_taken_for_free() -> None:
    from data_generator.cli.wizard_out_dir import PlannedRun, look
    from data_generator.tools.tech_support import TechSupportTool

    tool = TechSupportTool({"system_description": "CRM"})
    options = tool.options
    plan = PlannedRun("tech-support", options, tool.record_model, "offline", None, "jsonl")

    seen = look("x" * 5000, plan, 3)  # longer than any file name may be

    assert seen.kind == "other"
    assert seen.problem.startswith("cannot read 'xxx")
    assert seen.problem.endswith("': File name too long")


def test_a_model_told_only_when_built_is_taken_from_the_run_there() -> None:
    from data_generator.cli.wizard_out_dir import PlannedRun
    from data_generator.tools.tech_support import TechSupportTool

    tool = TechSupportTool({"system_description": "CRM"})
    options = tool.options
    plan = PlannedRun("tech-support", options, tool.record_model, "local", None, "jsonl")

    assert (
        plan.inputs(3, Manifest.from_json({"provider": "local", "model": "gemma.gguf"}))["model"]
        == "gemma.gguf"
    )
    assert (
        plan.inputs(3, Manifest.from_json({"provider": "offline", "model": "offline-synthesizer"}))[
            "model"
        ]
        is None
    )


# --- menus -----------------------------------------------------------------------------------
def test_a_menu_that_would_wrap_is_shown_in_columns_and_listed_on_request() -> None:
    registry = ToolRegistry.discover()
    names = registry.names()
    descriptions = {entry.name: entry.description for entry in registry}
    answers = iter(["?", "tech-support"])
    out = io.StringIO()
    prompter = Prompter(
        Console(file=out, width=100, height=40, no_color=True), lambda: next(answers)
    )

    chosen = prompter.choose("Scenario", names, "healthcare", descriptions)

    assert chosen == "tech-support"
    menu, listing = out.getvalue().split("Scenario (1-", 1)
    assert all(len(line) <= 100 for line in menu.splitlines())
    assert len(menu.splitlines()) < len(names)  # several per line
    assert "healthcare  (default)" in menu
    assert descriptions["tech-support"] not in menu
    assert "(answer ? to list them one per line, with what each is)" in menu
    assert descriptions["tech-support"] in listing  # after "?", one per line


def test_a_menu_taller_than_the_console_is_shown_in_columns() -> None:
    choices = [f"choice-{number}" for number in range(1, 13)]
    out = io.StringIO()
    prompter = Prompter(Console(file=out, width=100, height=10, no_color=True))

    assert prompter.menu(choices) is True
    assert len(out.getvalue().splitlines()) < len(choices)
    assert "?" not in out.getvalue()  # nothing more to list without descriptions

    out.truncate(0)
    tall = Prompter(Console(file=out, width=100, height=40, no_color=True))
    assert tall.menu(choices) is False


# --- a real pseudo-terminal ------------------------------------------------------------------
#: How long the first screen may take (a cold start imports the package).
START_TIMEOUT = 120
#: How long one question may take after the previous answer: a script that has run out of
#: answers, or expects a question the wizard does not ask, fails after this long.
QUESTION_TIMEOUT = 60
#: How long a confirmed run may take to end.
RUN_TIMEOUT = 120


def spawn(cwd: Path, *args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    """Start ``python -m data_generator wizard ARGS`` on a pseudo-terminal."""
    full_env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AZURE_OPENAI_", "DATAGEN_", "OPENAI_"))
    }
    # Rich takes a dumb terminal for 80 x 25 unless both COLUMNS and LINES are set.
    size = {"COLUMNS": "100", "LINES": "40"}
    full_env.update({"NO_COLOR": "1", "TERM": "dumb", **size, **(env or {})})
    full_env["PYTHONPATH"] = os.pathsep.join(
        [str(TESTS_DIR), *filter(None, [full_env.get("PYTHONPATH")])]
    )
    child = pexpect.spawn(
        sys.executable,
        ["-m", "data_generator", "wizard", *args],
        cwd=str(cwd),
        env=full_env,
        encoding="utf-8",
        timeout=QUESTION_TIMEOUT,
        dimensions=(40, 100),
    )
    child.logfile_read = io.StringIO()
    wait(child, "datagen wizard: answer a few questions", START_TIMEOUT)
    return child


def screen(child: pexpect.spawn) -> str:
    """Everything the child printed so far (with the pty's echo of the answers)."""
    log = child.logfile_read
    assert isinstance(log, io.StringIO)
    return log.getvalue()


def wait(child: pexpect.spawn, text: str, timeout: float = QUESTION_TIMEOUT) -> None:
    """Wait for ``text``; fail at once, showing the screen, if the wizard ends or stalls."""
    found = child.expect_exact([text, pexpect.EOF, pexpect.TIMEOUT], timeout=timeout)
    if found == 0:
        return
    state = "ended" if found == 1 else f"printed nothing more for {timeout} s"
    tail = "\n".join(screen(child).replace("\r", "").splitlines()[-12:])
    child.terminate(force=True)
    pytest.fail(f"waiting for {text!r}, the wizard {state}; its screen ends with:\n{tail}")


def answer(child: pexpect.spawn, question: str, text: str) -> None:
    """Wait for ``question``, then type ``text`` and Enter."""
    wait(child, question)
    child.sendline(text)


def finish(child: pexpect.spawn) -> int:
    """Wait for the child to end; return its exit code."""
    if child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=RUN_TIMEOUT) == 1:
        child.terminate(force=True)
        pytest.fail(f"the wizard did not end within {RUN_TIMEOUT} s:\n{screen(child)[-2000:]}")
    child.close()
    assert child.signalstatus is None, screen(child)
    code = child.exitstatus
    assert isinstance(code, int)
    return code


def printed_command(child: pexpect.spawn) -> list[str]:
    """Wait for the printed command; return its arguments after ``datagen``."""
    wait(child, "The equivalent command:")
    child.expect(r"\n(datagen [^\r\n]+)\r?\n")
    words = shlex.split(child.match.group(1))
    return words[1:]


def run_datagen(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AZURE_OPENAI_", "DATAGEN_", "OPENAI_"))
    }
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS_DIR), *filter(None, [env.get("PYTHONPATH")])])
    return subprocess.run(
        [sys.executable, "-m", "data_generator", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# (question, answer, text that must appear after the answer) for each scenario's options
SCRIPTS: dict[str, list[tuple[str, str, str | None]]] = {
    "tech-support": [
        ("System description: ", "", "! a value is required"),
        ("System description: ", "SaaS CRM for dentists", None),
    ],
    "healthcare": [
        (
            "Speciality (1-11 or a name) [general-medicine]: ",
            "12",
            "! choose 1-11 or a listed name",
        ),
        ("Speciality (1-11 or a name) [general-medicine]: ", "1", None),
        ("Document type (1-5 or a name) [clinical-note]: ", "", None),
    ],
    "financial": [
        ("Transaction type (1-7 or a name) [checking]: ", "savings", None),
        ("Transaction count max (1 to 200) [20]: ", "500", "! must be at most 200"),
        ("Transaction count max (1 to 200) [20]: ", "6", None),
        ("Fraud percent (0 to 100) [5.0]: ", "", None),
    ],
}
FORMATS = {"tech-support": "json", "healthcare": "3", "financial": "yaml"}


@pytest.mark.slow
@pytest.mark.parametrize("scenario", list(SCRIPTS))
def test_pty_wizard_run_equals_the_printed_command(scenario: str, tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answer(child, "Scenario (1-", scenario)
    for question, text, then in SCRIPTS[scenario]:
        answer(child, question, text)
        if then is not None:
            wait(child, then)
    answer(child, "Provider (1-4 or a name) [offline]: ", "offline")
    answer(child, "Count of records (at least 1) [10]: ", "5")
    answer(child, "Output format (1-6 or a name) [json]: ", FORMATS[scenario])
    answer(child, f"Output folder [data/{scenario}]: ", "wizard-out")
    answer(child, "Seed (a whole number, at least 0) [", "")
    argv = printed_command(child)
    answer(child, "Run it now? [Y/n]: ", "y")
    code = finish(child)

    assert code == 0, screen(child)
    assert "Traceback" not in screen(child)
    assert argv[0] == scenario
    assert argv[argv.index("--count") + 1] == "5"
    assert argv[argv.index("--provider") + 1] == "offline"
    assert argv[argv.index("--out-dir") + 1] == "wizard-out"
    made = records(tmp_path / "wizard-out")
    assert made
    again = run_datagen(with_out_dir(argv, "typed-out"), tmp_path)
    assert again.returncode == 0, again.stderr
    assert records(tmp_path / "typed-out") == made


@pytest.mark.slow
def test_pty_declared_scenario_gets_a_wizard(tmp_path: Path) -> None:
    (tmp_path / "scenarios.toml").write_text(PETS, encoding="utf-8")
    child = spawn(tmp_path)
    answer(child, "? to list them one per line", "?")  # the menu is in columns at 100
    menu = screen(child).replace("\r", "").split("-- Scenario --")[1].split("Scenario (1-")[0]
    assert all(len(line) <= 100 for line in menu.splitlines())
    wait(child, "Pets of a shelter.")  # one per line, with the built-in scenarios
    answer(child, "Scenario (1-", "pets")
    answer(child, "Kind (1-3 or a name) [cat]: ", "rabbit")
    answer(child, "Age (1 to 20) [5]: ", "0")
    wait(child, "! must be at least 1")
    answer(child, "Age (1 to 20) [5]: ", "3")
    answer(child, "Vaccinated? [y/N]: ", "y")
    answer(child, "Provider (1-4 or a name) [offline]: ", "3")
    answer(child, "Count of records (at least 1) [3]: ", "")
    answer(child, "Output format (1-6 or a name) [jsonl]: ", "")
    answer(child, "Output folder [data/pets]: ", "")
    answer(child, "Seed (a whole number, at least 0) [", "11")
    argv = printed_command(child)
    answer(child, "Run it now? [Y/n]: ", "")
    code = finish(child)

    assert code == 0, screen(child)
    assert argv == [
        *["pets", "--kind", "rabbit", "--age", "3", "--vaccinated", "--count", "3"],
        *["--output-format", "jsonl", "--out-dir", "data/pets", "--seed", "11"],
        *["--provider", "offline"],
    ]
    assert (tmp_path / "data" / "pets" / "pets.jsonl").read_text(encoding="utf-8").count("\n") == 3


@pytest.mark.slow
def test_pty_api_keys_are_set_but_never_shown(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("OPENAI_API_KEY=dotenv-secret-456\n", encoding="utf-8")
    child = spawn(tmp_path, "healthcare", env={"AZURE_OPENAI_API_KEY": "env-secret-123"})
    answer(child, "Speciality (1-11 or a name) [general-medicine]: ", "")
    answer(child, "Document type (1-5 or a name) [clinical-note]: ", "")
    wait(child, "set (from environment)")
    wait(child, "set (from .env)")
    answer(child, "Provider (1-4 or a name) [offline]: ", "offline")
    for question in ("Count of", "Output format", "Output folder", "Seed"):
        answer(child, question, "")
    printed_command(child)
    answer(child, "Run it now? [Y/n]: ", "n")
    code = finish(child)

    assert code == 0, screen(child)
    assert "env-secret-123" not in screen(child)
    assert "dotenv-secret-456" not in screen(child)


@pytest.mark.slow
def test_pty_no_prints_the_command_and_writes_nothing(tmp_path: Path) -> None:
    child = spawn(tmp_path, "tech-support")
    answer(child, "System description: ", "Payroll app")
    answer(child, "Provider (1-4 or a name) [offline]: ", "offline")
    for question in ("Count of", "Output format", "Output folder", "Seed"):
        answer(child, question, "")
    argv = printed_command(child)
    answer(child, "Run it now? [Y/n]: ", "n")
    wait(child, "Nothing was run. Copy the command above to run it later.")
    code = finish(child)

    assert code == 0, screen(child)
    assert argv[:3] == ["tech-support", "--system-description", "Payroll app"]
    assert not (tmp_path / "data").exists()


@pytest.mark.slow
def test_pty_ctrl_c_cancels_with_one_line(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answer(child, "Scenario (1-", "healthcare")
    wait(child, "Speciality (1-11 or a name) [general-medicine]: ")
    child.sendintr()
    wait(child, f"datagen: {CANCELLED}")
    code = finish(child)

    assert code == 130
    assert "Traceback" not in screen(child)
    assert "KeyboardInterrupt" not in screen(child)
    assert not (tmp_path / "data").exists()


@pytest.mark.slow
def test_pty_back_from_azure_to_offline(tmp_path: Path) -> None:
    child = spawn(tmp_path, "tech-support")
    answer(child, "System description: ", "Payroll app")
    answer(child, "Provider (1-4 or a name) [offline]: ", "azure")
    answer(child, "Azure OpenAI endpoint (https://<resource>.openai.azure.com): ", "<")
    answer(child, "Provider (1-4 or a name) [azure]: ", "offline")
    answer(child, "Count of records (at least 1) [10]: ", "3")
    for question in ("Output format", "Output folder", "Seed"):
        answer(child, question, "")
    argv = printed_command(child)
    answer(child, "Run it now? [Y/n]: ", "y")
    code = finish(child)

    assert code == 0, screen(child)
    assert argv[argv.index("--provider") + 1] == "offline"
    assert not any(word.startswith("--azure") for word in argv)
    assert len(records(tmp_path / "data/tech-support")) == 3


@pytest.mark.slow
def test_pty_warns_about_an_occupied_out_dir_before_it_asks_to_run(tmp_path: Path) -> None:
    first = run_datagen(
        ["tech-support", "-d", "Other", "--provider", "offline", "-o", "out"], tmp_path
    )
    assert first.returncode == 0, first.stderr
    before = records(tmp_path / "out")
    child = spawn(tmp_path, "tech-support")
    answer(child, "System description: ", "Payroll app")
    answer(child, "Provider (1-4 or a name) [offline]: ", "")
    answer(child, "Count of records (at least 1) [10]: ", "3")
    answer(child, "Output format (1-6 or a name) [json]: ", "")
    answer(child, "Output folder [data/tech-support]: ", "out")
    answer(child, "Seed (a whole number, at least 0) [", "5")
    wait(child, "warning: 'out' holds records made with other settings (")
    answer(child, "Where should the run go (1-2 or a name) [out-2]: ", "")
    argv = printed_command(child)
    answer(child, "Run it now? [Y/n]: ", "y")
    code = finish(child)

    assert code == 0, screen(child)
    assert screen(child).index("warning: 'out' holds") < screen(child).index("Run it now?")
    assert argv[argv.index("--out-dir") + 1] == "out-2"
    assert records(tmp_path / "out") == before
    assert len(records(tmp_path / "out-2")) == 3


@pytest.mark.slow
def test_pty_a_script_that_runs_out_of_answers_fails_at_once(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    wait(child, "Scenario (1-")  # on a busy machine it may come later than the 1 s below

    with pytest.raises(pytest.fail.Exception) as failure:
        wait(child, "A question the wizard never asks", timeout=1)

    message = str(failure.value)
    assert "waiting for 'A question the wizard never asks', the wizard printed nothing" in message
    assert "Scenario (1-" in message  # where it waits
