"""Run settings: provider, connection and limits, resolved flag > environment > ``.env``.

This module is the only reader of the process environment and of ``.env`` files.
:func:`load_settings` finds the ``.env`` files, refuses malformed ones with the line
number, drops flags the user did not give (so they cannot shadow the environment) and
turns validation errors into one-line :class:`~data_generator.errors.ConfigError` s that
name the flag or variable at fault.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, PrivateAttr, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from data_generator.dotenv_file import read_env_file
from data_generator.errors import ConfigError, UsageError
from data_generator.formats import OutputFormat
from data_generator.messages import plain_reason, show_value
from data_generator.shard import SHARD_RULE, parse_shard

__all__ = [
    "ENV_PREFIX",
    "STRUCTURED_OUTPUT_MODES",
    "Flag",
    "FlagPanel",
    "Settings",
    "StructuredOutput",
    "find_env_files",
    "flag_and_variable",
    "load_settings",
    "setting_flag",
]

ENV_PREFIX = "DATAGEN_"
#: The largest seed: seeds are stored as signed 64-bit integers.
MAX_SEED = 2**63 - 1
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
LogFormat = Literal["text", "json"]
StructuredOutput = Literal["auto", "json-schema", "json-object-schema", "json", "off"]
CsvFormulas = Literal["escape", "keep"]
BatchRepairs = Literal["batch", "online"]
#: The ``--structured-output`` modes, ``auto`` first.
STRUCTURED_OUTPUT_MODES: tuple[StructuredOutput, ...] = (
    "auto",
    "json-schema",
    "json-object-schema",
    "json",
    "off",
)
#: The ``--help`` panels a setting's flag may be listed in (see data_generator.cli.help).
FlagPanel = Literal["Output", "Delivery", "Model", "Limits", "Logging"]

#: The least request timeout, in seconds.
MIN_REQUEST_TIMEOUT = 120.0
#: The output speed a request timeout leaves room for: a small local model on two cores.
SLOW_TOKENS_PER_SECOND = 10.0
#: Seconds a request timeout allows beyond writing ``max_tokens`` (reading the prompt).
TIMEOUT_MARGIN = 30.0


@dataclass(frozen=True)
class Flag:
    """How a setting is given on the command line, declared on its field (``Annotated``).

    The flag ``--<field-name>`` and the variable are derived from the field, and so are
    its bounds, choices and default; validation ignores this marker. A field without one
    is read from the environment and ``.env`` only.

    Attributes:
        help: One sentence for ``--help``; the variable and the default are appended.
        panel: The ``--help`` panel the option is listed in.
        aliases: Further spellings: a short flag, an older name.
        metavar: The value's name in ``--help``, instead of its type's.
        default_help: The default in words, for a field whose default is worked out later.
        path: ``file`` or ``dir`` for a path that must be one or the other.
    """

    help: str
    panel: FlagPanel
    aliases: tuple[str, ...] = ()
    metavar: str | None = None
    default_help: str | None = None
    path: Literal["file", "dir"] | None = None


def setting_flag(field: str) -> Flag | None:
    """The :class:`Flag` of the settings field ``field``; ``None`` for a variable-only one."""
    metadata = Settings.model_fields[field].metadata
    return next((item for item in metadata if isinstance(item, Flag)), None)


def _env(name: str, field: str) -> Any:
    """Read field ``field`` from the variable ``name`` (or its own name, for init kwargs)."""
    return AliasChoices(name, field)


#: The ``.env`` variables of the :func:`load_settings` call in progress.
_DOTENV_VALUES: ContextVar[Mapping[str, str | None] | None] = ContextVar(
    "datagen_dotenv", default=None
)


class _ReadDotEnv(DotEnvSettingsSource):
    """Settings from ``.env`` variables already read, keeping only the settings' own names.

    pydantic-settings' own source parses the files again and compares every unknown
    variable with every field (a 16,000-line file cost 10 s); these variables are parsed
    once, and the few that name a setting are matched.
    """

    def __init__(self, settings_cls: type[BaseSettings], values: Mapping[str, str | None]) -> None:
        names = _variable_names(settings_cls)
        self._values = {key.lower(): value for key, value in values.items() if key.lower() in names}
        super().__init__(settings_cls, env_file=None)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return self._values


def _variable_names(settings_cls: type[BaseSettings]) -> set[str]:
    """Every variable name (lower case) that sets a field of ``settings_cls``."""
    names = set()
    for field, info in settings_cls.model_fields.items():
        names.add(f"{ENV_PREFIX}{field}".lower())
        if isinstance(info.validation_alias, AliasChoices):
            names.update(str(choice).lower() for choice in info.validation_alias.choices)
    return names


class Settings(BaseSettings):
    """Everything about *how* to generate that is not a scenario option.

    Resolution order is: keyword arguments (the CLI passes only flags the user gave) >
    environment variables > ``.env`` files. ``AZURE_OPENAI_*`` variables keep their
    customary names; every other setting reads ``DATAGEN_<NAME>``.
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        extra="ignore",
        populate_by_name=True,
        case_sensitive=False,
        env_file_encoding="utf-8",
        validate_default=True,
        allow_inf_nan=False,
    )

    #: The variables of the ``.env`` files read (set by :func:`load_settings`).
    _env_values: dict[str, str | None] = PrivateAttr(default_factory=dict)

    provider: Annotated[
        str,
        Flag(
            "Who writes the records: a provider of 'datagen providers'.", "Model", metavar="<name>"
        ),
    ] = Field(
        default="azure",
        min_length=1,
        description="Which model answers: a registered provider (see datagen providers).",
    )
    azure_openai_endpoint: Annotated[
        str | None,
        Flag("https://<resource>.openai.azure.com.", "Model", aliases=("--openai-endpoint",)),
    ] = Field(
        default=None,
        validation_alias=_env("AZURE_OPENAI_ENDPOINT", "azure_openai_endpoint"),
        description="Azure OpenAI resource URL, https://<name>.openai.azure.com.",
    )
    azure_openai_deployment: Annotated[
        str | None, Flag("Chat model deployment name.", "Model", aliases=("--openai-deployment",))
    ] = Field(
        default=None,
        validation_alias=_env("AZURE_OPENAI_DEPLOYMENT", "azure_openai_deployment"),
        description="Name of the chat model deployment.",
    )
    azure_openai_api_key: Annotated[
        SecretStr | None, Flag("API key; Entra ID is used without one.", "Model")
    ] = Field(
        default=None,
        validation_alias=_env("AZURE_OPENAI_API_KEY", "azure_openai_api_key"),
        description="API key; without it Microsoft Entra ID is used.",
    )
    azure_openai_api_version: Annotated[str, Flag("REST API version.", "Model")] = Field(
        default="2024-10-21",
        validation_alias=_env("AZURE_OPENAI_API_VERSION", "azure_openai_api_version"),
        description="Azure OpenAI REST API version.",
    )
    openai_base_url: Annotated[
        str | None, Flag("OpenAI-compatible server for --provider openai.", "Model")
    ] = Field(
        default=None,
        validation_alias=_env("OPENAI_BASE_URL", "openai_base_url"),
        description="OpenAI-compatible server, e.g. http://localhost:11434/v1.",
    )
    openai_model: Annotated[str | None, Flag("Model name for --provider openai.", "Model")] = Field(
        default=None,
        validation_alias=_env("OPENAI_MODEL", "openai_model"),
        description="Model name on the OpenAI-compatible server.",
    )
    openai_api_key: Annotated[SecretStr | None, Flag("API key for --provider openai.", "Model")] = (
        Field(
            default=None,
            validation_alias=_env("OPENAI_API_KEY", "openai_api_key"),
            description="API key of the OpenAI-compatible server.",
        )
    )
    deployments: str | None = Field(
        default=None,
        description="Several deployments of one model, NAME@ENDPOINT, comma-separated "
        "(--deployment, repeatable); requests go to whichever has room.",
    )
    model: Annotated[
        str | None,
        Flag(
            "The model the deployments serve, as the fingerprint names it.",
            "Model",
            default_help="the deployment name",
        ),
    ] = Field(
        default=None,
        min_length=1,
        description="The model named in the fingerprint (default: the deployment or model "
        "name); lets deployments of other names resume one data set.",
    )
    model_path: Annotated[
        Path | None,
        Flag(
            "GGUF model file.",
            "Model",
            default_help="the bundled Gemma 3 270M of datagen[local]",
            path="file",
        ),
    ] = Field(
        default=None,
        description="GGUF model file of --provider local (default: the bundled Gemma 3 270M).",
    )
    chat_format: Annotated[
        str | None,
        Flag(
            "llama-cpp-python chat format, e.g. gemma, chatml.",
            "Model",
            default_help="from the GGUF",
        ),
    ] = Field(
        default=None,
        description="llama-cpp-python chat format of --provider local (default: from the GGUF).",
    )
    context_size: Annotated[int, Flag("Context window in tokens.", "Model")] = Field(
        default=4096, ge=256, le=1_048_576, description="Context window of --provider local."
    )
    threads: Annotated[
        int | None, Flag("CPU threads for generation.", "Model", default_help="all cores")
    ] = Field(
        default=None, ge=1, le=512, description="CPU threads of --provider local (all cores)."
    )
    concurrency: Annotated[int, Flag("Requests in flight.", "Limits", aliases=("-c",))] = Field(
        default=8, ge=1, le=1024, description="Requests in flight."
    )
    rpm: Annotated[int | None, Flag("Requests per minute, at most.", "Limits")] = Field(
        default=None, ge=1, description="Requests per minute, at most."
    )
    tpm: Annotated[
        int | None, Flag("Tokens per minute, at most (prompt estimate + max output).", "Limits")
    ] = Field(default=None, ge=1, description="Tokens per minute, at most.")
    max_attempts: Annotated[int, Flag("Asks per record when answers are invalid.", "Limits")] = (
        Field(default=3, ge=1, le=20, description="Asks per record before it counts as failed.")
    )
    max_retries: Annotated[
        int, Flag("Retries of one request after 429, 5xx or timeout.", "Limits")
    ] = Field(
        default=8, ge=0, le=50, description="Retries of one request after 429, 5xx or timeout."
    )
    retry_backoff: float = Field(
        default=0.25,
        gt=0,
        le=60,
        description="Seconds of back-off before the first retry; doubles per retry, jittered.",
    )
    request_timeout: Annotated[
        float | None,
        Flag(
            "Seconds to wait for one answer.",
            "Limits",
            default_help=f"max({MIN_REQUEST_TIMEOUT:g}, max-tokens / {SLOW_TOKENS_PER_SECOND:g}"
            f" + {TIMEOUT_MARGIN:g})",
        ),
    ] = Field(
        default=None,
        gt=0,
        description="Seconds to wait for one answer; derived from max_tokens when unset.",
    )
    structured_output: Annotated[
        StructuredOutput,
        Flag(
            "How answers are held to the record's schema: auto tries json-schema, then "
            "json-object-schema (llama.cpp, vLLM, Ollama), then json; off sends none.",
            "Model",
        ),
    ] = Field(
        default="auto",
        description="How answers are held to the record's schema: auto (try json-schema, "
        "then json-object-schema, then json), json-schema, json-object-schema, json or off.",
    )
    temperature: Annotated[float | None, Flag("Sampling temperature.", "Model")] = Field(
        default=None, ge=0, le=2, description="Sampling."
    )
    max_tokens: Annotated[
        int | None,
        Flag(
            "Output tokens per request, at most.",
            "Limits",
            default_help="twice the scenario's typical record",
        ),
    ] = Field(default=None, ge=1, description="Output tokens per request.")
    token_budget: Annotated[
        int | None,
        Flag("Tokens for the whole run; stops cleanly (resumably) when reached.", "Limits"),
    ] = Field(default=None, ge=1, description="Tokens per run, at most.")
    batch: Annotated[
        bool,
        Flag(
            "Send the requests as Batch API jobs (azure, openai): half the price, within 24 h; "
            "a rerun picks up its batches.",
            "Model",
        ),
    ] = Field(default=False, description="Send the requests as Batch API jobs.")
    batch_repairs: Annotated[
        BatchRepairs,
        Flag(
            "With --batch: ask again for invalid answers in a follow-up batch or online.", "Model"
        ),
    ] = Field(
        default="batch",
        description="Where invalid batch answers are asked again: a follow-up batch, or online.",
    )
    batch_poll_seconds: Annotated[
        float, Flag("With --batch: seconds between two polls of a batch, at least.", "Limits")
    ] = Field(default=60.0, gt=0, le=86_400, description="Least seconds between two polls.")
    batch_max_requests: int = Field(
        default=100_000, ge=1, le=100_000, description="Requests per batch file, at most."
    )
    batch_max_bytes: int = Field(
        default=200_000_000, ge=1024, le=200_000_000, description="Bytes per batch file, at most."
    )
    price_prompt_per_1k: float | None = Field(
        default=None, ge=0, description="Price of 1,000 prompt tokens, for cost estimates."
    )
    price_completion_per_1k: float | None = Field(
        default=None, ge=0, description="Price of 1,000 completion tokens."
    )
    price_batch_prompt_per_1k: float | None = Field(
        default=None,
        ge=0,
        description="Price of 1,000 prompt tokens in a batch (default: half the online price).",
    )
    price_batch_completion_per_1k: float | None = Field(
        default=None,
        ge=0,
        description="Price of 1,000 completion tokens in a batch (default: half the online price).",
    )
    count: Annotated[
        int | None,
        Flag(
            "Records in the data set.",
            "Output",
            aliases=("-n",),
            default_help="10, or the scenario's count in scenarios.toml",
        ),
    ] = Field(default=None, ge=1, description="Records in the data set.")
    output_format: Annotated[
        OutputFormat | None,
        Flag(
            "File format.",
            "Output",
            aliases=("-f",),
            default_help="json, or the scenario's format in scenarios.toml",
        ),
    ] = Field(default=None, description="File format of the records.")
    seed: Annotated[
        int | None, Flag("Seed: same seed and command give the same records.", "Output")
    ] = Field(default=None, ge=0, le=MAX_SEED, description="Seed of the run.")
    seed_data: Annotated[
        Path | None,
        Flag(
            "Make each record for a row of this CSV, JSON Lines, JSON or Parquet file (or a "
            "folder of them): record i for row (i-1) mod rows; its columns are the record's "
            "facts, and fill the record fields of their names.",
            "Output",
            metavar="FILE",
        ),
    ] = Field(
        default=None,
        description="Seed rows, one per record: a CSV, JSON Lines, JSON or Parquet file, or a "
        "folder of them.",
    )
    seed_sample: Annotated[
        bool,
        Flag(
            "With --seed-data: each record takes a row drawn by the seed, not the next.", "Output"
        ),
    ] = Field(default=False, description="Draw each record's seed row by the run seed.")
    shard: Annotated[
        str | None,
        Flag(
            "Make only shard I of N (indices = I mod N; I from 0, as JOB_COMPLETION_INDEX or "
            "a Slurm --array=0-<N-1>); --rpm/--tpm are split evenly; join with datagen merge.",
            "Output",
            metavar="<I/N>",
            default_help="the whole run",
        ),
    ] = Field(
        default=None,
        description="Make only shard I of N: the indices congruent to I modulo N, 0 <= I < N.",
    )
    csv_formulas: Annotated[
        CsvFormulas,
        Flag(
            "CSV text starting with =, +, -, @, tab or CR: escape with a leading ' so "
            "spreadsheets do not run it, or keep it raw.",
            "Output",
        ),
    ] = Field(
        default="escape",
        description="CSV text a spreadsheet would run as a formula (=, +, -, @, tab, CR first): "
        "escape it with a leading ' (OWASP), or keep it as it is.",
    )
    log_level: Annotated[LogLevel, Flag("Least severe log level shown.", "Logging")] = Field(
        default="WARNING", description="Least severe log level shown."
    )
    log_format: Annotated[
        LogFormat, Flag("Log lines on stderr as text or one JSON object per line.", "Logging")
    ] = Field(default="text", description="Log lines on stderr: text, or one JSON object per line.")
    upload_to: Annotated[
        str | None,
        Flag(
            "Upload the records to Azure Blob Storage as they are written: "
            "azure-blob://ACCOUNT/CONTAINER[/PREFIX], an https://ACCOUNT.blob.core.windows.net/"
            "CONTAINER[/PREFIX] URL, or a container with AZURE_STORAGE_CONNECTION_STRING.",
            "Delivery",
            metavar="URL",
        ),
    ] = Field(
        default=None,
        description="Azure Blob Storage container (and prefix) the records are uploaded to "
        "as they are written.",
    )
    upload_concurrency: Annotated[
        int, Flag("With --upload-to: files uploaded at the same time.", "Delivery", metavar="N")
    ] = Field(default=8, ge=1, le=256, description="Files uploaded to Blob Storage at once.")
    upload_create_container: Annotated[
        bool,
        Flag(
            "With --upload-to: create the container if it is missing, or refuse (--no-...).",
            "Delivery",
        ),
    ] = Field(default=True, description="Create the blob container if it is missing.")
    upload_include_manifest: Annotated[
        bool,
        Flag(
            "With --upload-to: upload the manifest too, as PREFIX/_datagen/manifest.json.",
            "Delivery",
        ),
    ] = Field(default=False, description="Upload the run's manifest as _datagen/manifest.json.")
    azure_storage_connection_string: SecretStr | None = Field(
        default=None,
        validation_alias=_env("AZURE_STORAGE_CONNECTION_STRING", "azure_storage_connection_string"),
        description="Azure Storage connection string, for --upload-to and datagen upload.",
    )
    to: Annotated[
        str | None,
        Flag(
            "Also write the records to a database table, upserted by record index: "
            "sqlite:///PATH.db or postgresql://USER@HOST/DB.",
            "Delivery",
            metavar="URL",
        ),
    ] = Field(
        default=None,
        description="Database the records are upserted into (sqlite:/// or postgresql://).",
    )
    state_dir: Annotated[
        Path | None,
        Flag(
            "Keep run state (manifest, journals, failures) here instead of <out-dir>/.datagen, "
            "one sub-folder per out-dir.",
            "Output",
            path="dir",
        ),
    ] = Field(
        default=None,
        description="Where run state goes instead of <out-dir>/.datagen (a sub-folder per "
        "out-dir).",
    )
    parquet_row_group_size: int = Field(
        default=10_000,
        ge=1,
        le=10_000_000,
        description="Records per Parquet row group, and the most kept as JSON lines in .datagen/.",
    )
    progress_interval: float = Field(
        default=10.0,
        gt=0,
        le=3600,
        description="Seconds between progress lines when there is no live display.",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Flag > environment > the ``.env`` values :func:`load_settings` read."""
        return (
            init_settings,
            env_settings,
            _ReadDotEnv(settings_cls, _DOTENV_VALUES.get() or {}),
            dotenv_settings,
            file_secret_settings,
        )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: Any) -> Any:
        """Accept ``debug`` as ``DEBUG``, as ``--log-level`` does."""
        return value.upper() if isinstance(value, str) else value

    @field_validator("structured_output", mode="before")
    @classmethod
    def _structured_output_mode(cls, value: Any) -> Any:
        """Read ``JSON_Schema`` as ``json-schema``, and the old switch's true/false as auto/json."""
        if isinstance(value, bool):
            return "auto" if value else "json"
        if isinstance(value, str):
            mode = value.strip().lower().replace("_", "-")
            return {"true": "auto", "1": "auto", "false": "json", "0": "json"}.get(mode, mode)
        return value

    @field_validator("shard")
    @classmethod
    def _shard_form(cls, value: str | None) -> str | None:
        """Accept ``I/N`` with ``0 <= I < N``, written back as ``I/N``."""
        if value is None:
            return None
        try:
            return str(parse_shard(value))
        except UsageError as exc:
            raise ValueError(f"{exc.message} ({SHARD_RULE})") from exc

    @field_validator("state_dir", "seed_data")
    @classmethod
    def _expand_state_dir(cls, value: Path | None) -> Path | None:
        """Read ``~/state`` from ``.env`` as the shell would on the command line."""
        return value.expanduser() if value is not None else None

    @field_validator("log_format", "csv_formulas", mode="before")
    @classmethod
    def _lower_log_format(cls, value: Any) -> Any:
        """Accept ``JSON`` as ``json`` and ``KEEP`` as ``keep``."""
        return value.lower() if isinstance(value, str) else value

    @property
    def effective_request_timeout(self) -> float:
        """Seconds to wait for one answer: as set, or derived from ``max_tokens``.

        See :func:`default_request_timeout`.
        """
        if self.request_timeout is not None:
            return self.request_timeout
        return default_request_timeout(self.max_tokens)

    def variables_named(self, names: Iterable[str]) -> dict[str, str]:
        """The values of the variables ``names`` from the environment, else from ``.env``.

        Read from the ``.env`` files these settings were loaded with (none for settings
        built directly); names are matched without regard to case, as settings are. This
        is how a provider plug-in's own ``DATAGEN_<PROVIDER>_*`` settings are read.
        """
        wanted = {name.upper(): name for name in names}
        found: dict[str, str] = {}
        for key, value in self._env_values.items():
            if key.upper() in wanted and value is not None:
                found[wanted[key.upper()]] = value
        for key, value in os.environ.items():
            if key.upper() in wanted:
                found[wanted[key.upper()]] = value
        return found


def default_request_timeout(max_tokens: int | None) -> float:
    """The request timeout when none is set: room for ``max_tokens`` at local-model speed.

    ``max(120 s, max_tokens / 10 tokens/s + 30 s)``; 120 s without ``max_tokens``.
    """
    if max_tokens is None:
        return MIN_REQUEST_TIMEOUT
    return max(MIN_REQUEST_TIMEOUT, max_tokens / SLOW_TOKENS_PER_SECOND + TIMEOUT_MARGIN)


def flag_and_variable(field: str) -> tuple[str, str]:
    """Return the CLI flag and the environment variable that set ``field``.

    The flag is ``--<field-name>``, the spelling of every field with a :class:`Flag`.
    """
    alias = Settings.model_fields[field].validation_alias
    if isinstance(alias, AliasChoices):
        variable = str(alias.choices[0])
    else:
        variable = f"{ENV_PREFIX}{field.upper()}"
    return "--" + field.replace("_", "-"), variable


def _repository_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def find_env_files(
    scenario: str | None = None, *, env_file: Path | None = None, cwd: Path | None = None
) -> list[Path]:
    """Return the ``.env`` files to read, lowest precedence first.

    ``--env-file`` replaces discovery. Otherwise the folder is the working directory when it
    holds ``.env`` or ``.env.<scenario>``, else the repository root; its ``.env`` is read
    first and ``.env.<scenario>`` overrides it.

    Raises:
        ConfigError: ``env_file`` names a file that does not exist.
    """
    if env_file is not None:
        if not env_file.is_file():
            raise ConfigError(
                f"--env-file {str(env_file)!r} does not exist or is not a file",
                hint="Name an existing .env file, or leave the flag out",
            )
        return [env_file]
    here = (cwd or Path.cwd()).resolve()
    names = [".env"] + ([f".env.{scenario}"] if scenario else [])
    folders = [here]
    root = _repository_root(here)
    if root is not None and root != here:
        folders.append(root)
    for folder in folders:
        found = [folder / name for name in names if (folder / name).is_file()]
        if found:
            return found
    return []


def load_settings(
    cli_values: Mapping[str, Any] | None = None,
    *,
    scenario: str | None = None,
    env_file: Path | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Resolve settings with precedence flag > environment > ``.env``.

    Args:
        cli_values: Values from command-line flags keyed by field name; ``None`` values
            (flags not given) are dropped so they do not override the environment.
        scenario: The scenario's name, to find ``.env.<scenario>``.
        env_file: An explicit ``.env`` file (``--env-file``).
        cwd: Folder to start the ``.env`` search from; the working directory by default.

    Returns:
        The validated settings.

    Raises:
        ConfigError: A ``.env`` file is malformed or a value is invalid.
    """
    given = {key: value for key, value in (cli_values or {}).items() if value is not None}
    files = find_env_files(scenario, env_file=env_file, cwd=cwd)
    values: dict[str, str | None] = {}
    for path in files:
        values.update(read_env_file(path))
    token = _DOTENV_VALUES.set(values)
    try:
        settings = Settings(**given)
    except ValidationError as exc:
        raise _config_error(exc, given, files) from exc
    finally:
        _DOTENV_VALUES.reset(token)
    settings._env_values = values
    return settings


def _config_error(exc: ValidationError, given: Mapping[str, Any], files: list[Path]) -> ConfigError:
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else ""
    field = next(
        (name for name in Settings.model_fields if field in _names_of(name)),
        field,
    )
    flag, variable = flag_and_variable(field) if field in Settings.model_fields else (field, field)
    if field in Settings.model_fields and setting_flag(field) is None:
        flag = ""  # set by a variable only
    if field in given:
        source = flag
    elif variable in os.environ:
        source = f"environment variable {variable}"
    else:
        where = ", ".join(str(path) for path in files) or ".env"
        source = f"{variable} in {where}"
    value = error.get("input")
    shown = "<hidden>" if "key" in field else show_value(value)
    return ConfigError(
        f"{source} = {shown} is invalid: {plain_reason(error['msg'])}",
        hint=f"Correct {flag} or {variable}" if flag else f"Correct {variable}",
    )


def _names_of(field: str) -> set[str]:
    alias = Settings.model_fields[field].validation_alias
    names = {field}
    if isinstance(alias, AliasChoices):
        names.update(str(choice) for choice in alias.choices)
    return names
