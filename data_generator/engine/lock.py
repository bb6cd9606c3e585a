"""One run per out-dir: an exclusive ``fcntl.flock`` on ``.datagen/lock``.

The lock is held for the whole run and released by the operating system when the process
ends, however it ends, so a run killed with SIGKILL never blocks the next one. The file
holds the holder's pid and start time while it is held (emptied on release), for the
message a second run gets.
"""

from __future__ import annotations

import contextlib
import os
import time
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO

import orjson

from data_generator.errors import OutDirBusyError, OutputError

__all__ = ["LOCK_NAME", "OutDirLock"]

LOCK_NAME = "lock"
_HOLDER_WAIT = 0.5  # seconds to wait for a new holder to write its pid


class OutDirLock:
    """An exclusive lock on one out-dir's run state, as a context manager.

    Args:
        out_dir: The out-dir (named in messages).
        state_dir: Its run-state folder, where the lock file goes.
        state_outside: The state folder was named with ``--state-dir`` (messages say so).

    Example:
        >>> with OutDirLock(Path("out"), Path("out/.datagen")):  # doctest: +SKIP
        ...     ...  # nobody else runs into out/ meanwhile
    """

    def __init__(self, out_dir: Path, state_dir: Path, *, state_outside: bool = False) -> None:
        self.out_dir = out_dir
        self.state_dir = state_dir
        self.state_outside = state_outside
        self.path = state_dir / LOCK_NAME
        self._handle: IO[bytes] | None = None
        self._created: list[Path] = []

    def acquire(self) -> None:
        """Take the lock, or fail at once if another process holds it.

        Raises:
            OutDirBusyError: Another run holds it (naming its pid and start time).
            OutputError: The lock file cannot be created.
        """
        import fcntl  # POSIX only; imported here so that importing this module never fails

        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise OutputError(
                f"out-dir {str(self.out_dir)!r} is a file, not a folder",
                hint="Choose a folder with --out-dir",
            )
        self._created = _make_folders(self.state_dir, self.state_outside)
        while True:
            try:
                # Unbuffered: a full disk fails the holder note at once (ignored), never at close.
                handle = open(self.path, "a+b", buffering=0)  # noqa: SIM115 - kept open while held
            except OSError as exc:
                raise OutputError(
                    f"cannot create the lock file {str(self.path)!r}: {exc.strerror or exc}",
                    hint="Check the permissions of the out-dir, or choose another --out-dir",
                ) from exc
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                raise OutDirBusyError(
                    f"{str(self.out_dir)!r} is in use by another datagen run "
                    f"({_describe(self.path)})",
                    hint="Wait for it to finish, or choose another --out-dir",
                ) from None
            if _same_file(handle, self.path):
                break
            handle.close()  # the holder removed the file as we opened it: take the new one
        self._handle = handle
        _note_holder(handle)

    def release(self) -> None:
        """Release the lock; remove what ``acquire`` created if nothing else came of it."""
        if self._handle is None:
            return
        for folder in reversed(self._created):
            if folder == self.state_dir:
                _remove_if_only_lock(folder)
            else:
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only if empty
        with contextlib.suppress(OSError):
            self._handle.truncate(0)  # the holder note says who holds it, so only while held
        self._handle.close()  # closing the last descriptor releases the flock
        self._handle = None

    def __enter__(self) -> OutDirLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def _make_folders(folder: Path, state_outside: bool) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, outermost first."""
    missing = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        missing.append(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = "a file is in the way" if isinstance(exc, FileExistsError) else exc.strerror
        if state_outside:
            raise OutputError(
                f"cannot write run state to {str(folder)!r}: {reason or exc}",
                hint="Choose a writable folder with --state-dir (or DATAGEN_STATE_DIR)",
            ) from exc
        raise OutputError(
            f"cannot create {str(folder)!r}: {reason or exc}",
            hint="Choose a writable folder with --out-dir",
        ) from exc
    return list(reversed(missing))


def _same_file(handle: IO[bytes], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


def _note_holder(handle: IO[bytes]) -> None:
    """Write our pid and start time into the lock file (best effort: a full disk may refuse)."""
    started = datetime.now().astimezone().isoformat(timespec="seconds")
    with contextlib.suppress(OSError):
        handle.truncate(0)
        handle.write(orjson.dumps({"pid": os.getpid(), "started_at": started}) + b"\n")
        handle.flush()


def _describe(path: Path) -> str:
    """``pid 123, started 2026-01-02 10:11:12`` from the lock file, as far as it says."""
    deadline = time.monotonic() + _HOLDER_WAIT
    while True:
        try:
            holder = orjson.loads(path.read_bytes())
            pid, started = int(holder["pid"]), str(holder["started_at"])
        except (OSError, ValueError, TypeError, KeyError, orjson.JSONDecodeError):
            if time.monotonic() < deadline:  # the holder has not written it yet
                time.sleep(0.02)
                continue
            return "its pid is unknown"
        return f"pid {pid}, started {started.replace('T', ' ')}"


def _remove_if_only_lock(folder: Path) -> None:
    """Remove a run-state folder that holds nothing but the lock (and an empty ``tmp``)."""
    try:
        entries = {entry.name for entry in folder.iterdir()}
        if not entries <= {LOCK_NAME, "tmp"}:
            return
        with contextlib.suppress(OSError):
            (folder / "tmp").rmdir()
        (folder / LOCK_NAME).unlink()
        folder.rmdir()
    except OSError:
        pass
