"""The wizard's provider questions: what resolves already, which provider, what it lacks.

Connection settings come from :func:`~data_generator.settings.load_settings` (the only
reader of the environment and ``.env``); keys are only ever shown as set or not set.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table

from data_generator.cli.prompts import InvalidAnswerError, Prompter, parse_text
from data_generator.errors import ConfigError
from data_generator.providers.registry import ProviderRegistry
from data_generator.providers.spec import ProviderSpec
from data_generator.redaction import redact_url
from data_generator.settings import Settings, flag_and_variable

__all__ = [
    "connection_question",
    "default_provider",
    "key_note",
    "parse_url",
    "provider_specs",
    "provider_table",
    "setting_sources",
]

#: The built-in providers in the order the menu offers them; plug-ins follow, by name.
_MENU_FIRST = ("azure", "openai", "offline", "local")
#: Questions for the settings a built-in provider requires (others ask the setting's
#: description).
_QUESTIONS = {
    "azure_openai_endpoint": "Azure OpenAI endpoint (https://<resource>.openai.azure.com)",
    "azure_openai_deployment": "Deployment name",
    "openai_base_url": "Base URL (e.g. http://localhost:11434/v1)",
    "openai_model": "Model name",
}
_KEYS = {"azure": "azure_openai_api_key", "openai": "openai_api_key"}


def provider_specs(prompter: Prompter) -> dict[str, ProviderSpec]:
    """The providers that load, in menu order; each one that does not is a warning."""
    specs: dict[str, ProviderSpec] = {}
    registry = ProviderRegistry.discover()
    for problem in registry.problems:
        prompter.note(f"warning: {problem}", style="yellow")
    for entry in registry:
        try:
            specs[entry.name] = entry.spec
        except ConfigError as exc:
            prompter.note(f"warning: {exc.one_line()}", style="yellow")
    first = [name for name in _MENU_FIRST if name in specs]
    return {name: specs[name] for name in [*first, *(n for n in specs if n not in first)]}


def default_provider(
    settings: Settings, sources: Mapping[str, str], specs: Mapping[str, ProviderSpec]
) -> str:
    """The provider Enter takes.

    ``DATAGEN_PROVIDER`` when the environment or ``.env`` sets it; otherwise the first
    provider whose required settings all resolve (an Azure endpoint and deployment, an
    OpenAI base URL and model); otherwise ``offline``, which needs nothing.
    """
    if sources["provider"] != "default" and settings.provider in specs:
        return settings.provider
    for name, spec in specs.items():
        if spec.required and all(getattr(settings, field) for field in spec.required):
            return name
    return "offline" if "offline" in specs else next(iter(specs))


def provider_table(
    prompter: Prompter,
    settings: Settings,
    sources: Mapping[str, str],
    specs: Mapping[str, ProviderSpec],
) -> None:
    """Show the connection settings that resolve already, and where each came from."""
    prompter.note("Resolved from the environment and .env (flags you type below win):")
    table = Table("setting", "value", box=None, pad_edge=False)
    chosen = sources["provider"] != "default"  # the wizard's default is not the flag's
    table.add_row(
        "DATAGEN_PROVIDER", _shown_setting(settings, sources, "provider") if chosen else "not set"
    )
    shown = dict.fromkeys(name for spec in specs.values() for name in spec.setting_fields())
    for name in shown:
        table.add_row(flag_and_variable(name)[1], _shown_setting(settings, sources, name))
    prompter.console.print(table)


def connection_question(name: str) -> str:
    """The question that asks for the setting ``name``."""
    question = _QUESTIONS.get(name) or str(Settings.model_fields[name].description)
    return question.rstrip(".")


def key_note(prompter: Prompter, provider: str, settings: Settings) -> None:
    """Say how the provider authenticates when its key is not set (keys are never asked)."""
    if provider not in _KEYS or getattr(settings, _KEYS[provider]) is not None:
        return
    variable = flag_and_variable(_KEYS[provider])[1]
    without = (
        "Microsoft Entra ID (az login) is used without one"
        if provider == "azure"
        else "a server that needs one will refuse the requests"
    )
    prompter.note(
        f"{variable} is not set: {without}. To use a key, put {variable}=... into the "
        "environment or .env; the wizard never puts a key on the command line, which "
        "the screen and the shell history keep.",
        style="yellow",
    )


def setting_sources(settings: Settings) -> dict[str, str]:
    """Where each setting of ``settings`` came from: ``environment``, ``.env`` or ``default``.

    ``settings`` must come from :func:`load_settings` without flags. The environment alone
    is read through :class:`Settings` too (it stays the only reader of variables).
    """
    from_environment = Settings().model_fields_set
    return {
        name: "environment"
        if name in from_environment
        else ".env"
        if name in settings.model_fields_set
        else "default"
        for name in Settings.model_fields
    }


def _from(source: str) -> str:
    return "default" if source == "default" else f"from {source}"


def _shown_setting(settings: Settings, sources: Mapping[str, str], name: str) -> str:
    """A setting's value for the screen (never a key's) and where it came from."""
    value = getattr(settings, name)
    if value is None:
        return "not set"
    shown = "set" if name.endswith("api_key") else redact_url(str(value))
    return f"{shown} ({_from(sources[name])})"


def parse_url(text: str) -> str:
    """Parse an endpoint or base URL answer.

    Raises:
        InvalidAnswerError: It is blank or does not start with ``https://`` or ``http://``.
    """
    answer = parse_text(text)
    if not answer.startswith(("https://", "http://")):
        raise InvalidAnswerError("must start with https:// or http://")
    return answer
