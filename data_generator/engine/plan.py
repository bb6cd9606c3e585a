"""``RunPlan``: every setting of a run resolved once, by one rule, for the CLI and the library.

Each setting takes the first value given by: a flag (or a library keyword) > the
environment > ``.env`` > the scenario's ``[scenarios.<name>]`` table in ``scenarios.toml``
> the scenario's own default > datagen's built-in default. The CLI and the wizard only
gather the flags; :meth:`RunPlan.build` does the rest, so a library user's
``DataGenerator(tool)`` and the CLI make the same run from the same files.

The module imports nothing heavy at the top: the CLI reads :data:`DEFAULT_COUNT` for its
help.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from data_generator.errors import ConfigError, UsageError
from data_generator.formats import DEFAULT_FORMAT, OUTPUT_FORMATS, OutputFormat
from data_generator.shard import Shard, parse_shard

if TYPE_CHECKING:
    from pydantic import BaseModel

    from data_generator.declarative.spec import ScenarioSettings
    from data_generator.deployments import Deployment
    from data_generator.providers.base import Provider
    from data_generator.seed_data import SeedRows
    from data_generator.settings import Settings
    from data_generator.tool import DataGeneratorTool

__all__ = [
    "DEFAULT_COUNT",
    "DEFAULT_FORMAT",
    "FILE_SETTINGS",
    "RunPlan",
    "Source",
    "resolve_count",
    "resolve_format",
]

#: Records in a data set unless a flag or ``scenarios.toml`` says otherwise.
DEFAULT_COUNT = 10
#: The output format unless a flag or ``scenarios.toml`` says otherwise (and the scenario
#: writes it; else the first format it writes).
#: Settings that ``scenarios.toml`` may set, below flag, environment and ``.env``.
FILE_SETTINGS = (
    "max_tokens",
    "temperature",
    "price_prompt_per_1k",
    "price_completion_per_1k",
    "price_batch_prompt_per_1k",
    "price_batch_completion_per_1k",
)

#: Where a planned value came from.
Source = Literal["given", "scenarios.toml", "scenario default", "default"]


def resolve_count(given: int | None, file_settings: ScenarioSettings | None) -> tuple[int, Source]:
    """The run's record count and where it came from.

    Raises:
        UsageError: The count is below 1.
    """
    source: Source
    if given is not None:
        count, source = given, "given"
    elif file_settings is not None and file_settings.count is not None:
        count, source = file_settings.count, "scenarios.toml"
    else:
        count, source = DEFAULT_COUNT, "default"
    if count < 1:
        raise UsageError(f"--count must be at least 1 (got {count})", hint="Pass --count 1+")
    return count, source


def resolve_format(
    tool: type[DataGeneratorTool[Any, Any]] | DataGeneratorTool[Any, Any],
    given: str | None,
    file_settings: ScenarioSettings | None,
) -> tuple[OutputFormat, Source]:
    """The run's output format and where it came from.

    Without a flag or ``scenarios.toml`` it is :data:`DEFAULT_FORMAT` when the scenario
    writes it, else the first format the scenario writes.

    Raises:
        UsageError: The scenario cannot write the format asked for.
    """
    supported = tool.output_formats
    source: Source
    if given is not None:
        chosen, source = given, "given"
    elif file_settings is not None and file_settings.output_format is not None:
        chosen, source = file_settings.output_format, "scenarios.toml"
    elif DEFAULT_FORMAT in supported:
        return DEFAULT_FORMAT, "default"
    else:
        return supported[0], "scenario default"
    for fmt in supported:
        if fmt == chosen and fmt in OUTPUT_FORMATS:
            return fmt, source
    raise UsageError(
        f"{tool.name} cannot write {chosen!r} output",
        hint=f"Choose --output-format from: {', '.join(supported)}",
    )


@dataclass(frozen=True)
class RunPlan:
    """A run decided before anything is built: what shapes its records, and its limits.

    Build one with :meth:`build`; pass it to :class:`~data_generator.engine.DataGenerator`.

    Attributes:
        tool: The scenario.
        options: Its validated options.
        settings: Provider, connection and limits, every layer applied (``max_tokens``
            included: ``None`` only for the offline provider, which ignores it).
        count: Records in the data set (indices ``1..count``).
        output_format: The file format.
        out_dir: The output folder.
        provider: The provider's name.
        model: The model the provider reports, or ``None`` while it cannot be told (the
            generator fills it in once the provider is built).
        prompt_tokens: Estimated prompt tokens of one request (system, prompt and schema).
        sources: Where ``count``, ``output_format`` and the settings ``scenarios.toml`` may
            set came from (a :data:`Source`).
        deployments: The deployments the run spreads its requests over (``--deployment``,
            ``DATAGEN_DEPLOYMENTS`` or ``[[deployments]]``); empty: one route from the
            connection settings.
        unsplit_limits: With ``--shard``: the whole run's ``rpm``/``tpm`` as given, before
            they were divided over the shards.
        seed_rows: The rows records are made for (``--seed-data`` or the scenario's
            ``seed_data`` in ``scenarios.toml``), if any.
    """

    tool: DataGeneratorTool[Any, Any]
    options: BaseModel
    settings: Settings
    count: int
    output_format: OutputFormat
    out_dir: Path
    provider: str
    model: str | None
    prompt_tokens: int
    sources: Mapping[str, Source] = field(default_factory=dict)
    deployments: tuple[Deployment, ...] = ()

    @property
    def names_model(self) -> bool:
        """Whether the model in the fingerprint is named by the plan, not by the provider.

        So with several deployments, or ``--model``: rerouting keeps the fingerprint.
        """
        from data_generator.deployments import ROUTED_PROVIDERS

        given = self.settings.model is not None and self.provider in ROUTED_PROVIDERS
        return bool(self.deployments) or given

    unsplit_limits: Mapping[str, int] = field(default_factory=dict)
    seed_rows: SeedRows | None = None

    @property
    def shard(self) -> Shard | None:
        """The shard of the run this plan makes (``--shard``), or ``None`` for all of it."""
        return parse_shard(self.settings.shard) if self.settings.shard is not None else None

    @property
    def share(self) -> int:
        """How many of ``1..count`` this run makes: all, or its shard's."""
        shard = self.shard
        return shard.share(self.count) if shard is not None else self.count

    @property
    def tokens_per_request(self) -> int:
        """What ``--tpm`` counts per request: the prompt and the most output."""
        return self.prompt_tokens + (self.settings.max_tokens or 0)

    def fingerprint_inputs(self, seed: int) -> dict[str, Any]:
        """Everything that shapes the records when run with ``seed``, as the manifest keeps it."""
        from data_generator.engine.manifest import run_inputs

        return run_inputs(
            self.tool.name,
            self.options,
            self.tool.record_model,
            provider=self.provider,
            model=self.model,
            seed=seed,
            output_format=self.output_format,
            csv_formulas=self.settings.csv_formulas,
            seed_data=self.seed_rows.fingerprint() if self.seed_rows is not None else None,
        )

    def fingerprint(self, seed: int) -> str:
        """The fingerprint of this run with ``seed`` (what resume compares)."""
        from data_generator.engine.manifest import fingerprint

        return fingerprint(self.fingerprint_inputs(seed))

    def with_provider(self, provider: Provider) -> RunPlan:
        """This plan, for the provider that was built (or given): its name and model."""
        model = self.model if self.names_model else provider.model
        if provider.name == self.provider and model == self.model:
            return self
        return replace(self, provider=provider.name, model=model)

    def with_settings(self, **changes: Any) -> RunPlan:
        """This plan with some settings changed (already validated values)."""
        return replace(self, settings=self.settings.model_copy(update=changes))

    @classmethod
    def build(
        cls,
        tool: DataGeneratorTool[Any, Any],
        *,
        count: int | None = None,
        output_format: str | None = None,
        out_dir: Path | str | None = None,
        settings: Settings | Mapping[str, Any] | None = None,
        env_file: Path | None = None,
        scenario_settings: ScenarioSettings | None = None,
        scenarios_file: Path | str | None = None,
        provider: Provider | None = None,
        cwd: Path | None = None,
    ) -> RunPlan:
        """Resolve every setting of a run of ``tool``; ``None`` means "not given".

        Args:
            tool: The scenario, with its options.
            count: Records in the data set; else ``--count``, ``DATAGEN_COUNT`` (environment
                or ``.env``), the scenario's ``count`` in ``scenarios.toml``, 10.
            output_format: One of the formats the tool writes; else ``--output-format``,
                ``DATAGEN_OUTPUT_FORMAT``, ``scenarios.toml``, ``json``.
            out_dir: The output folder; ``./data/<scenario>`` by default.
            settings: Either the values given as flags (settings field names; ``None``
                values are not given), resolved over the environment and ``.env``; or
                ready :class:`~data_generator.settings.Settings`, which stand for flag,
                environment and ``.env`` (the fields they set win over ``scenarios.toml``).
            env_file: An explicit ``.env`` file instead of the usual search.
            scenario_settings: The scenario's ``scenarios.toml`` settings; read from the
                file the CLI would read (see :func:`~data_generator.registry.scenario_settings`)
                when omitted.
            scenarios_file: The ``scenarios.toml`` to read them from when omitted.
            provider: A ready provider (its name and model go into the fingerprint).
            cwd: Where ``.env`` and ``scenarios.toml`` are looked for; the working directory
                by default.

        With ``--shard I/N`` the default out-dir is ``./data/<scenario>-shard-I-of-N`` and
        ``rpm``/``tpm`` are divided by ``N`` (see :attr:`unsplit_limits`).

        Raises:
            UsageError: The count is below 1, the tool cannot write the format, or
                ``--shard`` was given without ``--seed``.
            ConfigError: A ``.env`` file, a setting or the scenario's section of
                ``scenarios.toml`` is invalid.
        """
        from data_generator.settings import Settings, load_settings

        if scenario_settings is None:
            from data_generator.registry import scenario_settings as read_file_settings

            scenario_settings = read_file_settings(tool.name, scenarios_file, cwd=cwd)
        if not isinstance(settings, Settings):
            settings = load_settings(settings, scenario=tool.name, env_file=env_file, cwd=cwd)
        # A keyword wins; then the settings' own layers (flag, environment, .env).
        if count is None and "count" in settings.model_fields_set:
            count = settings.count
        if output_format is None and "output_format" in settings.model_fields_set:
            output_format = settings.output_format
        counted, count_source = resolve_count(count, scenario_settings)
        fmt, format_source = resolve_format(tool, output_format, scenario_settings)
        sources: dict[str, Source] = {"count": count_source, "output_format": format_source}
        settings = _file_layer(settings, scenario_settings, sources)
        seed_rows = _seed_rows(tool, settings, scenario_settings)
        options = tool.options
        name = provider.name if provider is not None else settings.provider
        if settings.max_tokens is None and name != "offline":  # offline ignores max_tokens
            settings = settings.model_copy(update={"max_tokens": scenario_max_tokens(tool)})
            sources["max_tokens"] = "scenario default"
        unsplit: dict[str, int] = {}
        default_dir = tool.name
        if settings.shard is not None:
            default_dir += parse_shard(settings.shard).suffix()
            settings, unsplit = _shard_settings(settings)
        deployments = _deployments(settings, scenario_settings, name)
        if settings.shard is not None:
            deployments = _shard_deployments(deployments, settings.shard)
        if deployments or (settings.model is not None and name in _routed()):
            model: str | None = _routed_model(deployments, settings.model)
        else:
            model = provider.model if provider is not None else _model_of(settings)
        return cls(
            tool=tool,
            options=options,
            settings=settings,
            count=counted,
            output_format=fmt,
            out_dir=Path(out_dir) if out_dir is not None else Path("data") / default_dir,
            provider=name,
            model=model,
            prompt_tokens=_prompt_tokens(tool),
            sources=sources,
            deployments=deployments,
            unsplit_limits=unsplit,
            seed_rows=seed_rows,
        )


def _seed_rows(
    tool: DataGeneratorTool[Any, Any], settings: Settings, file_settings: ScenarioSettings
) -> SeedRows | None:
    """Read the run's seed data (flag, environment or ``.env``, else ``scenarios.toml``).

    Raises:
        UsageError: It cannot be read, or a row does not fit (see
            :func:`~data_generator.seeding.attach_seed_data`); or ``--seed-sample`` was
            given without it.
    """
    from data_generator.seeding import attach_seed_data

    path = settings.seed_data if settings.seed_data is not None else file_settings.seed_data
    if path is None and settings.seed_sample:
        raise UsageError(
            "--seed-sample draws seed rows, but no --seed-data names them",
            hint="Add --seed-data FILE, or leave --seed-sample out",
        )
    return attach_seed_data(tool, path, sample=settings.seed_sample)


def _routed() -> tuple[str, ...]:
    from data_generator.deployments import ROUTED_PROVIDERS

    return ROUTED_PROVIDERS


def _routed_model(deployments: tuple[Deployment, ...], given: str | None) -> str:
    from data_generator.deployments import routing_model

    return routing_model(deployments, given)


def _deployments(
    settings: Settings, file_settings: ScenarioSettings, provider: str
) -> tuple[Deployment, ...]:
    """The run's deployments: ``--deployment`` / ``DATAGEN_DEPLOYMENTS``, else the file's.

    Raises:
        UsageError: A deployment is malformed, or the provider cannot spread over several.
        ConfigError: The file's ``[[deployments]]`` are invalid (and no flag replaces them).
    """
    from data_generator.deployments import parse_deployments

    if settings.deployments is not None and settings.deployments.strip():
        found = tuple(parse_deployments(settings.deployments, "DATAGEN_DEPLOYMENTS"))
        if provider not in _routed():
            raise UsageError(
                f"--deployment needs --provider azure or openai (the provider is {provider!r})",
                hint="Add --provider azure, or leave --deployment and DATAGEN_DEPLOYMENTS out",
            )
        return found
    if provider not in _routed():
        return ()  # the file's deployments serve the providers that have deployments
    if file_settings.deployments_problem is not None:
        raise ConfigError(
            file_settings.deployments_problem, hint="Fix that [[deployments]] table in the file"
        )
    return file_settings.deployments


def _shard_deployments(deployments: tuple[Deployment, ...], shard: str) -> tuple[Deployment, ...]:
    """The deployments of one shard: each one's own ``rpm``/``tpm`` divided evenly too."""
    part = parse_shard(shard)
    return tuple(
        replace(deployment, rpm=part.split(deployment.rpm), tpm=part.split(deployment.tpm))
        for deployment in deployments
    )


def _shard_settings(settings: Settings) -> tuple[Settings, dict[str, int]]:
    """The settings of one shard: ``rpm``/``tpm`` divided evenly; and the limits as given.

    Raises:
        UsageError: No seed was given (each shard would draw its own).
    """
    assert settings.shard is not None
    if settings.seed is None:
        raise UsageError(
            f"--shard {settings.shard} needs --seed: every shard must make its part of one "
            "data set",
            hint="Give all shards the same --seed (or DATAGEN_SEED)",
        )
    shard = parse_shard(settings.shard)
    given = {name: getattr(settings, name) for name in ("rpm", "tpm")}
    unsplit = {name: value for name, value in given.items() if value is not None}
    if not unsplit or shard.of == 1:
        return settings, {}
    update = {name: shard.split(value) for name, value in unsplit.items()}
    return settings.model_copy(update=update), unsplit


def _file_layer(
    settings: Settings, file_settings: ScenarioSettings, sources: dict[str, Source]
) -> Settings:
    """``settings`` with what flag, environment and ``.env`` left unset filled from the file."""
    updates: dict[str, Any] = {}
    for name in FILE_SETTINGS:
        if name in settings.model_fields_set:
            sources[name] = "given"
        elif (value := getattr(file_settings, name)) is not None:
            updates[name] = value
            sources[name] = "scenarios.toml"
    return settings.model_copy(update=updates) if updates else settings


def scenario_max_tokens(tool: DataGeneratorTool[Any, Any]) -> int:
    """The scenario's default ``--max-tokens``.

    Its :attr:`~data_generator.tool.DataGeneratorTool.token_budget`, or
    twice its typical answer rounded up to a multiple of 64 (see
    :mod:`data_generator.engine.budget`).
    """
    from data_generator.engine.budget import default_max_tokens, typical_output_tokens

    budget = tool.token_budget
    if budget is not None:
        return budget
    return default_max_tokens(typical_output_tokens(tool))


def _prompt_tokens(tool: DataGeneratorTool[Any, Any]) -> int:
    """Estimated prompt tokens of one request: system, prompt and schema over four."""
    from data_generator.engine.budget import prompt_tokens

    return prompt_tokens(tool)


def _model_of(settings: Settings) -> str | None:
    """The model the provider ``settings`` name will report, when its spec can tell."""
    from data_generator.errors import DatagenError
    from data_generator.providers.registry import ProviderRegistry

    try:
        spec = ProviderRegistry.discover().get(settings.provider)
    except DatagenError:  # an unknown provider is refused when it is built
        return None
    return spec.model_name(settings) if spec.model_name is not None else None
