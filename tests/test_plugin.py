"""A third-party scenario: a tiny package installed with pip, found through its entry point.

The wheel is assembled here (a zip with a ``.dist-info``), installed by pip into a folder
of its own, and used from a real ``datagen`` process whose ``PYTHONPATH`` holds that folder,
which is exactly how an installed plug-in is seen.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliRun
from helpers import build_wheel, pip_install

pytestmark = pytest.mark.slow

RunSubprocess = Callable[..., CliRun]

PLUGIN_SOURCE = '''
"""A third-party datagen scenario: haiku about a theme."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from data_generator.tool import Attribute, DataGeneratorTool, OutputFormat


class HaikuOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: str = Field(default="autumn", description="What the poems are about.")
    season: Literal["spring", "summer", "autumn", "winter"] = Field(
        default="autumn", description="Season word (kigo)."
    )


class Haiku(BaseModel):
    poem_id: str = Field(pattern=r"^HK-\\d{6}$")
    theme: str
    season: Literal["spring", "summer", "autumn", "winter"]
    mood: Literal["calm", "wistful", "playful"]
    lines: list[str] = Field(min_length=3, max_length=3)


class HaikuTool(DataGeneratorTool[HaikuOptions, Haiku]):
    name = "haiku"
    description = "Three-line poems about a theme (a third-party plug-in)."
    options_model = HaikuOptions
    record_model = Haiku

    def build_prompt(self, output_format: OutputFormat) -> str:
        return f"Write haiku {{{{$index}}}} about {self.options.theme}: {{{{$attributes}}}}."

    def get_system_description(self) -> str:
        return "You write haiku."

    def examples(self) -> list[str]:
        return ["datagen haiku --theme rain --count 2 --provider offline"]

    def attributes(self) -> list[Attribute]:
        return [Attribute("mood", {"calm": 1, "wistful": 1, "playful": 1}, observe="mood")]

    def offline_hints(self):
        return {
            "poem_id": lambda _rng, ctx: f"HK-{ctx.index:06d}",
            "theme": lambda _rng, _ctx: self.options.theme,
            "season": lambda _rng, _ctx: self.options.season,
            "mood": lambda _rng, ctx: ctx.attributes["mood"],
            "lines": lambda _rng, ctx: [self.options.theme, ctx.attributes["mood"], "moon"],
        }
'''

DIST = "datagen_plugin_haiku-0.1.0.dist-info"


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder the plug-in was installed into by pip."""
    work = tmp_path_factory.mktemp("plugin")
    target = work / "site"
    wheel = build_wheel(
        work,
        "datagen-plugin-haiku",
        "0.1.0",
        {"datagen_plugin_haiku/__init__.py": PLUGIN_SOURCE},
        "[data_generator.tools]\nhaiku = datagen_plugin_haiku:HaikuTool\n",
    )
    pip_install(target, wheel)
    assert (target / DIST / "entry_points.txt").is_file()
    return target


def test_an_installed_plugin_is_a_scenario_of_the_cli(
    run_subprocess: RunSubprocess, plugin_site: Path, tmp_path: Path
) -> None:
    env = {"PYTHONPATH": str(plugin_site)}

    listing = run_subprocess("list", cwd=tmp_path, env=env)
    help_run = run_subprocess("haiku", "--help", cwd=tmp_path, env=env)
    run = run_subprocess(
        "haiku", "--theme", "rain", "--season", "spring", "-n", "3", "-f", "jsonl",
        "--provider", "offline", "-o", "out", cwd=tmp_path, env=env,
    )  # fmt: skip

    assert listing.code == 0, listing.stderr
    assert "Three-line poems about a theme (a third-party plug-in)." in listing.stdout
    assert help_run.code == 0, help_run.stderr
    assert "<spring|summer|autumn|winter>" in help_run.stdout
    assert run.code == 0, run.stderr
    lines = (tmp_path / "out" / "haiku.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert [record["poem_id"] for record in records] == ["HK-000001", "HK-000002", "HK-000003"]
    assert {record["season"] for record in records} == {"spring"}
    assert all(record["lines"][0] == "rain" for record in records)


def test_without_the_plugin_the_scenario_is_unknown(
    run_subprocess: RunSubprocess, tmp_path: Path
) -> None:
    run = run_subprocess("haiku", "--provider", "offline", cwd=tmp_path)

    assert run.code == 2
    assert "No such command 'haiku'" in run.stderr
