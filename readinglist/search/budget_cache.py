"""A cache of sized things (id sets, postings) kept by recency within a budget."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sized
from typing import Generic, TypeVar

Value = TypeVar("Value", bound=Sized)


class BudgetCache(Generic[Value]):
    """Values by key, the least recently used dropped first once they hold more than
    ``budget`` items in all (``len`` of each value). Typing "reinforcement learning"
    asks for the same words' postings and id sets on every keystroke."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._size = 0

    def get(self, key: Hashable) -> Value | None:
        """The value stored under ``key``, now the most recently used, or None."""
        found = self._values.get(key)
        if found is not None:
            self._values.move_to_end(key)
        return found

    def put(self, key: Hashable, value: Value) -> None:
        """Store ``value`` under ``key``, dropping the least recently used over budget."""
        previous = self._values.pop(key, None)
        if previous is not None:
            self._size -= len(previous)
        self._values[key] = value
        self._size += len(value)
        while self._size > self.budget and len(self._values) > 1:
            _, dropped = self._values.popitem(last=False)
            self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._values)

    @property
    def size(self) -> int:
        """Items held in all."""
        return self._size
