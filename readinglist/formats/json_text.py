"""JSON as the readers load it: ``json.loads`` without lone surrogates in any string.

A JSON file can write ``"\\ud800"``, an escape for half of a UTF-16 surrogate pair, which
decodes to a string no database or file can store. Text is cleaned once, when it is decoded
(:mod:`readinglist.formats.decoding`); such escapes only become characters here, so every
JSON reader loads through :func:`load_json`, which replaces them with U+FFFD.
"""

from __future__ import annotations

import json
import re
from typing import Any

from readinglist.formats.decoding import replace_lone_surrogates

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB]|\\u[dD][c-fC-F]")


def load_json(text: str) -> Any:
    """``json.loads(text)``; every string in the result (keys too) free of lone surrogates.

    Raises what ``json.loads`` raises (ValueError, RecursionError).
    """
    data = json.loads(text)
    if _SURROGATE_ESCAPE.search(text) is None:
        return data
    return _without_surrogates(data)


def _without_surrogates(data: Any) -> Any:
    """``data`` with lone surrogates replaced in place, walked without recursion (a JSON
    document may be nested as deep as ``json.loads`` allows)."""
    if isinstance(data, str):
        return replace_lone_surrogates(data)
    pending = [data]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            for position, value in enumerate(node):
                if isinstance(value, str):
                    node[position] = replace_lone_surrogates(value)
                elif isinstance(value, list | dict):
                    pending.append(value)
        elif isinstance(node, dict):
            items = list(node.items())
            node.clear()
            for key, value in items:
                if isinstance(value, str):
                    value = replace_lone_surrogates(value)
                elif isinstance(value, list | dict):
                    pending.append(value)
                node[replace_lone_surrogates(key)] = value
    return data
