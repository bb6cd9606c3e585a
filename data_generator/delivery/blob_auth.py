"""Who we are to Azure Storage: a SAS, a connection string's key, or Entra ID.

In order: a SAS in the URL's query string; ``AZURE_STORAGE_CONNECTION_STRING`` when the URL
names no account or the connection string's own; otherwise ``DefaultAzureCredential``, as
everywhere else in datagen. Keys and SAS tokens never leave this module in text form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from data_generator.errors import ConfigError

if TYPE_CHECKING:
    from azure.storage.blob.aio import ContainerClient

    from data_generator.delivery.blob_url import BlobTarget

__all__ = ["BlobAccess", "ConnectionString", "blob_access", "parse_connection_string"]

CONNECTION_STRING_VARIABLE = "AZURE_STORAGE_CONNECTION_STRING"
# Azurite's well-known development account (published by Microsoft; not a secret).
_DEV_ACCOUNT = "devstoreaccount1"
_DEV_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)


@dataclass(frozen=True)
class ConnectionString:
    """The parts of a storage connection string that matter here.

    Attributes:
        account: ``AccountName``.
        endpoint: The blob endpoint (``BlobEndpoint``, or built from the protocol, the
            account and the endpoint suffix).
        key: ``AccountKey``, if given.
        sas: ``SharedAccessSignature``, if given.
    """

    account: str | None
    endpoint: str
    key: str | None = field(default=None, repr=False)
    sas: str | None = field(default=None, repr=False)


def parse_connection_string(text: str) -> ConnectionString:
    """Read ``Key=Value;...`` as Azure Storage writes it.

    Raises:
        ConfigError: The string is malformed or names no blob endpoint (its value is
            never quoted: it holds a key).
    """
    items: dict[str, str] = {}
    for part in text.strip().strip(";").split(";"):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise _malformed("it is not a list of Name=Value pairs separated by ';'")
        items[key.strip().lower()] = value.strip()
    if items.get("usedevelopmentstorage", "").lower() == "true":
        return ConnectionString(_DEV_ACCOUNT, f"http://127.0.0.1:10000/{_DEV_ACCOUNT}", _DEV_KEY)
    account = items.get("accountname", "").lower() or None
    endpoint = items.get("blobendpoint", "")
    if not endpoint and account:
        protocol = items.get("defaultendpointsprotocol", "https")
        suffix = items.get("endpointsuffix", "core.windows.net")
        endpoint = f"{protocol}://{account}.blob.{suffix}"
    if not endpoint:
        raise _malformed("it has neither BlobEndpoint nor AccountName")
    secret = items.get("accountkey") or None
    sas = items.get("sharedaccesssignature") or None
    if secret and not account:
        raise _malformed("it has an AccountKey but no AccountName")
    if not secret and not sas:
        raise _malformed("it has neither AccountKey nor SharedAccessSignature")
    return ConnectionString(account.lower() if account else None, endpoint.rstrip("/"), secret, sas)


def _malformed(problem: str) -> ConfigError:
    return ConfigError(
        f"{CONNECTION_STRING_VARIABLE} cannot be read: {problem}",
        hint="Copy it again from the portal (Access keys) or 'az storage account "
        "show-connection-string'",
    )


@dataclass(frozen=True)
class BlobAccess:
    """An endpoint and a credential for one container.

    Attributes:
        account_url: The blob endpoint.
        credential: What the SDK takes: a SAS token, ``{"account_name", "account_key"}``,
            or ``None`` for Entra ID (created when the client is).
        auth: How we sign in, for messages: ``SAS``, ``account key`` or ``Entra ID``.
        account: The account, when the connection string names it.
    """

    account_url: str
    credential: Any = field(repr=False)
    auth: str
    account: str | None = None

    def client(self, container: str, *, token: Any = None) -> ContainerClient:
        """An async client of ``container``; ``token`` is the Entra ID credential to use.

        Retries are few and short: a wrong host or a refused connection fails in seconds.
        """
        from azure.storage.blob.aio import ContainerClient, ExponentialRetry

        retry = ExponentialRetry(
            initial_backoff=1,
            increment_base=2,
            retry_total=3,
            random_jitter_range=1,
            retry_connect=1,  # a refused connection or unknown host is not a blip
        )
        credential = self.credential if self.credential is not None else token
        return ContainerClient(
            self.account_url,
            container,
            credential=credential,
            retry_policy=retry,
            connection_timeout=20,
        )


def blob_access(target: BlobTarget, connection_string: str | None) -> BlobAccess:
    """How to reach ``target``: its SAS, the connection string, or Entra ID.

    Raises:
        ConfigError: The target names no account and no connection string is set, or
            the connection string is malformed.
    """
    if target.sas and target.account_url:
        return BlobAccess(target.account_url, target.sas, "SAS")
    parsed = parse_connection_string(connection_string) if connection_string else None
    if parsed is not None and target.account in (None, parsed.account):
        if parsed.key:
            secret: Any = {"account_name": parsed.account, "account_key": parsed.key}
            return BlobAccess(parsed.endpoint, secret, "account key", parsed.account)
        return BlobAccess(parsed.endpoint, parsed.sas, "SAS", parsed.account)
    if target.account_url is None:
        raise ConfigError(
            f"upload target {target.shown!r} names no storage account and "
            f"{CONNECTION_STRING_VARIABLE} is not set",
            hint="Give azure-blob://ACCOUNT/CONTAINER, or set "
            f"{CONNECTION_STRING_VARIABLE} (environment or .env)",
        )
    if target.account_url.startswith("http://"):
        raise ConfigError(
            f"upload target {target.shown!r} is plain http, where Entra ID cannot sign in",
            hint=f"Set {CONNECTION_STRING_VARIABLE} for that account (Azurite: its "
            "development account's), or give a SAS in the URL",
        )
    return BlobAccess(target.account_url, None, "Entra ID")
