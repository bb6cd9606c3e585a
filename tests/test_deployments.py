"""Several deployments in one run: spreading, dropping on 401/404, manifest, resume, errors.

Every test runs the CLI as a user runs it against real loopback servers, one per deployment.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fake_openai_server import FakeOpenAIServer
from helpers import manifest, one_error_line
from rich.console import Console

from data_generator import DataGenerator, Settings
from data_generator.cli.dashboard import Dashboard
from data_generator.engine.limits import AdaptiveLimit, Pacer
from data_generator.engine.progress import RunProgress
from data_generator.engine.routes import Route, Routes
from data_generator.tools.tech_support import TechSupportTool

TECH = ("tech-support", "-d", "SaaS CRM", "--provider", "azure", "--seed", "7", "--no-progress")
KEY = "sk-test-key-do-not-print"


def _flags(*servers: FakeOpenAIServer, name: str = "gpt") -> list[str]:
    flags: list[str] = []
    for server in servers:
        flags += ["--deployment", f"{name}@{server.azure_endpoint}"]
    return flags


def _accepted(server: FakeOpenAIServer) -> int:
    return server.count(200)


def _records(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.json"))}


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run's key, in the environment as a user would set it."""
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)


def test_requests_spread_over_every_deployment_so_each_quota_is_used(
    run_cli: Callable[..., Any], start_server: Callable[..., FakeOpenAIServer], keyed: None
) -> None:
    # Each deployment accepts 5 requests a minute: 12 records need all three.
    servers = [start_server(api_key=KEY, sliding_limit=(5, 60.0)) for _ in range(3)]
    run = run_cli(*TECH, "-n", "12", "-o", "out", *_flags(*servers))
    assert run.code == 0, run.stderr
    assert len(_records(Path("out"))) == 12
    assert all(_accepted(server) >= 1 for server in servers)
    assert sum(_accepted(server) for server in servers) == 12
    assert run.stderr == ""
    assert "Deployment gpt@" in run.stdout


def test_the_manifest_counts_requests_429s_and_tokens_per_deployment(
    run_cli: Callable[..., Any], start_server: Callable[..., FakeOpenAIServer], keyed: None
) -> None:
    servers = [start_server(api_key=KEY), start_server(api_key=KEY, script=["429"])]
    run = run_cli(*TECH, "-n", "10", "-o", "out", *_flags(*servers))
    assert run.code == 0, run.stderr
    listed = manifest(Path("out"))["deployments"]
    assert [entry["endpoint"] for entry in listed] == [s.azure_endpoint for s in servers]
    for entry, server in zip(listed, servers, strict=True):
        assert entry["name"] == "gpt"
        assert entry["requests"] == len(server.requests)
        assert entry["rate_limited"] == server.count(429)
        assert entry["tokens"] > 0
        assert entry["dropped"] is None
    assert listed[1]["rate_limited"] == 1


@pytest.mark.parametrize(
    ("fault", "status"),
    [({"api_key": "another-key"}, 401), ({"deployments": ["not-gpt"]}, 404)],
    ids=["401", "404"],
)
def test_a_deployment_answering_401_or_404_is_dropped_with_one_warning_and_the_run_completes(
    run_cli: Callable[..., Any],
    start_server: Callable[..., FakeOpenAIServer],
    keyed: None,
    fault: dict[str, Any],
    status: int,
) -> None:
    good = [start_server(api_key=KEY), start_server(api_key=KEY)]
    bad = start_server(**{"api_key": KEY, **fault})
    run = run_cli(*TECH, "-n", "20", "-o", "out", *_flags(good[0], bad, good[1]))
    assert run.code == 0, run.stderr
    assert len(_records(Path("out"))) == 20
    warnings = run.stderr.splitlines()
    assert len(warnings) == 1, run.stderr
    assert f"gpt@{bad.azure_endpoint}" in warnings[0]
    assert f"answered {status}" in warnings[0]
    assert "dropped, the run goes on with 2 others" in warnings[0]
    assert KEY not in run.stderr + run.stdout
    assert bad.count(200) == 0
    assert sum(server.count(200) for server in good) == 20
    listed = manifest(Path("out"))["deployments"]
    assert [bool(entry["dropped"]) for entry in listed] == [False, True, False]
    assert KEY not in Path("out/.datagen/manifest.json").read_text()


def test_every_deployment_refused_stops_the_run_with_the_usual_error(
    run_cli: Callable[..., Any], start_server: Callable[..., FakeOpenAIServer], keyed: None
) -> None:
    servers = [start_server(api_key="other"), start_server(api_key="other")]
    run = run_cli(*TECH, "-n", "5", "-o", "out", *_flags(*servers))
    assert run.code == 2
    lines = run.stderr.splitlines()
    assert sum("dropped" in line for line in lines) == 1
    assert lines[-1].startswith("datagen: error: ")
    assert "401" in lines[-1]
    assert KEY not in run.stderr


def test_a_deployment_takes_its_key_from_the_variable_its_table_names(
    run_cli: Callable[..., Any],
    start_server: Callable[..., FakeOpenAIServer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    east, west = start_server(api_key="east-key"), start_server(api_key="west-key")
    monkeypatch.setenv("EAST_KEY", "east-key")
    monkeypatch.setenv("WEST_KEY", "west-key")
    Path("scenarios.toml").write_text(
        f'[[deployments]]\nendpoint = "{east.azure_endpoint}"\ndeployment = "gpt-east"\n'
        'api_key_env = "EAST_KEY"\nweight = 2\nmodel = "gpt-4o"\n\n'
        f'[[deployments]]\nendpoint = "{west.azure_endpoint}"\ndeployment = "gpt-west"\n'
        'api_key_env = "WEST_KEY"\nrpm = 6000\nmodel = "gpt-4o"\n'
    )
    run = run_cli(*TECH, "-n", "9", "-o", "out")
    assert run.code == 0, run.stderr
    assert east.count(200) >= 1
    assert west.count(200) >= 1
    assert east.count(401) == west.count(401) == 0
    assert east.count(200) + west.count(200) == 9
    assert {r.deployment for r in east.requests} == {"gpt-east"}
    assert {r.deployment for r in west.requests} == {"gpt-west"}
    assert manifest(Path("out"))["model"] == "gpt-4o"


def test_openai_spreads_over_several_servers_of_one_model(
    run_cli: Callable[..., Any],
    start_server: Callable[..., FakeOpenAIServer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    servers = [start_server(api_key=f"key-{n}", sliding_limit=(3, 60.0)) for n in range(2)]
    monkeypatch.setenv("FIRST_KEY", "key-0")
    monkeypatch.setenv("SECOND_KEY", "key-1")
    Path("scenarios.toml").write_text(
        "".join(
            f'[[deployments]]\nendpoint = "{server.openai_base_url}"\ndeployment = "llama"\n'
            f'api_key_env = "{variable}"\n\n'
            for server, variable in zip(servers, ("FIRST_KEY", "SECOND_KEY"), strict=True)
        )
    )
    args = ("tech-support", "-d", "SaaS CRM", "--provider", "openai", "--seed", "7")
    run = run_cli(*args, "-n", "6", "-o", "out", "--no-progress")
    assert run.code == 0, run.stderr
    assert [server.count(200) for server in servers] == [3, 3]
    assert {r.deployment for s in servers for r in s.requests} == {"llama"}
    assert manifest(Path("out"))["model"] == "llama"


def test_the_environment_names_deployments_as_a_comma_separated_list(
    run_cli: Callable[..., Any],
    start_server: Callable[..., FakeOpenAIServer],
    keyed: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    servers = [start_server(api_key=KEY, sliding_limit=(4, 60.0)) for _ in range(2)]
    monkeypatch.setenv(
        "DATAGEN_DEPLOYMENTS", ",".join(f"gpt@{s.azure_endpoint}" for s in servers) + ","
    )
    run = run_cli(*TECH, "-n", "8", "-o", "out")
    assert run.code == 0, run.stderr
    assert [s.count(200) for s in servers] == [4, 4]


def test_rerouting_resumes_the_data_set(
    run_cli: Callable[..., Any], start_server: Callable[..., FakeOpenAIServer], keyed: None
) -> None:
    first, second, third = (start_server(api_key=KEY) for _ in range(3))
    single = ("--azure-openai-endpoint", first.azure_endpoint, "--azure-openai-deployment", "gpt")
    assert run_cli(*TECH, "-n", "6", "-o", "out", *single).code == 0
    before = _records(Path("out"))
    run = run_cli(*TECH, "-n", "12", "-o", "out", *_flags(second, third))
    assert run.code == 0, run.stderr
    after = _records(Path("out"))
    assert len(after) == 12
    assert {name: after[name] for name in before} == before
    assert len(first.requests) == 6  # nothing more went to the first route
    assert second.count(200) + third.count(200) == 6
    assert manifest(Path("out"))["model"] == "gpt"


def test_deployments_of_other_names_resume_with_the_model_named(
    run_cli: Callable[..., Any], start_server: Callable[..., FakeOpenAIServer], keyed: None
) -> None:
    east, west = start_server(api_key=KEY), start_server(api_key=KEY)
    routes = [
        "--deployment",
        f"gpt-east@{east.azure_endpoint}",
        "--deployment",
        f"gpt-west@{west.azure_endpoint}",
    ]
    refused = run_cli(*TECH, "-n", "4", "-o", "out", *routes)
    assert refused.code == 2
    line = one_error_line(refused)
    assert "gpt-east, gpt-west" in line
    assert "--model" in line
    assert not Path("out").exists()
    assert len(east.requests) == 0
    assert run_cli(*TECH, "-n", "4", "-o", "out", *routes, "--model", "gpt-4o").code == 0
    grown = run_cli(
        *TECH, "-n", "6", "-o", "out", "--model", "gpt-4o", *_flags(west, name="gpt-west")
    )
    assert grown.code == 0, grown.stderr
    assert len(_records(Path("out"))) == 6
    assert manifest(Path("out"))["model"] == "gpt-4o"


def test_a_dry_run_names_the_deployments_and_the_model(run_cli: Callable[..., Any]) -> None:
    routes = ["--deployment", "gpt@https://east.example", "--deployment", "gpt@https://k@w.example"]
    run = run_cli(*TECH, "-n", "3", "-o", "out", *routes, "--dry-run")
    assert run.code == 0, run.stderr
    assert "provider azure (gpt)" in run.stdout
    assert (
        "Requests spread over 2 deployments: gpt@https://east.example, gpt@https://***@w.example."
        in run.stdout
    )


def test_a_deployment_flag_that_is_not_name_at_endpoint_is_refused_in_one_line(
    run_cli: Callable[..., Any],
) -> None:
    bad_flags = (
        "gpt",
        "gpt@",
        "gpt@ftp://host",
        "@https://host",
        "a b@https://host",
        "g@http://[::1",
        "g@https://host/a,b",
    )
    for bad in bad_flags:
        run = run_cli(*TECH, "-n", "2", "-o", "out", "--deployment", bad)
        assert run.code == 2, bad
        assert "--deployment" in one_error_line(run)
    assert not Path("out").exists()


def test_a_bad_deployments_variable_is_refused_in_one_line_naming_it(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATAGEN_DEPLOYMENTS", "gpt@https://east.example,west")
    run = run_cli(*TECH, "-n", "2", "-o", "out")
    assert run.code == 2
    assert "DATAGEN_DEPLOYMENTS 'west' is not NAME@ENDPOINT" in one_error_line(run)
    assert not Path("out").exists()


def test_the_same_deployment_twice_is_refused(run_cli: Callable[..., Any]) -> None:
    flag = "gpt@https://east.example"
    run = run_cli(*TECH, "-n", "2", "--deployment", flag, "--deployment", flag + "/")
    assert run.code == 2
    assert "given twice" in one_error_line(run)


def test_deployments_need_a_provider_that_has_them(run_cli: Callable[..., Any]) -> None:
    run = run_cli(
        "tech-support",
        "-d",
        "SaaS CRM",
        "--provider",
        "offline",
        "--deployment",
        "g@https://h.example",
    )
    assert run.code == 2
    assert "--provider azure or openai" in one_error_line(run)


def test_the_files_deployments_are_left_to_providers_that_have_them(
    run_cli: Callable[..., Any],
) -> None:
    Path("scenarios.toml").write_text('[[deployments]]\nendpoint = "nope"\n')
    run = run_cli("tech-support", "-d", "SaaS CRM", "--provider", "offline", "-n", "2", "-o", "out")
    assert run.code == 0, run.stderr


@pytest.mark.parametrize(
    ("table", "line", "says"),
    [
        ('endpoint = "https://a.example"\n', 1, "deployment is missing"),
        ('endpoint = "https://a.example"\ndeployment = "g"\nrpm = 0\n', 4, "rpm = 0"),
        ('endpoint = "a.example"\ndeployment = "g"\n', 2, "not an http(s) URL"),
        ('endpoint = "https://a.example"\ndeployment = "g"\nweight = -1\n', 4, "weight"),
        ('endpoint = "https://a.example"\ndeployment = "g"\nkey = "s"\n', 4, "unknown key 'key'"),
        ('endpoint = "https://a.example"\ndeployment = "g"\napi_key_env = "A-B"\n', 4, "A-B"),
        ('endpoint = "https://a.example"\ndeployment = 3\n', 3, "non-empty string"),
    ],
)
def test_a_bad_deployments_table_is_refused_with_its_file_and_line(
    run_cli: Callable[..., Any], table: str, line: int, says: str
) -> None:
    Path("scenarios.toml").write_text("[[deployments]]\n" + table)
    run = run_cli(*TECH, "-n", "2", "-o", "out")
    assert run.code == 2
    error = one_error_line(run)
    assert f"scenarios.toml:{line}:" in error
    assert says in error
    assert not Path("out").exists()


def test_the_second_table_of_several_is_named_by_its_line(run_cli: Callable[..., Any]) -> None:
    good = '[[deployments]]\nendpoint = "https://a.example"\ndeployment = "g"\n\n'
    Path("scenarios.toml").write_text(good + good)
    run = run_cli(*TECH, "-n", "2")
    assert run.code == 2
    assert "scenarios.toml:5: [[deployments]] #2" in one_error_line(run)


def test_deployments_must_be_tables(run_cli: Callable[..., Any]) -> None:
    Path("scenarios.toml").write_text('deployments = "g@https://a.example"\n')
    run = run_cli(*TECH, "-n", "2")
    assert run.code == 2
    assert "scenarios.toml:1:" in one_error_line(run)


def test_a_key_variable_that_is_not_set_is_named_and_no_request_is_sent(
    run_cli: Callable[..., Any], start_server: Callable[..., FakeOpenAIServer]
) -> None:
    server = start_server()
    Path("scenarios.toml").write_text(
        f'[[deployments]]\nendpoint = "{server.azure_endpoint}"\ndeployment = "gpt"\n'
        'api_key_env = "NOT_SET_KEY"\n'
    )
    run = run_cli(*TECH, "-n", "2", "-o", "out")
    assert run.code == 2
    assert "NOT_SET_KEY, which is not set" in one_error_line(run)
    assert server.requests == []


def test_the_dashboard_shows_each_deployments_figures_as_the_manifest_counts_them(
    tmp_path: Path, start_server: Callable[..., FakeOpenAIServer]
) -> None:
    servers = [start_server(api_key=KEY, script=["429"]), start_server(api_key=KEY)]
    settings = Settings(
        provider="azure",
        deployments=",".join(f"gpt@{server.azure_endpoint}" for server in servers),
        azure_openai_api_key=KEY,
        seed=7,
        retry_backoff=0.01,
    )
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    generator = DataGenerator(tool, count=8, out_dir=tmp_path / "out", settings=settings)
    screen = io.StringIO()
    console = Console(file=screen, width=120, force_terminal=True, color_system=None)
    dashboard = Dashboard(
        RunProgress(), console, refresh_per_second=20, deployments=generator.deployment_tallies
    )
    generator.subscribe(dashboard)
    result = generator.run()
    dashboard.print_summary(result)

    assert result.exit_code == 0
    drawn = screen.getvalue()
    for entry in manifest(tmp_path / "out")["deployments"]:
        figures = (
            f"gpt@{entry['endpoint']}: {entry['requests']} requests, "
            f"{entry['rate_limited']} 429s, {entry['tokens']:,} tokens"
        )
        assert f"deployment {figures}" in drawn  # the live frame
        summary = drawn[drawn.index("datagen tech-support: complete") :]
        assert re.search(rf"deployment +{re.escape(figures)}", summary)
    assert [entry.requests for entry in result.deployments] == [
        len(server.requests) for server in servers
    ]


def test_a_manifest_reads_its_deployments_leniently() -> None:
    from data_generator.engine.manifest import Manifest

    read = Manifest.from_json({"deployments": [1, {"name": "g", "requests": 2, "tokens": "x"}]})
    assert [(t.name, t.requests, t.tokens, t.dropped) for t in read.deployments] == [
        ("g", 2, 0, None)
    ]
    assert Manifest.from_json({"deployments": "g"}).deployments == ()


def test_only_the_last_route_left_lets_a_refusal_stop_the_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from data_generator.errors import ProviderAuthError, ProviderTransientError

    first, second = Route(_Answers("a"), name="a"), Route(_Answers("b"), name="b")
    routes = Routes([first, second])
    refused = ProviderAuthError("refused")
    assert routes.drop(first, refused)
    assert routes.drop(first, refused)  # an answer to a request sent before the drop
    assert not routes.drop(second, refused)  # the last one: the error stops the run
    assert not routes.drop(second, ProviderTransientError("busy"))
    assert not Routes([Route(_Answers("c"))]).drop(first, refused)
    assert [record.getMessage() for record in caplog.records] == [
        "deployment a answered 401: the key or identity was refused; dropped, the run goes "
        "on with 1 other"
    ]


def test_routes_need_one() -> None:
    with pytest.raises(ValueError, match="at least one route"):
        Routes([])


class _Answers:
    """A provider that answers at once and counts what it was sent."""

    name = "stub"

    def __init__(self, model: str) -> None:
        self.model = model
        self.sent = 0

    async def complete(self, request: Any) -> Any:
        self.sent += 1
        return None

    async def aclose(self) -> None:
        return None


def test_weights_share_the_requests_among_routes_with_room() -> None:
    heavy, light = _Answers("a"), _Answers("b")
    routes = Routes([Route(heavy, weight=3), Route(light, weight=1)])

    async def send(count: int) -> None:
        for _ in range(count):
            route = await routes.choose()
            route.tally.requests += 1

    asyncio.run(send(40))
    assert [route.tally.requests for route in routes.all] == [30, 10]


def test_a_request_waits_for_the_first_route_to_free_a_slot() -> None:
    limits = [AdaptiveLimit(1), AdaptiveLimit(1)]
    routes = Routes(
        [Route(_Answers(n), limit, Pacer()) for n, limit in zip("ab", limits, strict=True)]
    )

    async def scenario() -> str:
        for limit in limits:
            await limit.acquire()
        waiting = asyncio.ensure_future(routes.choose())
        await asyncio.sleep(0)
        assert not waiting.done()
        limits[1].release()
        routes.changed()
        return (await waiting).tally.name

    assert asyncio.run(scenario()) == "b"


def test_a_paused_route_is_passed_over_until_its_pause_ends() -> None:
    limits = [AdaptiveLimit(2), AdaptiveLimit(1)]
    routes = Routes([Route(_Answers(n), limit) for n, limit in zip("ab", limits, strict=True)])

    async def scenario() -> list[str]:
        limits[0].on_rate_limited(0.0, 0.05)  # a spent quota: paused for 50 ms
        chosen = [(await routes.choose()).tally.name]
        await limits[1].acquire()
        chosen.append((await routes.choose()).tally.name)  # waits out a's pause
        return chosen

    assert asyncio.run(scenario()) == ["b", "a"]
