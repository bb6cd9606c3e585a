"""Provider specs and their registry: built-ins and plug-ins through one door.

Plug-ins here are laid out as installed distributions (a ``.dist-info`` folder with
``entry_points.txt``) in a folder put on ``sys.path``, which is what the registry reads;
``test_provider_plugin.py`` installs one with pip and runs it in a real process.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from conftest import CliRun
from helpers import install_dist_info, manifest, one_error_line
from sample_providers import STAMP, KeyedOptions, StampProvider, spec
from sample_tools import NotesTool

from data_generator.errors import ConfigError, MissingConnectionSettingError, UsageError
from data_generator.providers import ProviderSpec, create_provider
from data_generator.providers.builtin import AZURE, OFFLINE, OPENAI
from data_generator.providers.offline import OfflineProvider
from data_generator.providers.registry import (
    PROVIDER_ENTRY_POINT_GROUP,
    ProviderEntry,
    ProviderRegistry,
)
from data_generator.settings import Settings, load_settings

RunCli = Callable[..., CliRun]

TECH = ("tech-support", "-d", "SaaS CRM", "-n", "2", "--seed", "3")


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[str], Path]:
    """Install a distribution with these ``[data_generator.providers]`` lines (and files)."""

    def install(lines: str, files: dict[str, str] | None = None) -> Path:
        folder = tmp_path / "site"
        text = f"[{PROVIDER_ENTRY_POINT_GROUP}]\n{lines}\n"
        install_dist_info(folder, "datagen-provider-samples", "2.5.0", text, files)
        monkeypatch.syspath_prepend(str(folder))
        return folder

    return install


# --- the built-ins ---------------------------------------------------------------------------
def test_builtins_register_as_entry_points_naming_light_specs() -> None:
    found = {ep.name: ep.value for ep in entry_points(group=PROVIDER_ENTRY_POINT_GROUP)}

    assert found["azure"] == "data_generator.providers.builtin:AZURE"
    assert found["openai"] == "data_generator.providers.builtin:OPENAI"
    assert found["offline"] == "data_generator.providers.builtin:OFFLINE"
    assert found["local"] == "data_generator.providers.builtin:LOCAL"
    registry = ProviderRegistry.discover()
    assert registry.names() == ["azure", "local", "offline", "openai"]
    assert [registry.get(name) for name in ("azure", "openai", "offline")] == [
        AZURE,
        OPENAI,
        OFFLINE,
    ]
    assert {entry.origin() for entry in registry} == {"built-in"}
    assert registry.problems == []


def test_datagen_providers_lists_each_with_flags_and_variables(run_cli: RunCli) -> None:
    run = run_cli("providers")

    assert run.code == 0, run.stderr
    assert run.stderr == ""
    lines = [line.rstrip() for line in run.stdout.splitlines()]
    assert lines[0] == "azure (built-in)"
    assert lines[1] == "  " + AZURE.summary
    assert lines.index("offline (built-in)") < lines.index("openai (built-in)")
    endpoint = next(line for line in lines if "--azure-openai-endpoint" in line)
    assert endpoint.split()[:3] == ["--azure-openai-endpoint", "AZURE_OPENAI_ENDPOINT", "required"]
    version = next(line for line in lines if "--azure-openai-api-version" in line)
    assert "required" not in version
    assert "[default: 2024-10-21]" in run.stdout
    model = next(line for line in lines if "--openai-model" in line)
    assert model.split()[:3] == ["--openai-model", "OPENAI_MODEL", "required"]


def test_the_spec_checks_what_the_provider_requires() -> None:
    with pytest.raises(MissingConnectionSettingError) as caught:
        OPENAI.validate_settings(Settings(provider="openai", openai_base_url="http://x/v1"))

    line = caught.value.one_line()
    assert line.startswith("--provider openai needs a model, and none was given.")
    assert "Pass --openai-model or set OPENAI_MODEL (environment or .env)" in line
    OFFLINE.validate_settings(Settings(provider="offline"))


def test_an_injected_kernel_reaches_the_openai_provider() -> None:
    from semantic_kernel import Kernel

    kernel = Kernel()
    settings = Settings(provider="openai", openai_base_url="http://x/v1", openai_model="m")

    provider = create_provider(settings, kernel=kernel, credential=object())

    assert provider.name == "openai"
    assert getattr(provider, "kernel", None) is kernel


def test_an_unknown_provider_is_one_line_with_the_known_ones(run_cli: RunCli) -> None:
    with pytest.raises(UsageError) as caught:
        create_provider(Settings(provider="nope"))
    empty = ProviderRegistry()

    assert caught.value.one_line() == (
        "unknown provider 'nope' (known: azure, local, offline, openai); "
        "install its plug-in or choose one of those"
    )
    with pytest.raises(UsageError, match=r"\(known: none\)"):
        empty.get("offline")


def test_an_unknown_provider_from_the_environment_exits_2(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATAGEN_PROVIDER", "llama")

    run = run_cli(*TECH, "-o", "out")

    assert run.code == 2
    assert one_error_line(run).startswith("datagen: error: unknown provider 'llama' (known: ")
    assert not (tmp_path / "out").exists()


# --- a plug-in through the same door ---------------------------------------------------------
def test_a_plugin_runs_with_its_own_settings_from_dotenv_and_environment(
    run_cli: RunCli, site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site("stamp = sample_providers:STAMP")
    (tmp_path / ".env").write_text(
        "DATAGEN_STAMP_LABEL=from-dotenv\ndatagen_stamp_repeat=3\nOPENAI_MODEL=m\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DATAGEN_STAMP_REPEAT", "2")  # the environment beats .env

    run = run_cli(*TECH, "--provider", "stamp", "-o", "out")

    assert run.code == 0, run.stderr
    state = manifest(tmp_path / "out")
    assert (state["provider"], state["model"]) == ("stamp", "from-dotenv-from-dotenv")
    assert state["counts"]["written"] == 2


def test_datagen_providers_shows_a_plugin_with_its_origin_and_settings(
    run_cli: RunCli, site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "150")
    site("stamp = sample_providers:STAMP")

    run = run_cli("providers")

    assert run.code == 0, run.stderr
    block = run.stdout.split("stamp (datagen-provider-samples 2.5.0)\n", 1)[1].split("\n\n")[0]
    rows = [line.split() for line in block.splitlines()]
    assert rows[0] == STAMP.summary.split()
    assert rows[1][:3] == ["--openai-model", "OPENAI_MODEL", "required"]
    assert rows[2][:2] == ["--temperature", "DATAGEN_TEMPERATURE"]
    assert rows[3][:2] == ["DATAGEN_STAMP_LABEL", "required"]
    assert rows[4][:2] == ["DATAGEN_STAMP_TOKEN", "A"]
    assert rows[5][0] == "DATAGEN_STAMP_REPEAT"
    assert "[default: 1]" in block


def test_a_plugin_without_its_required_settings_is_one_line(
    run_cli: RunCli, site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site("stamp = sample_providers:STAMP")

    no_model = run_cli(*TECH, "--provider", "stamp")
    monkeypatch.setenv("OPENAI_MODEL", "m")
    no_label = run_cli(*TECH, "--provider", "stamp")
    monkeypatch.setenv("DATAGEN_STAMP_LABEL", "x")
    cold = run_cli(*TECH, "--provider", "stamp", "--temperature", "0")

    assert (no_model.code, no_label.code, cold.code) == (2, 2, 2)
    assert "--provider stamp needs a model name, and none was given" in one_error_line(no_model)
    assert one_error_line(no_label) == (
        "datagen: error: --provider stamp needs DATAGEN_STAMP_LABEL, and it is not set. "
        "Set DATAGEN_STAMP_LABEL in the environment or .env"
    )
    assert "refuses --temperature 0. Pass a warmer one" in one_error_line(cold)


def test_an_invalid_plugin_setting_names_its_variable_and_hides_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATAGEN_STAMP_LABEL", "x")
    monkeypatch.setenv("DATAGEN_STAMP_REPEAT", "9")
    settings = load_settings({"provider": "stamp", "openai_model": "m"})

    with pytest.raises(ConfigError) as repeat:
        STAMP.create(settings)
    monkeypatch.setenv("DATAGEN_STAMP_REPEAT", "1")
    secret = spec("stamp", STAMP.factory, options=KeyedOptions)
    monkeypatch.setenv("DATAGEN_STAMP_API_KEY", "sk-very-secret")
    with pytest.raises(ConfigError) as hidden:
        secret.create(settings)

    assert repeat.value.one_line().startswith(
        "DATAGEN_STAMP_REPEAT = '9' is invalid: Input should be less than or equal to 3."
    )
    assert hidden.value.one_line().startswith("DATAGEN_STAMP_API_KEY = <hidden> is invalid")
    assert "sk-very-secret" not in hidden.value.one_line()


def test_the_factory_gets_settings_options_and_injections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATAGEN_STAMP_LABEL", "lib")
    settings = Settings(provider="stamp", openai_model="m")
    registry = ProviderRegistry()
    registry.register(spec("stamp", STAMP.factory, options=STAMP.options))

    tool = NotesTool()
    provider = create_provider(settings, tool=tool, kernel="a-kernel", registry=registry)

    assert isinstance(provider, StampProvider)
    assert provider.settings is settings
    assert provider.tool is tool
    assert provider.injected == {"kernel": "a-kernel"}  # credential=None is not passed on
    assert registry.entry("stamp").origin() == "register()"
    assert registry.entry("stamp").source == "register()"


@pytest.mark.parametrize(
    ("factory", "problem"),
    [
        ("sample_providers:missing", "its factory 'sample_providers:missing' cannot be loaded"),
        ("no_such_module:create", "cannot be loaded: No module named 'no_such_module'"),
        ("sample_providers:NOT_CALLABLE", "'sample_providers:NOT_CALLABLE' is not callable"),
        ("sample_providers:not_a_provider", "returned a object, not a provider"),
    ],
)
def test_a_factory_that_cannot_build_a_provider_is_one_line(factory: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        spec("odd", factory).create(Settings(provider="odd"))

    assert problem in caught.value.one_line()


def test_offline_is_built_by_its_spec() -> None:
    tool = NotesTool()
    provider = OFFLINE.create(Settings(provider="offline"), tool=tool)
    assert isinstance(provider, OfflineProvider)
    assert provider.tool is tool
    assert OFFLINE.option_variables() == {}


# --- broken registrations --------------------------------------------------------------------
BROKEN = """\
missing = sample_providers_nowhere:SPEC
explodes = sample_providers:explode_on_import
wrongtype = sample_providers:NOT_CALLABLE
renamed = sample_providers:STAMP
typo = sample_providers:UNKNOWN_SETTING
offline = sample_providers:STAMP
stamp = sample_providers:STAMP"""


def test_each_broken_plugin_is_one_warning_and_the_others_are_listed(
    run_cli: RunCli, site: Callable[[str], Path]
) -> None:
    site(BROKEN)

    run = run_cli("providers")

    assert run.code == 0
    warnings = run.stderr.splitlines()
    assert len(warnings) == 6, run.stderr
    assert all(line.startswith("datagen: warning: provider ") for line in warnings)
    assert "Traceback" not in run.stderr
    text = "\n".join(warnings)
    assert "'offline' from entry point 'offline' of 'datagen_provider_samples' is ignored" in text
    assert "'missing' from entry point 'missing' of 'datagen_provider_samples' cannot be" in text
    assert "AttributeError" in text  # explode_on_import does not exist
    assert "'sample_providers:NOT_CALLABLE' is a int, not a ProviderSpec" in text
    assert "registered as 'renamed' by 'datagen_provider_samples' calls itself 'stamp'" in text
    assert "reads settings datagen does not have: temprature" in text
    assert "stamp (datagen-provider-samples 2.5.0)" in run.stdout
    assert "offline (built-in)" in run.stdout


def test_a_plugin_module_that_raises_is_one_line(
    site: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    module = "import sample_providers\nsample_providers.explode()\n"
    site("boom = sample_providers_boom:SPEC", {"sample_providers_boom.py": module})
    monkeypatch.delitem(sys.modules, "sample_providers_boom", raising=False)

    with pytest.raises(ConfigError) as caught:
        ProviderRegistry.discover().get("boom")

    assert caught.value.one_line() == (
        "provider 'boom' from entry point 'boom' of 'datagen_provider_samples' cannot be loaded "
        "('sample_providers_boom:SPEC'): RuntimeError: the plug-in is broken. "
        "Reinstall or fix 'datagen_provider_samples', or uninstall it"
    )


def test_a_broken_plugin_breaks_neither_help_nor_other_providers(
    run_cli: RunCli, site: Callable[[str], Path], tmp_path: Path
) -> None:
    site(BROKEN)

    root_help = run_cli("--help")
    scenario_help = run_cli("tech-support", "--help")
    offline = run_cli(*TECH, "--provider", "offline", "-o", "out")
    broken = run_cli(*TECH, "--provider", "missing", "-o", "broken")

    assert (root_help.code, scenario_help.code, offline.code) == (0, 0, 0)
    assert root_help.stderr == scenario_help.stderr == ""
    listed = " ".join(scenario_help.stdout.split())
    assert "missing, offline, openai, renamed, stamp, typo" in listed
    assert manifest(tmp_path / "out")["provider"] == "offline"
    assert broken.code == 2
    assert "provider 'missing' from entry point 'missing' of 'datagen_provider_samples'" in (
        one_error_line(broken)
    )
    assert not (tmp_path / "broken").exists()


def test_origin_of_a_distribution_that_is_not_installed() -> None:
    entry = ProviderEntry("ghost", "ghost:SPEC", "datagen_provider_ghost")

    assert entry.origin() == "datagen_provider_ghost"
    assert not entry.built_in


def test_the_same_registration_twice_is_no_problem() -> None:
    entry = ProviderEntry("x", "m:SPEC", "dist")

    registry = ProviderRegistry([entry, entry])

    assert registry.names() == ["x"]
    assert registry.problems == []
    assert "x" in registry
    assert "y" not in registry


def test_settings_accept_any_provider_name() -> None:
    assert Settings(provider="my-plugin").provider == "my-plugin"
    assert isinstance(STAMP, ProviderSpec)
