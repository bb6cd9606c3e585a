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

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from data_generator.markers import Drawn, FromOption, RecordId
from data_generator.tool import DataGeneratorTool, rule

Season = Literal["spring", "summer", "autumn", "winter"]


class HaikuOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: str = Field(default="autumn", description="What the poems are about.")
    season: Season = Field(default="autumn", description="Season word (kigo).")


class Haiku(BaseModel):
    poem_id: Annotated[str, RecordId("HK")]
    theme: Annotated[str, FromOption("theme")]
    season: Annotated[Season, FromOption("season")]
    mood: Annotated[
        Literal["calm", "wistful", "playful"], Drawn({"calm": 1, "wistful": 1, "playful": 1})
    ]
    lines: list[str] = Field(min_length=3, max_length=3)


class HaikuTool(DataGeneratorTool[HaikuOptions, Haiku]):
    name = "haiku"
    description = "Three-line poems about a theme (a third-party plug-in)."
    system = "You write haiku."
    prompt = "Write haiku {{$index}} about {{$theme}}."
    examples = ("datagen haiku --theme rain --count 2 --provider offline",)

    @rule("the poem does not name its theme")
    def names_its_theme(self, record: Haiku) -> bool:
        return record.theme.lower() in " ".join(record.lines).lower()

    def offline_hints(self):
        return {"lines": lambda _rng, ctx: [self.options.theme, ctx.attributes["mood"], "moon"]}
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
