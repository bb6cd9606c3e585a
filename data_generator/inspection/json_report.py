"""``datagen inspect --json``: the profile as one JSON object of a stable, versioned shape.

The shape (``"version": 1``; new keys may be added, none renamed or removed without a new
version)::

    {
      "version": 1,
      "path": "data/tech-support",        # what was inspected
      "scenario": "tech-support",         # or null when unknown
      "format": "jsonl",
      "files": 1,
      "records": 1000,                    # every record found, unreadable ones included
      "checked": true,                    # validity checked against a record model
      "valid": 998,                       # null when not checked
      "invalid": 1,                       # read, but not valid for the record model
      "unreadable": 1,                    # not JSON, a short CSV row, ...
      "duplicates": 0,                    # records identical to an earlier one
      "duplicate_sources": [],            # the first 10: "file:line" or "file"
      "problems": [{"source": "tech-support.jsonl:7", "reason": "not JSON: ..."}],
      "problems_total": 2,                # "problems" holds the first 1,000
      "words_per_document": null,         # txt output only
      "fields_left_out": false,           # more than 1,000 fields: the rest not profiled
      "fields": [
        {"path": "severity", "kind": "categorical", "present": 1000, "nulls": 0,
         "distinct": 4, "distinct_estimated": false,
         "min": null, "max": null, "mean": null,
         "top": [{"value": "medium", "count": 400}, ...]}
      ]
    }

``kind`` is ``categorical``, ``numeric``, ``list`` (min/max/mean of the lengths), ``date``
or ``datetime`` (min/max as the ISO text found), or ``text``. ``distinct`` is exact up to
10,000 values per field, then a HyperLogLog estimate (``distinct_estimated``: true).
"""

from __future__ import annotations

from typing import Any

from data_generator.inspection.fields import FieldProfile
from data_generator.inspection.profile import Profile

__all__ = ["JSON_VERSION", "profile_json"]

JSON_VERSION = 1


def profile_json(profile: Profile, path: str) -> dict[str, Any]:
    """The JSON-ready form of ``profile``.

    Args:
        profile: What the inspection found.
        path: The inspected path, as given.
    """
    return {
        "version": JSON_VERSION,
        "path": path,
        "scenario": profile.scenario,
        "format": profile.output_format,
        "files": profile.files,
        "records": profile.records,
        "checked": profile.valid is not None,
        "valid": profile.valid,
        "invalid": profile.invalid,
        "unreadable": profile.unreadable,
        "duplicates": profile.duplicates,
        "duplicate_sources": list(profile.duplicate_sources),
        "problems": [{"source": source, "reason": reason} for source, reason in profile.problems],
        "problems_total": profile.problem_count,
        "words_per_document": profile.words,
        "fields_left_out": profile.fields_left_out,
        "fields": [_field(field) for field in profile.fields],
    }


def _field(field: FieldProfile) -> dict[str, Any]:
    return {
        "path": field.path,
        "kind": field.kind,
        "present": field.present,
        "nulls": field.nulls,
        "distinct": field.distinct,
        "distinct_estimated": field.distinct_estimated,
        "min": field.minimum,
        "max": field.maximum,
        "mean": field.mean,
        "top": [{"value": value, "count": count} for value, count in field.top],
    }
