"""What is worked out once per searcher (id columns, postings, id sets, vocabulary), kept
beside the searcher rather than as attributes set on Whoosh's object.

A cache lives exactly as long as its searcher: a new searcher after a write reads the
index again, and the caches of a searcher that is gone go with it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

Value = TypeVar("Value")

_CACHES: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def kept_for(searcher: Any, name: str, make: Callable[[], Value]) -> Value:
    """The searcher's cache called ``name``, made by ``make()`` on first use (``make``
    runs unlocked, so it may ask for another cache of the same searcher; when two threads
    make one at once, the first stored is kept)."""
    with _LOCK:
        caches = _CACHES.get(searcher)
        if caches is not None and name in caches:
            found: Value = caches[name]
            return found
    made = make()
    with _LOCK:
        caches = _CACHES.get(searcher)
        if caches is None:
            caches = _CACHES[searcher] = {}
        kept: Value = caches.setdefault(name, made)
        return kept
