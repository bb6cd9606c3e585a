"""Where blobs go: a container (and a prefix) named by ``--upload-to`` or ``--to``.

Accepted forms:

* ``azure-blob://ACCOUNT/CONTAINER[/PREFIX]``
* ``https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX][?SAS]`` (any host: sovereign
  clouds, custom domains)
* ``http://127.0.0.1:PORT/ACCOUNT/CONTAINER[/PREFIX]``: path-style, for Azurite on loopback
* ``CONTAINER[/PREFIX]``: the account comes from ``AZURE_STORAGE_CONNECTION_STRING``

A SAS query string is kept apart from the URL and never shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import unquote, urlsplit

from data_generator.errors import UsageError

__all__ = ["BLOB_SCHEME", "BlobTarget", "parse_blob_url"]

BLOB_SCHEME = "azure-blob"
_CONTAINER = re.compile(r"^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$")
_ACCOUNT = re.compile(r"^[a-z0-9]{3,24}$")
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
_FORMS = (
    "azure-blob://ACCOUNT/CONTAINER[/PREFIX], https://ACCOUNT.blob.core.windows.net/"
    "CONTAINER[/PREFIX], or CONTAINER[/PREFIX] with AZURE_STORAGE_CONNECTION_STRING"
)


@dataclass(frozen=True)
class BlobTarget:
    """A blob container and a prefix inside it.

    Attributes:
        container: The container name.
        prefix: Blob names start with ``PREFIX/`` (``""``: at the container's root).
        account: The storage account, ``None`` when the connection string names it.
        account_url: The blob endpoint (``https://ACCOUNT.blob.core.windows.net``, or
            ``http://127.0.0.1:PORT/ACCOUNT`` for Azurite); ``None`` for a bare container.
        sas: A SAS token given in the URL's query string (never shown).
    """

    container: str
    prefix: str = ""
    account: str | None = None
    account_url: str | None = None
    sas: str | None = field(default=None, repr=False)

    @property
    def shown(self) -> str:
        """The target for messages: ``azure-blob://ACCOUNT/CONTAINER/PREFIX``, no secret."""
        path = "/".join(part for part in (self.container, self.prefix) if part)
        if self.account is None:
            return f"{path} (account of AZURE_STORAGE_CONNECTION_STRING)"
        return f"{BLOB_SCHEME}://{self.account}/{path}"

    def named(self, account: str | None) -> BlobTarget:
        """This target with its account named (from the connection string), for messages."""
        if self.account is not None or account is None:
            return self
        return replace(self, account=account)

    def blob_name(self, relative: str) -> str:
        """The blob name of the out-dir file at ``relative`` (a POSIX path)."""
        return f"{self.prefix}/{relative}" if self.prefix else relative


def parse_blob_url(url: str) -> BlobTarget:
    """Read one of the accepted forms (see the module's docstring).

    Raises:
        UsageError: The URL is none of them, or names an invalid account or container.
    """
    text = url.strip()
    if "://" not in text:
        return _target(text, None, None, None, url)
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme == BLOB_SCHEME:
        account = parts.netloc.lower()
        _check_account(account, url)
        path = parts.path
        base = f"https://{account}.blob.core.windows.net"
    elif scheme in ("https", "http") and parts.hostname:
        host = parts.hostname.lower()
        if host in _LOOPBACK or host.replace(".", "").isdigit():
            # path-style: http://127.0.0.1:10000/ACCOUNT/CONTAINER (Azurite)
            account, _, path = parts.path.lstrip("/").partition("/")
            _check_account(account, url)
            base = f"{scheme}://{parts.netloc}/{account}"
            path = "/" + path
        else:
            account = host.split(".", 1)[0]
            _check_account(account, url)
            base = f"{scheme}://{parts.netloc}"
            path = parts.path
    else:
        raise _bad(url, "is not a blob container URL")
    return _target(path.lstrip("/"), account, base, parts.query or None, url)


def _target(
    path: str, account: str | None, base: str | None, sas: str | None, url: str
) -> BlobTarget:
    container, _, prefix = unquote(path).partition("/")
    if not _CONTAINER.match(container):
        what = f"container {container!r}" if container else "no container"
        raise _bad(
            url,
            f"names {what} (3-63 lower-case letters, digits and single hyphens)",
        )
    return BlobTarget(container, prefix.strip("/"), account, base, sas)


def _check_account(account: str, url: str) -> None:
    if not _ACCOUNT.match(account):
        raise _bad(url, f"names account {account!r} (3-24 lower-case letters and digits)")


def _bad(url: str, problem: str) -> UsageError:
    shown = url.split("?", 1)[0]  # a SAS never shows
    return UsageError(f"upload target {shown!r} {problem}", hint=f"Give {_FORMS}")
