"""``--provider local`` without running a model: where the model file comes from, errors.

Generation itself runs against the real Gemma model in ``test_realmodel.py``.
"""

from __future__ import annotations

import asyncio
import hashlib
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliRun
from helpers import manifest, one_error_line

from data_generator import DataGenerator, Settings
from data_generator.errors import ConfigError
from data_generator.providers.base import Completion, CompletionRequest
from data_generator.providers.gguf_model import (
    BUNDLED_MODEL_PACKAGE,
    assemble_bundled_model,
    check_gguf_file,
    model_cache_dir,
    resolve_model_path,
)
from data_generator.providers.local import chat_format_for
from data_generator.tools.tech_support import TechSupportTool

_CHUNKS = (b"GGUF" + b"\x03\x00\x00\x00" + b"a" * 1000, b"b" * 1000)


def _fake_package(tmp_path: Path, chunks: tuple[bytes, ...] = _CHUNKS) -> types.ModuleType:
    """A stand-in for the bundled-model package: same names, tiny chunk files."""
    folder = tmp_path / "chunks"
    folder.mkdir(exist_ok=True)
    paths = []
    for number, chunk in enumerate(chunks):
        path = folder / f"model.gguf.part{number:02d}"
        path.write_bytes(chunk)
        paths.append(path)
    package = types.ModuleType("fake_model_package")
    package.MODEL_NAME = "tiny.gguf"  # type: ignore[attr-defined]
    package.EXPECTED_SHA256 = hashlib.sha256(b"".join(_CHUNKS)).hexdigest()  # type: ignore[attr-defined]
    package.calls = 0  # type: ignore[attr-defined]

    def assemble(output_path: str, overwrite: bool = False) -> Path:
        package.calls += 1  # type: ignore[attr-defined]
        target = Path(output_path)
        target.write_bytes(b"".join(path.read_bytes() for path in paths))
        if hashlib.sha256(target.read_bytes()).hexdigest() != package.EXPECTED_SHA256:  # type: ignore[attr-defined]
            raise ValueError("Assembled file sha256 did not match expected value")
        return target

    package.assemble = assemble  # type: ignore[attr-defined]
    return package


def test_bundled_model_is_assembled_once_then_reused(tmp_path: Path) -> None:
    package = _fake_package(tmp_path)
    folder = tmp_path / "cache" / "models"
    path = assemble_bundled_model(package, folder)
    assert path == folder / "tiny.gguf"
    assert path.read_bytes() == b"".join(_CHUNKS)
    assert path.stat().st_mode & 0o777 == 0o644
    assert assemble_bundled_model(package, folder) == path
    assert package.calls == 1  # type: ignore[attr-defined]
    assert sorted(p.name for p in folder.iterdir()) == ["tiny.gguf", "tiny.gguf.sha256.json"]


def test_a_damaged_model_file_is_assembled_again(tmp_path: Path) -> None:
    package = _fake_package(tmp_path)
    folder = tmp_path / "models"
    path = assemble_bundled_model(package, folder)
    path.write_bytes(b"GGUF broken")
    assert assemble_bundled_model(package, folder).read_bytes() == b"".join(_CHUNKS)
    assert package.calls == 2  # type: ignore[attr-defined]


def test_a_model_file_without_its_note_is_hashed_not_rebuilt(tmp_path: Path) -> None:
    package = _fake_package(tmp_path)
    folder = tmp_path / "models"
    assemble_bundled_model(package, folder)
    (folder / "tiny.gguf.sha256.json").write_text("not json")
    assemble_bundled_model(package, folder)
    assert package.calls == 1  # type: ignore[attr-defined]


def test_chunks_that_do_not_match_the_checksum_are_refused(tmp_path: Path) -> None:
    package = _fake_package(tmp_path, chunks=(b"GGUF", b"other"))
    folder = tmp_path / "models"
    with pytest.raises(ConfigError, match="do not match its checksum") as caught:
        assemble_bundled_model(package, folder)
    assert "--force-reinstall" in caught.value.one_line()
    assert list(folder.iterdir()) == []  # no half file left behind


def test_an_unwritable_cache_is_one_error(tmp_path: Path) -> None:
    package = _fake_package(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="cannot assemble the bundled model"):
        assemble_bundled_model(package, blocker / "models")


def test_model_cache_follows_xdg_cache_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert model_cache_dir() == tmp_path / "datagen" / "models"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert model_cache_dir() == Path.home() / ".cache" / "datagen" / "models"


def test_model_path_must_be_a_gguf_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        check_gguf_file(tmp_path / "missing.gguf")
    text = tmp_path / "notes.gguf"
    text.write_text("hello")
    with pytest.raises(ConfigError, match="is not a GGUF model file"):
        check_gguf_file(text)
    good = tmp_path / "good.gguf"
    good.write_bytes(b"GGUF\x03\x00")
    assert resolve_model_path(good) == good


def test_cli_refuses_a_model_path_that_is_not_gguf(
    run_cli: Callable[..., CliRun], tmp_path: Path
) -> None:
    text = tmp_path / "model.gguf"
    text.write_text("not a model")
    run = run_cli("tech-support", "-d", "CRM", "--provider", "local", "--model-path", str(text))
    assert run.code == 2
    line = one_error_line(run)
    assert "is not a GGUF model file" in line
    assert "--model-path" in line
    assert not (tmp_path / "data").exists()


def test_cli_without_a_model_says_how_to_get_one(
    run_cli: Callable[..., CliRun], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, BUNDLED_MODEL_PACKAGE, None)  # as if not installed
    run = run_cli("tech-support", "-d", "CRM", "--provider", "local")
    assert run.code == 2
    line = one_error_line(run)
    assert "needs a GGUF model file" in line
    assert "pip install 'datagen[local]'" in line
    with pytest.raises(ConfigError, match="needs a GGUF model file"):
        resolve_model_path(None)


def test_cli_refuses_an_unknown_chat_format(run_cli: Callable[..., CliRun], tmp_path: Path) -> None:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF\x03\x00")
    run = run_cli(
        "tech-support", "-d", "CRM", "--provider", "local", "--model-path", str(model),
        "--chat-format", "klingon",
    )  # fmt: skip
    assert run.code == 2
    line = one_error_line(run)
    assert "--chat-format 'klingon'" in line
    assert "gemma" in line  # the known formats are listed


def test_chat_format_comes_from_the_gguf_unless_overridden() -> None:
    gemma = {"general.architecture": "gemma3"}
    assert chat_format_for(gemma, None) == "gemma"
    assert chat_format_for(gemma, "chatml") == "chatml"
    assert chat_format_for({"tokenizer.chat_template": "{{ x }}"}, None) is None
    assert chat_format_for({"general.architecture": "unknown"}, None) == "llama-2"


def test_providers_lists_local_with_its_settings(run_cli: Callable[..., CliRun]) -> None:
    run = run_cli("providers")
    assert run.code == 0
    for text in ("local", "--model-path", "DATAGEN_MODEL_PATH", "--chat-format", "--threads"):
        assert text in run.stdout


class _OneAtATime:
    """A provider that answers one request at a time, as an in-process model does."""

    name = "one-at-a-time"
    model = "offline-draft"
    max_concurrency = 1

    def __init__(self, tool: TechSupportTool) -> None:
        from data_generator.providers.offline import OfflineProvider

        self.offline = OfflineProvider(tool)
        self.in_flight = 0
        self.most_in_flight = 0

    async def complete(self, request: CompletionRequest) -> Completion:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(0.001)
        self.in_flight -= 1
        return Completion(text=self.offline.synthesize(request).decode())

    async def aclose(self) -> None:
        return None


def test_a_one_at_a_time_provider_gets_one_request_in_flight(tmp_path: Path) -> None:
    tool = TechSupportTool({"system_description": "CRM"})
    provider = _OneAtATime(tool)
    generator = DataGenerator(
        tool,
        count=6,
        out_dir=tmp_path / "out",
        settings=Settings(provider="offline", concurrency=8, seed=1),
        provider=provider,
    )
    result = generator.run()
    assert result.written == 6
    assert provider.most_in_flight == 1
    assert manifest(tmp_path / "out")["concurrency"] == 1
