"""The root ``datagen`` command: a Typer group whose scenario sub-commands load lazily.

Listing scenarios (``--help``, ``datagen list``, completion) reads names and descriptions
from the registry without importing any scenario module; the chosen scenario is imported
when it is invoked.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperCommand, TyperGroup

from data_generator import __version__
from data_generator.cli.completion import complete_scenario, defer_coercion
from data_generator.cli.help import write_command_panels, write_examples, write_option_panels
from data_generator.cli.state import CliState
from data_generator.errors import ConfigError
from data_generator.messages import suggest
from data_generator.registry import ToolRegistry, find_scenarios_file

__all__ = ["ScenarioGroup", "build_app"]

_LISTING = "datagen.listing"
_REGISTRY = "datagen.registry"
_SCENARIO_PANEL = "Scenarios"
#: What the root ``--help`` ends with: a first run, and where to look next.
ROOT_EXAMPLES = (
    "datagen list",
    "datagen tech-support --help",
    'datagen tech-support -d "SaaS CRM" --count 20 --provider offline',
    "datagen wizard",
)


class ScenarioGroup(TyperGroup):
    """A group whose extra commands are the registered scenarios."""

    def registry(self, ctx: Any) -> ToolRegistry:
        """The registry of this invocation, discovered once."""
        root = ctx.find_root()
        registry = root.meta.get(_REGISTRY)
        if registry is None:
            registry = ToolRegistry.discover(self._scenarios_file(root))
            root.meta[_REGISTRY] = registry
        return registry  # type: ignore[no-any-return]

    def _scenarios_file(self, ctx: Any) -> Path:
        value = ctx.params.get("scenarios_file")
        if value is None:  # not parsed yet (--help, completion): ask the option itself
            for param in self.get_params(ctx):
                if param.name == "scenarios_file":
                    value, _ = param.consume_value(ctx, {})
        return find_scenarios_file(value)

    def get_params(self, ctx: Any) -> list[Any]:
        """The root options; they build their pydantic coercion only when given a value."""
        params: list[Any] = super().get_params(ctx)
        defer_coercion(params)
        return params

    def list_commands(self, ctx: Any) -> list[str]:
        """Built-in commands, then scenarios."""
        return [*super().list_commands(ctx), *self.registry(ctx).names()]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """Return a built-in command, or build the scenario's command."""
        command = self._command(ctx, cmd_name)
        if command is not None and not ctx.meta.get(_LISTING):
            defer_coercion(command.get_params(ctx))  # pydantic only for values given
        return command

    def _command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        registry = self.registry(ctx)
        if cmd_name not in registry:
            if cmd_name in registry.broken and not ctx.meta.get(_LISTING):
                registry.get(cmd_name)  # raises the scenario's one-line problem
            return None
        entry = registry.get(cmd_name)
        if ctx.meta.get(_LISTING):
            return TyperCommand(cmd_name, help=entry.description, rich_help_panel=_SCENARIO_PANEL)
        from data_generator.cli.scenario_command import build_scenario_command

        return build_scenario_command(entry, registry.settings_of(entry.name))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Find the command; a mistyped scenario name gets the likeliest one suggested."""
        try:
            return super().resolve_command(ctx, args)
        except ClickUsageError as exc:
            if args and exc.message.startswith("No such command"):
                registry = self.registry(ctx)
                aliases = [alias for entry in registry for alias in entry.aliases]
                meant = suggest(args[0], [*self.list_commands(ctx), *aliases])
                if meant is not None:
                    exc.message = f"No such command {args[0]!r}. Did you mean {meant!r}?"
            raise

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Help lists scenarios from the registry without importing them, in panels."""
        ctx.meta[_LISTING] = True
        try:
            self.format_usage(ctx, formatter)
            self.format_help_text(ctx, formatter)
            write_option_panels(self, ctx, formatter)
            commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
            write_command_panels(
                ((name, command) for name, command in commands if command and not command.hidden),
                formatter,
            )
            write_examples(formatter, ROOT_EXAMPLES)
        finally:
            ctx.meta.pop(_LISTING, None)

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        """Complete scenario names without importing them."""
        ctx.meta[_LISTING] = True
        try:
            return super().shell_complete(ctx, incomplete)
        finally:
            ctx.meta.pop(_LISTING, None)


def _registry(ctx: typer.Context) -> ToolRegistry:
    """The registry of the root group this command runs under."""
    group = ctx.find_root().command
    assert isinstance(group, ScenarioGroup)
    return group.registry(ctx)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"datagen {__version__}")
        raise typer.Exit(0)


def build_app() -> typer.Typer:
    """Create the root Typer application."""
    app = typer.Typer(
        cls=ScenarioGroup,
        name="datagen",
        help="Generate typed, validated, reproducible synthetic data sets for a scenario.\n\n"
        "Run 'datagen SCENARIO --help' for a scenario's options.",
        no_args_is_help=True,
        context_settings={"max_content_width": 120},  # help as wide as the terminal, to 120
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )

    @app.callback()
    def root(
        version: Annotated[
            bool,
            typer.Option(
                "--version",
                callback=_print_version,
                is_eager=True,
                help="Print the version and exit.",
            ),
        ] = False,
        scenarios_file: Annotated[
            Optional[Path],  # noqa: UP045 - Typer reads it at run time
            typer.Option(
                "--scenarios-file",
                envvar="DATAGEN_SCENARIOS_FILE",
                is_eager=True,  # read before --help lists the scenarios
                exists=True,
                dir_okay=False,
                help="Extra scenarios [default: ./scenarios.toml].",
            ),
        ] = None,
    ) -> None:
        """Generate typed, validated, reproducible synthetic data sets."""

    @app.command("list")
    def list_scenarios(ctx: typer.Context) -> None:
        """List the scenarios with one-line descriptions."""
        from rich.console import Console
        from rich.table import Table

        registry = _registry(ctx)
        table = Table("scenario", "description", box=None, pad_edge=False)
        for entry in registry:
            aliases = f" (also: {', '.join(entry.aliases)})" if entry.aliases else ""
            table.add_row(entry.name, entry.description + aliases)
        Console().print(table)
        problems = list(registry.problems)
        for entry in registry:
            if entry.source.startswith("entry point"):
                continue  # built-ins and plug-ins stay unimported
            try:
                entry.load()
            except ConfigError as exc:
                problems.append(exc.one_line())
        for problem in problems:
            typer.echo(f"datagen: warning: {problem}", err=True)

    _add_output_commands(app)

    @app.command("show")
    def show(
        ctx: typer.Context,
        *,
        scenario: Annotated[
            str,
            typer.Argument(
                help="Scenario name (see 'datagen list').", autocompletion=complete_scenario
            ),
        ],
        schema: Annotated[
            bool, typer.Option("--schema", help="Print only the record's JSON schema.")
        ] = False,
        search_index: Annotated[
            bool,
            typer.Option(
                "--search-index",
                help="Print an Azure AI Search index, blob data source and indexer as JSON.",
            ),
        ] = False,
        search_format: Annotated[
            Optional[str],  # noqa: UP045 - Typer reads it at run time
            typer.Option(
                "--format", help="With --search-index: json, jsonl or csv. [default: json]"
            ),
        ] = None,
        index_name: Annotated[
            Optional[str],  # noqa: UP045
            typer.Option("--index-name", help="With --search-index: the index name."),
        ] = None,
        container: Annotated[
            Optional[str],  # noqa: UP045
            typer.Option(
                "--container",
                help="With --search-index: azure-blob://ACCOUNT/CONTAINER[/PREFIX].",
            ),
        ] = None,
        storage_resource_id: Annotated[
            Optional[str],  # noqa: UP045
            typer.Option(
                "--storage-resource-id",
                help="With --search-index: the storage account's resource ID.",
            ),
        ] = None,
    ) -> None:
        """Show a scenario: options, record schema, an offline example record, examples.

        With --search-index: the Azure AI Search index, blob data source and indexer that
        index its records, as one JSON document.
        """
        from data_generator.cli.show import SearchIndexRequest, show_scenario

        request = SearchIndexRequest(
            wanted=search_index,
            output_format=search_format,
            index_name=index_name,
            container=container,
            storage_resource_id=storage_resource_id,
        )
        show_scenario(_registry(ctx).get(scenario), schema_only=schema, search=request)

    _add_upload_command(app)  # listed after show, as quick completion lists them

    @app.command("wizard")
    def wizard(
        ctx: typer.Context,
        scenario: Annotated[
            Optional[str],  # noqa: UP045 - Typer reads it at run time
            typer.Argument(
                help="Start with this scenario [default: choose from a menu].",
                autocompletion=complete_scenario,
            ),
        ] = None,
    ) -> None:
        """Guided run: questions instead of flags.

        Pick a scenario and answer its options, provider, count, format, out-dir and seed;
        get the equivalent one-line command, and run it if you like.
        """
        from data_generator.cli.wizard import run_wizard

        found = ctx.find_root().params.get("scenarios_file")
        raise typer.Exit(run_wizard(_registry(ctx), scenario=scenario, scenarios_file=found))

    @app.command("providers")
    def providers() -> None:
        """List the model providers with their settings: flags and variables."""
        from data_generator.cli.providers_command import list_providers
        from data_generator.providers.registry import ProviderRegistry

        for problem in list_providers(ProviderRegistry.discover()):
            typer.echo(f"datagen: warning: {problem}", err=True)

    from data_generator.cli.batches_command import BatchesCommand, batches

    app.command("batches", cls=BatchesCommand)(batches)

    _evaluate_annotations(app)
    return app


def _add_output_commands(app: typer.Typer) -> None:
    """Add the commands that read runs' out-dirs: ``inspect``, ``merge`` and ``upload``."""

    @app.command("inspect")
    def inspect(
        ctx: typer.Context,
        path: Annotated[Path, typer.Argument(help="An output folder, or one output file.")],
        *,
        scenario: Annotated[
            Optional[str],  # noqa: UP045 - Typer reads it at run time
            typer.Option(
                "--scenario",
                help="Check against this scenario [default: detected].",
                autocompletion=complete_scenario,
            ),
        ] = None,
        html: Annotated[
            Optional[Path],  # noqa: UP045
            typer.Option("--html", dir_okay=False, help="Also write a self-contained HTML page."),
        ] = None,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print one JSON object instead of tables.")
        ] = False,
        strict: Annotated[
            bool,
            typer.Option(
                "--strict", help="Exit 1 if any record is unreadable, invalid or repeated."
            ),
        ] = False,
        state_dir: Annotated[
            Optional[Path],  # noqa: UP045
            typer.Option(
                "--state-dir",
                envvar="DATAGEN_STATE_DIR",
                file_okay=False,
                help="The --state-dir the run kept its state in, to find its manifest.",
            ),
        ] = None,
        debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    ) -> None:
        """Describe a run's output: validity, duplicates, fields, categories."""
        from data_generator.cli.inspect_command import inspect_output

        ctx.ensure_object(CliState).debug = debug
        code = inspect_output(
            path,
            scenario,
            html,
            _registry(ctx),
            as_json=as_json,
            strict=strict,
            state_dir=state_dir.expanduser() if state_dir is not None else None,
        )
        if code:
            raise typer.Exit(code)

    @app.command("merge")
    def merge(
        ctx: typer.Context,
        out_dirs: Annotated[
            list[Path],
            typer.Argument(
                help="The out-dirs of every shard of one run (--shard 0/N .. N-1/N).",
                metavar="OUT_DIR...",
                file_okay=False,
            ),
        ],
        *,
        dest: Annotated[
            Path,
            typer.Option(
                "--out-dir", "-o", file_okay=False, help="The merged out-dir (new or empty)."
            ),
        ],
        state_dir: Annotated[
            Optional[Path],  # noqa: UP045
            typer.Option(
                "--state-dir",
                envvar="DATAGEN_STATE_DIR",
                file_okay=False,
                help="The --state-dir the shards kept their state in (the merge's goes there).",
            ),
        ] = None,
        debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    ) -> None:
        """Join the out-dirs of a run's shards into one, as a single run writes it."""
        from data_generator.cli.merge_command import merge_out_dirs

        ctx.ensure_object(CliState).debug = debug
        root = state_dir.expanduser() if state_dir is not None else None
        merge_out_dirs(out_dirs, dest, _registry(ctx), root)


def _add_upload_command(app: typer.Typer) -> None:
    """``datagen upload``: an out-dir to a blob container or a database."""

    @app.command("upload")
    def upload(
        ctx: typer.Context,
        out_dir: Annotated[
            Path,
            typer.Argument(
                help="The out-dir of a datagen run.", metavar="OUT_DIR", file_okay=False
            ),
        ],
        *,
        to: Annotated[
            str,
            typer.Option(
                "--to",
                metavar="URL",
                help="azure-blob://ACCOUNT/CONTAINER[/PREFIX], https://ACCOUNT.blob.core."
                "windows.net/CONTAINER[/PREFIX][?SAS], CONTAINER[/PREFIX] with "
                "AZURE_STORAGE_CONNECTION_STRING, or a database: sqlite:///PATH.db, "
                "postgresql://USER@HOST/DB.",
            ),
        ],
        include_manifest: Annotated[
            bool,
            typer.Option(
                "--include-manifest",
                help="Upload the manifest too, as PREFIX/_datagen/manifest.json.",
            ),
        ] = False,
        no_create_container: Annotated[
            bool,
            typer.Option(
                "--no-create-container", help="Refuse a missing container instead of creating it."
            ),
        ] = False,
        concurrency: Annotated[
            Optional[int],  # noqa: UP045
            typer.Option(
                "--concurrency",
                "-c",
                min=1,
                max=256,
                metavar="N",
                help="Files uploaded at the same time [default: DATAGEN_UPLOAD_CONCURRENCY, 8].",
            ),
        ] = None,
        state_dir: Annotated[
            Optional[Path],  # noqa: UP045
            typer.Option(
                "--state-dir",
                envvar="DATAGEN_STATE_DIR",
                file_okay=False,
                help="The --state-dir the run kept its state in (never uploaded).",
            ),
        ] = None,
        no_progress: Annotated[
            bool, typer.Option("--no-progress", help="Print no progress on stderr.")
        ] = False,
        debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    ) -> None:
        """Upload a run's out-dir to Azure Blob Storage (or load it into a database).

        Blobs already there with the same MD5 are skipped, so a rerun uploads only what is
        missing. Nothing from .datagen/ is uploaded.
        """
        from data_generator.cli.upload_command import upload_command

        ctx.ensure_object(CliState).debug = debug
        upload_command(
            out_dir,
            to,
            include_manifest=include_manifest,
            create_container=not no_create_container,
            concurrency=concurrency,
            state_dir=state_dir.expanduser() if state_dir is not None else None,
            progress=not no_progress,
        )


def _evaluate_annotations(app: typer.Typer) -> None:
    """Turn the string annotations of the app's functions into objects, once.

    Under ``from __future__ import annotations`` Typer compiles and evaluates each one
    about 17 times while building the command (~8 ms of every ``--help`` and TAB).
    """
    infos = [*app.registered_commands, app.registered_callback]
    for function in (info.callback for info in infos if info is not None):
        if function is not None:
            function.__annotations__ = inspect.get_annotations(function, eval_str=True)
