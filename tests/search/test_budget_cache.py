"""A budget cache keeps what was used last and stays within its budget."""

from __future__ import annotations

from readinglist.search.budget_cache import BudgetCache


def test_least_recently_used_sets_go_first_once_over_budget() -> None:
    cache = BudgetCache[frozenset[int]](budget=10)
    cache.put("a", frozenset(range(4)))
    cache.put("b", frozenset(range(4)))
    assert cache.get("a") == frozenset(range(4))  # "a" is now the most recent
    cache.put("c", frozenset(range(4)))  # 12 ids: the oldest, "b", goes
    assert cache.get("b") is None
    assert cache.get("a") is not None and cache.get("c") is not None
    assert cache.size == 8 and len(cache) == 2


def test_a_set_larger_than_the_budget_is_still_kept_alone() -> None:
    cache = BudgetCache[frozenset[int]](budget=10)
    cache.put("small", frozenset({1}))
    cache.put("huge", frozenset(range(50)))
    assert cache.get("small") is None
    assert cache.get("huge") is not None and len(cache) == 1


def test_storing_again_replaces_and_recounts() -> None:
    cache = BudgetCache[frozenset[int]](budget=100)
    cache.put("a", frozenset(range(30)))
    cache.put("a", frozenset(range(5)))
    assert cache.size == 5 and cache.get("a") == frozenset(range(5))
