"""A third-party provider: a package built as a wheel here, installed with pip, run by datagen.

Like ``test_plugin.py`` for scenarios: the wheel is installed into a folder of its own and
used from real ``datagen`` processes whose ``PYTHONPATH`` holds that folder. A second
distribution holds broken registrations, to show that each costs one line and nothing else.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliRun
from helpers import build_wheel, manifest, one_error_line, pip_install

from data_generator.tools.tech_support import TechSupportTicket

pytestmark = pytest.mark.slow

RunSubprocess = Callable[..., CliRun]

SPEC_SOURCE = '''
"""The light half of the plug-in: what datagen reads to list and check the provider."""

from __future__ import annotations

from pydantic import BaseModel, Field

from data_generator.providers import ProviderSpec


class TextSynthOptions(BaseModel):
    model: str = Field(default="textsynth-1", description="Model name for the manifest.")
    fail_every: int = Field(
        default=0, ge=0, description="Cut off the first answer of every Nth record."
    )
    indent: int | None = Field(default=None, ge=0, le=8, description="JSON indentation.")


SPEC = ProviderSpec(
    name="textsynth",
    summary="Offline drafts answered as JSON text, the way a model answers.",
    factory="datagen_provider_textsynth.provider:TextSynthProvider",
    settings=("temperature",),
    options=TextSynthOptions,
)
'''

PROVIDER_SOURCE = '''
"""The heavy half, imported only when the provider is chosen."""

from __future__ import annotations

import json
from typing import Any

from data_generator.providers import Completion, CompletionRequest, Usage
from data_generator.providers.offline import OfflineProvider
from data_generator.settings import Settings
from datagen_provider_textsynth.spec import TextSynthOptions


class TextSynthProvider:
    """Writes each record as JSON text; every Nth record's first answer is cut off."""

    name = "textsynth"

    def __init__(
        self, settings: Settings, *, options: TextSynthOptions, tool: Any, **_: Any
    ) -> None:
        self.model = options.model
        self._options = options
        self._drafts = OfflineProvider(tool)

    async def complete(self, request: CompletionRequest) -> Completion:
        draft = self._drafts.draft(request)  # dates and times as objects
        text = json.dumps(draft, indent=self._options.indent, default=lambda v: v.isoformat())
        usage = Usage(len(request.system + request.prompt) // 4, len(text) // 4)
        every = self._options.fail_every
        if every and request.attempt == 1 and request.context.index % every == 0:
            return Completion(text[: len(text) // 2], usage, "length")
        return Completion(text, usage)

    async def aclose(self) -> None:
        """Nothing to release."""
'''

BROKEN_SOURCE = '''
"""Registrations that cannot work."""

from data_generator.providers import ProviderSpec

NOT_A_SPEC = "a string"
MISNAMED = ProviderSpec(name="other", summary="x", factory="x:y")
'''

BROKEN_ENTRY_POINTS = """[data_generator.providers]
missing = datagen_provider_broken.nowhere:SPEC
notaspec = datagen_provider_broken:NOT_A_SPEC
misnamed = datagen_provider_broken:MISNAMED
offline = datagen_provider_broken:MISNAMED
"""


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder pip installed the provider plug-in (and a broken one) into."""
    work = tmp_path_factory.mktemp("provider-plugin")
    good = build_wheel(
        work,
        "datagen-provider-textsynth",
        "1.2.0",
        {
            "datagen_provider_textsynth/__init__.py": "",
            "datagen_provider_textsynth/spec.py": SPEC_SOURCE,
            "datagen_provider_textsynth/provider.py": PROVIDER_SOURCE,
        },
        "[data_generator.providers]\ntextsynth = datagen_provider_textsynth.spec:SPEC\n",
    )
    broken = build_wheel(
        work,
        "datagen-provider-broken",
        "0.0.1",
        {"datagen_provider_broken/__init__.py": BROKEN_SOURCE},
        BROKEN_ENTRY_POINTS,
    )
    target = work / "site"
    pip_install(target, good, broken)
    return target


def test_an_installed_provider_plugin_writes_valid_records(
    run_subprocess: RunSubprocess, plugin_site: Path, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("DATAGEN_TEXTSYNTH_MODEL=synth-large\n", encoding="utf-8")
    env = {"PYTHONPATH": str(plugin_site), "DATAGEN_TEXTSYNTH_FAIL_EVERY": "2"}

    run = run_subprocess(
        "tech-support", "-d", "SaaS CRM", "-n", "3", "--seed", "5",
        "--provider", "textsynth", "--out-dir", "out", cwd=tmp_path, env=env,
    )  # fmt: skip

    assert run.code == 0, run.stderr
    files = sorted((tmp_path / "out").glob("tech-support-*.json"))
    assert [path.name for path in files] == [f"tech-support-{i:06d}.json" for i in (1, 2, 3)]
    for path in files:
        TechSupportTicket.model_validate(json.loads(path.read_text(encoding="utf-8")))
    state = manifest(tmp_path / "out")
    assert (state["provider"], state["model"]) == ("textsynth", "synth-large")  # from .env
    assert state["counts"]["written"] == 3
    assert state["counts"]["retried"] == 1  # record 2's first answer was cut off
    assert state["tokens"]["prompt"] > 0
    assert state["tokens"]["completion"] > 0


def test_datagen_providers_lists_the_plugin_and_its_settings(
    run_subprocess: RunSubprocess, plugin_site: Path, tmp_path: Path
) -> None:
    run = run_subprocess(
        "providers", cwd=tmp_path, env={"PYTHONPATH": str(plugin_site), "COLUMNS": "160"}
    )

    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "textsynth (datagen-provider-textsynth 1.2.0)" in lines
    assert "  Offline drafts answered as JSON text, the way a model answers." in lines
    block = run.stdout.split("textsynth (", 1)[1]
    assert "--temperature" in block
    assert "DATAGEN_TEMPERATURE" in block
    assert "DATAGEN_TEXTSYNTH_MODEL" in block
    assert "[default: textsynth-1]" in block
    assert "DATAGEN_TEXTSYNTH_FAIL_EVERY" in block
    for name in ("azure", "offline", "openai"):
        assert f"{name} (built-in)" in lines


def test_listing_providers_imports_specs_only(plugin_site: Path, tmp_path: Path) -> None:
    # -X importtime does not see importlib.import_module, so ask the process itself.
    probe = (
        "import sys\n"
        "from data_generator.cli import main\n"
        "main(['providers'])\n"
        "print(*sorted(sys.modules), sep='\\n', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(plugin_site)}, timeout=60, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    modules = set(done.stderr.splitlines())
    assert {"datagen_provider_textsynth.spec", "data_generator.providers.builtin"} <= modules
    heavy = ("datagen_provider_textsynth.provider", "semantic_kernel", "openai", "llama_cpp")
    assert not modules & set(heavy)


def test_each_broken_registration_is_one_warning_and_the_rest_works(
    run_subprocess: RunSubprocess, plugin_site: Path, tmp_path: Path
) -> None:
    env = {"PYTHONPATH": str(plugin_site), "COLUMNS": "160"}

    listing = run_subprocess("providers", cwd=tmp_path, env=env)
    help_run = run_subprocess("--help", cwd=tmp_path, env=env)
    offline = run_subprocess(
        "tech-support", "-d", "SaaS CRM", "-n", "2", "--provider", "offline", "-o", "out",
        cwd=tmp_path, env=env,
    )  # fmt: skip

    assert listing.code == 0, listing.stderr
    assert "Traceback" not in listing.stderr
    warnings = sorted(listing.stderr.splitlines())
    assert len(warnings) == 4, listing.stderr
    assert all(line.startswith("datagen: warning: provider ") for line in warnings)
    assert all("datagen_provider_broken" in line for line in warnings)
    text = "\n".join(warnings)
    assert "'missing' from entry point 'missing' of 'datagen_provider_broken' cannot be" in text
    assert "ModuleNotFoundError" in text
    assert "is a str, not a ProviderSpec" in text
    assert "registered as 'misnamed' by 'datagen_provider_broken' calls itself 'other'" in text
    assert "'offline' from entry point 'offline' of 'datagen_provider_broken' is ignored" in text
    assert "textsynth (datagen-provider-textsynth 1.2.0)" in listing.stdout
    assert help_run.code == 0, help_run.stderr
    assert help_run.stderr == ""
    assert offline.code == 0, offline.stderr
    assert manifest(tmp_path / "out")["provider"] == "offline"  # the built-in wins the name


def test_choosing_a_broken_plugin_is_one_line_naming_it(
    run_subprocess: RunSubprocess, plugin_site: Path, tmp_path: Path
) -> None:
    run = run_subprocess(
        "tech-support", "-d", "SaaS CRM", "-n", "2", "--provider", "notaspec", "-o", "out",
        cwd=tmp_path, env={"PYTHONPATH": str(plugin_site)},
    )  # fmt: skip

    assert run.code == 2
    line = one_error_line(run)
    assert "provider 'notaspec' from entry point 'notaspec' of 'datagen_provider_broken'" in line
    assert not (tmp_path / "out").exists()


def test_completion_offers_the_plugin_with_its_summary(
    run_subprocess: RunSubprocess, plugin_site: Path, tmp_path: Path
) -> None:
    env = {
        "PYTHONPATH": str(plugin_site),
        "_DATAGEN_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_ARGS": "datagen tech-support --provider ",
    }

    run = run_subprocess(cwd=tmp_path, env=env)

    assert run.code == 0, run.stderr
    offered = dict(line.partition("\t")[::2] for line in run.stdout.splitlines())
    assert offered["textsynth"] == "Offline drafts answered as JSON text, the way a model answers."
    assert offered["missing"] == ""  # broken: offered, without a summary
    assert {"azure", "offline", "openai", "notaspec", "misnamed"} <= set(offered)


def test_an_invalid_plugin_setting_is_one_line_naming_its_variable(
    run_subprocess: RunSubprocess, plugin_site: Path, tmp_path: Path
) -> None:
    env = {"PYTHONPATH": str(plugin_site), "DATAGEN_TEXTSYNTH_INDENT": "99"}

    run = run_subprocess(
        "tech-support", "-d", "SaaS CRM", "-n", "1", "--provider", "textsynth", "-o", "out",
        cwd=tmp_path, env=env,
    )  # fmt: skip

    assert run.code == 2
    line = one_error_line(run)
    assert "DATAGEN_TEXTSYNTH_INDENT = '99' is invalid" in line
    assert "Set DATAGEN_TEXTSYNTH_INDENT in the environment or .env" in line


def test_without_the_plugin_its_provider_is_unknown(
    run_subprocess: RunSubprocess, tmp_path: Path
) -> None:
    run = run_subprocess(
        "tech-support", "-d", "SaaS CRM", "-n", "1", "--provider", "textsynth", cwd=tmp_path
    )

    assert run.code == 2
    assert one_error_line(run) == (
        "datagen: error: unknown provider 'textsynth' (known: azure, local, offline, openai); "
        "install its plug-in or choose one of those"
    )
