"""Sorting a long list by a text column in a worker without holding the interpreter lock
for the whole sort.

``sorted()`` compares the keys in one call into C: at 100,000 titles the worker kept the
lock 40-140 ms (measured at load 2-5), and the GUI thread could not paint meanwhile. Here
the keys are first put in buckets by their next two characters — a loop of Python steps,
between which the worker hands the lock back — and only buckets of at most
:data:`SMALL` keys are sorted in one call (a few milliseconds each). Buckets are taken in
the keys' order and each is sorted stably, so the result is exactly ``sorted()``'s, ties
in their original order, in either direction; it takes longer in all (about twice as
long at 100,000 titles), so it is for workers only.
"""

from __future__ import annotations

from collections.abc import Sequence

SMALL = 2048  # a bucket this small is sorted in one call
_SAME_PREFIX_LIMIT = 6  # passes in a row that left most keys together: sort them at once


def sorted_positions(keys: Sequence[str], descending: bool) -> list[int]:
    """The positions of ``keys`` in the order ``sorted(range(len(keys)), key=keys...)``
    gives (stable; ``descending`` as ``reverse=True`` does)."""
    return _order(keys, list(range(len(keys))), descending, 0, 0)


def _order(
    keys: Sequence[str], positions: list[int], descending: bool, depth: int, unsplit: int
) -> list[int]:
    """``positions`` (whose keys share their first ``depth`` characters) in key order."""
    if len(positions) <= SMALL or unsplit >= _SAME_PREFIX_LIMIT:
        return sorted(positions, key=keys.__getitem__, reverse=descending)
    buckets: dict[str, list[int]] = {}
    for at in positions:
        part = keys[at][depth : depth + 2]
        bucket = buckets.get(part)
        if bucket is None:
            buckets[part] = [at]
        else:
            bucket.append(at)
    if len(buckets) == 1:
        (part,) = buckets
        if len(part) < 2:  # every key ends here: they are equal, in their first order
            return positions
        return _order(keys, positions, descending, depth + 2, unsplit + 1)  # look further
    ordered: list[int] = []
    for part in sorted(buckets, reverse=descending):
        bucket = buckets[part]
        if len(part) < 2:  # keys that end here are equal: in their first order
            ordered += bucket
        else:  # a bucket of most keys split little: many of them are equal, sorted soon
            most = 2 * len(bucket) > len(positions)
            ordered += _order(keys, bucket, descending, depth + 2, unsplit + 1 if most else 0)
    return ordered
