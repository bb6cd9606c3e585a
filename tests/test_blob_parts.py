"""The blob upload's parts that need no storage: URLs, credentials, errors, progress text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ServiceRequestError,
)
from rich.console import Console

from data_generator.cli.dashboard import render_figures
from data_generator.cli.progress_lines import describe, upload_line
from data_generator.cli.upload_command import UploadDisplay
from data_generator.delivery.blob_auth import blob_access, parse_connection_string
from data_generator.delivery.blob_errors import storage_error
from data_generator.delivery.blob_sync import content_type
from data_generator.delivery.blob_url import BlobTarget, parse_blob_url
from data_generator.engine.events import RunStarted, UploadProgress
from data_generator.engine.progress import RunProgress
from data_generator.errors import (
    ConfigError,
    DeliveryAuthError,
    DeliveryConnectionError,
    DeliveryError,
    DeliveryNotFoundError,
    UsageError,
)
from data_generator.messages import byte_size

KEY = "c2VjcmV0IGtleQ=="


@pytest.mark.parametrize(
    ("url", "container", "prefix", "account", "account_url"),
    [
        ("azure-blob://acct1/data", "data", "", "acct1", "https://acct1.blob.core.windows.net"),
        (
            "azure-blob://Acct1/data/runs/2024/",
            "data",
            "runs/2024",
            "acct1",
            "https://acct1.blob.core.windows.net",
        ),
        (
            "https://acct1.blob.core.windows.net/data/p",
            "data",
            "p",
            "acct1",
            "https://acct1.blob.core.windows.net",
        ),
        (
            "http://127.0.0.1:10000/devstoreaccount1/data/p/q",
            "data",
            "p/q",
            "devstoreaccount1",
            "http://127.0.0.1:10000/devstoreaccount1",
        ),
        ("data/some%20prefix", "data", "some prefix", None, None),
        ("data", "data", "", None, None),
    ],
)
def test_every_url_form_names_a_container_and_a_prefix(
    url: str, container: str, prefix: str, account: str | None, account_url: str | None
) -> None:
    target = parse_blob_url(url)

    assert (target.container, target.prefix, target.account, target.account_url) == (
        container,
        prefix,
        account,
        account_url,
    )


def test_a_sas_is_kept_apart_and_never_shown() -> None:
    target = parse_blob_url("https://acct1.blob.core.windows.net/data/p?sv=2024&sig=S3CRET")

    assert target.sas == "sv=2024&sig=S3CRET"
    assert target.shown == "azure-blob://acct1/data/p"
    assert "S3CRET" not in repr(target)
    assert blob_access(target, None).auth == "SAS"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("azure-blob://acct1/Data", "names container 'Data'"),
        ("azure-blob://acct1/", "names no container"),
        ("azure-blob://a-b/data", "names account 'a-b'"),
        ("s3://bucket/key", "is not a blob container URL"),
        ("https://acct1.blob.core.windows.net/x?sig=S3CRET", "names container 'x'"),
    ],
)
def test_a_wrong_url_is_one_line_without_its_sas(url: str, problem: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_blob_url(url)

    assert problem in caught.value.message
    assert "azure-blob://ACCOUNT/CONTAINER" in caught.value.hint
    assert "S3CRET" not in caught.value.one_line()


def test_the_blob_names_carry_the_prefix() -> None:
    assert BlobTarget("c", "p/q").blob_name("a.json") == "p/q/a.json"
    assert BlobTarget("c").blob_name("a.json") == "a.json"
    assert BlobTarget("c").named("acct1").shown == "azure-blob://acct1/c"
    assert BlobTarget("c", account="x").named("acct1").shown == "azure-blob://x/c"
    assert "AZURE_STORAGE_CONNECTION_STRING" in BlobTarget("c").shown


def test_connection_strings_give_an_endpoint_and_a_key() -> None:
    full = parse_connection_string(
        f"DefaultEndpointsProtocol=https;AccountName=Acct1;AccountKey={KEY};"
        "EndpointSuffix=core.chinacloudapi.cn"
    )
    emulator = parse_connection_string("UseDevelopmentStorage=true")
    sas = parse_connection_string("BlobEndpoint=https://acct1.blob.core.windows.net/;"
                                  "SharedAccessSignature=sv=1&sig=x")  # fmt: skip

    assert (full.account, full.endpoint, full.key) == (
        "acct1",
        "https://acct1.blob.core.chinacloudapi.cn",
        KEY,
    )
    assert emulator.endpoint == "http://127.0.0.1:10000/devstoreaccount1"
    assert (sas.account, sas.endpoint, sas.sas) == (
        None,
        "https://acct1.blob.core.windows.net",
        "sv=1&sig=x",
    )
    assert KEY not in repr(full)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("AccountName=a;just-words", "not a list of Name=Value pairs"),
        (f"AccountKey={KEY}", "neither BlobEndpoint nor AccountName"),
        (f"BlobEndpoint=https://h/;AccountKey={KEY}", "an AccountKey but no AccountName"),
        ("AccountName=acct1", "neither AccountKey nor SharedAccessSignature"),
    ],
)
def test_a_malformed_connection_string_is_refused_without_quoting_it(
    text: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_connection_string(text)

    assert problem in caught.value.message
    assert KEY not in caught.value.one_line()


def test_access_comes_from_the_connection_string_of_the_same_account_else_entra_id() -> None:
    connection = f"AccountName=acct1;AccountKey={KEY}"

    own = blob_access(parse_blob_url("azure-blob://acct1/cont"), connection)
    bare = blob_access(parse_blob_url("cont"), connection)
    other = blob_access(parse_blob_url("azure-blob://acct2/cont"), connection)

    assert (own.auth, own.account_url) == ("account key", "https://acct1.blob.core.windows.net")
    assert (bare.auth, bare.account) == ("account key", "acct1")
    assert (other.auth, other.credential) == ("Entra ID", None)
    assert KEY not in repr(own)


def test_no_account_or_plain_http_without_a_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="names no storage account"):
        blob_access(parse_blob_url("cont"), None)
    with pytest.raises(ConfigError, match="plain http, where Entra ID cannot sign in"):
        blob_access(parse_blob_url("http://127.0.0.1:1/acct1/cont"), None)


def _answer(status: int, code: str) -> HttpResponseError:
    error = HttpResponseError(message="RequestId:1 URL https://a/c?sig=S3CRET")
    error.status_code = status
    error.error_code = code  # type: ignore[attr-defined]  # as azure-storage sets it
    return error


@pytest.mark.parametrize(
    ("exc", "auth", "kind", "words"),
    [
        (_answer(403, "AuthorizationPermissionMismatch"), "Entra ID", DeliveryAuthError,
         "'Storage Blob Data Contributor' role"),
        (_answer(403, "AuthenticationFailed"), "Entra ID", DeliveryAuthError,
         "refused the Entra ID"),
        (_answer(403, "AuthorizationFailure"), "SAS", DeliveryAuthError, "refused the SAS"),
        (_answer(404, "ResourceNotFound"), "SAS", DeliveryNotFoundError, "was not found"),
        (_answer(500, "InternalError"), "SAS", DeliveryError, "answered 500 InternalError"),
        (ClientAuthenticationError("no identity"), "Entra ID", DeliveryAuthError, "az login"),
        (ServiceRequestError("Cannot connect https://a/c?sig=S3CRET"), "SAS",
         DeliveryConnectionError, "cannot reach"),
        (ValueError("odd"), "SAS", DeliveryError, "failed: ValueError"),
    ],
)  # fmt: skip
def test_storage_errors_become_one_line_with_what_to_do(
    exc: Exception, auth: str, kind: type[DeliveryError], words: str
) -> None:
    error = storage_error(exc, "azure-blob://acct1/c", auth)

    assert type(error) is kind
    assert words in error.one_line()
    assert "S3CRET" not in error.one_line()
    assert error.exit_code == 2
    assert storage_error(error, "x", auth) is error


def test_content_types_follow_the_extension() -> None:
    assert content_type(Path("a.JSONL")) == "application/x-ndjson"
    assert content_type(Path("a.yml")) == "application/yaml"
    assert content_type(Path("README")) == "application/octet-stream"


def test_sizes_and_upload_lines_read_well() -> None:
    progress = UploadProgress("azure-blob://a/c", 3, 10, 1, 2_500_000, 5_000_000, 2.0)

    assert [byte_size(n) for n in (999, 1_500, 2_500_000, 7e12)] == [
        "999 B",
        "1.5 KB",
        "2.5 MB",
        "7,000.0 GB",
    ]
    assert upload_line(progress) == (
        "upload: 3/10 files (1 already there), 2.5 MB of 5.0 MB, 1.2 MB/s"
    )
    assert upload_line(UploadProgress("x", 0, 0, 0, 0, 0, 0.0)).endswith("0 B/s")


def test_the_dashboard_and_progress_lines_show_the_upload() -> None:
    progress = RunProgress(clock=lambda: 5.0)
    progress(RunStarted("tech-support", 10, 0, 4, Path("out")))
    progress(UploadProgress("azure-blob://a/c", 4, 10, 0, 4_000, 10_000, 2.0))
    figures = progress.figures()
    console = Console(width=100, record=True, color_system=None)

    console.print(render_figures(figures))

    assert "upload: 4/10 files, 4.0 KB of 10.0 KB, 2.0 KB/s" in console.export_text()
    assert describe(figures).endswith("; upload: 4/10 files, 4.0 KB of 10.0 KB, 2.0 KB/s")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_datagen_upload_redraws_one_line_on_a_terminal() -> None:
    terminal = _Terminal()
    display = UploadDisplay(terminal, interval=10.0)
    display.interval = 3600.0  # the next line only in an hour
    display._last = -3600.0  # and the last one an hour ago

    display(UploadProgress("azure-blob://a/c", 1, 2, 0, 10, 20, 1.0))
    display(UploadProgress("azure-blob://a/c", 2, 2, 0, 20, 20, 1.0))  # too soon: not drawn
    display.close()

    assert terminal.getvalue() == "\r\x1b[2Kupload: 1/2 files, 10 B of 20 B, 10 B/s\r\x1b[2K"
