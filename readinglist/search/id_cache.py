"""The id sets of query parts, kept between keystrokes."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

DEFAULT_BUDGET = 2_000_000
"""Ids kept in all (about 40 bytes each: the id objects themselves are shared)."""


class IdSetCache:
    """Paper id sets by query part. Typing "reinforcement learning" asks for the sets of
    every word typed so far on each keystroke; the least recently used sets are dropped
    once the cache holds more than ``budget`` ids in all."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self._sets: OrderedDict[Hashable, frozenset[int]] = OrderedDict()
        self._size = 0

    def get(self, key: Hashable) -> frozenset[int] | None:
        """The set stored under ``key``, now the most recently used, or None."""
        found = self._sets.get(key)
        if found is not None:
            self._sets.move_to_end(key)
        return found

    def put(self, key: Hashable, ids: frozenset[int]) -> None:
        """Store ``ids`` under ``key``, dropping the least recently used sets over budget."""
        previous = self._sets.pop(key, None)
        if previous is not None:
            self._size -= len(previous)
        self._sets[key] = ids
        self._size += len(ids)
        while self._size > self.budget and len(self._sets) > 1:
            _, dropped = self._sets.popitem(last=False)
            self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._sets)

    @property
    def size(self) -> int:
        """Ids held in all."""
        return self._size
