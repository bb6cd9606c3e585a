"""``datagen upload`` and ``--upload-to`` against Azurite, the real Azure Storage emulator."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from azurite import ACCOUNT, WRONG_KEY, Azurite, azurite_server
from helpers import child_env, offline_tech_support, one_error_line

Blobs = dict[str, tuple[str, bytes]]


@pytest.fixture(scope="module")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Azurite]:
    """One Azurite for the module."""
    yield from azurite_server(tmp_path_factory.mktemp("azurite"))


@pytest.fixture
def storage(azurite: Azurite, monkeypatch: pytest.MonkeyPatch) -> Azurite:
    """Azurite, with AZURE_STORAGE_CONNECTION_STRING naming its development account."""
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", azurite.connection_string())
    return azurite


def local_blobs(out_dir: Path, prefix: str = "") -> dict[str, bytes]:
    """Blob name -> MD5 of every record file of ``out_dir`` (nothing from .datagen/)."""
    found = {}
    for path in sorted(out_dir.rglob("*")):
        relative = path.relative_to(out_dir)
        if path.is_file() and relative.parts[0] != ".datagen":
            name = f"{prefix}/{relative.as_posix()}" if prefix else relative.as_posix()
            found[name] = hashlib.md5(path.read_bytes(), usedforsecurity=False).digest()
    return found


def make(run_cli: Callable[..., Any], out_dir: Path, count: int, *extra: str) -> None:
    run = run_cli(*offline_tech_support(count, "-o", str(out_dir), *extra))
    assert run.code == 0, run.stderr


def test_500_json_records_become_500_blobs_and_a_rerun_uploads_none(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 500)

    first = run_cli("upload", str(out), "--to", f"azure-blob://{ACCOUNT}/five-hundred")

    assert first.code == 0, first.stderr
    assert first.stdout.startswith("Uploaded 500 files (")
    blobs = storage.blobs("five-hundred")
    assert len(blobs) == 500
    assert {name: md5 for name, (_, md5) in blobs.items()} == local_blobs(out)
    assert {kind for kind, _ in blobs.values()} == {"application/json"}
    assert not [name for name in blobs if ".datagen" in name or "manifest" in name]

    again = run_cli("upload", str(out), "--to", f"azure-blob://{ACCOUNT}/five-hundred")

    assert again.code == 0, again.stderr
    assert again.stdout.startswith("Uploaded 0 files (0 B)")
    assert "500 files already there" in again.stdout
    assert storage.blobs("five-hundred") == blobs


@pytest.mark.parametrize(
    ("output_format", "expected"),
    [
        ("jsonl", "application/x-ndjson"),
        ("csv", "text/csv"),
        ("parquet", "application/vnd.apache.parquet"),
        ("yaml", "application/yaml"),
        ("txt", "text/plain; charset=utf-8"),
    ],
)
def test_each_format_gets_its_content_type(
    storage: Azurite,
    run_cli: Callable[..., Any],
    tmp_path: Path,
    output_format: str,
    expected: str,
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 3, "-f", output_format)

    run = run_cli("upload", str(out), "--to", f"types/{output_format}/run-1")

    assert run.code == 0, run.stderr
    blobs = {
        name: value
        for name, value in storage.blobs("types").items()
        if name.startswith(f"{output_format}/")
    }
    assert {name: md5 for name, (_, md5) in blobs.items()} == local_blobs(
        out, f"{output_format}/run-1"
    )
    assert {kind for kind, _ in blobs.values()} == {expected}


def test_include_manifest_puts_it_under_the_prefix(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 2, "-f", "jsonl")

    run = run_cli("upload", str(out), "--to", "manifests/demo", "--include-manifest")

    assert run.code == 0, run.stderr
    blobs = storage.blobs("manifests")
    assert sorted(blobs) == ["demo/_datagen/manifest.json", "demo/tech-support.jsonl"]
    manifest = (out / ".datagen" / "manifest.json").read_bytes()
    assert blobs["demo/_datagen/manifest.json"] == (
        "application/json",
        hashlib.md5(manifest, usedforsecurity=False).digest(),
    )
    # an Azure AI Search blob indexer skips it: it is no record
    from azure.storage.blob import ContainerClient

    with ContainerClient.from_connection_string(storage.connection_string(), "manifests") as client:
        metadata = {blob.name: blob.metadata for blob in client.list_blobs(include=["metadata"])}
    assert metadata["demo/_datagen/manifest.json"] == {"AzureSearch_Skip": "true"}
    assert not metadata["demo/tech-support.jsonl"]


@pytest.mark.slow
def test_a_rerun_after_a_sigkill_mid_upload_completes_without_duplicates(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 400)
    env = child_env(AZURE_STORAGE_CONNECTION_STRING=storage.connection_string())
    command = [sys.executable, "-m", "data_generator", "upload", str(out), "--to", "killed"]
    child = subprocess.Popen(
        [*command, "--concurrency", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        seen = _wait_for_some_blobs(storage, "killed", child)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    before = storage.blobs("killed")
    assert seen <= len(before) < 400

    rerun = run_cli("upload", str(out), "--to", "killed")

    assert rerun.code == 0, rerun.stderr
    assert f"{len(before):,} files already there" in rerun.stdout
    after = storage.blobs("killed")
    assert {name: md5 for name, (_, md5) in after.items()} == local_blobs(out)


def _wait_for_some_blobs(storage: Azurite, container: str, child: subprocess.Popen[bytes]) -> int:
    """Return once the container holds some blobs (and the upload still runs)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert child.poll() is None, "the upload ended before it could be killed"
        try:
            count = len(storage.blobs(container))
        except Exception:
            count = 0
        if count >= 10:
            return count
        time.sleep(0.05)
    raise AssertionError("no blob appeared within 60 s")


def test_a_wrong_key_is_one_line_and_exit_2(
    azurite: Azurite,
    run_cli: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 2)
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", azurite.connection_string(WRONG_KEY))

    run = run_cli("upload", str(out), "--to", "wrong-key")

    assert run.code == 2
    line = one_error_line(run)
    assert "refused the account key" in line
    assert "AZURE_STORAGE_CONNECTION_STRING" in line
    assert WRONG_KEY not in run.stderr + run.stdout
    assert "wrong-key" not in {c.name for c in _containers(azurite)}


def _containers(azurite: Azurite) -> list[Any]:
    from azure.storage.blob import BlobServiceClient

    with BlobServiceClient.from_connection_string(azurite.connection_string()) as service:
        return list(service.list_containers())


def test_a_missing_container_is_refused_when_asked(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 2)

    upload = run_cli("upload", str(out), "--to", "not-there", "--no-create-container")
    during = run_cli(
        *offline_tech_support(2, "-o", str(tmp_path / "run")),
        "--upload-to",
        "not-there-either",
        "--no-upload-create-container",
    )

    assert upload.code == 2
    assert "container 'not-there' of azure-blob://devstoreaccount1/not-there does not exist" in (
        one_error_line(upload)
    )
    assert "--no-create-container" in upload.stderr
    assert during.code == 2
    assert "--no-upload-create-container" in one_error_line(during)
    names = {container.name for container in _containers(storage)}
    assert not names & {"not-there", "not-there-either"}


def test_an_unreachable_account_is_one_line_and_exit_2(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 1)
    closed = Azurite(port=1)  # nothing listens on port 1
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", closed.connection_string())

    run = run_cli("upload", str(out), "--to", "nowhere")

    assert run.code == 2
    assert "cannot reach azure-blob://devstoreaccount1/nowhere" in one_error_line(run)


@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_upload_to_during_a_run_ends_as_datagen_upload_does(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path, output_format: str
) -> None:
    out = tmp_path / "out"
    during = f"during-{output_format}"
    after = f"after-{output_format}"

    run = run_cli(
        *offline_tech_support(40, "-o", str(out), "-f", output_format),
        "--upload-to",
        f"azure-blob://{ACCOUNT}/{during}/data",
        "--upload-include-manifest",
    )
    upload = run_cli("upload", str(out), "--to", f"{after}/data", "--include-manifest")

    assert run.code == 0, run.stderr
    assert upload.code == 0, upload.stderr
    assert upload.stdout.startswith("Uploaded ")
    uploaded = storage.blobs(during)
    assert uploaded == storage.blobs(after)
    records = {name: md5 for name, (_, md5) in uploaded.items() if "_datagen" not in name}
    assert records == local_blobs(out, "data")
    assert "data/_datagen/manifest.json" in uploaded
    # the run's summary says what went up, as datagen upload does
    files = len(records) + 1
    assert f"Uploaded {files} files (" in run.stdout
    assert f"to azure-blob://{ACCOUNT}/{during}/data; 0 files already there;" in run.stdout
    again = run_cli(
        *offline_tech_support(40, "-o", str(out), "-f", output_format),
        "--upload-to",
        f"azure-blob://{ACCOUNT}/{during}/data",
        "--upload-include-manifest",
    )
    assert again.code == 0, again.stderr
    # the manifest changed (a second run), the records did not
    assert "Uploaded 1 file (" in again.stdout
    there = "1 file" if len(records) == 1 else f"{len(records)} files"
    assert f"; {there} already there;" in again.stdout


def test_a_rerun_with_upload_to_uploads_the_records_a_killed_run_left(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 30)  # made without --upload-to: none of them is uploaded yet

    run = run_cli(
        *offline_tech_support(35, "-o", str(out)), "--upload-to", "catch-up", "--log-level", "INFO"
    )

    assert run.code == 0, run.stderr
    blobs = storage.blobs("catch-up")
    assert {name: md5 for name, (_, md5) in blobs.items()} == local_blobs(out)
    assert len(blobs) == 35


def test_progress_lines_show_the_upload(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 20)
    monkeypatch.setenv("DATAGEN_PROGRESS_INTERVAL", "0.000001")

    run = run_cli("upload", str(out), "--to", "progress", "--concurrency", "2")

    assert run.code == 0, run.stderr
    lines = run.stderr.splitlines()
    assert lines
    assert all(line.startswith("upload: ") and " files, " in line for line in lines)
    assert lines[-1].startswith("upload: 20/20 files, ")
    assert lines[-1].endswith("/s")


def test_a_sas_in_the_url_is_never_shown(
    azurite: Azurite, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    from azure.storage.blob import ContainerSasPermissions, generate_container_sas

    out = tmp_path / "out"
    make(run_cli, out, 2)
    sas = generate_container_sas(
        ACCOUNT,
        "sas-only",
        account_key=base64.b64encode(b"not the key").decode(),
        permission=ContainerSasPermissions(read=True, write=True, list=True),
        expiry=time.time() + 3600,
    )
    url = f"http://127.0.0.1:{azurite.port}/{ACCOUNT}/sas-only/run?{sas}"

    run = run_cli("upload", str(out), "--to", url)

    assert run.code == 2
    line = one_error_line(run)
    assert "refused the SAS for azure-blob://devstoreaccount1/sas-only/run" in line
    signature = sas.split("sig=", 1)[1].split("&", 1)[0]
    assert signature not in run.stderr
    assert "sig=" not in run.stderr


def _context(out_dir: Path, events: list[Any]) -> Any:
    from data_generator.delivery import DeliveryContext
    from data_generator.writers import IndexSet, OutputLayout

    layout = OutputLayout(out_dir, "tech-support", "json")
    return DeliveryContext(
        layout, None, IndexSet(), events.append, logging.getLogger("data_generator.test")
    )  # type: ignore[arg-type]  # the tool is not read by the blob delivery


def _delivery(container: str, concurrency: int) -> Any:
    from data_generator.delivery.blob_delivery import BlobDelivery
    from data_generator.settings import Settings

    return BlobDelivery.from_settings(Settings(upload_to=container, upload_concurrency=concurrency))


def _records(out_dir: Path) -> list[Path]:
    return sorted(out_dir.glob("tech-support-*.json"))


def test_the_engine_waits_while_the_upload_queue_is_full(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 12)
    events: list[Any] = []

    async def run() -> tuple[bool, bool]:
        delivery = _delivery("queue", 1)
        await delivery.open(_context(out, events))
        for index, path in enumerate(_records(out), start=1):
            delivery.add(index, None, path)
        full = delivery.busy
        await delivery.room()
        after_room = delivery.busy
        await delivery.close([], None)
        return full, after_room

    full, after_room = asyncio.run(run())

    assert (full, after_room) == (True, False)
    assert set(storage.blobs("queue")) == set(local_blobs(out))
    assert events[-1].files_done == events[-1].files_total == 12


def test_an_interrupted_run_stops_uploading_and_datagen_upload_finishes(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 60)

    async def run() -> None:
        delivery = _delivery("interrupted", 1)
        await delivery.open(_context(out, []))
        for index, path in enumerate(_records(out), start=1):
            delivery.add(index, None, path)
        await delivery.close([], asyncio.CancelledError())

    asyncio.run(run())

    assert len(storage.blobs("interrupted")) < 60
    upload = run_cli("upload", str(out), "--to", "interrupted")
    assert upload.code == 0, upload.stderr
    blobs = storage.blobs("interrupted")
    assert {name: md5 for name, (_, md5) in blobs.items()} == local_blobs(out)


def test_a_failing_upload_lets_the_run_go_on_and_fails_at_close(
    storage: Azurite,
    run_cli: Callable[..., Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from azure.storage.blob import BlobServiceClient

    from data_generator.errors import DeliveryNotFoundError

    out = tmp_path / "out"
    make(run_cli, out, 6)

    async def run() -> None:
        delivery = _delivery("vanishing", 2)
        await delivery.open(_context(out, []))
        with BlobServiceClient.from_connection_string(storage.connection_string()) as service:
            service.delete_container("vanishing")
        for index, path in enumerate(_records(out), start=1):
            delivery.add(index, None, path)
        await delivery.room()
        await delivery.close([], None)

    with pytest.raises(DeliveryNotFoundError) as caught:
        asyncio.run(run())

    assert "azure-blob://devstoreaccount1/vanishing was not found (404" in caught.value.one_line()
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "datagen: WARNING: upload to azure-blob://devstoreaccount1/vanishing stopped: "
    )
    assert warnings[0].endswith("(the run goes on; rerun or datagen upload to finish)")


def test_big_and_nested_files_go_up_whole_with_their_md5(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    make(run_cli, out, 2)
    big = out / "extra" / "big.bin"
    big.parent.mkdir()
    big.write_bytes(os.urandom(5 * 1024 * 1024))  # over the 4 MiB read whole at once

    run = run_cli("upload", str(out), "--to", "big-files")

    assert run.code == 0, run.stderr
    assert run.stdout.startswith("Uploaded 3 files (5.2 MB)")
    blobs = storage.blobs("big-files")
    assert {name: md5 for name, (_, md5) in blobs.items()} == local_blobs(out)
    assert blobs["extra/big.bin"][0] == "application/octet-stream"


def test_a_sas_that_may_not_write_stops_the_upload_with_one_line(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from azure.storage.blob import (
        BlobServiceClient,
        ContainerSasPermissions,
        generate_container_sas,
    )

    out = tmp_path / "out"
    make(run_cli, out, 30)
    with BlobServiceClient.from_connection_string(storage.connection_string()) as service:
        service.create_container("read-only")
    sas = generate_container_sas(
        ACCOUNT,
        "read-only",
        account_key=storage.connection_string().split("AccountKey=")[1].split(";")[0],
        permission=ContainerSasPermissions(read=True, list=True),
        expiry=time.time() + 3600,
    )
    monkeypatch.delenv("AZURE_STORAGE_CONNECTION_STRING")

    run = run_cli("upload", str(out), "--to", f"{storage.endpoint}/read-only?{sas}")

    assert run.code == 2
    assert "refused the SAS for azure-blob://devstoreaccount1/read-only (403" in (
        one_error_line(run)
    )
    assert storage.blobs("read-only") == {}


def test_an_out_dir_that_is_no_folder_is_refused(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    run = run_cli("upload", str(tmp_path / "missing"), "--to", "anything")

    assert run.code == 2
    assert "out-dir" in one_error_line(run)


def test_a_record_file_that_cannot_be_read_is_named_in_one_line(
    storage: Azurite, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    from data_generator.errors import OutputError

    out = tmp_path / "out"
    make(run_cli, out, 1)
    gone = out / "tech-support-000002.json"

    async def run() -> None:
        delivery = _delivery("unreadable", 1)
        await delivery.open(_context(out, []))
        delivery.add(2, None, gone)
        await delivery.close([], None)

    with pytest.raises(OutputError) as caught:
        asyncio.run(run())

    assert f"cannot read {str(gone)!r} to upload it" in caught.value.one_line()
    assert storage.blobs("unreadable") == {}


def test_the_readme_azurite_recipe_seeds_a_container(azurite: Azurite, tmp_path: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    recipe = readme.split("**Offline, into Azurite**", 1)[1].split("```sh\n", 1)[1]
    recipe = recipe.split("```", 1)[0]
    assert recipe.startswith("npx azurite-blob ")
    # The test's Azurite is already running, on a port of its own.
    script = recipe.split("\n", 1)[1].replace("127.0.0.1:10000", f"127.0.0.1:{azurite.port}")
    assert azurite.connection_string() in script  # the README's string is the real one
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "datagen"
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m data_generator "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = child_env(PATH=f"{bin_dir}:{child_env()['PATH']}")

    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("Uploaded 0 files")
    blobs = azurite.blobs("demo")
    assert sorted(blobs) == sorted(local_blobs(tmp_path / "data" / "crm", "crm"))
    assert len(blobs) == 500
