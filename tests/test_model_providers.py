"""The ``azure`` and ``openai`` providers end to end, against the loopback fake server.

What the user sees (exit codes, stdout/stderr, files) and what the server received (paths,
headers, bodies) are asserted; nothing inside datagen is mocked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CliRun
from fake_openai_server import FakeOpenAIServer, schema_problem
from helpers import manifest, one_error_line
from model_server import (
    API_VERSION,
    PRODUCT,
    FakeAsyncCredential,
    ca_bundle,
    case_index,
    chat_requests,
    expected_usage,
    read_json_records,
    record_responder,
    scenario_args,
)
from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.open_ai import AzureChatCompletion

from data_generator import DataGenerator, Settings
from data_generator.schema import strict_json_schema
from data_generator.tools.tech_support import TechSupportTicket, TechSupportTool

RunCli = Callable[..., CliRun]
StartServer = Callable[..., FakeOpenAIServer]

SEED = 7
RESPONDER = record_responder(seed=SEED)
AZURE_KEY = "azure-key-1"
OPENAI_KEY = "sk-openai-1"
DEPLOYMENT = "gpt-4o-test"
MODEL = "llama-test"
SCOPE = "https://cognitiveservices.azure.com/.default"


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAGEN_RETRY_BACKOFF", "0.01")
    # Keys come from the environment: one given as a flag adds a warning line.
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", AZURE_KEY)
    monkeypatch.setenv("OPENAI_API_KEY", OPENAI_KEY)


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[StartServer]:
    """Start fake servers (TLS ones write their CA into tmp_path); all stop at teardown."""
    servers: list[FakeOpenAIServer] = []

    def start(responder: Any = RESPONDER, **kwargs: Any) -> FakeOpenAIServer:
        if kwargs.get("tls"):
            kwargs.setdefault("ca_path", tmp_path / f"ca-{len(servers)}.pem")
        server = FakeOpenAIServer(responder, **kwargs).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def azure_flags(server: FakeOpenAIServer, *extra: str) -> list[str]:
    return [
        "--provider",
        "azure",
        "--azure-openai-endpoint",
        server.base_url,
        "--azure-openai-deployment",
        DEPLOYMENT,
        "--seed",
        str(SEED),
        *extra,
    ]


def openai_flags(server: FakeOpenAIServer, *extra: str) -> list[str]:
    return [
        "--provider",
        "openai",
        "--openai-base-url",
        server.openai_base_url,
        "--openai-model",
        MODEL,
        "--seed",
        str(SEED),
        *extra,
    ]


# --- 1. both routes, request bodies, usage -------------------------------------------------


@pytest.mark.parametrize("route", ["azure", "openai"])
def test_cli_writes_valid_records_over_both_routes(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path, route: str
) -> None:
    if route == "azure":
        server = start_server(api_key=AZURE_KEY, deployments={DEPLOYMENT})
        flags = azure_flags(server, "--azure-openai-api-version", API_VERSION)
    else:
        server = start_server(api_key=OPENAI_KEY, models={MODEL})
        flags = openai_flags(server)
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 4, *flags, "--temperature", "0.3", "--max-tokens", "3000"))

    assert run.code == 0, run.stderr
    assert run.stderr == ""
    records = read_json_records(out)
    assert sorted(records) == [1, 2, 3, 4]
    assert [records[i].case_id for i in range(1, 5)] == [f"CASE-{i:06d}" for i in range(1, 5)]
    requests = chat_requests(server)
    assert len(requests) == 4
    assert [r.status for r in requests] == [200] * 4
    for request in requests:
        if route == "azure":
            assert request.path == f"/openai/deployments/{DEPLOYMENT}/chat/completions"
            assert request.query == {"api-version": API_VERSION}
            assert request.headers["api-key"] == AZURE_KEY
            assert "authorization" not in request.headers
        else:
            assert request.path == "/v1/chat/completions"
            assert request.headers["authorization"] == f"Bearer {OPENAI_KEY}"
            assert "api-key" not in request.headers
            assert request.body["model"] == MODEL
        system, user = request.body["messages"]
        assert system == {"role": "system", "content": TechSupportTool.system}
        assert user["role"] == "user"
        assert "for the product: SaaS CRM" in user["content"]
        response_format = request.body["response_format"]
        assert response_format["type"] == "json_schema"
        assert response_format["json_schema"]["strict"] is True
        assert response_format["json_schema"]["schema"] == strict_json_schema(TechSupportTicket)
        assert schema_problem(response_format["json_schema"]["schema"]) is None
        assert request.body["temperature"] == 0.3
        assert request.body["max_tokens"] == 3000
    assert sorted(case_index(r.body) for r in requests) == [1, 2, 3, 4]
    seeds = [r.body["seed"] for r in requests]
    assert all(isinstance(seed, int) for seed in seeds)
    assert len(set(seeds)) == 4, seeds


def test_no_structured_output_sends_json_object_mode(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server()

    run = run_cli(
        *scenario_args(tmp_path / "out", 2, *openai_flags(server)), "--no-structured-output"
    )

    assert run.code == 0, run.stderr
    assert len(read_json_records(tmp_path / "out")) == 2
    bodies = [r.body for r in chat_requests(server)]
    assert [b["response_format"] for b in bodies] == [{"type": "json_object"}] * 2
    assert all("temperature" not in b for b in bodies)  # the service's default
    tool = TechSupportTool({"system_description": PRODUCT})
    default = DataGenerator(tool, settings=Settings(provider="offline")).default_max_tokens()
    assert all(b["max_tokens"] == default for b in bodies)  # the scenario's derived default


def test_same_seed_sends_same_seeds_and_another_seed_other_ones(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server()
    flags = azure_flags(server)

    assert run_cli(*scenario_args(tmp_path / "a", 3, *flags)).code == 0
    first = {case_index(r.body): r.body["seed"] for r in chat_requests(server)}
    server.reset()
    assert run_cli(*scenario_args(tmp_path / "b", 3, *flags)).code == 0
    again = {case_index(r.body): r.body["seed"] for r in chat_requests(server)}
    server.reset()
    other = [*flags[:-1], "8"]
    assert run_cli(*scenario_args(tmp_path / "c", 3, *other)).code == 0
    changed = {case_index(r.body): r.body["seed"] for r in chat_requests(server)}

    assert first == again
    assert set(first.values()).isdisjoint(changed.values())


@pytest.mark.parametrize("priced", [False, True], ids=["no-prices", "prices"])
def test_usage_tokens_land_in_manifest_and_stdout(
    run_cli: RunCli,
    start_server: StartServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    priced: bool,
) -> None:
    if priced:
        monkeypatch.setenv("DATAGEN_PRICE_PROMPT_PER_1K", "0.5")
        monkeypatch.setenv("DATAGEN_PRICE_COMPLETION_PER_1K", "1.5")
    server = start_server()
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 3, *azure_flags(server)))

    assert run.code == 0, run.stderr
    prompt, completion = expected_usage(server, RESPONDER)
    assert prompt > 0
    assert completion > 0
    tokens = manifest(out)["tokens"]
    assert (tokens["prompt"], tokens["completion"]) == (prompt, completion)
    line = next(line for line in run.stdout.splitlines() if line.startswith("Tokens:"))
    assert line.startswith(f"Tokens: {prompt:,} prompt + {completion:,} completion")
    if priced:
        cost = round(prompt / 1000 * 0.5 + completion / 1000 * 1.5, 6)
        assert tokens["estimated_cost"] == pytest.approx(cost)
        assert f"estimated cost {cost:.4f}" in line
    else:
        assert tokens["estimated_cost"] is None
        assert "cost" not in line


# --- 2. https: Semantic Kernel's endpoint= path --------------------------------------------


def test_https_azure_endpoint_uses_trusted_ca_from_ssl_cert_file(
    run_cli: RunCli,
    start_server: StartServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = start_server(tls=True, api_key=AZURE_KEY, deployments={DEPLOYMENT})
    assert server.base_url.startswith("https://localhost:")
    monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 2, *azure_flags(server)))

    assert run.code == 0, run.stderr
    assert sorted(read_json_records(out)) == [1, 2]
    requests = chat_requests(server)
    assert [(r.route, r.status) for r in requests] == [("azure", 200)] * 2
    assert all(r.path == f"/openai/deployments/{DEPLOYMENT}/chat/completions" for r in requests)
    assert all(r.headers["api-key"] == AZURE_KEY for r in requests)


def test_https_endpoint_with_untrusted_certificate_stops_the_run_naming_the_fix(
    run_cli: RunCli, start_server: StartServer, tmp_path: Path
) -> None:
    server = start_server(tls=True)

    run = run_cli(*scenario_args(tmp_path / "out", 20, *azure_flags(server)))

    assert run.code == 2
    line = one_error_line(run)
    assert f"cannot connect to {server.base_url}: its TLS certificate is not trusted" in line
    assert "SSL_CERT_FILE" in line
    assert "--azure-openai-endpoint" in line
    assert server.count() == 0  # the handshake failed: no request got through
    assert manifest(tmp_path / "out")["status"] == "aborted"
    assert not (tmp_path / "out" / ".datagen" / "failures.jsonl").exists()


# --- 4. precedence: flag > environment > .env ----------------------------------------------


def test_endpoint_precedence_flag_over_environment_over_dotenv(
    run_cli: RunCli,
    start_server: StartServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dotenv, environment, flag = (start_server(tls=True) for _ in range(3))
    monkeypatch.setenv(
        "SSL_CERT_FILE", str(ca_bundle(tmp_path / "bundle.pem", dotenv, environment, flag))
    )
    (tmp_path / ".env").write_text(
        f"AZURE_OPENAI_ENDPOINT={dotenv.base_url}\n"
        f"AZURE_OPENAI_DEPLOYMENT={DEPLOYMENT}\n"
        f"AZURE_OPENAI_API_KEY={AZURE_KEY}\n"
        "DATAGEN_PROVIDER=azure\n"
    )
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", environment.base_url)
    servers = (dotenv, environment, flag)

    def counts() -> tuple[int, ...]:
        return tuple(len(chat_requests(server)) for server in servers)

    run = run_cli(*scenario_args(tmp_path / "a", 1, "--azure-openai-endpoint", flag.base_url))
    assert run.code == 0, run.stderr
    assert counts() == (0, 0, 1)

    run = run_cli(*scenario_args(tmp_path / "b", 1))
    assert run.code == 0, run.stderr
    assert counts() == (0, 1, 1)

    monkeypatch.delenv("AZURE_OPENAI_ENDPOINT")
    run = run_cli(*scenario_args(tmp_path / "c", 1))
    assert run.code == 0, run.stderr
    assert counts() == (1, 1, 1)
    for server in servers:
        [request] = chat_requests(server)
        assert request.path == f"/openai/deployments/{DEPLOYMENT}/chat/completions"
        assert request.headers["api-key"] == AZURE_KEY


# --- 10. dry run -----------------------------------------------------------------------------


def test_dry_run_prints_estimate_prompt_and_strict_schema_without_calling(
    run_cli: RunCli,
    start_server: StartServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATAGEN_PRICE_PROMPT_PER_1K", "0.5")
    monkeypatch.setenv("DATAGEN_PRICE_COMPLETION_PER_1K", "1.5")
    server = start_server()
    out = tmp_path / "out"

    run = run_cli(*scenario_args(out, 25, *azure_flags(server)), "--dry-run")

    assert run.code == 0, run.stderr
    assert run.stderr == ""
    text = run.stdout
    assert f"provider azure ({DEPLOYMENT}), seed {SEED}" in text
    found = re.search(
        r"^Estimate: ~([\d,]+) prompt \+ ~([\d,]+) output tokens per record; "
        r"~([\d,]+) tokens for ([\d,]+) records, estimated cost ([\d.]+)\.$",
        text,
        re.MULTILINE,
    )
    assert found, text
    prompt, output, total, records = (int(g.replace(",", "")) for g in found.groups()[:4])
    assert records == 25
    assert prompt > 0
    assert output > 0
    assert total == (prompt + output) * 25
    cost = prompt * 25 / 1000 * 0.5 + output * 25 / 1000 * 1.5
    assert float(found.group(5)) == pytest.approx(cost, abs=1e-4)
    system = text.split("--- system message ---\n", 1)[1].split("\n\n--- prompt", 1)[0]
    assert system == TechSupportTool.system
    prompt_text = text.split("--- prompt for record 1 ---\n", 1)[1].split("\n\n--- output", 1)[0]
    assert "Write support case number 1 for the product: SaaS CRM." in prompt_text
    schema = json.loads(text.split("--- output schema ---\n", 1)[1].split("\nNothing was", 1)[0])
    assert schema == strict_json_schema(TechSupportTicket)
    assert schema_problem(schema) is None
    assert server.count() == 0
    assert not out.exists()


# --- 11. library API with an Entra credential --------------------------------------------------


def test_library_api_uses_entra_credential_and_builds_kernel_once(
    start_server: StartServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AZURE_OPENAI_API_KEY")  # no key: Entra ID
    credential = FakeAsyncCredential("entra-token-123")
    server = start_server(bearer_tokens={"entra-token-123"}, deployments={DEPLOYMENT})
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    generator = DataGenerator(
        tool,
        count=3,
        out_dir=tmp_path / "lib",
        settings=Settings(
            provider="azure",
            azure_openai_endpoint=server.base_url,
            azure_openai_deployment=DEPLOYMENT,
            seed=SEED,
        ),
        credential=credential,
    )

    kernel = generator._create_kernel()
    assert isinstance(kernel, Kernel)
    assert isinstance(kernel.get_service("datagen"), AzureChatCompletion)

    result = generator.run()

    assert (result.written, result.failed, result.exit_code) == (3, 0, 0)
    assert sorted(read_json_records(tmp_path / "lib")) == [1, 2, 3]
    requests = chat_requests(server)
    assert [r.status for r in requests] == [200] * 3
    for request in requests:
        assert request.headers["authorization"] == "Bearer entra-token-123"
        assert "api-key" not in request.headers
    assert credential.calls
    assert all(scopes == (SCOPE,) for scopes in credential.calls)
    assert len(credential.calls) <= 3
    assert not credential.closed  # the caller's credential is the caller's to close


def test_library_api_refused_token_raises_auth_error(
    start_server: StartServer, tmp_path: Path
) -> None:
    from data_generator.errors import ProviderAuthError

    server = start_server(bearer_tokens={"the-right-token"})
    tool = TechSupportTool({"system_description": "SaaS CRM"})
    generator = DataGenerator(
        tool,
        count=2,
        out_dir=tmp_path / "lib",
        settings=Settings(
            provider="azure",
            azure_openai_endpoint=server.base_url,
            azure_openai_deployment=DEPLOYMENT,
        ),
        credential=FakeAsyncCredential("stale-token"),
    )

    with pytest.raises(ProviderAuthError, match=r"refused the API key or identity \(401\)"):
        generator.run()
    assert {r.status for r in chat_requests(server)} == {401}
    assert manifest(tmp_path / "lib")["status"] == "aborted"
