"""Word analysis for the index, cached per word.

Whoosh runs every word of every field through a chain of Python generators (tokenize,
lowercase, stop words, stem, n-grams): about a third of the build time. The fields here
use chains whose filters look at one word at a time, so the result for a word is always
the same: ``CachedAnalyzer`` splits the text with the chain's own regular expression, and
runs the chain once per distinct word, keeping what it made. The tokens it yields are the
ones the chain yields (``tests/search/test_analysis.py`` compares them on real papers);
any other use (character offsets, query parsing) is handed to the chain itself.
"""

from __future__ import annotations

import operator
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import chain
from typing import Any, cast

from whoosh.analysis import Analyzer, CompositeAnalyzer, RegexTokenizer, StopFilter, Token

RECENT_VALUES = 8
"""Values whose tokens are kept (a paper's title and abstract are analysed for several
fields by the same chain)."""
_RECENT: dict[tuple[str, str], tuple[list[str], list[int]]] = {}
_RECENT_LOCK = threading.Lock()
RECENT_WORDS = 16
_RECENT_WORDS: dict[tuple[str, str], list[str]] = {}
"""The raw words of the last ``RECENT_WORDS`` values split (by tokenizer pattern and value): the
spelling vocabulary counts the words the title's and abstract's analysis split."""
_SHARED: dict[str, dict[str, tuple[str, ...]]] = {}
_whole_match = operator.methodcaller("group")
_CAPTURING = re.compile(r"(?<!\\)\((?!\?)")


def _whole_words(expression: re.Pattern[str]) -> Callable[[str], list[str]]:
    """A function listing the whole matches of ``expression`` in a text: its ``findall``
    when it captures no group, or once its groups are made non-capturing, else matches
    read one by one."""
    if not expression.groups:
        return expression.findall
    try:
        plain = re.compile(_CAPTURING.sub("(?:", expression.pattern), expression.flags)
    except re.error:
        plain = None
    if plain is not None and not plain.groups:
        return plain.findall
    return lambda value: list(map(_whole_match, expression.finditer(value)))


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_has_digit = re.compile(r"\d").search


def chain_key(chain: CompositeAnalyzer) -> str:
    """What names ``chain``'s analysis: its repr without object addresses (a stemming
    filter's repr holds its own cached stem function's; with it, each schema's stemming
    chain had a cache of its own, never shared: a build's worker started a new one for
    every chunk and kept the old, and the word pairs' analysis of a title or abstract was
    not the field's)."""
    return _ADDRESS.sub("", repr(chain))


CACHE_WORDS = 200_000
"""Distinct words kept before the cache starts again (a library's vocabulary is far
smaller; a flood of ids or numbers must not grow it without end)."""


class CachedAnalyzer(Analyzer):  # type: ignore[misc]
    """``chain`` (a regex tokenizer followed by per-word filters) with its result kept per
    word, for indexing. ``renumbers``: the chain drops stop words and numbers the words
    it keeps one after another (as ``StopFilter`` does)."""

    def __init__(self, chain: CompositeAnalyzer) -> None:
        tokenizer = chain.items[0]
        if not isinstance(tokenizer, RegexTokenizer) or tokenizer.gaps:
            raise TypeError("CachedAnalyzer needs a chain starting with a RegexTokenizer")
        self.chain = chain
        self._words = tokenizer.expression
        self._find_words = _whole_words(tokenizer.expression)
        self._renumbers = any(
            isinstance(item, StopFilter) and item.renumber for item in chain.items
        )
        self._key = chain_key(chain)
        # Analysers of the same chain share what they know of words.
        self._cache: dict[str, tuple[str, ...]] = _SHARED.setdefault(self._key, {})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CachedAnalyzer) and other.chain == self.chain

    def __hash__(self) -> int:
        return hash(repr(self.chain))

    def __repr__(self) -> str:
        return f"CachedAnalyzer({self.chain!r})"

    def __getstate__(self) -> dict[str, Any]:
        return {"chain": self.chain}  # the schema is pickled into the index: no cache

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["chain"])  # type: ignore[misc]

    def analyzed(self, word: str) -> tuple[str, ...]:
        """What the chain makes of one word (cached, unless it holds a digit: ids,
        numbers and years are mostly of one paper, and kept they filled a build worker's
        caches by about 10 MB a chunk)."""
        found = self._cache.get(word)
        if found is None:
            found = tuple(t.text for t in self.chain(word, mode="index"))
            if _has_digit(word) is None:
                if len(self._cache) >= CACHE_WORDS:
                    self._cache.clear()
                self._cache[word] = found
        return found

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        if mode != "index" or chars or keeporiginal or not removestops or not tokenize:
            yield from self.chain(
                value,
                positions=positions,
                chars=chars,
                keeporiginal=keeporiginal,
                removestops=removestops,
                start_pos=start_pos,
                start_char=start_char,
                tokenize=tokenize,
                mode=mode,
                **kwargs,
            )
            return
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos: int | None = None
        for index, match in enumerate(self._words.finditer(value)):
            texts = self.analyzed(match.group(0))
            if not texts:
                continue
            if positions:  # as the tokenizer numbers words, and StopFilter renumbers
                if not self._renumbers:
                    pos = start_pos + index
                else:
                    pos = start_pos + index if pos is None else pos + 1
            for text in texts:
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = pos
                yield token

    def tokens(self, value: str) -> tuple[list[str], list[int]]:
        """The texts and positions of the tokens the chain makes of ``value`` for
        indexing (``words`` as two lists, made a list at a time; the last few values
        analysed are kept, as a build analyses the same title for several fields)."""
        key = (self._key, value)
        found = _RECENT.get(key)
        if found is None:
            found = self._tokens(value)
            with _RECENT_LOCK:
                while len(_RECENT) >= RECENT_VALUES:
                    del _RECENT[next(iter(_RECENT))]
                _RECENT[key] = found
        return found

    def raw_words(self, value: str) -> list[str]:
        """The words the tokenizer splits ``value`` into, before any filter (those of a
        value another analyser of the same tokenizer split lately are not split again)."""
        found = _RECENT_WORDS.get((self._words.pattern, value))
        return self._find_words(value) if found is None else found

    def _analyzed_words(self, value: str) -> list[tuple[str, ...]]:
        """Each word of ``value`` analysed (from the cache where it is there already)."""
        words = self._find_words(value)
        with _RECENT_LOCK:
            while len(_RECENT_WORDS) >= RECENT_WORDS:
                del _RECENT_WORDS[next(iter(_RECENT_WORDS))]
            _RECENT_WORDS[(self._words.pattern, value)] = words
        analyzed = list(map(self._cache.get, words))
        if None in analyzed:
            analyzed = [
                self.analyzed(word) if texts is None else texts
                for texts, word in zip(analyzed, words, strict=True)
            ]
        return cast(list[tuple[str, ...]], analyzed)  # no None is left

    def _tokens(self, value: str) -> tuple[list[str], list[int]]:
        analyzed = self._analyzed_words(value)
        kept = [index for index, texts in enumerate(analyzed) if texts]
        if self._renumbers and kept:  # after the first, stop words leave no gap
            kept = list(range(kept[0], kept[0] + len(kept)))
        parts = [texts for texts in analyzed if texts]
        if all(len(texts) == 1 for texts in parts):
            return [texts[0] for texts in parts], kept
        texts_out: list[str] = []
        positions: list[int] = []
        for pos, texts in zip(kept, parts, strict=True):
            texts_out.extend(texts)
            positions.extend([pos] * len(texts))
        return texts_out, positions

    def term_positions(self, value: str) -> dict[str, list[int]]:
        """Each token text of ``value`` (as indexed) with its positions."""
        found: dict[str, list[int]] = {}
        get = found.get
        for text, pos in zip(*self.tokens(value), strict=True):
            positions = get(text)
            if positions is None:
                found[text] = [pos]
            else:
                positions.append(pos)
        return found

    def term_counts(self, value: str) -> Counter[str]:
        """How many times each token text of ``value`` (as indexed) occurs (the texts of
        ``tokens``, counted without numbering them: most fields counted so are read once,
        so nothing is kept of the value either)."""
        analyzed = self._analyzed_words(value)
        return Counter(chain.from_iterable(analyzed))

    def words(self, value: str) -> Iterator[tuple[str, int]]:
        """(text, position) of the tokens the chain makes of ``value`` for indexing."""
        for token in self(value, positions=True, mode="index"):
            yield token.text, token.pos
