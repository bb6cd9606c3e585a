"""Settings: flag > environment > ``.env``, ``.env`` discovery, errors and secrets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import manifest, one_error_line

from data_generator.errors import ConfigError, MissingConnectionSettingError
from data_generator.providers.builtin import AZURE, OFFLINE
from data_generator.settings import Settings, load_settings

SECRET = "sk-secret-123"
TECH = ("tech-support", "-d", "SaaS CRM", "-n", "2")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


RunCli = Callable[..., Any]


# --- library level: precedence ---------------------------------------------------------------
def test_flag_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAGEN_SEED", "1")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://env.openai.azure.com")

    settings = load_settings({"seed": 2, "azure_openai_endpoint": "https://flag.openai.azure.com"})

    assert settings.seed == 2
    assert settings.azure_openai_endpoint == "https://flag.openai.azure.com"


def test_environment_beats_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".env", "DATAGEN_SEED=1\nAZURE_OPENAI_DEPLOYMENT=from-file\n")
    monkeypatch.setenv("DATAGEN_SEED", "2")

    settings = load_settings({})

    assert settings.seed == 2
    assert settings.azure_openai_deployment == "from-file"


def test_scenario_dotenv_beats_dotenv(tmp_path: Path) -> None:
    write(tmp_path / ".env", "DATAGEN_SEED=1\nAZURE_OPENAI_DEPLOYMENT=base\n")
    write(tmp_path / ".env.tech-support", "DATAGEN_SEED=2\n")

    assert load_settings({}, scenario="tech-support").seed == 2
    assert load_settings({}, scenario="tech-support").azure_openai_deployment == "base"
    assert load_settings({}, scenario="healthcare").seed == 1


def test_env_file_replaces_discovery(tmp_path: Path) -> None:
    write(tmp_path / ".env", "DATAGEN_SEED=1\nAZURE_OPENAI_ENDPOINT=https://discovered\n")
    write(tmp_path / ".env.tech-support", "DATAGEN_CONCURRENCY=3\n")
    chosen = write(tmp_path / "elsewhere" / "custom.env", "DATAGEN_SEED=5\n")

    settings = load_settings({}, scenario="tech-support", env_file=chosen)

    assert settings.seed == 5
    assert settings.azure_openai_endpoint is None
    assert settings.concurrency == 8


def test_missing_env_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"--env-file .*nope\.env"):
        load_settings({}, env_file=tmp_path / "nope.env")


def test_dotenv_found_at_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / ".env", "DATAGEN_SEED=7\n")
    deep = repo / "src" / "deeper"
    deep.mkdir(parents=True)

    assert load_settings({}, cwd=deep).seed == 7
    monkeypatch.chdir(deep)
    assert load_settings({}).seed == 7


def test_cwd_dotenv_wins_over_repository_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / ".env", "DATAGEN_SEED=7\nAZURE_OPENAI_ENDPOINT=https://root\n")
    sub = repo / "sub"
    write(sub / ".env", "DATAGEN_SEED=8\n")

    settings = load_settings({}, cwd=sub)

    assert settings.seed == 8
    assert settings.azure_openai_endpoint is None  # the root .env is not read at all


def test_no_dotenv_outside_a_repository_gives_defaults(tmp_path: Path) -> None:
    write(tmp_path / "other" / ".env", "DATAGEN_SEED=9\n")

    settings = load_settings({})

    assert (settings.provider, settings.seed, settings.concurrency) == ("azure", None, 8)


def test_none_cli_value_does_not_override_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    write(Path(".env"), "DATAGEN_CONCURRENCY=5\n")
    monkeypatch.setenv("DATAGEN_SEED", "4")
    monkeypatch.setenv("DATAGEN_PROVIDER", "offline")

    settings = load_settings({"seed": None, "provider": None, "concurrency": None})

    assert (settings.seed, settings.provider, settings.concurrency) == (4, "offline", 5)


def test_unknown_keys_in_dotenv_are_ignored(tmp_path: Path) -> None:
    write(
        tmp_path / ".env",
        "# comment\nSOMETHING_ELSE=1\nDATAGEN_NOT_A_SETTING=2\n\nexport DATAGEN_SEED=3\n",
    )

    settings = load_settings({})

    assert settings.seed == 3
    assert not hasattr(settings, "not_a_setting")


# --- end to end: what reaches the run --------------------------------------------------------
def run_offline(run_cli: RunCli, *extra: str, scenario: tuple[str, ...] = TECH) -> Any:
    return run_cli(*scenario, "--provider", "offline", "-o", "out", *extra)


def test_cli_seed_from_dotenv(run_cli: RunCli, tmp_path: Path) -> None:
    write(tmp_path / ".env", "DATAGEN_SEED=11\n")

    run = run_offline(run_cli)

    assert run.code == 0, run.stderr
    assert "(seed 11)" in run.stdout
    assert manifest(tmp_path / "out")["seed"] == 11


def test_cli_environment_beats_dotenv(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".env", "DATAGEN_SEED=11\n")
    monkeypatch.setenv("DATAGEN_SEED", "22")

    run = run_offline(run_cli)

    assert run.code == 0, run.stderr
    assert manifest(tmp_path / "out")["seed"] == 22


def test_cli_flag_beats_environment(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".env", "DATAGEN_SEED=11\n")
    monkeypatch.setenv("DATAGEN_SEED", "22")

    run = run_offline(run_cli, "--seed", "33")

    assert run.code == 0, run.stderr
    assert manifest(tmp_path / "out")["seed"] == 33


def test_cli_scenario_dotenv_beats_dotenv(run_cli: RunCli, tmp_path: Path) -> None:
    write(tmp_path / ".env", "DATAGEN_SEED=11\n")
    write(tmp_path / ".env.tech-support", "DATAGEN_SEED=44\n")

    tech = run_offline(run_cli)
    health = run_cli("healthcare", "-n", "1", "--provider", "offline", "-o", "health")

    assert tech.code == 0, tech.stderr
    assert health.code == 0, health.stderr
    assert manifest(tmp_path / "out")["seed"] == 44
    assert manifest(tmp_path / "health")["seed"] == 11


def test_cli_env_file_replaces_discovery(run_cli: RunCli, tmp_path: Path) -> None:
    write(tmp_path / ".env", "DATAGEN_SEED=11\nDATAGEN_CONCURRENCY=2\n")
    write(tmp_path / "conf" / "run.env", "DATAGEN_SEED=55\n")

    run = run_offline(run_cli, "--env-file", "conf/run.env")

    assert run.code == 0, run.stderr
    assert manifest(tmp_path / "out")["seed"] == 55
    assert manifest(tmp_path / "out")["concurrency"] == 8


def test_cli_reads_dotenv_at_repository_root(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / ".env", "DATAGEN_SEED=66\nDATAGEN_PROVIDER=offline\n")
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")

    run = run_cli(*TECH, "-o", "out")

    assert run.code == 0, run.stderr
    assert manifest(repo / "sub" / "out")["seed"] == 66


def test_cli_provider_from_dotenv(run_cli: RunCli, tmp_path: Path) -> None:
    write(tmp_path / ".env", "DATAGEN_PROVIDER=offline\n")

    run = run_cli(*TECH)

    assert run.code == 0, run.stderr
    out = tmp_path / "data" / "tech-support"
    assert sorted(p.name for p in out.glob("*.json")) == [
        "tech-support-000001.json",
        "tech-support-000002.json",
    ]
    assert manifest(out)["provider"] == "offline"


def test_cli_concurrency_from_environment(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATAGEN_CONCURRENCY", "3")

    run = run_offline(run_cli)

    assert run.code == 0, run.stderr
    assert manifest(tmp_path / "out")["concurrency"] == 3


# --- malformed and invalid input -------------------------------------------------------------
def test_malformed_dotenv_names_file_and_line(run_cli: RunCli, tmp_path: Path) -> None:
    dotenv = write(tmp_path / ".env", "DATAGEN_SEED=3\nthis is not a setting\n")

    run = run_offline(run_cli)

    assert run.code == 2
    line = one_error_line(run)
    assert f"{dotenv}:2:" in line
    assert run.stdout == ""
    assert not (tmp_path / "out").exists()


def test_malformed_dotenv_with_debug_shows_traceback(run_cli: RunCli, tmp_path: Path) -> None:
    dotenv = write(tmp_path / ".env", "DATAGEN_SEED=3\nthis is not a setting\n")

    run = run_offline(run_cli, "--debug")

    assert run.code == 2
    assert "Traceback (most recent call last)" in run.stderr
    last = run.stderr.splitlines()[-1]
    assert last.startswith("datagen: error: ")
    assert f"{dotenv}:2:" in last


def test_malformed_dotenv_library_error(tmp_path: Path) -> None:
    write(tmp_path / ".env", "A=1\nB=2\n'unterminated\n")

    with pytest.raises(ConfigError, match=r"\.env:3: cannot parse"):
        load_settings({})


def test_invalid_value_in_environment(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAGEN_CONCURRENCY", "abc")

    run = run_offline(run_cli)

    assert run.code == 2
    line = one_error_line(run)
    assert "environment variable DATAGEN_CONCURRENCY" in line
    assert "'abc'" in line


def test_invalid_value_in_dotenv(run_cli: RunCli, tmp_path: Path) -> None:
    dotenv = write(tmp_path / ".env", "DATAGEN_CONCURRENCY=abc\n")

    run = run_offline(run_cli)

    assert run.code == 2
    line = one_error_line(run)
    assert f"DATAGEN_CONCURRENCY in {dotenv}" in line
    assert "'abc'" in line


def test_invalid_value_library_error_is_environment_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATAGEN_SEED", "-1")

    with pytest.raises(EnvironmentError, match="DATAGEN_SEED") as caught:
        load_settings({})

    assert isinstance(caught.value, ConfigError)


def test_lowercase_log_level_in_environment(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATAGEN_LOG_LEVEL", "debug")

    run = run_offline(run_cli)

    assert run.code == 0, run.stderr


# --- missing connection settings -------------------------------------------------------------
def test_azure_without_endpoint_library() -> None:
    settings = load_settings({"provider": "azure"})

    with pytest.raises(MissingConnectionSettingError) as caught:
        AZURE.validate_settings(settings)

    assert isinstance(caught.value, EnvironmentError)
    line = caught.value.one_line()
    assert "--azure-openai-endpoint" in line
    assert "AZURE_OPENAI_ENDPOINT" in line
    assert "--provider offline" in line


def test_azure_without_deployment_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://x.openai.azure.com")
    settings = load_settings({"provider": "azure"})

    with pytest.raises(MissingConnectionSettingError) as caught:
        AZURE.validate_settings(settings)

    line = caught.value.one_line()
    assert "--azure-openai-deployment" in line
    assert "AZURE_OPENAI_DEPLOYMENT" in line
    assert "endpoint" not in line


def test_offline_needs_no_connection() -> None:
    OFFLINE.validate_settings(load_settings({"provider": "offline"}))


def test_cli_azure_without_endpoint(run_cli: RunCli, tmp_path: Path) -> None:
    run = run_cli(*TECH, "--provider", "azure", "-o", "out")

    assert run.code == 2
    line = one_error_line(run)
    assert "--azure-openai-endpoint" in line
    assert "AZURE_OPENAI_ENDPOINT" in line
    assert "--provider offline" in line
    assert not (tmp_path / "out").exists()


def test_cli_azure_without_deployment(run_cli: RunCli, tmp_path: Path) -> None:
    write(tmp_path / ".env", "DATAGEN_PROVIDER=azure\nAZURE_OPENAI_ENDPOINT=https://x\n")

    run = run_cli(*TECH, "-o", "out")

    assert run.code == 2
    line = one_error_line(run)
    assert "--azure-openai-deployment" in line
    assert "AZURE_OPENAI_DEPLOYMENT" in line


# --- secrets ---------------------------------------------------------------------------------
def test_settings_never_show_the_key() -> None:
    settings = Settings(azure_openai_api_key=SECRET)

    assert settings.azure_openai_api_key is not None
    assert settings.azure_openai_api_key.get_secret_value() == SECRET
    assert SECRET not in repr(settings)
    assert SECRET not in str(settings)
    assert SECRET not in settings.model_dump_json()


def test_loaded_key_from_environment_is_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", SECRET)

    settings = load_settings({})

    assert settings.azure_openai_api_key is not None
    assert settings.azure_openai_api_key.get_secret_value() == SECRET
    assert SECRET not in repr(settings)
    assert SECRET not in settings.model_dump_json()


def test_cli_run_never_writes_the_key(run_cli: RunCli, tmp_path: Path) -> None:
    run = run_offline(run_cli, "--azure-openai-api-key", SECRET, "--log-level", "DEBUG")

    assert run.code == 0, run.stderr
    assert SECRET not in run.stdout
    assert SECRET not in run.stderr
    files = [path for path in (tmp_path / "out").rglob("*") if path.is_file()]
    assert tmp_path / "out" / ".datagen" / "manifest.json" in files
    assert len([path for path in files if path.suffix == ".json"]) >= 3
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path


# --- the seed's range, from any source -------------------------------------------------------
MAX_SEED = 2**63 - 1


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("environment", str(2**63)),
        ("environment", "1e26"),
        ("environment", "100000000000000000000000000"),
        ("dotenv", str(2**64)),
        ("flag", str(2**64)),
        ("flag", str(2**63)),
    ],
)
def test_a_seed_beyond_64_bits_is_refused_before_anything_is_written(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, value: str
) -> None:
    extra: tuple[str, ...] = ()
    if source == "environment":
        monkeypatch.setenv("DATAGEN_SEED", value)
    elif source == "dotenv":
        write(tmp_path / ".env", f"DATAGEN_SEED={value}\n")
    else:
        extra = ("--seed", value)

    run = run_offline(run_cli, *extra)

    assert run.code == 2
    line = one_error_line(run)
    assert "seed" in line.lower()
    assert "unexpected" not in line
    assert not (tmp_path / "out").exists()


def test_the_largest_seed_is_accepted(run_cli: RunCli, tmp_path: Path) -> None:
    write(tmp_path / ".env", f"DATAGEN_SEED={MAX_SEED}\n")

    run = run_offline(run_cli)

    assert run.code == 0, run.stderr
    assert manifest(tmp_path / "out")["seed"] == MAX_SEED


def test_the_library_refuses_a_seed_beyond_64_bits() -> None:
    with pytest.raises(ValueError, match="less than or equal to 9223372036854775807"):
        Settings(seed=MAX_SEED + 1)


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_numbers_that_are_not_finite_are_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("DATAGEN_PRICE_PROMPT_PER_1K", value)

    with pytest.raises(ConfigError, match="DATAGEN_PRICE_PROMPT_PER_1K"):
        load_settings({})
