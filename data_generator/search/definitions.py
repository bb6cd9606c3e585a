"""An Azure AI Search index, blob data source and indexer for a scenario's output.

:func:`search_definitions` returns the three request bodies of the Search REST API
(2024-07-01) as one document, ``{"index": ..., "dataSource": ..., "indexer": ...}``:

* the index, from the record model (:mod:`data_generator.search.fields`);
* an ``azureblob`` data source over the container (and folder) the files were uploaded
  to, connected with the search service's managed identity (a ``ResourceId=...``
  connection string: no key);
* an indexer whose ``parsingMode`` reads the format: ``json`` (one file per record),
  ``jsonLines`` (``.jsonl``) or ``delimitedText`` (CSV with its header line).

Each search document needs a unique key. The record's own id is the key when it has one;
otherwise the indexer fills the key: from the blob's path (``metadata_storage_path``) for
one file per record, and from ``AzureSearch_DocumentKey`` (one per line) for ``jsonl`` and
CSV, both through ``base64Encode``, as Azure AI Search documents for blob indexers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from data_generator.errors import UsageError
from data_generator.search.fields import index_fields

__all__ = [
    "API_VERSION",
    "PARSING_MODES",
    "PLACEHOLDERS",
    "BlobLocation",
    "parse_container",
    "search_definitions",
]

#: The Search REST API version the definitions are written for.
API_VERSION = "2024-07-01"
#: The indexer's parsing mode for each format it can read.
PARSING_MODES = {"json": "json", "jsonl": "jsonLines", "csv": "delimitedText"}
#: Values the user must replace when no flag gave them.
PLACEHOLDERS = ("<SUBSCRIPTION-ID>", "<RESOURCE-GROUP>", "<STORAGE-ACCOUNT>", "<CONTAINER>")
_EXTENSIONS = {"json": ".json", "jsonl": ".jsonl", "csv": ".csv"}
_ACCOUNT = re.compile(r"^[a-z0-9]{3,24}$")
_CONTAINER = re.compile(r"^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")
_INDEX_NAME = re.compile(r"^(?=.{2,100}$)[a-z0-9]+(-[a-z0-9]+)*$")
_HTTPS = re.compile(r"^https://(?P<account>[^./]+)\.blob\.core\.windows\.net/(?P<rest>.*)$")
_RESOURCE_ID = re.compile(
    r"^/subscriptions/[^/\s]+/resourceGroups/[^/\s]+/providers/Microsoft\.Storage/"
    r"storageAccounts/(?P<account>[^/\s]+)/?$",
    re.IGNORECASE,
)
_CONTAINER_FORMS = "azure-blob://ACCOUNT/CONTAINER[/PREFIX] or https://ACCOUNT.blob.core.windows.net/CONTAINER[/PREFIX]"


@dataclass(frozen=True)
class BlobLocation:
    """Where the records were uploaded: a storage account, a container and a folder."""

    account: str
    container: str
    prefix: str = ""


def parse_container(url: str) -> BlobLocation:
    """Read ``azure-blob://ACCOUNT/CONTAINER[/PREFIX]`` or the container's ``https://`` URL.

    A query string (a SAS token) is dropped unread: the data source connects with the
    search service's identity, and a secret is never printed, not even in an error.

    Raises:
        UsageError: ``url`` is neither, or names an account or container Azure refuses.
    """
    url = url.split("?", 1)[0]
    if url.startswith("azure-blob://"):
        account, _, rest = url.removeprefix("azure-blob://").partition("/")
    elif match := _HTTPS.match(url):
        account, rest = match["account"], match["rest"]
    else:
        raise UsageError(
            f"--container {url!r} is not a blob container URL", hint=f"Use {_CONTAINER_FORMS}"
        )
    container, _, prefix = rest.partition("/")
    if not _ACCOUNT.match(account):
        raise UsageError(
            f"{account!r} in --container is not a storage account name",
            hint="An account name is 3 to 24 lower-case letters and digits",
        )
    if not _CONTAINER.match(container):
        raise UsageError(
            f"{container!r} in --container is not a container name",
            hint="A container name is 3 to 63 lower-case letters, digits and single hyphens",
        )
    return BlobLocation(account, container, prefix.strip("/"))


def search_definitions(
    model: type[BaseModel],
    *,
    scenario: str,
    output_format: str,
    index_name: str | None = None,
    container: str | None = None,
    storage_resource_id: str | None = None,
) -> dict[str, Any]:
    """The index, data source and indexer for ``scenario``'s records in ``output_format``.

    Args:
        model: The scenario's record model.
        scenario: The scenario's name: the default index name.
        output_format: ``json``, ``jsonl`` or ``csv``.
        index_name: The index name; the data source and indexer are named after it.
        container: Where the files are (:func:`parse_container`); placeholders without it.
        storage_resource_id: The storage account's resource ID, for the managed-identity
            connection string; placeholders without it.

    Raises:
        UsageError: A format the indexer cannot parse, a bad name, URL or resource ID,
            or a resource ID of another account than ``container``'s.
    """
    mode = _parsing_mode(output_format)
    name = _index_name(index_name or scenario)
    location = parse_container(container) if container is not None else None
    fields = index_fields(model, csv=output_format == "csv")
    mappings = [*_key_mappings(fields.key, fields.key_source, output_format), *fields.mappings]
    configuration: dict[str, Any] = {
        "parsingMode": mode,
        "dataToExtract": "contentAndMetadata",
        "indexedFileNameExtensions": _EXTENSIONS[output_format],
    }
    if output_format == "csv":
        configuration["firstLineContainsHeaders"] = True
    indexer: dict[str, Any] = {
        "name": f"{name}-indexer",
        "dataSourceName": f"{name}-datasource",
        "targetIndexName": name,
        "parameters": {"configuration": configuration},
        "fieldMappings": mappings,
    }
    return {
        "index": {"name": name, "fields": fields.fields},
        "dataSource": _data_source(name, location, storage_resource_id),
        "indexer": indexer,
    }


def _parsing_mode(output_format: str) -> str:
    mode = PARSING_MODES.get(output_format)
    if mode is not None:
        return mode
    raise UsageError(
        f"Azure AI Search's blob indexer cannot read --format {output_format!r} as records",
        hint="Use --format json, jsonl or csv, and write the records in that format",
    )


def _index_name(name: str) -> str:
    if _INDEX_NAME.match(name):
        return name
    raise UsageError(
        f"{name!r} cannot name a search index and its data source and indexer",
        hint="Use 2 to 100 lower-case letters, digits and single hyphens, "
        "starting and ending with a letter or digit",
    )


def _key_mappings(key: str, source: str | None, output_format: str) -> list[dict[str, Any]]:
    if source is not None:  # the record's own id, said explicitly for every parsing mode
        return [{"sourceFieldName": source, "targetFieldName": key}]
    origin = "metadata_storage_path" if output_format == "json" else "AzureSearch_DocumentKey"
    return [
        {
            "sourceFieldName": origin,
            "targetFieldName": key,
            "mappingFunction": {"name": "base64Encode"},
        }
    ]


def _data_source(
    name: str, location: BlobLocation | None, resource_id: str | None
) -> dict[str, Any]:
    account = location.account if location else "<STORAGE-ACCOUNT>"
    if resource_id is not None:
        match = _RESOURCE_ID.match(resource_id)
        if match is None:
            raise UsageError(
                "--storage-resource-id is not a storage account's resource ID",  # may be a secret
                hint="Give /subscriptions/SUB/resourceGroups/GROUP/providers/"
                "Microsoft.Storage/storageAccounts/ACCOUNT (az storage account show --query id)",
            )
        if location is not None and match["account"].lower() != location.account:
            raise UsageError(
                f"--storage-resource-id names account {match['account']!r} but --container "
                f"names {location.account!r}",
                hint="Give the resource ID of the account that holds the container",
            )
        resource = resource_id.rstrip("/")
    else:
        resource = (
            "/subscriptions/<SUBSCRIPTION-ID>/resourceGroups/<RESOURCE-GROUP>/providers/"
            f"Microsoft.Storage/storageAccounts/{account}"
        )
    container: dict[str, Any] = {"name": location.container if location else "<CONTAINER>"}
    if location is not None and location.prefix:
        container["query"] = location.prefix
    return {
        "name": f"{name}-datasource",
        "type": "azureblob",
        "credentials": {"connectionString": f"ResourceId={resource};"},
        "container": container,
    }
