"""When a record found by its title is really the stored paper with that title.

The title lookup (``identity.titles_nearly_equal``) finds stored titles equal to the
record's or within a typo of it. That alone merged different papers: "… circa begin" and
"… circa begin & end" score 96 out of 100, and so would "Part I" and "Part II" or "Need
Registers" and "Need No Registers". So a near-identical (not equal) title also needs:

- the same numbers, roman numerals and negations (``no``, ``not``, ``non-``, ``without`` …);
- no word of meaning in one title and not the other: what differs must be a typo, a
  spelling or a split word (``pre-trained``/``pretrained``), or a small word (``the``, ``of``);
- when both sides name their years, years at most one apart (a preprint and its venue).

For any title match, equal or near: when both sides list authors, they share a name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from difflib import SequenceMatcher
from typing import Any

from readinglist.domain.entities import PaperRecord
from readinglist.domain.identity import normalize_title, squash_title

# Words whose presence on one side only does not change which paper a title names.
_SMALL = "a an the of and or for on in to with by at from via as its is are into"
_SMALL_WORDS = frozenset(_SMALL.split())
_NEGATION = "no not non without never nor neither none cannot t"  # t: isn't, don't
_NEGATIONS = frozenset(_NEGATION.split())
_ROMAN = re.compile(r"^(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_DIGITS = re.compile(r"\d+")
# Two differing word runs are a spelling variant when this similar (0-100).
_SPELLING_MIN_RATIO = 80.0
_NAME_NOISE = frozenset({"et", "al", "others", "jr", "sr", "and"})
_NAME_SPLIT = re.compile(r"[^\w]+")
_MIN_INNER_NAME = 4
_MAX_YEAR_GAP = 1


def is_same_paper(stored: Mapping[str, Any], record: PaperRecord) -> bool:
    """True when ``record``, found by its title, may merge into ``stored`` (a paper row)."""
    if not authors_agree(stored.get("authors") or [], record.authors):
        return False
    if squash_title(stored.get("title") or "") == squash_title(record.title):
        return True
    return titles_mean_the_same(stored.get("title") or "", record.title) and years_agree(
        stored.get("published"), record.published
    )


def titles_mean_the_same(title_a: str, title_b: str) -> bool:
    """True when two near-identical titles differ only in spelling, never in meaning."""
    words_a, words_b = normalize_title(title_a).split(), normalize_title(title_b).split()
    if _DIGITS.findall(" ".join(words_a)) != _DIGITS.findall(" ".join(words_b)):
        return False
    if _marked(words_a, _is_roman) != _marked(words_b, _is_roman):
        return False
    if _marked(words_a, _NEGATIONS.__contains__) != _marked(words_b, _NEGATIONS.__contains__):
        return False
    matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal" and not _harmless_difference(words_a[a1:a2], words_b[b1:b2]):
            return False
    return True


def authors_agree(stored: Sequence[str], incoming: Sequence[str]) -> bool:
    """True unless both lists name authors and no name appears in both.

    Names are compared by their words (``Vaswani, Ashish`` and ``A. Vaswani`` share
    ``vaswani``), and a long word may sit inside a name written without spaces
    (``GuoxinChen``), as user names on some sites are.
    """
    words_a, joined_a = _name_words(stored)
    words_b, joined_b = _name_words(incoming)
    if not (words_a or joined_a) or not (words_b or joined_b):
        return True
    if words_a & words_b or joined_a & joined_b:
        return True
    return _inside(words_a, joined_b) or _inside(words_b, joined_a)


def years_agree(published_a: str | None, published_b: str | None) -> bool:
    """True unless both dates name a year and the years are more than one apart."""
    year_a, year_b = _year(published_a), _year(published_b)
    return year_a is None or year_b is None or abs(year_a - year_b) <= _MAX_YEAR_GAP


def _harmless_difference(only_a: list[str], only_b: list[str]) -> bool:
    """A differing run of words that does not change the meaning: small words alone, a
    split or joined word, or a spelling variant of about the same letters."""
    if not only_a or not only_b:
        return all(word in _SMALL_WORDS for word in only_a or only_b)
    joined_a, joined_b = "".join(only_a), "".join(only_b)
    if joined_a == joined_b:
        return True
    from rapidfuzz.fuzz import ratio

    return bool(ratio(joined_a, joined_b, score_cutoff=_SPELLING_MIN_RATIO))


def _marked(words: list[str], test: Callable[[str], bool]) -> list[str]:
    return [word for word in words if test(word)]


def _is_roman(word: str) -> bool:
    return bool(_ROMAN.match(word))


def _name_words(names: Sequence[str]) -> tuple[set[str], set[str]]:
    """The words of the authors' names (initials dropped) and each name without spaces."""
    words: set[str] = set()
    joined: set[str] = set()
    for name in names:
        folded = _fold(name)
        parts = [p for p in _NAME_SPLIT.split(folded) if len(p) > 1 and p not in _NAME_NOISE]
        words.update(parts)
        if parts:
            joined.add("".join(parts))
    return words, joined


def _inside(words: set[str], joined: set[str]) -> bool:
    return any(len(w) >= _MIN_INNER_NAME and w in name for w in words for name in joined)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _year(published: str | None) -> int | None:
    text = (published or "")[:4]
    return int(text) if len(text) == 4 and text.isdigit() else None
