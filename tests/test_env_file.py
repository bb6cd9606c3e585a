""".env files: read as python-dotenv reads them, bounded in size, and never echoing a value."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dotenv import dotenv_values
from helpers import one_error_line

from data_generator.dotenv_file import MAX_ENV_FILE_BYTES, read_env_file
from data_generator.errors import ConfigError
from data_generator.settings import load_settings

RunCli = Callable[..., Any]
SECRET = "sk-live-0123456789abcdef"
RUN = ("tech-support", "-d", "SaaS CRM", "-n", "2", "--provider", "offline", "-o", "out")


def test_values_are_read_as_python_dotenv_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FROM_ENVIRONMENT", "env-value")
    path = tmp_path / ".env"
    path.write_text(
        "# a comment\n"
        "PLAIN=value\n"
        "export EXPORTED=yes\n"
        "SPACED = padded   \n"
        'DOUBLE="two words # not a comment"\n'
        "SINGLE='${PLAIN} stays?'\n"
        'ESCAPED="line\\nbreak"\n'
        'MULTI="first\nsecond"\n'
        "INLINE=value # a comment\n"
        "EXPANDED=${PLAIN}-${FROM_ENVIRONMENT}-${MISSING:-fallback}-${MISSING}\n"
        "BARE\n"
        "EMPTY=\n"
        "PLAIN=overridden\n"
        "LATER=${PLAIN}\n",
        encoding="utf-8",
    )

    assert read_env_file(path) == dict(dotenv_values(path))


def test_a_large_dotenv_is_read_whole(tmp_path: Path) -> None:
    lines = [f"UNRELATED_{i}=value-{i}" for i in range(30_000)]
    path = tmp_path / ".env"
    path.write_text("\n".join([*lines, "DATAGEN_SEED=5", "DATAGEN_CONCURRENCY=3"]) + "\n")
    assert path.stat().st_size <= MAX_ENV_FILE_BYTES

    settings = load_settings({})

    assert (settings.seed, settings.concurrency) == (5, 3)
    assert settings.variables_named(["UNRELATED_29999"]) == {"UNRELATED_29999": "value-29999"}


def test_a_dotenv_over_the_size_limit_is_refused_in_one_line(
    run_cli: RunCli, tmp_path: Path
) -> None:
    line = f"AZURE_OPENAI_API_KEY={SECRET}\n"
    (tmp_path / ".env").write_text(line * (MAX_ENV_FILE_BYTES // len(line) + 1))

    run = run_cli(*RUN)

    assert run.code == 2
    message = one_error_line(run)
    assert ".env is larger than 1 MiB" in message
    assert SECRET not in message
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (f"DATAGEN_SEED=3\nAZURE_OPENAI_API_KEY {SECRET}\n", "the line of AZURE_OPENAI_API_KEY"),
        (f"DATAGEN_SEED=3\nexport OPENAI_API_KEY '{SECRET}\n", "the line of OPENAI_API_KEY"),
        (f"DATAGEN_SEED=3\n{SECRET} trailing words\n", "this line"),
        (f"DATAGEN_SEED=3\nsecretlooking{SECRET} more\n", "this line"),
    ],
)
def test_a_malformed_line_is_named_by_line_and_key_never_by_value(
    run_cli: RunCli, tmp_path: Path, text: str, named: str
) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(text)

    run = run_cli(*RUN)

    assert run.code == 2
    message = one_error_line(run)
    assert f"{dotenv}:2: cannot parse {named}" in message
    assert SECRET not in run.stderr + run.stdout
    assert not (tmp_path / "out").exists()


def test_a_dotenv_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"DATAGEN_SEED=3\nAZURE_OPENAI_API_KEY=\xff\xfe\n")

    with pytest.raises(ConfigError, match=r"\.env:2: not UTF-8 text") as caught:
        read_env_file(path)

    assert "\\xff" not in caught.value.one_line()


def test_an_unreadable_dotenv_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        read_env_file(tmp_path / "missing.env")
