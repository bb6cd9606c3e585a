"""Error lines echo long values shortened, but never the path the user must find."""

from __future__ import annotations

from data_generator.messages import shorten_quoted


def test_a_long_typed_value_is_shortened_in_the_middle_with_its_length() -> None:
    line = shorten_quoted("--system-description: too long (got '" + "a" * 300 + "')")

    assert line.endswith("…" + "a" * 38 + "' (300 characters))")
    assert len(line) < 160


def test_a_long_path_or_url_is_shown_whole() -> None:
    path = "/tmp/" + "deep/" * 30 + "out/.datagen/manifest.json"
    url = "http://127.0.0.1:8080/" + "v1/" * 30 + "chat/completions"

    assert shorten_quoted(f"cannot write {path!r}: No space left") == (
        f"cannot write {path!r}: No space left"
    )
    assert shorten_quoted(f"cannot connect to '{url}'") == f"cannot connect to '{url}'"


def test_a_value_with_blanks_and_slashes_is_still_shortened() -> None:
    line = shorten_quoted("got '" + "a /" * 300 + "'")

    assert "(900 characters)" in line
