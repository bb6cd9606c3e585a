"""``datagen upload OUT_DIR --to URL``: an out-dir to a blob container, or to a database.

Blob uploads are idempotent: what is there with the same MD5 is skipped, so a rerun after
a kill uploads only what is missing. Progress goes to stderr, the summary to stdout.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

from data_generator.cli.progress_lines import upload_line
from data_generator.errors import UsageError
from data_generator.messages import count_of
from data_generator.redaction import redact_url

if TYPE_CHECKING:
    from data_generator.engine.events import Event

__all__ = ["DATABASE_SCHEMES", "UploadDisplay", "upload_command"]

#: ``--to`` schemes that name a database (handled by data_generator.delivery.database).
DATABASE_SCHEMES = ("sqlite", "postgresql", "postgres")


class UploadDisplay:
    """Upload progress on stderr: one line redrawn on a terminal, else a line now and then.

    Args:
        stream: Where to write (stderr).
        interval: Seconds between two lines when ``stream`` is no terminal.
    """

    def __init__(self, stream: TextIO, interval: float) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.interval = interval if not self.live else 0.1
        self._last = time.monotonic()  # an upload shorter than the interval prints nothing
        self._drawn = False

    def __call__(self, event: Event) -> None:
        """Show ``event`` (an ``UploadProgress``) unless one was shown a moment ago."""
        now = time.monotonic()
        if now - self._last < self.interval:
            return
        self._last = now
        self._show(upload_line(event))  # type: ignore[arg-type]

    def _show(self, line: str) -> None:
        if self.live:
            self.stream.write(f"\r\x1b[2K{line}")
            self._drawn = True
        else:
            self.stream.write(f"{line}\n")
        self.stream.flush()

    def close(self) -> None:
        """End the redrawn line, if any."""
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def upload_command(
    out_dir: Path,
    to: str,
    *,
    include_manifest: bool,
    create_container: bool,
    concurrency: int | None,
    state_dir: Path | None,
    progress: bool = True,
) -> None:
    """Upload ``out_dir`` to ``to`` and print a summary line.

    Raises:
        DatagenError: The out-dir or the URL is wrong, or the upload failed (one line).
    """
    if not out_dir.is_dir():
        raise UsageError(
            f"out-dir {str(out_dir)!r} is not a folder",
            hint="Give the --out-dir of a datagen run",
        )
    if urlsplit(to).scheme.lower() in DATABASE_SCHEMES:
        blob_only = [
            flag
            for flag, given in (
                ("--include-manifest", include_manifest),
                ("--no-create-container", not create_container),
                ("--concurrency", concurrency is not None),
            )
            if given
        ]
        if blob_only:
            raise UsageError(
                f"{', '.join(blob_only)} applies to Azure Blob Storage, not to a database",
                hint="Leave it out with --to sqlite:/// or postgresql://",
            )
        _to_database(out_dir, to, state_dir)
        return
    from data_generator.cli.logs import configure_logging
    from data_generator.delivery.blob_auth import blob_access
    from data_generator.delivery.blob_session import upload_out_dir
    from data_generator.delivery.blob_sync import upload_summary
    from data_generator.delivery.blob_url import parse_blob_url
    from data_generator.engine.lock import OutDirLock
    from data_generator.settings import load_settings
    from data_generator.writers.base import OutputLayout

    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    target = parse_blob_url(to)
    secret = settings.azure_storage_connection_string
    access = blob_access(target, secret.get_secret_value() if secret else None)
    target = target.named(access.account)
    state = OutputLayout(out_dir, "upload", "json", state_root=state_dir).state_dir
    display = UploadDisplay(sys.stderr, settings.progress_interval) if progress else None
    with OutDirLock(out_dir, state, state_outside=state_dir is not None):
        try:
            tally = asyncio.run(
                upload_out_dir(
                    out_dir,
                    target,
                    access,
                    state,
                    include_manifest=include_manifest or settings.upload_include_manifest,
                    create_container=create_container and settings.upload_create_container,
                    concurrency=concurrency or settings.upload_concurrency,
                    emit=display,
                    refuse_flag="--no-create-container",
                )
            )
        finally:
            if display is not None:
                display.close()
    print(upload_summary(tally, target.shown))


def _to_database(out_dir: Path, url: str, state_dir: Path | None) -> None:
    """Hand the out-dir to the database delivery (``sqlite:///``, ``postgresql://``)."""
    from data_generator.cli.logs import configure_logging
    from data_generator.delivery.database import load_out_dir
    from data_generator.engine.lock import OutDirLock
    from data_generator.settings import load_settings
    from data_generator.writers.base import OutputLayout

    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    state = OutputLayout(out_dir, "upload", "json", state_root=state_dir).state_dir
    # A run writing into the out-dir holds its lock: its files are not whole yet.
    with OutDirLock(out_dir, state, state_outside=state_dir is not None):
        rows = load_out_dir(
            out_dir, url, state_root=state_dir, log=logging.getLogger("data_generator.delivery")
        )
    print(f"Upserted {count_of(rows, 'row')} into {redact_url(url)}.")
