"""``datagen batches OUT_DIR``: the batches of a ``--batch`` run, their live state, ``--cancel``.

The batches are the manifest's ``batches`` list (one entry per submitted input file). Each
one the manifest does not already know to be over is read from the service through
:class:`~data_generator.providers.batch_api.BatchApi`, with the connection settings a run
would use (flags, environment, ``.env``); ``--cancel`` asks the service to cancel them. The
manifest is only read: the run that owns it records what became of its batches.

``datagen --help`` lists the command without building its options: :class:`BatchesCommand`
derives them from the settings' flags the first time they are asked for (the command is run,
its ``--help`` shown or its options completed).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer
from typer.core import TyperCommand

from data_generator.cli.state import CliState

if TYPE_CHECKING:
    from data_generator.providers.batch_api import BatchApi, BatchInfo
    from data_generator.settings import Settings

__all__ = [
    "BatchEntryView",
    "BatchesCommand",
    "batches",
    "batches_command",
    "read_batches",
    "show_batches",
]

#: The settings a run reads to reach its model: the same flags here.
CONNECTION_SETTINGS = (
    "provider",
    "azure_openai_endpoint",
    "azure_openai_deployment",
    "azure_openai_api_key",
    "azure_openai_api_version",
    "openai_base_url",
    "openai_model",
    "openai_api_key",
    "request_timeout",
)
_TERMINAL = frozenset({"failed", "completed", "expired", "cancelled"})
_BATCH_PROVIDERS = ("azure", "openai")


@dataclass(frozen=True)
class BatchEntryView:
    """One entry of the manifest's ``batches`` list, as this command needs it."""

    id: str | None
    round: int
    requests: int
    first_index: int
    last_index: int
    status: str

    @property
    def indices(self) -> str:
        """``first-last`` (one number for one index)."""
        if self.first_index == self.last_index:
            return str(self.first_index)
        return f"{self.first_index}-{self.last_index}"

    @property
    def live(self) -> bool:
        """Whether the service may still change it: created and not known to be over."""
        return self.id is not None and self.status not in _TERMINAL


def batches(ctx: typer.Context) -> None:
    """Show a --batch run's batches with their live state; --cancel cancels them."""
    # Registered with cls=BatchesCommand, whose callback is the real one.


class BatchesCommand(TyperCommand):
    """The ``batches`` command, its options built when first asked for (not by root --help)."""

    _built = False

    def get_params(self, ctx: Any) -> list[Any]:
        """The options: the command's own and the connection settings' flags."""
        if not self._built:
            import typer.main

            app = typer.Typer(add_completion=False, rich_markup_mode=None)
            app.command(name="batches")(batches_command())
            real = typer.main.get_command(app)
            self.params, self.callback, self._built = real.params, real.callback, True
        params: list[Any] = super().get_params(ctx)
        return params


def batches_command() -> Callable[..., None]:
    """The ``batches`` command's function, its options derived from the settings' flags."""
    from data_generator.cli.common import COMMON_OPTIONS, setting_parameter
    from data_generator.cli.help import LOGGING_PANEL, OUTPUT_PANEL
    from data_generator.setting_flags import setting_flags

    def run(ctx: typer.Context, **values: Any) -> None:
        state = ctx.ensure_object(CliState)
        state.debug = bool(values.pop("debug"))
        show_batches(
            values.pop("out_dir"),
            state_dir=values.pop("state_dir"),
            cancel=bool(values.pop("cancel")),
            env_file=values.pop("env_file"),
            connection=values,
        )

    parameters = [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context),
        inspect.Parameter(
            "out_dir",
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            annotation=Path,
            default=typer.Argument(..., help="The out-dir of a --batch run.", file_okay=False),
        ),
        _option(
            "state_dir",
            Optional[Path],  # noqa: UP045 - Typer reads it at run time
            typer.Option(
                None,
                "--state-dir",
                envvar="DATAGEN_STATE_DIR",
                file_okay=False,
                help="The --state-dir the run kept its state in, to find its manifest.",
                rich_help_panel=OUTPUT_PANEL,
            ),
        ),
        _option(
            "cancel",
            bool,
            typer.Option(
                False,
                "--cancel",
                help="Cancel every batch that is not over (the run keeps what they answered).",
                rich_help_panel=OUTPUT_PANEL,
            ),
        ),
        *(setting_parameter(flag) for flag in setting_flags() if flag.name in CONNECTION_SETTINGS),
        *(option.parameter() for option in COMMON_OPTIONS if option.name == "env_file"),
        _option(
            "debug",
            bool,
            typer.Option(
                False, "--debug", help="Show tracebacks of errors.", rich_help_panel=LOGGING_PANEL
            ),
        ),
    ]
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run


def _option(name: str, annotation: Any, info: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=info, annotation=annotation
    )


def show_batches(
    out_dir: Path,
    *,
    state_dir: Path | None = None,
    cancel: bool = False,
    env_file: Path | None = None,
    connection: dict[str, Any] | None = None,
) -> None:
    """Print the run's batches, and cancel those not over with ``cancel``.

    Raises:
        UsageError: ``out_dir`` holds no datagen run, or its run submitted no batches.
        ProviderError: The service refused or failed (one line, from :class:`BatchApi`).
    """
    import asyncio

    from data_generator.settings import load_settings

    scenario, provider, entries = read_batches(out_dir, state_dir)
    given = {name: value for name, value in (connection or {}).items() if value is not None}
    settings = load_settings(given, scenario=scenario, env_file=env_file)
    if "provider" not in settings.model_fields_set and provider in _BATCH_PROVIDERS:
        settings = settings.model_copy(update={"provider": provider})  # the run's own
    live = [entry for entry in entries if entry.live]
    infos: dict[str, BatchInfo] = {}
    if live:
        infos = asyncio.run(_read_live(settings, live, cancel=cancel))
    _print_table(entries, infos)
    _print_summary(entries, infos, cancel=cancel, asked=len(live))


def read_batches(
    out_dir: Path, state_dir: Path | None = None
) -> tuple[str | None, str | None, list[BatchEntryView]]:
    """The scenario, the provider and the batches the run in ``out_dir`` recorded.

    Raises:
        UsageError: No manifest there, a damaged one, or no batches in it.
    """
    import orjson

    from data_generator.engine.manifest import manifest_path
    from data_generator.errors import UsageError
    from data_generator.writers.base import OutputLayout

    path = manifest_path(OutputLayout(out_dir, "", "json", state_root=state_dir))
    hint_dir = " (and --state-dir if it used one)"
    try:
        data = orjson.loads(path.read_bytes())
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise UsageError(
            f"{out_dir} holds no datagen run (no {path})",
            hint=f"Give the out-dir of a --batch run{hint_dir}",
        ) from exc
    except (OSError, orjson.JSONDecodeError) as exc:
        raise UsageError(
            f"the run manifest {path} cannot be read: {exc}",
            hint="Rerun the run's command to rewrite it",
        ) from exc
    raw = data.get("batches") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise UsageError(
            f"the run in {out_dir} submitted no batches",
            hint="Only a run with --batch has batches (see its manifest.json)",
        )
    try:
        entries = [_entry(item) for item in raw]
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(
            f"the batches in the run manifest {path} are damaged ({exc!r})",
            hint="Rerun the run's command to rewrite it",
        ) from exc
    scenario, provider = data.get("scenario"), data.get("provider")
    return (
        scenario if isinstance(scenario, str) else None,
        provider if isinstance(provider, str) else None,
        entries,
    )


def _entry(item: Any) -> BatchEntryView:
    batch_id = item["id"]
    if batch_id is not None and not isinstance(batch_id, str):
        raise TypeError(f"id {batch_id!r}")
    return BatchEntryView(
        id=batch_id,
        round=int(item["round"]),
        requests=int(item["requests"]),
        first_index=int(item["first_index"]),
        last_index=int(item["last_index"]),
        status=str(item["status"]),
    )


async def _read_live(
    settings: Settings, live: Sequence[BatchEntryView], *, cancel: bool
) -> dict[str, BatchInfo]:
    from data_generator.providers.batch_api import create_batch_api

    api: BatchApi = create_batch_api(settings)
    found: dict[str, BatchInfo] = {}
    try:
        for entry in live:
            assert entry.id is not None
            found[entry.id] = await (api.cancel(entry.id) if cancel else api.retrieve(entry.id))
    finally:
        await api.aclose()
    return found


def _print_table(entries: Sequence[BatchEntryView], infos: dict[str, BatchInfo]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("batch", "round", "indices", "requests", "status", "completed/failed"):
        table.add_column(column, justify="right" if column in ("round", "requests") else "left")
    for entry in entries:
        info = infos.get(entry.id or "")
        status = info.status if info else (entry.status if entry.id else "uploaded")
        counts = f"{info.completed:,}/{info.failed:,}" if info else "-"
        table.add_row(
            entry.id or "(not created)",
            str(entry.round),
            entry.indices,
            f"{entry.requests:,}",
            status,
            counts,
        )
    Console(highlight=False, soft_wrap=True).print(table)


def _print_summary(
    entries: Sequence[BatchEntryView], infos: dict[str, BatchInfo], *, cancel: bool, asked: int
) -> None:
    from data_generator.messages import count_of

    statuses = [
        infos[e.id].status if e.id in infos else (e.status if e.id else "uploaded") for e in entries
    ]
    tally: dict[str, int] = {}
    for status in statuses:
        tally[status] = tally.get(status, 0) + 1
    shown = ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in tally.items())
    print(f"{count_of(len(entries), 'batch', 'batches')}: {shown}.")
    if not cancel:
        return
    if not asked:
        print("Nothing to cancel: every batch is over.")
        return
    print(
        f"Asked the service to cancel {count_of(asked, 'batch', 'batches')}; what they "
        "answered is kept. Rerun the run's command to collect it, or this one to see them end."
    )
