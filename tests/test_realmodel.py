"""datagen against a real model: the Gemma 3 270M GGUF, in process and behind a real server.

``--provider local`` runs the model in this machine's llama.cpp (llama-cpp-python);
``--provider openai`` talks to ``python -m llama_cpp.server`` started here on a loopback
port with the same model. A 270M model writes poor prose, so these tests check the
pipeline's behaviour, not literary quality: every written record validates and keeps the
scenario's rules, every record that did not converge is in ``failures.jsonl`` with its
reason, the manifest carries the model's real token counts, and the structured-output
negotiation settles on a mode the server accepts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CliRun
from helpers import manifest
from llama_server import LlamaServer, bundled_model, llama_server

from data_generator.registry import ToolRegistry

pytestmark = [pytest.mark.realmodel, pytest.mark.slow]

_RUN_TIMEOUT = 1200  # seconds for one CLI run: a 270M model on 2 shared cores


@pytest.fixture(scope="session")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An ``XDG_CACHE_HOME`` holding the bundled model, assembled once per session."""
    home = tmp_path_factory.mktemp("cache-home")
    bundled_model(home)
    return home


@pytest.fixture(scope="session")
def model_file(cache_home: Path) -> Path:
    """The assembled GGUF file."""
    return bundled_model(cache_home)


@pytest.fixture(scope="session")
def server(model_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """``python -m llama_cpp.server`` serving the model on a loopback port."""
    log = tmp_path_factory.mktemp("llama-server") / "access.log"
    with llama_server(model_file, log) as running:
        yield running


def _check_run(
    run: CliRun, out_dir: Path, scenario: str, options: dict[str, Any]
) -> dict[str, Any]:
    """Assert what a finished run must hold; return its manifest."""
    assert run.code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    tool = ToolRegistry.discover().create(scenario, options)
    written = sorted(out_dir.glob("*.json"))
    for path in written:
        record = tool.record_model.model_validate_json(path.read_bytes())
        assert tool.problems(record) == [], path.name
    data = manifest(out_dir)
    counts = data["counts"]
    assert counts["written"] == len(written)
    failures_file = out_dir / ".datagen" / "failures.jsonl"
    failures = (
        [json.loads(line) for line in failures_file.read_text().splitlines()]
        if failures_file.exists()
        else []
    )
    assert len(failures) == counts["failed"]
    assert all(failure["reason"] for failure in failures)
    assert run.code == (1 if failures else 0)
    tokens = data["tokens"]
    assert tokens["prompt"] > 0
    assert tokens["completion"] > 0
    return data


def test_local_tech_support_with_the_bundled_model(
    run_subprocess: Callable[..., CliRun], tmp_path: Path, cache_home: Path
) -> None:
    out = tmp_path / "tickets"
    run = run_subprocess(
        "tech-support", "-d", "SaaS CRM", "-n", "3", "--provider", "local", "--seed", "1",
        "--out-dir", str(out), "--no-progress",
        env={"XDG_CACHE_HOME": str(cache_home)},
        timeout=_RUN_TIMEOUT,
    )  # fmt: skip
    data = _check_run(run, out, "tech-support", {"system_description": "SaaS CRM"})
    assert data["provider"] == "local"
    assert data["model"] == "gemma-3-270m-q4_k_m.gguf"
    assert data["structured_output"] == "grammar"
    # the summary shows the model's own token counts
    assert f"{data['tokens']['completion']:,}" in run.stderr + run.stdout


def test_local_healthcare(
    run_subprocess: Callable[..., CliRun], tmp_path: Path, model_file: Path
) -> None:
    out = tmp_path / "notes"
    run = run_subprocess(
        "healthcare", "-n", "2", "--provider", "local", "--seed", "2", "--model-path",
        str(model_file), "--out-dir", str(out), "--no-progress",
        timeout=_RUN_TIMEOUT,
    )  # fmt: skip
    _check_run(run, out, "healthcare", {})


def test_openai_against_llama_cpp_server_negotiates_structured_output(
    run_subprocess: Callable[..., CliRun], tmp_path: Path, server: LlamaServer
) -> None:
    out = tmp_path / "tickets"
    before = len(server.statuses())
    run = run_subprocess(
        "tech-support", "-d", "SaaS CRM", "-n", "3", "--provider", "openai",
        "--openai-base-url", server.base_url, "--openai-model", server.model,
        "--seed", "1", "--out-dir", str(out), "--no-progress", "--concurrency", "2",
        timeout=_RUN_TIMEOUT,
    )  # fmt: skip
    data = _check_run(run, out, "tech-support", {"system_description": "SaaS CRM"})
    statuses = server.statuses()[before:]
    refused = [status for status in statuses if status >= 400]
    assert len(refused) <= 2, statuses
    # after the negotiation, nothing more was refused
    first_ok = statuses.index(200)
    assert all(status == 200 for status in statuses[first_ok:]), statuses
    assert data["structured_output"] in ("json-object-schema", "json")
    assert data["structured_output"] in run.stderr + run.stdout


README = Path(__file__).parent.parent / "README.md"


def _readme_book_review() -> str:
    """The README's declared ``book-review`` scenario, as its ``scenarios.toml`` shows it."""
    text = README.read_text(encoding="utf-8")
    block = text.split("[scenarios.book-review]", 1)[1].split("```", 1)[0]
    return "[scenarios.book-review]" + block


_BOOK_REVIEW = _readme_book_review()


def test_declared_book_review_mostly_valid_from_the_local_model(
    run_subprocess: Callable[..., CliRun], tmp_path: Path, model_file: Path
) -> None:
    (tmp_path / "scenarios.toml").write_text(_BOOK_REVIEW, encoding="utf-8")
    out = tmp_path / "reviews"
    run = run_subprocess(
        "book-review", "-n", "10", "--provider", "local", "--seed", "3", "--model-path",
        str(model_file), "--out-dir", str(out), "--no-progress",
        cwd=tmp_path, timeout=_RUN_TIMEOUT,
    )  # fmt: skip
    assert run.code in (0, 1), run.stderr
    written = sorted(out.glob("*.json"))
    assert len(written) >= 8, run.stderr
    records = [json.loads(path.read_bytes()) for path in written]
    assert all(1 <= record["rating"] <= 5 for record in records)
    assert all(record["review_id"].startswith("REV") for record in records)


def test_local_run_is_reproducible_with_a_seed(
    run_subprocess: Callable[..., CliRun], tmp_path: Path, model_file: Path
) -> None:
    (tmp_path / "scenarios.toml").write_text(_BOOK_REVIEW, encoding="utf-8")
    outputs = []
    for name in ("first", "second"):
        out = tmp_path / name
        run = run_subprocess(
            "book-review", "-n", "2", "--provider", "local", "--seed", "9", "--model-path",
            str(model_file), "--out-dir", str(out), "--no-progress",
            cwd=tmp_path, timeout=_RUN_TIMEOUT,
        )  # fmt: skip
        assert run.code in (0, 1), run.stderr
        outputs.append({path.name: path.read_bytes() for path in out.glob("*.json")})
    assert outputs[0] == outputs[1]
    assert outputs[0]


def test_every_scenario_wire_schema_compiles_to_a_llama_cpp_grammar(model_file: Path) -> None:
    """llama.cpp's own converter and grammar parser accept every built-in record schema."""
    import llama_cpp
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    from data_generator.schema import wire_schema

    llama = llama_cpp.Llama(model_path=str(model_file), n_ctx=256, verbose=False, vocab_only=True)
    vocab = llama_cpp.llama_model_get_vocab(llama._model.model)
    registry = ToolRegistry.discover()
    for name in registry.names():
        record_model = registry.get(name).load().record_model
        gbnf = json_schema_to_gbnf(json.dumps(wire_schema(record_model)))
        sampler = llama_cpp.llama_sampler_init_grammar(vocab, gbnf.encode(), b"root")
        assert sampler, f"{name}: llama.cpp refused the grammar"
        llama_cpp.llama_sampler_free(sampler)
    assert os.path.getsize(model_file) > 100_000_000
