"""URLs without their secrets: the form in which an endpoint is shown or stored.

An endpoint or base URL may carry credentials: ``https://user:password@host`` or a query
string such as ``?api-key=...`` or ``?sig=...``. Requests need them; messages, logs,
``failures.jsonl`` and manifests get the URL with the user information and the values of
secret-looking query parameters replaced by ``***``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["MASK", "redact_text", "redact_url"]

#: What stands in for a removed secret.
MASK = "***"

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>`]+")
_SECRET_PARAMETER = re.compile(
    r"key|token|secret|sig|password|passwd|pwd|auth|credential|code|session", re.IGNORECASE
)
_TRAILING = ".,;:!?)]}"
_USERINFO = re.compile(r"(://)[^/?#@\s]*@")


def redact_url(url: str) -> str:
    """Return ``url`` with its user information and secret query values masked.

    ``https://alice:pw@host/v1?api-version=1&api-key=k`` becomes
    ``https://***@host/v1?api-version=1&api-key=***``. Anything else is kept as written.
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced '[' in the host: mask what looks like userinfo
        return _USERINFO.sub(rf"\g<1>{MASK}@", url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rpartition('@')[2]}"
    query = "&".join(_redact_parameter(pair) for pair in parts.query.split("&"))
    if netloc == parts.netloc and query == parts.query:
        return url
    head = f"{parts.scheme}://{netloc}" if parts.scheme else netloc
    tail = parts.path + (f"?{query}" if "?" in url else "")
    return head + tail + (f"#{parts.fragment}" if "#" in url else "")


def redact_text(text: str) -> str:
    """Return ``text`` with every URL in it passed through :func:`redact_url`."""
    if "://" not in text:
        return text
    return _URL.sub(_redact_match, text)


def _redact_match(match: re.Match[str]) -> str:
    url = match[0]
    kept = url.rstrip(_TRAILING)  # a sentence's full stop or bracket is not part of the URL
    return redact_url(kept) + url[len(kept) :]


def _redact_parameter(pair: str) -> str:
    name, equals, value = pair.partition("=")
    if equals and value and _SECRET_PARAMETER.search(name):
        return f"{name}={MASK}"
    return pair
