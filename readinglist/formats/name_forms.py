"""What the writers and readers of author lists agree on about a name: whether it is an
organisation's (kept whole, never split at a comma or turned round) and which last words
are generational suffixes ("Jr.", "III").

RIS writes a person as ``Last, First, Suffix`` and a reader turns that round; an
organisation's name is written as it is, commas and all ("The ATLAS Collaboration, CERN"),
and a reader keeps any name holding one of :data:`ORGANISATION_WORDS` whole.
"""

from __future__ import annotations

SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_ORGANISATION_TEXT = (
    "team group consortium collaboration lab labs laboratory inc ltd llc corp university"
    " institute foundation committee association society project center centre council"
)
ORGANISATION_WORDS = frozenset(_ORGANISATION_TEXT.split())


def is_organisation(name: str) -> bool:
    """Whether ``name`` holds a word only an organisation's name has ("Collaboration",
    "Consortium", "University" ...), in any case, with or without a period."""
    words = name.lower().replace(".", " ").replace(",", " ").split()
    return not ORGANISATION_WORDS.isdisjoint(words)


def is_suffix(word: str) -> bool:
    """Whether ``word`` is a generational suffix ("Jr.", "sr", "III")."""
    return word.strip().lower() in SUFFIXES
