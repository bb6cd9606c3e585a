"""Credentials in an endpoint URL are never shown or stored: messages, logs, failures.jsonl."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import one_error_line

from data_generator.engine.failures import FailureLog
from data_generator.redaction import redact_text, redact_url

RunCli = Callable[..., Any]
PASSWORD = "s3cret-pw-81"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://alice:pw@host.example/v1", "https://***@host.example/v1"),
        ("http://token@127.0.0.1:8080/v1", "http://***@127.0.0.1:8080/v1"),
        (
            "https://h.example/openai?api-version=2024-10-21&api-key=k1&sig=s2&x=1",
            "https://h.example/openai?api-version=2024-10-21&api-key=***&sig=***&x=1",
        ),
        ("https://h.example/v1?access_token=t#part", "https://h.example/v1?access_token=***#part"),
        ("http://a:b@[::1:80/v1", "http://***@[::1:80/v1"),
        ("https://res.openai.azure.com", "https://res.openai.azure.com"),
        ("http://localhost:11434/v1?", "http://localhost:11434/v1?"),
    ],
)
def test_a_url_loses_its_userinfo_and_secret_query_values(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_urls_inside_text_are_redacted_and_the_rest_kept() -> None:
    text = "POST http://u:p@h:1/v1/chat (attempt 2); see https://docs.example/x?key=1."

    assert redact_text(text) == (
        "POST http://***@h:1/v1/chat (attempt 2); see https://docs.example/x?key=***."
    )
    assert redact_text("no address here") == "no address here"


def test_the_failures_file_never_holds_a_url_secret(tmp_path: Path) -> None:
    log = FailureLog(tmp_path / "failures.jsonl")

    log.add(3, f"http://bob:{PASSWORD}@h/v1 did not answer", f"raw http://x:{PASSWORD}@h", 2)
    log.close()

    text = (tmp_path / "failures.jsonl").read_text()
    assert PASSWORD not in text
    assert "http://***@h/v1 did not answer" in text


def _all_output(run: Any, out_dir: Path) -> list[tuple[str, bytes]]:
    found = [("stdout", run.stdout.encode()), ("stderr", run.stderr.encode())]
    found += [(str(p), p.read_bytes()) for p in out_dir.rglob("*") if p.is_file()]
    return found


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_password_in_the_base_url_is_in_no_file_and_no_line(
    run_cli: RunCli, start_server: Callable[..., Any], tmp_path: Path, log_format: str
) -> None:
    server = start_server(faults={"timeout": 1.0}, hang_seconds=2)
    url = server.openai_base_url.replace("http://", f"http://alice:{PASSWORD}@")

    run = run_cli(
        "tech-support", "-d", "SaaS CRM", "-n", "2", "-o", "out",
        "--provider", "openai", "--openai-base-url", url, "--openai-model", "m",
        "--max-attempts", "1", "--max-retries", "0", "--request-timeout", "0.3",
        "--log-level", "DEBUG", "--log-format", log_format,
    )  # fmt: skip

    assert run.code == 1, run.stderr
    failures = (tmp_path / "out" / ".datagen" / "failures.jsonl").read_text()
    assert "http://***@127.0.0.1" in failures
    assert "***@127.0.0.1" in run.stderr
    for where, data in _all_output(run, tmp_path / "out"):
        assert PASSWORD.encode() not in data, where
        assert b"alice" not in data, where


def test_an_error_naming_the_endpoint_hides_its_password(
    run_cli: RunCli,
    start_server: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = start_server(api_key="right-key")
    url = server.openai_base_url.replace("http://", f"http://alice:{PASSWORD}@")
    monkeypatch.setenv("OPENAI_API_KEY", "wrong-key")

    run = run_cli(
        "tech-support", "-d", "SaaS CRM", "-n", "2", "-o", "out", "--provider", "openai",
        "--openai-base-url", url, "--openai-model", "m",
    )  # fmt: skip

    assert run.code == 2
    line = one_error_line(run)
    assert f"http://***@127.0.0.1:{server.port}/v1 refused the API key" in line
    for where, data in _all_output(run, tmp_path / "out"):
        assert PASSWORD.encode() not in data, where


def test_a_traceback_after_debug_hides_the_password(
    run_cli: RunCli, start_server: Callable[..., Any], tmp_path: Path
) -> None:
    server = start_server(api_key="right-key")
    url = server.openai_base_url.replace("http://", f"http://alice:{PASSWORD}@")

    run = run_cli(
        "tech-support", "-d", "SaaS CRM", "-n", "1", "-o", "out", "--provider", "openai",
        "--openai-base-url", url, "--openai-model", "m", "--openai-api-key", "wrong", "--debug",
    )  # fmt: skip

    assert run.code == 2
    assert "Traceback (most recent call last)" in run.stderr
    assert PASSWORD not in run.stderr
