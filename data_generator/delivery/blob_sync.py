"""The upload engine: an out-dir's files to a blob container, skipping what is there.

The container's prefix is listed once; a local file whose MD5 equals its blob's
``Content-MD5`` is skipped, every other is uploaded (overwriting), several files at a time
(the SDK parallelises only within a blob over 64 MB). Each blob's content type and MD5 are
set explicitly, so a rerun after a kill compares like with like and uploads only what is
missing or different. Nothing under the run-state folder (``.datagen/``) goes up.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from data_generator.delivery.blob_errors import REFUSE_FLAG, container_missing, storage_error
from data_generator.engine.events import UploadProgress
from data_generator.errors import OutputError
from data_generator.messages import byte_size, count_of
from data_generator.writers.base import STATE_DIR_NAME

if TYPE_CHECKING:
    from azure.storage.blob.aio import ContainerClient

    from data_generator.delivery.blob_url import BlobTarget
    from data_generator.engine.events import Event

__all__ = [
    "CONTENT_TYPES",
    "MANIFEST_BLOB",
    "MANIFEST_METADATA",
    "BlobSync",
    "LocalFile",
    "SyncTally",
    "content_type",
    "out_dir_files",
    "upload_summary",
]

#: The content type of each record file, by extension.
CONTENT_TYPES = {
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
    ".csv": "text/csv",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".parquet": "application/vnd.apache.parquet",
    ".txt": "text/plain; charset=utf-8",
}
#: Where ``--include-manifest`` puts the run's manifest, under the prefix.
MANIFEST_BLOB = "_datagen/manifest.json"
#: The manifest blob's metadata: an Azure AI Search blob indexer skips a blob marked so,
#: and in ``json`` parsing mode it would otherwise index the manifest as a record.
MANIFEST_METADATA = {"AzureSearch_Skip": "true"}
#: Files up to this size are read whole; larger ones are streamed in blocks by the SDK.
_READ_WHOLE = 4 * 1024 * 1024
_CHUNK = 1024 * 1024


def content_type(path: Path) -> str:
    """The content type a file is uploaded with (``application/octet-stream`` if unknown)."""
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def md5_of(path: Path) -> bytes:
    """The MD5 digest of the file at ``path``."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.digest()


@dataclass(frozen=True)
class LocalFile:
    """A file to upload and the blob name it goes to (prefix included).

    Attributes:
        path: The local file.
        name: The blob name, prefix included.
        metadata: Blob metadata to set on upload, if any.
    """

    path: Path
    name: str
    metadata: dict[str, str] | None = None


def out_dir_files(out_dir: Path, target: BlobTarget, skip: Iterable[Path] = ()) -> list[LocalFile]:
    """Every file of ``out_dir`` in name order, with its blob name; none from the state folders.

    Args:
        out_dir: The run's out-dir.
        target: Gives the prefix of the blob names.
        skip: Further folders to leave out (a ``--state-dir`` inside the out-dir).
    """
    skipped = {out_dir / STATE_DIR_NAME, *skip}
    found = []
    for path in _walk(out_dir, skipped):
        relative = path.relative_to(out_dir).as_posix()
        found.append(LocalFile(path, target.blob_name(relative)))
    return sorted(found, key=lambda item: item.name)


def _walk(folder: Path, skipped: set[Path]) -> Iterator[Path]:
    for entry in folder.iterdir():
        if entry in skipped:
            continue
        if entry.is_dir():
            yield from _walk(entry, skipped)
        elif entry.is_file():
            yield entry


@dataclass
class SyncTally:
    """Files and bytes settled so far, for progress events and the summary.

    Attributes:
        files_total: Files to settle (grows as a run writes).
        uploaded: Files uploaded.
        skipped: Files already there with the same MD5.
        bytes_total: Bytes of the files looked at.
        bytes_done: Bytes of the files settled (skipped ones too).
        bytes_uploaded: Bytes actually sent.
        started: When the first file was looked at (monotonic seconds).
    """

    files_total: int = 0
    uploaded: int = 0
    skipped: int = 0
    bytes_total: int = 0
    bytes_done: int = 0
    bytes_uploaded: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        """Seconds since the tally started."""
        return time.monotonic() - self.started

    def event(self, destination: str) -> UploadProgress:
        """The tally as a progress event."""
        return UploadProgress(
            destination=destination,
            files_done=self.uploaded + self.skipped,
            files_total=self.files_total,
            skipped=self.skipped,
            bytes_done=self.bytes_done,
            bytes_total=self.bytes_total,
            elapsed=self.elapsed,
        )


def upload_summary(tally: SyncTally, destination: str) -> str:
    """The summary of an upload: files and bytes sent, files already there, throughput."""
    rate = tally.bytes_uploaded / tally.elapsed if tally.elapsed > 0 else 0.0
    return (
        f"Uploaded {count_of(tally.uploaded, 'file')} ({byte_size(tally.bytes_uploaded)}) "
        f"to {destination}; {count_of(tally.skipped, 'file')} already there; "
        f"{tally.elapsed:.1f} s, {byte_size(rate)}/s."
    )


class BlobSync:
    """Uploads files to one container, skipping the blobs whose MD5 already matches.

    Args:
        client: The container's async client (the caller closes it).
        target: The container and prefix, for messages and the listing.
        auth: How we signed in, for messages.
        concurrency: Files uploaded at the same time, at most.
        emit: Receives an :class:`UploadProgress` after each file.
    """

    def __init__(
        self,
        client: ContainerClient,
        target: BlobTarget,
        *,
        auth: str,
        concurrency: int,
        emit: Callable[[Event], None] | None = None,
    ) -> None:
        self.client = client
        self.target = target
        self.auth = auth
        self.concurrency = max(1, concurrency)
        self.emit = emit
        self.tally = SyncTally()
        #: Blob name -> Content-MD5 of the blobs there (``b""``: none recorded).
        self.remote: dict[str, bytes] = {}
        #: The blob names this session settled (uploaded or found there).
        self.settled: set[str] = set()

    async def prepare(self, *, create: bool, refuse_flag: str = REFUSE_FLAG) -> None:
        """List the prefix once; create the container if it is missing and ``create``.

        Args:
            create: Create a missing container.
            refuse_flag: The flag that said not to, named in the error.

        Raises:
            DeliveryNotFoundError: The container is missing and ``create`` is false.
            DeliveryError: Azure Storage refused us or cannot be reached.
        """
        from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError

        try:
            await self._list()
        except ResourceNotFoundError as exc:
            if getattr(exc, "error_code", None) != "ContainerNotFound":
                raise self._error(exc) from exc
            if not create:
                raise container_missing(
                    self.target.shown, self.target.container, refuse_flag
                ) from None
            try:
                await self.client.create_container()
            except ResourceExistsError:
                pass  # created by someone else meanwhile
            except Exception as inner:
                raise self._error(inner) from inner
        except Exception as exc:
            raise self._error(exc) from exc

    async def _list(self) -> None:
        prefix = f"{self.target.prefix}/" if self.target.prefix else None
        async for blob in self.client.list_blobs(name_starts_with=prefix):
            md5 = blob.content_settings.content_md5
            self.remote[blob.name] = bytes(md5) if md5 else b""

    async def sync(self, files: Iterable[LocalFile]) -> None:
        """Upload each of ``files`` whose blob is missing or differs, a few at a time.

        Files this session settled already are left out (and not counted again).

        Raises:
            DeliveryError: An upload failed (the others are cancelled).
        """
        queue = (item for item in files if item.name not in self.settled)

        async def worker() -> None:
            for item in queue:
                await self.put(item)

        workers = [asyncio.ensure_future(worker()) for _ in range(self.concurrency)]
        try:
            await asyncio.gather(*workers)
        except BaseException:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            raise

    async def put(self, item: LocalFile, *, counted: bool = False) -> None:
        """Upload ``item`` unless its blob has the same MD5; count it and report progress.

        Args:
            item: The file and its blob name.
            counted: It is already in ``tally.files_total``.

        Raises:
            DeliveryError: The upload failed.
            OutputError: The file cannot be read.
        """
        try:
            size = item.path.stat().st_size
            md5 = await asyncio.to_thread(md5_of, item.path) if size > _CHUNK else md5_of(item.path)
        except OSError as exc:
            raise OutputError(
                f"cannot read {str(item.path)!r} to upload it: {exc.strerror or exc}",
                hint="Check the out-dir's files and permissions, then rerun",
            ) from exc
        tally = self.tally
        if not counted:
            tally.files_total += 1
        tally.bytes_total += size
        if self.remote.get(item.name) == md5:
            tally.skipped += 1
        else:
            await self._upload(item, md5, size)
            self.remote[item.name] = md5
            tally.uploaded += 1
            tally.bytes_uploaded += size
        tally.bytes_done += size
        self.settled.add(item.name)
        if self.emit is not None:
            self.emit(tally.event(self.target.shown))

    async def _upload(self, item: LocalFile, md5: bytes, size: int) -> None:
        from azure.storage.blob import ContentSettings

        settings = ContentSettings(content_type=content_type(item.path), content_md5=bytearray(md5))
        try:
            if size <= _READ_WHOLE:
                data: Any = await asyncio.to_thread(item.path.read_bytes)
                await self.client.upload_blob(
                    item.name,
                    data,
                    overwrite=True,
                    content_settings=settings,
                    metadata=item.metadata,
                )
            else:
                with item.path.open("rb") as handle:
                    await self.client.upload_blob(
                        item.name,
                        handle,
                        length=size,
                        overwrite=True,
                        content_settings=settings,
                        metadata=item.metadata,
                    )
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            raise self._error(exc) from exc

    def _error(self, exc: BaseException) -> Exception:
        return storage_error(exc, self.target.shown, self.auth)
