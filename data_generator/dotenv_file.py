"""Read one ``.env`` file: bounded in size, linear in time, and never echoing a value.

python-dotenv's ``dotenv_values`` copies every variable seen so far for each line it
expands (quadratic: 16,000 lines took 15 s), and its parse errors would quote the line,
secret included. This reader parses with python-dotenv's own grammar, expands
``${VAR}`` and ``${VAR:-default}`` as it does, in one pass, and names a bad line by file,
line number and, at most, its variable's name.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from dotenv.parser import parse_stream

from data_generator.errors import ConfigError

__all__ = ["MAX_ENV_FILE_BYTES", "read_env_file"]

#: The largest ``.env`` file read; settings need a few hundred bytes.
MAX_ENV_FILE_BYTES = 1024 * 1024

_VARIABLE = re.compile(r"\$\{(?P<name>[^}:]*)(?::-(?P<default>[^}]*))?\}")
# Upper-case words joined by '_': a variable's name, not a secret pasted on its own.
_NAME = re.compile(r"\s*(?:export\s+)?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?=[\s=:]|$)")
_HINT = "Write KEY=value lines (comments start with #)"


def read_env_file(path: Path) -> dict[str, str | None]:
    """The variables of the ``.env`` file ``path``, in file order, ``${VAR}`` expanded.

    A bare ``KEY`` line gives ``None``, as python-dotenv's ``dotenv_values`` does; so does
    every other construct: quotes, ``export``, comments, multi-line quoted values.

    Raises:
        ConfigError: The file is larger than :data:`MAX_ENV_FILE_BYTES`, cannot be read,
            is not UTF-8, or holds a line that is not ``KEY=value``, a comment or blank.
    """
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_ENV_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(
            f"cannot read {str(path)!r}: {exc.strerror or exc}",
            hint="Fix the file's permissions, or name another with --env-file",
        ) from exc
    if len(data) > MAX_ENV_FILE_BYTES:
        raise ConfigError(
            f"{path} is larger than {MAX_ENV_FILE_BYTES // 2**20} MiB, too large for a .env file",
            hint="Keep only KEY=value settings in it, or name another file with --env-file",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 text", hint="Save the file as UTF-8") from exc
    return _parse(path, text)


def _parse(path: Path, text: str) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            raise ConfigError(
                f"{path}:{binding.original.line}: {_problem(binding.original.string)}", hint=_HINT
            )
        if binding.key is not None:
            values[binding.key] = None if binding.value is None else _expand(binding.value, values)
    return values


def _problem(line: str) -> str:
    """What is wrong with a line, naming its variable only (the rest may be a secret)."""
    name = _NAME.match(line)
    if name is not None:
        return f"cannot parse the line of {name[1]}"
    return "cannot parse this line"


def _expand(value: str, earlier: dict[str, str | None]) -> str:
    """``${NAME}`` from the file's earlier lines, else the environment, else the default."""
    if "${" not in value:
        return value

    def substitute(match: re.Match[str]) -> str:
        name = match["name"]
        found = earlier[name] if name in earlier else os.environ.get(name, match["default"])
        return found or ""

    return _VARIABLE.sub(substitute, value)
