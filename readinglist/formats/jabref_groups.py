"""JabRef groups, which become tags on the papers a BibTeX import adds.

JabRef 3 and later name an entry's groups in its own ``groups`` field, comma-separated
(``groups = {Covid, Covid subgroup}``); the ``@Comment{jabref-meta: grouping: …}`` block
only describes the tree (``1 StaticGroup:Covid\\;0\\;1\\;…;``). JabRef 2 kept membership in
the tree itself: ``@Comment{jabref-meta: groupstree: … 1 ExplicitGroup:Name\\;0\\;key1\\;key2\\;;}``
lists the citation keys of each group. Both are read; the tree's own structure (parent
groups, ``AllEntriesGroup``) adds no tags: a paper gets the groups it was put in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_META = re.compile(r"^\s*jabref-meta:\s*groupstree:", re.IGNORECASE)
# One tree line: depth, ``ExplicitGroup:``, then ``\;``-separated fields up to ``;``.
_EXPLICIT = re.compile(r"^\s*\d+\s+ExplicitGroup:((?:\\.|[^;\\])*);", re.MULTILINE)
_FIELD_SEPARATOR = re.compile(r"(?<!\\)\\;")
_ESCAPE = re.compile(r"\\(.)")
_SPLIT = re.compile(r"\s*,\s*")


def groups_by_key(comments: Iterable[str]) -> dict[str, list[str]]:
    """For each citation key, the JabRef 2 explicit groups listing it (in tree order)."""
    found: dict[str, list[str]] = {}
    for comment in comments:
        if not _META.match(comment):
            continue
        for match in _EXPLICIT.finditer(comment):
            fields = [_ESCAPE.sub(r"\1", f).strip() for f in _FIELD_SEPARATOR.split(match.group(1))]
            name, keys = fields[0], fields[2:]  # fields[1] is the hierarchical context
            for key in filter(None, keys):
                if name and name not in found.setdefault(key, []):
                    found[key].append(name)
    return found


def entry_groups(field_value: str, listed: Iterable[str] = ()) -> list[str]:
    """An entry's groups: its ``groups`` field, then the groups the tree lists it in."""
    names = [n for n in _SPLIT.split(" ".join(field_value.split())) if n]
    return list(dict.fromkeys([*names, *listed]))
