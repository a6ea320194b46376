"""The one rule for a tag's text, applied wherever a tag enters the library (the ``tag``
command, the window, a Reading List JSON backup)."""

from __future__ import annotations

from readinglist.domain.errors import InvalidInputError

MAX_TAG_LENGTH = 100


def tidy_tag(tag: str) -> str:
    """``tag`` with its whitespace (newlines and tabs too) collapsed to single spaces and a
    leading ``#`` dropped (possibly empty or too long: see :func:`clean_tag`)."""
    return " ".join(tag.split()).lstrip("#").strip()


def clean_tag(tag: str) -> str:
    """:func:`tidy_tag`, raising InvalidInputError when nothing is left or it is longer
    than :data:`MAX_TAG_LENGTH` characters."""
    name = tidy_tag(tag)
    if not name:
        raise InvalidInputError("a tag cannot be empty")
    if len(name) > MAX_TAG_LENGTH:
        raise InvalidInputError(f"a tag is at most {MAX_TAG_LENGTH} characters")
    return name
