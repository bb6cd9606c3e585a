"""Small assertions and readers shared by the test modules."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from data_generator.runtime import runtime_of, user_prompt

TESTS_DIR = Path(__file__).parent


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a ``datagen`` child process, plus ``extra``.

    None of the user's connection or datagen settings; the tests folder on ``PYTHONPATH``.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AZURE_OPENAI_", "AZURE_STORAGE_", "DATAGEN_", "OPENAI_"))
    }
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS_DIR), *filter(None, [env.get("PYTHONPATH")])])
    return {**env, **extra}


def start_datagen(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    """Start ``python -m data_generator ARGS`` in ``cwd``: the child is datagen itself."""
    return subprocess.Popen(
        [sys.executable, "-m", "data_generator", *args],
        cwd=cwd,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until(process: subprocess.Popen[str], ready: Callable[[], bool]) -> None:
    """Poll until ``ready()`` (at most 120 s); fail if the process ends first."""
    deadline = time.monotonic() + 120
    while not ready():
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"datagen ended (exit {process.returncode}) before the kill: {err}")
        if time.monotonic() > deadline:
            process.kill()
            process.communicate()
            pytest.fail("datagen did not get far enough within 120 s")
        time.sleep(0.01)


def one_error_line(run: Any) -> str:
    """The single ``datagen: error:`` line of a failed run (exit code checked by caller)."""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("datagen: error: ")
    assert "Traceback" not in run.stderr
    return lines[0]


def offline_tech_support(count: int, *extra: str, seed: int = 7) -> list[str]:
    """The arguments of a seeded offline tech-support run of ``count`` records."""
    return [
        "tech-support", "-d", "SaaS CRM", "--provider", "offline",
        "--seed", str(seed), "-n", str(count), *extra,
    ]  # fmt: skip


def offline_record(tool: Any, seed: int, index: int) -> dict[str, Any]:
    """Record ``index`` of ``tool`` under ``seed``, as the offline provider answers the engine."""
    from data_generator.providers import CompletionRequest
    from data_generator.providers.offline import OfflineProvider

    context, _rng = runtime_of(tool).context(seed, index)
    request = CompletionRequest(
        context=context,
        system=tool.system,
        prompt_template=user_prompt(tool),
        record_model=tool.record_model,
        schema=tool.record_model.model_json_schema(),
    )
    record: dict[str, Any] = orjson.loads(OfflineProvider(tool).synthesize(request))
    return record


def manifest(out_dir: Path) -> dict[str, Any]:
    """The run manifest of ``out_dir``."""
    data: dict[str, Any] = orjson.loads((out_dir / ".datagen" / "manifest.json").read_bytes())
    return data


def build_wheel(
    folder: Path, name: str, version: str, files: dict[str, str], entry_points: str
) -> Path:
    """Assemble a pure-Python wheel (PEP 427) of distribution ``name`` in ``folder``.

    Args:
        folder: Where the ``.whl`` goes.
        name: The distribution name (``datagen-plugin-haiku``).
        version: Its version.
        files: The package files, by path inside the wheel.
        entry_points: The text of its ``entry_points.txt``.
    """
    stem = f"{name.replace('-', '_')}-{version}"
    info = f"{stem}.dist-info"
    top_level = sorted({path.split("/")[0] for path in files})
    contents = {
        **files,
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        "Requires-Dist: datagen\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: datagen-tests\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
        f"{info}/entry_points.txt": entry_points,
        f"{info}/top_level.txt": "\n".join(top_level) + "\n",
    }
    wheel = folder / f"{stem}-py3-none-any.whl"
    record = []
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in contents.items():
            data = text.encode()
            archive.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{path},sha256={digest.decode()},{len(data)}")
        record.append(f"{info}/RECORD,,")
        archive.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return wheel


def pip_install(target: Path, *wheels: Path) -> None:
    """Install ``wheels`` into the folder ``target`` with pip, offline, as a user would."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index",
         "--disable-pip-version-check", "--target", str(target), *map(str, wheels)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def install_dist_info(
    site: Path, name: str, version: str, entry_points: str, files: dict[str, str] | None = None
) -> Path:
    """Lay out an installed distribution in the folder ``site``: its files and ``.dist-info``.

    This is what pip leaves behind (see :func:`pip_install`), written directly for tests
    that run in this process.
    """
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    for path, text in (files or {}).items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    return site
