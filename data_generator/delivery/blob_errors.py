"""Azure Storage's exceptions as datagen's one-line errors.

Only the status and the service's error code are kept: the SDK's own messages may hold
request URLs, and a URL may hold a SAS.
"""

from __future__ import annotations

import re

from data_generator.errors import (
    DatagenError,
    DeliveryAuthError,
    DeliveryConnectionError,
    DeliveryError,
    DeliveryNotFoundError,
)

__all__ = ["REFUSE_FLAG", "container_missing", "storage_error"]

#: The flag of a run that refuses to create a missing container, for the hint.
REFUSE_FLAG = "--no-upload-create-container"
_ROLE = "Storage Blob Data Contributor"
_AUTH_CODES = frozenset({"AuthenticationFailed", "InvalidAuthenticationInfo"})


def container_missing(shown: str, container: str, flag: str = REFUSE_FLAG) -> DeliveryNotFoundError:
    """The container does not exist and ``flag`` said not to create it."""
    return DeliveryNotFoundError(
        f"container {container!r} of {shown} does not exist",
        hint=f"Create it (az storage container create), or leave out {flag}",
    )


def storage_error(exc: BaseException, shown: str, auth: str) -> DatagenError:
    """The datagen error for ``exc``, met while uploading to ``shown`` signed in by ``auth``."""
    from azure.core.exceptions import (
        ClientAuthenticationError,
        HttpResponseError,
        ServiceRequestError,
        ServiceResponseError,
    )

    if isinstance(exc, DatagenError):
        return exc
    if isinstance(exc, HttpResponseError) and exc.status_code is not None:
        code = getattr(exc, "error_code", None) or ""  # set by azure-storage's handler
        return _answered(exc.status_code, str(getattr(code, "value", code)), shown, auth)
    if isinstance(exc, ClientAuthenticationError):  # Entra ID found no identity
        return DeliveryAuthError(
            f"no Azure identity to upload to {shown} (DefaultAzureCredential found none)",
            hint="Sign in with 'az login', or set AZURE_STORAGE_CONNECTION_STRING, or give "
            "an https:// URL with a SAS",
        )
    if isinstance(exc, ServiceRequestError | ServiceResponseError | OSError):
        return DeliveryConnectionError(
            f"cannot reach {shown}: {_reason(exc)}",
            hint="Check the account name and the network (proxy, firewall, private "
            "endpoint), then rerun",
        )
    return DeliveryError(
        f"upload to {shown} failed: {type(exc).__name__}",
        hint="Rerun with --debug for details; the out-dir is complete, rerun to finish",
    )


def _answered(status: int, code: str, shown: str, auth: str) -> DatagenError:
    what = f"{status} {code}".strip()
    if code in _AUTH_CODES or status == 401 or (status == 403 and auth != "Entra ID"):
        # a key cannot lack permissions: refused, it is wrong (Azurite: AuthorizationFailure)
        return DeliveryAuthError(
            f"Azure Storage refused the {auth} for {shown} ({what})",
            hint="Check the account key in AZURE_STORAGE_CONNECTION_STRING, or the SAS "
            "(expired? write, list and create permissions?)",
        )
    if status == 403:
        return DeliveryAuthError(
            f"the identity may not write blobs to {shown} ({what})",
            hint=f"Grant it the '{_ROLE}' role on the storage account or the container "
            "(az role assignment create), or use a SAS or key",
        )
    if status == 404:
        return DeliveryNotFoundError(
            f"{shown} was not found ({what})",
            hint="Check the account name and the endpoint",
        )
    return DeliveryError(
        f"Azure Storage answered {what} for {shown}",
        hint="Rerun to finish the upload; files already uploaded are skipped",
    )


def _reason(exc: BaseException) -> str:
    cause: BaseException | None = exc
    while cause is not None and cause.__cause__ is not None:
        cause = cause.__cause__
    text = re.sub(r"\?\S*", "", str(cause or exc).split("\n", 1)[0])  # no query string
    return " ".join(text.split())[:160] or type(exc).__name__
