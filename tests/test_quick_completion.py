"""The first word's completion without Typer answers exactly what Typer answers.

Each case is asked twice in this process: through :func:`quick_answer` (what ``datagen``
does first on a TAB) and through Typer's own completion of the same command, with the
same environment. Output and exit code must be identical, for every shell.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_completion import BOOK_REVIEW, SHELLS

from data_generator.cli import main
from data_generator.cli.quick_completion import BUILTIN_COMMANDS, quick_answer, short_help

WORDS = [
    "datagen ",
    "datagen h",
    "datagen heal",
    "datagen w",
    "datagen li",
    "datagen zz",
    "datagen show ",
    "datagen show tech",
    "datagen wizard f",
    "datagen show zz",
]


def typer_answer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: dict[str, str]
) -> tuple[str, int]:
    """Typer's own answer for ``env`` (as if the quick path did not exist)."""
    import typer.main

    from data_generator.cli.app import build_app
    from data_generator.cli.completion import prepare_completion

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    command = typer.main.get_command(build_app())
    prepare_completion()
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        command.main(args=[], prog_name="datagen", standalone_mode=False)
    return capsys.readouterr().out, int(stopped.value.code or 0)


def quick(env: dict[str, str]) -> tuple[str, int]:
    answer = quick_answer(env)
    assert answer is not None
    return ("" if answer.output is None else answer.output + "\n"), answer.code


@pytest.mark.parametrize("shell", sorted(SHELLS))
@pytest.mark.parametrize("typed", WORDS)
def test_the_quick_answer_is_typers_answer(
    shell: str,
    typed: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = SHELLS[shell](typed)

    assert quick(env) == typer_answer(monkeypatch, capsys, env)


@pytest.mark.parametrize("action", ["is-args", "get-args", ""])
@pytest.mark.parametrize("typed", ["datagen he", "datagen zz"])
def test_fish_actions_answer_as_typer_does(
    action: str,
    typed: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = {**SHELLS["fish"](typed), "_TYPER_COMPLETE_FISH_ACTION": action}

    assert quick(env) == typer_answer(monkeypatch, capsys, env)


@pytest.mark.parametrize("shell", ["bash", "zsh", "pwsh"])
def test_declared_scenarios_and_the_scenarios_file_variable(
    shell: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "elsewhere.toml").write_text(BOOK_REVIEW, encoding="utf-8")
    maker = SHELLS["powershell" if shell == "pwsh" else shell]
    env = {
        **maker("datagen b"),
        "_DATAGEN_COMPLETE": f"complete_{shell}",
        "DATAGEN_SCENARIOS_FILE": "elsewhere.toml",
    }

    answer = quick(env)
    assert "book-review" in answer[0]
    assert answer == typer_answer(monkeypatch, capsys, env)


@pytest.mark.parametrize(
    "env",
    [
        SHELLS["bash"]("datagen --ver"),  # an option
        SHELLS["bash"]("datagen healthcare --sp"),  # after the first word
        SHELLS["zsh"]("datagen show healthcare "),
        SHELLS["powershell"]("datagen inspect out --scenario he"),
        SHELLS["bash"]("datagen show --sch"),
        {"_DATAGEN_COMPLETE": "source_bash"},  # the script, not a completion
        {"_DATAGEN_COMPLETE": "complete_tcsh"},  # a shell Typer does not know
        {"_DATAGEN_COMPLETE": "complete_bash", "COMP_WORDS": "datagen", "COMP_CWORD": "x"},
    ],
)
def test_everything_else_is_left_to_typer(env: dict[str, str]) -> None:
    assert quick_answer(env) is None


def test_main_answers_the_first_word_and_exits_zero(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in SHELLS["bash"]("datagen insp").items():
        monkeypatch.setenv(name, value)

    assert main([]) == 0
    assert capsys.readouterr().out == "inspect\n"


def test_fish_is_args_exit_code_reaches_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {**SHELLS["fish"]("datagen zz"), "_TYPER_COMPLETE_FISH_ACTION": "is-args"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert main([]) == 1  # no candidates: fish offers file names


def test_the_built_in_commands_are_the_apps_commands() -> None:
    import typer.main

    from data_generator.cli.app import build_app

    group = typer.main.get_command(build_app())
    assert [name for name, _ in BUILTIN_COMMANDS] == list(group.commands)  # type: ignore[attr-defined]
    for name, text in BUILTIN_COMMANDS:
        assert group.commands[name].get_short_help_str() == short_help(text)  # type: ignore[attr-defined]


@given(st.text(alphabet=st.sampled_from("ab. \n\b"), max_size=80), st.integers(5, 60))
def test_short_help_matches_click(text: str, limit: int) -> None:
    from typer._click.utils import make_default_short_help

    assert short_help(text, limit) == make_default_short_help(text, limit)
