"""One upload session: a container client (and its Entra ID credential) around a BlobSync.

``datagen upload`` and ``--upload-to`` both go through :func:`upload_out_dir`'s pieces, so a
run's delivery and a separate upload of the same out-dir end with the same blobs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from data_generator.delivery.blob_errors import REFUSE_FLAG
from data_generator.delivery.blob_sync import (
    MANIFEST_BLOB,
    MANIFEST_METADATA,
    BlobSync,
    LocalFile,
    out_dir_files,
)
from data_generator.engine.manifest import MANIFEST_NAME

if TYPE_CHECKING:
    from data_generator.delivery.blob_auth import BlobAccess
    from data_generator.delivery.blob_sync import SyncTally
    from data_generator.delivery.blob_url import BlobTarget
    from data_generator.engine.events import Event

__all__ = ["blob_session", "files_to_upload", "upload_out_dir"]


@asynccontextmanager
async def blob_session(
    target: BlobTarget,
    access: BlobAccess,
    *,
    concurrency: int,
    emit: Callable[[Event], None] | None = None,
    credential: Any = None,
) -> AsyncIterator[BlobSync]:
    """A :class:`BlobSync` on ``target``'s container, closed (with its credential) on exit.

    Args:
        target: The container and prefix.
        access: The endpoint and the key or SAS, if any.
        concurrency: Files uploaded at the same time, at most.
        emit: Receives the progress events.
        credential: An async Azure credential instead of ``DefaultAzureCredential``
            (used only without a key or SAS; the caller closes it).
    """
    token = credential
    owned = None
    if access.credential is None and token is None:
        from azure.identity.aio import DefaultAzureCredential

        token = owned = DefaultAzureCredential()
    client = access.client(target.container, token=token)
    try:
        yield BlobSync(client, target, auth=access.auth, concurrency=concurrency, emit=emit)
    finally:
        await client.close()
        if owned is not None:
            await owned.close()


def files_to_upload(
    out_dir: Path, target: BlobTarget, state_dir: Path, *, include_manifest: bool
) -> list[LocalFile]:
    """The out-dir's files, and the manifest as ``PREFIX/_datagen/manifest.json`` if asked.

    Args:
        out_dir: The out-dir.
        target: Gives the blob names' prefix.
        state_dir: The out-dir's run-state folder (never uploaded, but for the manifest).
        include_manifest: Upload the manifest too.
    """
    files = out_dir_files(out_dir, target, skip=(state_dir,))
    manifest = state_dir / MANIFEST_NAME
    if include_manifest and manifest.is_file():
        files.append(LocalFile(manifest, target.blob_name(MANIFEST_BLOB), dict(MANIFEST_METADATA)))
    return files


async def upload_out_dir(
    out_dir: Path,
    target: BlobTarget,
    access: BlobAccess,
    state_dir: Path,
    *,
    include_manifest: bool,
    create_container: bool,
    concurrency: int,
    emit: Callable[[Event], None] | None = None,
    refuse_flag: str = REFUSE_FLAG,
) -> SyncTally:
    """Upload ``out_dir`` to ``target``: what is missing or different, nothing else.

    Raises:
        DeliveryError: The container is missing (and not to be created), Azure Storage
            refused us, or cannot be reached.
    """
    async with blob_session(target, access, concurrency=concurrency, emit=emit) as sync:
        await sync.prepare(create=create_container, refuse_flag=refuse_flag)
        files = files_to_upload(out_dir, target, state_dir, include_manifest=include_manifest)
        await sync.sync(files)
        return sync.tally
