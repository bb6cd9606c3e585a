"""Azure AI Search definitions (index, blob data source, indexer) for a scenario's records."""

from __future__ import annotations

from data_generator.search.definitions import (
    API_VERSION,
    PARSING_MODES,
    PLACEHOLDERS,
    BlobLocation,
    parse_container,
    search_definitions,
)
from data_generator.search.fields import IndexFields, index_fields, valid_field_name

__all__ = [
    "API_VERSION",
    "PARSING_MODES",
    "PLACEHOLDERS",
    "BlobLocation",
    "IndexFields",
    "index_fields",
    "parse_container",
    "search_definitions",
    "valid_field_name",
]
