"""Shell completion, asked for as a shell asks: a real ``datagen`` process per TAB.

The shell runs ``datagen`` with ``_DATAGEN_COMPLETE`` set and the words typed so far in
the environment (``COMP_WORDS``/``COMP_CWORD`` for bash, ``_TYPER_COMPLETE_ARGS`` for the
others); stdout is the answer. Path options answer nothing, so the shell offers file
names itself (the bash script is registered with ``complete -o default``; zsh is told
``_files``). Speed is measured by ``benchmarks/cli_startup.py``, not here; what keeps a
request fast is tested: which modules it imports.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import get_args

import pytest
from conftest import CliRun

from data_generator.scenario_options import cli_arguments
from data_generator.settings import LogLevel as LogLevelChoice
from data_generator.tool import OUTPUT_FORMATS
from data_generator.tools.healthcare import HealthcareTool

pytestmark = pytest.mark.slow

RunSubprocess = Callable[..., CliRun]

#: Never imported by a request that completes scenario names or built-in commands.
HEAVY = (
    "semantic_kernel",
    "openai",
    "pyarrow",
    "pandas",
    "pydantic",
    "pydantic_settings",
    "rich",
    "importlib.metadata",
    "data_generator.settings",
    "data_generator.engine",
    "data_generator.tool",
)

BOOK_REVIEW = """
[scenarios.book-review]
description = "Reviews of fictional books."
prompt = "Write book review number {{$index}} of a {{$genre}} novel."

[scenarios.book-review.options.genre]
type = "choice"
choices = ["mystery", "romance", "sci-fi"]
default = "mystery"
description = "Genre of the reviewed books."

[scenarios.book-review.fields.title]
type = "string"
description = "Title of the book."
"""


def bash(words: str) -> dict[str, str]:
    """What bash puts in the environment when TAB is pressed after ``words``."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    return {"_DATAGEN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}


def zsh(words: str) -> dict[str, str]:
    return {"_DATAGEN_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}


def fish(words: str) -> dict[str, str]:
    return {
        "_DATAGEN_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_ARGS": words,
    }


def powershell(words: str) -> dict[str, str]:
    incomplete = "" if words.endswith(" ") else words.rsplit(maxsplit=1)[-1]
    return {
        "_DATAGEN_COMPLETE": "complete_powershell",
        "_TYPER_COMPLETE_ARGS": words,
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": incomplete,
    }


SHELLS = {"bash": bash, "zsh": zsh, "fish": fish, "powershell": powershell}


@pytest.fixture
def complete(run_subprocess: RunSubprocess, tmp_path: Path) -> Callable[..., CliRun]:
    """Ask ``datagen`` (a child process in tmp_path) to complete ``words`` for ``shell``."""

    def run(words: str, shell: str = "bash", **env: str) -> CliRun:
        done = run_subprocess(cwd=tmp_path, env={**SHELLS[shell](words), **env})
        assert done.code == 0, done.stderr
        return done

    return run


def words(run: CliRun) -> list[str]:
    """The bash answer: one candidate per line."""
    return run.stdout.split()


def imported_modules(stderr: str) -> set[str]:
    """Module names from ``-X importtime`` (``PYTHONPROFILEIMPORTTIME``) lines."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "imported package" not in line
    }


def loaded(modules: set[str], name: str) -> bool:
    return any(module == name or module.startswith(name + ".") for module in modules)


# --- scenario names and built-in commands -----------------------------------------------------


def test_scenario_names_complete_by_prefix(complete: Callable[..., CliRun]) -> None:
    assert words(complete("datagen heal")) == ["healthcare", "healthcare-clinical-policy"]
    assert words(complete("datagen te")) == ["tech-support", "tech-support-sop"]


def test_an_empty_word_offers_built_in_commands_then_scenarios(
    complete: Callable[..., CliRun],
) -> None:
    offered = words(complete("datagen "))

    assert {"list", "show", "inspect"} <= set(offered[:4])
    assert offered.index("inspect") < offered.index("financial")
    assert {"financial", "healthcare", "tech-support", "travel-booking"} <= set(offered)


def test_root_options_complete(complete: Callable[..., CliRun]) -> None:
    assert set(words(complete("datagen --"))) >= {
        "--version",
        "--scenarios-file",
        "--install-completion",
        "--show-completion",
        "--help",
    }


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completing_the_first_word_imports_no_typer_scenario_sdk_pydantic_or_rich(
    complete: Callable[..., CliRun], shell: str
) -> None:
    # zsh and fish show descriptions, which Typer would pass through Rich.
    run = complete("datagen heal", shell, PYTHONPROFILEIMPORTTIME="1")

    assert "healthcare-clinical-policy" in run.stdout
    modules = imported_modules(run.stderr)
    assert "data_generator.registry" in modules  # the probe sees imports at all
    assert not [module for module in modules if module.startswith("data_generator.tools.")]
    for name in (*HEAVY, "typer", "data_generator.cli.app"):
        assert not loaded(modules, name), name


def test_completing_a_root_option_goes_through_typer_lean(
    complete: Callable[..., CliRun],
) -> None:
    run = complete("datagen --scen", PYTHONPROFILEIMPORTTIME="1")

    assert words(run) == ["--scenarios-file"]
    modules = imported_modules(run.stderr)
    assert "data_generator.cli.app" in modules
    for name in HEAVY:
        assert not loaded(modules, name), name


def test_show_completion_of_names_imports_no_scenario(complete: Callable[..., CliRun]) -> None:
    run = complete("datagen show tech", PYTHONPROFILEIMPORTTIME="1")

    assert words(run) == ["tech-support", "tech-support-sop"]
    modules = imported_modules(run.stderr)
    assert not [module for module in modules if module.startswith("data_generator.tools.")]
    for name in HEAVY:
        assert not loaded(modules, name), name


def test_a_scenario_from_scenarios_toml_completes_with_its_options(
    complete: Callable[..., CliRun], tmp_path: Path
) -> None:
    (tmp_path / "scenarios.toml").write_text(BOOK_REVIEW, encoding="utf-8")

    names = complete("datagen bo", PYTHONPROFILEIMPORTTIME="1")
    options = complete("datagen book-review --ge")
    choices = complete("datagen book-review --genre ")

    assert words(names) == ["book-review"]
    assert not loaded(imported_modules(names.stderr), "pydantic")
    assert words(options) == ["--genre"]
    assert words(choices) == ["mystery", "romance", "sci-fi"]


def test_scenarios_file_flag_and_variable_are_read_while_completing(
    complete: Callable[..., CliRun], tmp_path: Path
) -> None:
    (tmp_path / "extra.toml").write_text(BOOK_REVIEW, encoding="utf-8")

    by_flag = complete("datagen --scenarios-file extra.toml bo", PYTHONPROFILEIMPORTTIME="1")
    by_variable = complete("datagen show bo", DATAGEN_SCENARIOS_FILE="extra.toml")

    assert words(by_flag) == ["book-review"]
    assert not loaded(imported_modules(by_flag.stderr), "pydantic")  # the value stays as typed
    assert words(by_variable) == ["book-review"]


# --- a scenario's options and their values ----------------------------------------------------


def test_option_names_of_a_scenario(complete: Callable[..., CliRun]) -> None:
    assert words(complete("datagen healthcare --sp")) == ["--speciality", "--specialty"]
    assert words(complete("datagen tech-support --out")) == ["--out-dir", "--output-format"]


def test_choices_of_a_scenario_option_come_from_its_options_model(
    complete: Callable[..., CliRun],
) -> None:
    (speciality,) = [a for a in cli_arguments(HealthcareTool()) if a.name == "speciality"]

    assert words(complete("datagen healthcare --speciality ")) == list(speciality.choices)
    assert words(complete("datagen healthcare --specialty p")) == [
        choice for choice in speciality.choices if choice.startswith("p")
    ]


@pytest.mark.parametrize(
    ("option", "choices"),
    [
        ("--output-format", OUTPUT_FORMATS),
        ("-f", OUTPUT_FORMATS),
        ("--provider", ("azure", "local", "offline", "openai")),  # the registered providers
        ("--log-level", get_args(LogLevelChoice)),
    ],
)
def test_choices_of_common_options(
    complete: Callable[..., CliRun], option: str, choices: tuple[str, ...]
) -> None:
    assert words(complete(f"datagen tech-support {option} ")) == list(choices)


def test_a_given_option_value_does_not_stop_completion(complete: Callable[..., CliRun]) -> None:
    run = complete("datagen tech-support --count 5 --provider off")

    assert words(run) == ["offline"]


@pytest.mark.parametrize(
    "typed",
    [
        "datagen tech-support --out-dir ",
        "datagen tech-support -o da",
        "datagen tech-support --env-file ",
        "datagen --scenarios-file ",
        "datagen inspect ",
        "datagen inspect data/tech --html ",
    ],
)
def test_paths_are_left_to_the_shell(complete: Callable[..., CliRun], typed: str) -> None:
    # No candidates: bash falls back to file names (complete -o default), zsh runs _files.
    assert complete(typed).stdout.strip() == ""
    assert complete(typed, "zsh").stdout.strip() == "_files"


# --- show, wizard and inspect --scenario ------------------------------------------------------


def test_show_wizard_and_inspect_complete_scenario_names(complete: Callable[..., CliRun]) -> None:
    assert words(complete("datagen show heal")) == ["healthcare", "healthcare-clinical-policy"]
    assert words(complete("datagen wizard tech")) == ["tech-support", "tech-support-sop"]
    assert words(complete("datagen inspect out --scenario fin")) == ["financial"]


# --- zsh, fish, PowerShell: descriptions as written -------------------------------------------


def test_zsh_gets_candidates_with_their_help_as_written(complete: Callable[..., CliRun]) -> None:
    run = complete("datagen tech-support --co", "zsh")

    assert run.stdout.startswith("_arguments '*: :((")
    # Typer's Rich pass would have dropped "[default: 10, ...]" as if it were markup.
    assert '"--count":"Records in the data set [env DATAGEN_COUNT; default\\\\: 10' in run.stdout
    assert '"--concurrency":' in run.stdout


def test_fish_and_powershell_get_names_with_descriptions(complete: Callable[..., CliRun]) -> None:
    fish_lines = complete("datagen heal", "fish").stdout.splitlines()
    powershell_lines = complete("datagen heal", "powershell").stdout.splitlines()

    assert [line.split("\t")[0] for line in fish_lines] == [
        "healthcare",
        "healthcare-clinical-policy",
    ]
    assert fish_lines[0].split("\t")[1].startswith("Fictional clinical documents")
    assert [line.split(":::")[0] for line in powershell_lines] == [
        "healthcare",
        "healthcare-clinical-policy",
    ]


# --- through the installed script, in a real bash ---------------------------------------------


def bash_completes(script: str, typed: list[str], tmp_path: Path) -> list[str]:
    """Source ``script`` in bash, press TAB after ``typed``; return COMPREPLY."""
    script_path = tmp_path / "datagen-completion.sh"
    script_path.write_text(script, encoding="utf-8")
    line = " ".join(shlex.quote(word) for word in typed)
    command = (
        f"source {shlex.quote(str(script_path))}\n"
        f"COMP_WORDS=({line}); COMP_CWORD={len(typed) - 1}\n"
        "_datagen_completion datagen\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "--norc", "-c", command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.skipif(
    not (Path(sys.executable).parent / "datagen").exists(), reason="needs the datagen script"
)
def test_the_bash_script_completes_names_and_choices(
    run_subprocess: RunSubprocess, tmp_path: Path
) -> None:
    shown = run_subprocess(
        "--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    )

    assert shown.code == 0, shown.stderr
    assert bash_completes(shown.stdout, ["datagen", "heal"], tmp_path) == [
        "healthcare",
        "healthcare-clinical-policy",
    ]
    assert bash_completes(shown.stdout, ["datagen", "tech-support", "-f", "j"], tmp_path) == [
        "json",
        "jsonl",
    ]


# --- --show-completion and --install-completion -----------------------------------------------

SCRIPT_MARKS = {
    "bash": ("complete -o default -F _datagen_completion datagen", "complete_bash"),
    "zsh": ("compdef _datagen_completion datagen", "complete_zsh"),
    "fish": ("complete --command datagen", "complete_fish"),
    "powershell": (
        "Register-ArgumentCompleter -Native -CommandName datagen",
        "complete_powershell",
    ),
}


@pytest.mark.parametrize("shell", sorted(SCRIPT_MARKS))
def test_show_completion_prints_the_script_of_each_shell(
    run_subprocess: RunSubprocess, shell: str
) -> None:
    # Typer's switch for naming the shell instead of detecting it.
    env = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}

    run = run_subprocess("--show-completion", shell, env=env)

    assert run.code == 0, run.stderr
    for mark in SCRIPT_MARKS[shell]:
        assert mark in run.stdout
    assert "_DATAGEN_COMPLETE" in run.stdout


#: Per shell: the script installed under HOME, and the start-up file line that loads it.
INSTALLED = {
    "bash": (".bash_completions/datagen.sh", (".bashrc", "source '{home}/.bash_completions/")),
    "zsh": (".zfunc/_datagen", (".zshrc", "fpath+=~/.zfunc")),
    "fish": (".config/fish/completions/datagen.fish", None),
}


@pytest.mark.parametrize("shell", sorted(INSTALLED))
def test_install_completion_writes_the_script_under_home(
    run_subprocess: RunSubprocess, tmp_path: Path, shell: str
) -> None:
    home = tmp_path / "home"
    env = {"HOME": str(home), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script, start_up = INSTALLED[shell]

    run = run_subprocess("--install-completion", shell, cwd=tmp_path, env=env)

    assert run.code == 0, run.stderr
    assert f"{shell} completion installed in {home / script}" in run.stdout
    assert SCRIPT_MARKS[shell][1] in (home / script).read_text(encoding="utf-8")
    if start_up is not None:
        rc_file, line = start_up
        assert line.format(home=home) in (home / rc_file).read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_completion_detects_the_shell_it_runs_in(tmp_path: Path) -> None:
    home = tmp_path / "home"
    datagen = f"{shlex.quote(sys.executable)} -m data_generator"
    env = {**os.environ, "HOME": str(home), "SHELL": "/bin/bash"}

    # "; exit $?" keeps bash as the parent process (a single command would be exec'd).
    done = subprocess.run(
        ["bash", "--norc", "-c", f"{datagen} --install-completion; exit $?"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "bash completion installed in" in done.stdout
    assert (home / ".bash_completions" / "datagen.sh").is_file()
