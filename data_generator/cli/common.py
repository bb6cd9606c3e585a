"""The options every scenario sub-command takes after the scenario name."""

from __future__ import annotations

import copy
import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Optional

import typer

from data_generator.cli.completion import complete_provider
from data_generator.cli.help import LIMITS_PANEL, LOGGING_PANEL, MODEL_PANEL, OUTPUT_PANEL
from data_generator.engine.plan import DEFAULT_COUNT, DEFAULT_FORMAT
from data_generator.errors import UsageError
from data_generator.tool import OutputFormat

__all__ = [
    "COMMON_OPTIONS",
    "MAX_SEED",
    "SETTINGS_FIELDS",
    "CommonOption",
    "parse_out_dir",
    "provider_help",
]

#: The largest seed: seeds are stored as signed 64-bit integers (Parquet, manifests).
MAX_SEED = 2**63 - 1

# The help panels (see data_generator.cli.help); the older names stay for flags added
# under them.
_RUN = _OUTPUT = OUTPUT_PANEL
_CONNECTION = _LOCAL = _MODEL = MODEL_PANEL
_LIMITS = LIMITS_PANEL
_LOGGING = LOGGING_PANEL

LogLevelChoice = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
LogFormatChoice = Literal["text", "json"]
StructuredOutputChoice = Literal["auto", "json-schema", "json-object-schema", "json", "off"]
CsvFormulasChoice = Literal["escape", "keep"]


@dataclass(frozen=True)
class CommonOption:
    """A command-line option shared by all scenarios."""

    name: str
    annotation: Any
    info: Any

    def parameter(self, help_text: str | None = None) -> inspect.Parameter:
        """The option as a keyword-only parameter Typer can read.

        Args:
            help_text: A help text made at run time, instead of the declared one.
        """
        info = self.info
        if help_text is not None:
            info = copy.copy(info)
            info.help = help_text
        return inspect.Parameter(
            self.name, inspect.Parameter.KEYWORD_ONLY, default=info, annotation=self.annotation
        )


def provider_help(names: Sequence[str]) -> str:
    """The help of ``--provider``, listing the registered provider names."""
    return (
        f"Who writes the records: {', '.join(names)} (see 'datagen providers') "
        "[env DATAGEN_PROVIDER; default azure]."
    )


def parse_out_dir(value: str) -> Path:
    """``--out-dir`` as a path; ``""`` and ``-`` are refused rather than read as ``.``/``-``.

    Raises:
        UsageError: The value names no folder.
    """
    if not value.strip():
        raise UsageError(
            "--out-dir '' names no folder (it would write into the current one)",
            hint="Give a folder, e.g. -o data/run1, or -o . for the current folder",
        )
    if value == "-":
        raise UsageError(
            "--out-dir - would make a folder named '-'; writing to standard output is not "
            "supported",
            hint="Give a folder, e.g. -o data/run1 (or -o ./- for a folder named '-')",
        )
    return Path(value)


# Optional[...] rather than X | None: Typer evaluates these at run time on Python 3.10 too.
COMMON_OPTIONS: tuple[CommonOption, ...] = (
    CommonOption(
        "count",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--count",
            "-n",
            min=1,
            help=f"Records in the data set [default: {DEFAULT_COUNT}, or the scenario's count "
            "in scenarios.toml].",
            rich_help_panel=_RUN,
        ),
    ),
    CommonOption(
        "out_dir",
        Optional[Path],  # noqa: UP045
        typer.Option(
            None,
            "--out-dir",
            "-o",
            help="Output folder [default: ./data/<scenario>].",
            metavar="<dir>",
            parser=parse_out_dir,
            rich_help_panel=_RUN,
        ),
    ),
    CommonOption(
        "output_format",
        Optional[OutputFormat],  # noqa: UP045
        typer.Option(
            None,
            "--output-format",
            "-f",
            help=f"File format [default: {DEFAULT_FORMAT}, or the scenario's format in "
            "scenarios.toml].",
            case_sensitive=False,
            rich_help_panel=_RUN,
        ),
    ),
    CommonOption(
        "csv_formulas",
        Optional[CsvFormulasChoice],  # noqa: UP045
        typer.Option(
            None,
            "--csv-formulas",
            help="CSV text starting with =, +, -, @, tab or CR: escape with a leading ' so "
            "spreadsheets do not run it, or keep it raw [env DATAGEN_CSV_FORMULAS; default "
            "escape].",
            case_sensitive=False,
            rich_help_panel=_RUN,
        ),
    ),
    CommonOption(
        "concurrency",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--concurrency",
            "-c",
            min=1,
            max=1024,
            help="Requests in flight [env DATAGEN_CONCURRENCY; default 8].",
            rich_help_panel=_LIMITS,
        ),
    ),
    CommonOption(
        "seed",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--seed",
            min=0,
            max=MAX_SEED,
            help="Seed: same seed and command give the same records [env DATAGEN_SEED].",
            rich_help_panel=_RUN,
        ),
    ),
    CommonOption(
        "provider",
        Optional[str],  # noqa: UP045
        typer.Option(
            None,
            "--provider",
            metavar="<name>",
            help="Who writes the records: a provider of 'datagen providers' "
            "[env DATAGEN_PROVIDER; default azure].",
            autocompletion=complete_provider,
            rich_help_panel=_MODEL,
        ),
    ),
    CommonOption(
        "dry_run",
        bool,
        typer.Option(
            False,
            "--dry-run",
            help="Show the prompt, schema and plan; call and write nothing.",
            rich_help_panel=_RUN,
        ),
    ),
    CommonOption(
        "overwrite",
        bool,
        typer.Option(
            False,
            "--overwrite",
            help="Replace records made with other settings in the out-dir.",
            rich_help_panel=_RUN,
        ),
    ),
    CommonOption(
        "prune",
        bool,
        typer.Option(
            False,
            "--prune",
            help="Delete records beyond --count that an earlier, larger run left.",
            rich_help_panel=_RUN,
        ),
    ),
    CommonOption(
        "state_dir",
        Optional[Path],  # noqa: UP045
        typer.Option(
            None,
            "--state-dir",
            help="Keep run state (manifest, journals, failures) here instead of "
            "<out-dir>/.datagen, one sub-folder per out-dir [env DATAGEN_STATE_DIR].",
            file_okay=False,
            rich_help_panel=_RUN,
        ),
    ),
    CommonOption(
        "yes",
        bool,
        typer.Option(
            False,
            "--yes",
            "-y",
            help="Run even when the missing records look larger than the out-dir's free space.",
            rich_help_panel=_RUN,
        ),
    ),
    CommonOption(
        "log_level",
        Optional[LogLevelChoice],  # noqa: UP045
        typer.Option(
            None,
            "--log-level",
            help="Least severe log level shown [env DATAGEN_LOG_LEVEL; default WARNING].",
            case_sensitive=False,
            rich_help_panel=_LOGGING,
        ),
    ),
    CommonOption(
        "log_format",
        Optional[LogFormatChoice],  # noqa: UP045
        typer.Option(
            None,
            "--log-format",
            help="Log lines on stderr as text or one JSON object per line "
            "[env DATAGEN_LOG_FORMAT; default text].",
            case_sensitive=False,
            rich_help_panel=_LOGGING,
        ),
    ),
    CommonOption(
        "quiet",
        bool,
        typer.Option(
            False,
            "--quiet",
            "-q",
            help="Print only warnings and errors: no progress, no summary.",
            rich_help_panel=_LOGGING,
        ),
    ),
    CommonOption(
        "no_progress",
        bool,
        typer.Option(
            False,
            "--no-progress",
            help="No live dashboard: plain progress lines on stderr (as when it is not a "
            "terminal).",
            rich_help_panel=_LOGGING,
        ),
    ),
    CommonOption(
        "env_file",
        Optional[Path],  # noqa: UP045
        typer.Option(
            None,
            "--env-file",
            help="Read this .env file instead of ./.env and ./.env.<scenario>.",
            dir_okay=False,
            rich_help_panel=_MODEL,
        ),
    ),
    CommonOption(
        "debug",
        bool,
        typer.Option(False, "--debug", help="Show tracebacks of errors.", rich_help_panel=_LOGGING),
    ),
    CommonOption(
        "azure_openai_endpoint",
        Optional[str],  # noqa: UP045
        typer.Option(
            None,
            "--azure-openai-endpoint",
            "--openai-endpoint",
            help="https://<resource>.openai.azure.com [env AZURE_OPENAI_ENDPOINT].",
            rich_help_panel=_CONNECTION,
        ),
    ),
    CommonOption(
        "azure_openai_deployment",
        Optional[str],  # noqa: UP045
        typer.Option(
            None,
            "--azure-openai-deployment",
            "--openai-deployment",
            help="Chat model deployment name [env AZURE_OPENAI_DEPLOYMENT].",
            rich_help_panel=_CONNECTION,
        ),
    ),
    CommonOption(
        "azure_openai_api_key",
        Optional[str],  # noqa: UP045
        typer.Option(
            None,
            "--azure-openai-api-key",
            help="API key; Entra ID is used without one [env AZURE_OPENAI_API_KEY].",
            rich_help_panel=_CONNECTION,
        ),
    ),
    CommonOption(
        "azure_openai_api_version",
        Optional[str],  # noqa: UP045
        typer.Option(
            None,
            "--azure-openai-api-version",
            help="REST API version [env AZURE_OPENAI_API_VERSION].",
            rich_help_panel=_CONNECTION,
        ),
    ),
    CommonOption(
        "openai_base_url",
        Optional[str],  # noqa: UP045
        typer.Option(
            None,
            "--openai-base-url",
            help="OpenAI-compatible server for --provider openai [env OPENAI_BASE_URL].",
            rich_help_panel=_CONNECTION,
        ),
    ),
    CommonOption(
        "openai_model",
        Optional[str],  # noqa: UP045
        typer.Option(
            None,
            "--openai-model",
            help="Model name for --provider openai [env OPENAI_MODEL].",
            rich_help_panel=_CONNECTION,
        ),
    ),
    CommonOption(
        "openai_api_key",
        Optional[str],  # noqa: UP045
        typer.Option(
            None,
            "--openai-api-key",
            help="API key for --provider openai [env OPENAI_API_KEY].",
            rich_help_panel=_CONNECTION,
        ),
    ),
    CommonOption(
        "model_path",
        Optional[Path],  # noqa: UP045
        typer.Option(
            None,
            "--model-path",
            help="GGUF model file [env DATAGEN_MODEL_PATH; default: the bundled Gemma 3 270M "
            "of datagen[local]].",
            dir_okay=False,
            rich_help_panel=_LOCAL,
        ),
    ),
    CommonOption(
        "chat_format",
        Optional[str],  # noqa: UP045
        typer.Option(
            None,
            "--chat-format",
            help="llama-cpp-python chat format, e.g. gemma, chatml [env DATAGEN_CHAT_FORMAT; "
            "default: from the GGUF].",
            rich_help_panel=_LOCAL,
        ),
    ),
    CommonOption(
        "context_size",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--context-size",
            min=256,
            help="Context window in tokens [env DATAGEN_CONTEXT_SIZE; default 4096].",
            rich_help_panel=_LOCAL,
        ),
    ),
    CommonOption(
        "threads",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--threads",
            min=1,
            help="CPU threads for generation [env DATAGEN_THREADS; default: all cores].",
            rich_help_panel=_LOCAL,
        ),
    ),
    CommonOption(
        "max_attempts",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--max-attempts",
            min=1,
            max=20,
            help="Asks per record when answers are invalid [env DATAGEN_MAX_ATTEMPTS; default 3].",
            rich_help_panel=_LIMITS,
        ),
    ),
    CommonOption(
        "max_retries",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--max-retries",
            min=0,
            max=50,
            help="Retries of one request after 429, 5xx or timeout [default 8].",
            rich_help_panel=_LIMITS,
        ),
    ),
    CommonOption(
        "rpm",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--rpm",
            min=1,
            help="Requests per minute, at most [env DATAGEN_RPM].",
            rich_help_panel=_LIMITS,
        ),
    ),
    CommonOption(
        "tpm",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--tpm",
            min=1,
            help="Tokens per minute, at most (prompt estimate + max output) [env DATAGEN_TPM].",
            rich_help_panel=_LIMITS,
        ),
    ),
    CommonOption(
        "structured_output",
        Optional[StructuredOutputChoice],  # noqa: UP045
        typer.Option(
            None,
            "--structured-output",
            help="How answers are held to the record's schema: auto tries json-schema, then "
            "json-object-schema (llama.cpp, vLLM, Ollama), then json; off sends none "
            "[env DATAGEN_STRUCTURED_OUTPUT; default auto].",
            case_sensitive=False,
            rich_help_panel=_MODEL,
        ),
    ),
    CommonOption(
        "no_structured_output",
        bool,
        typer.Option(
            False,
            "--no-structured-output",
            help="Same as --structured-output json.",
            rich_help_panel=_MODEL,
        ),
    ),
    CommonOption(
        "temperature",
        Optional[float],  # noqa: UP045
        typer.Option(
            None,
            "--temperature",
            min=0.0,
            max=2.0,
            help="Sampling temperature.",
            rich_help_panel=_MODEL,
        ),
    ),
    CommonOption(
        "max_tokens",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--max-tokens",
            min=1,
            help="Output tokens per request, at most [default: twice the scenario's typical "
            "record].",
            rich_help_panel=_LIMITS,
        ),
    ),
    CommonOption(
        "token_budget",
        Optional[int],  # noqa: UP045
        typer.Option(
            None,
            "--token-budget",
            min=1,
            help="Tokens for the whole run; stops cleanly (resumably) when reached.",
            rich_help_panel=_LIMITS,
        ),
    ),
    CommonOption(
        "request_timeout",
        Optional[float],  # noqa: UP045
        typer.Option(
            None,
            "--request-timeout",
            min=0.1,
            help="Seconds to wait for one answer [default: max(120, max-tokens / 10 + 30)] "
            "[env DATAGEN_REQUEST_TIMEOUT].",
            rich_help_panel=_LIMITS,
        ),
    ),
)

#: Common options that are settings (resolved flag > environment > .env).
SETTINGS_FIELDS = (
    "provider",
    "concurrency",
    "seed",
    "state_dir",
    "log_level",
    "log_format",
    "azure_openai_endpoint",
    "azure_openai_deployment",
    "azure_openai_api_key",
    "azure_openai_api_version",
    "openai_base_url",
    "openai_model",
    "openai_api_key",
    "model_path",
    "chat_format",
    "context_size",
    "threads",
    "max_attempts",
    "max_retries",
    "rpm",
    "tpm",
    "structured_output",
    "temperature",
    "max_tokens",
    "token_budget",
    "request_timeout",
    "csv_formulas",
)
