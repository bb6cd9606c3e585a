"""``--upload-to``: a run's records go to a blob container as they are written.

Per-record files (json, yaml, txt) are uploaded by a few tasks as the writer writes them;
when the run ends, the out-dir is synchronised as ``datagen upload`` does it (single-file
formats, records from earlier runs, the manifest if asked), so both end with the same
blobs. An interrupted run closes at once: a rerun or ``datagen upload`` uploads the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from contextlib import AsyncExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from data_generator.delivery.blob_auth import BlobAccess, blob_access
from data_generator.delivery.blob_session import blob_session, files_to_upload
from data_generator.delivery.blob_sync import BlobSync, LocalFile, upload_summary
from data_generator.delivery.blob_url import BlobTarget, parse_blob_url
from data_generator.errors import DatagenError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from data_generator.delivery.base import DeliveryContext
    from data_generator.settings import Settings

__all__ = ["BlobDelivery"]

#: Files queued per upload task before the engine is asked to wait.
_QUEUE_PER_TASK = 4


class BlobDelivery:
    """Uploads a run's files to an Azure Blob Storage container (the ``Delivery`` protocol).

    Args:
        target: The container and prefix.
        access: The endpoint and the key or SAS (none: Entra ID).
        concurrency: Files uploaded at the same time, at most.
        create_container: Create the container if it is missing (else refuse).
        include_manifest: Upload the manifest as ``PREFIX/_datagen/manifest.json``.
        credential: An async Azure credential instead of ``DefaultAzureCredential``.
    """

    def __init__(
        self,
        target: BlobTarget,
        access: BlobAccess,
        *,
        concurrency: int = 8,
        create_container: bool = True,
        include_manifest: bool = False,
        credential: Any = None,
    ) -> None:
        self.target = target
        self.access = access
        self.shown = target.shown
        self.concurrency = max(1, concurrency)
        self.create_container = create_container
        self.include_manifest = include_manifest
        self.credential = credential
        self._context: DeliveryContext | None = None
        self._stack = AsyncExitStack()
        self._sync: BlobSync | None = None
        self._queue: asyncio.Queue[Path | None] = asyncio.Queue()
        self._workers: list[asyncio.Task[None]] = []
        self._room = asyncio.Event()
        self._failure: DatagenError | None = None
        self._summary: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> BlobDelivery:
        """The delivery ``settings.upload_to`` names, with the ``upload_*`` settings.

        Raises:
            UsageError: The URL is not a blob container's.
            ConfigError: No way to sign in to it (or a malformed connection string).
        """
        target = parse_blob_url(settings.upload_to or "")
        secret = settings.azure_storage_connection_string
        access = blob_access(target, secret.get_secret_value() if secret else None)
        return cls(
            target.named(access.account),
            access,
            concurrency=settings.upload_concurrency,
            create_container=settings.upload_create_container,
            include_manifest=settings.upload_include_manifest,
        )

    async def open(self, context: DeliveryContext) -> None:
        """Connect, list the container's prefix once, create the container if needed.

        Raises:
            DeliveryError: The container is missing (and not to be created), Azure
                Storage refused us, or cannot be reached.
        """
        self._context = context
        session = blob_session(
            self.target,
            self.access,
            concurrency=self.concurrency,
            emit=context.emit,
            credential=self.credential,
        )
        self._sync = await self._stack.enter_async_context(session)
        try:
            await self._sync.prepare(create=self.create_container)
        except BaseException:
            await self._stack.aclose()
            self._sync = None
            raise
        out_dir = context.layout.out_dir
        self._workers = [
            asyncio.ensure_future(self._work(self._sync, out_dir)) for _ in range(self.concurrency)
        ]

    def add(self, index: int, record: BaseModel, path: Path | None) -> None:
        """Queue record ``index``'s own file (single-file formats go up at close)."""
        if path is None or self._sync is None or self._failure is not None:
            return
        self._sync.tally.files_total += 1
        self._queue.put_nowait(path)

    @property
    def busy(self) -> bool:
        """True while more files wait than the tasks should have queued."""
        limit = self.concurrency * _QUEUE_PER_TASK
        return self._failure is None and self._queue.qsize() >= limit

    async def room(self) -> None:
        """Return once the queue is short again, or the uploads failed."""
        while self.busy:
            self._room.clear()
            await self._room.wait()

    async def _work(self, sync: BlobSync, out_dir: Path) -> None:
        while (path := await self._queue.get()) is not None:
            if not self.busy:
                self._room.set()
            if self._failure is not None:
                continue  # drain: close reports the failure
            item = LocalFile(path, self.target.blob_name(path.relative_to(out_dir).as_posix()))
            try:
                await sync.put(item, counted=True)
            except DatagenError as exc:
                self._fail(exc)

    def _fail(self, exc: DatagenError) -> None:
        if self._failure is None:
            self._failure = exc
            assert self._context is not None
            self._context.log.warning(
                "upload to %s stopped: %s (the run goes on; rerun or datagen upload to finish)",
                self.shown,
                exc.one_line(),
            )
        self._room.set()

    async def close(self, files: Sequence[Path], stopped: BaseException | None) -> None:
        """Finish the queued uploads, then upload what else the out-dir holds.

        After an interrupt (``stopped`` a ``CancelledError`` or ``KeyboardInterrupt``)
        the uploads in flight are cancelled and nothing more is sent.

        Raises:
            DeliveryError: An upload failed; a rerun or ``datagen upload`` finishes it.
        """
        sync, context = self._sync, self._context
        if sync is None or context is None:
            return
        self._sync = None
        self._summary = None
        interrupted = isinstance(stopped, asyncio.CancelledError | KeyboardInterrupt)
        try:
            if not interrupted:
                for _ in self._workers:
                    self._queue.put_nowait(None)
                await asyncio.gather(*self._workers)
                if self._failure is not None:
                    raise self._failure
                layout = context.layout
                await sync.sync(
                    files_to_upload(
                        layout.out_dir,
                        self.target,
                        layout.state_dir,
                        include_manifest=self.include_manifest,
                    )
                )
        finally:
            for task in self._workers:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*self._workers, return_exceptions=True)
            await self._stack.aclose()
            self._summary = upload_summary(sync.tally, self.shown)

    def summary(self) -> str | None:
        """What the last run uploaded: files, bytes, and files already there."""
        return self._summary
