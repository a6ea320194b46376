"""The nodes of a parsed query (see ``query_tree``): plain frozen dataclasses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

TERM_KINDS = ("word", "phrase", "prefix", "fuzzy", "typing")


@dataclass(frozen=True, slots=True)
class Term:
    """Text to find: in ``field`` (a name of ``FIELD_ALIASES``' values; None: any text
    field). ``kind``: ``word``, ``phrase``, ``prefix`` (``word*``), ``fuzzy`` (``word~``)
    or ``typing`` (the word being typed, matched as a whole word or a word's start)."""

    field: str | None
    text: str
    kind: str = "word"


@dataclass(frozen=True, slots=True)
class State:
    """``is:NAME``: a mark the paper has or lacks (``domain.states``); an unknown name
    is no condition."""

    name: str


@dataclass(frozen=True, slots=True)
class Dates:
    """``published:``: the dates starting with ``prefix`` (``2025``, ``2025-06``), or the
    dates between ``low`` (inclusive) and ``high`` (exclusive when ``high_exclusive``),
    compared as text (``YYYY-MM-DD``). A paper without a date never matches."""

    prefix: str | None = None
    low: str | None = None
    high: str | None = None
    high_exclusive: bool = False


@dataclass(frozen=True, slots=True)
class Score:
    """``score:``: the papers whose cached "For you" score lies between ``low`` and
    ``high`` (either may be open; each exclusive or not). A paper not scored (no model
    yet, or not yet scored by it) never matches."""

    low: float | None = None
    high: float | None = None
    low_exclusive: bool = False
    high_exclusive: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    """Every paper but those matching ``child``."""

    child: Node


@dataclass(frozen=True, slots=True)
class Bool:
    """``op`` (``and`` / ``or``) over two or more children."""

    op: str
    children: tuple[Node, ...]


Node = Union[Term, State, Dates, Score, Not, Bool]  # noqa: UP007 (a runtime alias)

_DATE_RANGE = re.compile(r"^(?P<low>[\d-]*)\.\.(?P<high>[\d-]*)$")
_DATE_COMPARE = re.compile(r"^(?P<op>[<>]=?)(?P<value>[\d-]+)$")
AFTER_PREFIX = "\uffff"  # sorts after every date that starts with a prefix
_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)"
_SCORE_RANGE = re.compile(rf"^(?P<low>{_NUMBER})?\.\.(?P<high>{_NUMBER})?$")
_SCORE_COMPARE = re.compile(rf"^(?P<op>[<>]=?)?(?P<value>{_NUMBER})$")


def dates_of(text: str) -> Dates:
    """What ``published:TEXT`` means: ``2025`` (a prefix: the year; ``2025-06`` the
    month), ``A..B`` (either side may be left open), ``>=A``, ``>A``, ``<=B``, ``<B``."""
    match = _DATE_RANGE.match(text)
    if match:
        low, high = match.group("low") or None, match.group("high")
        return Dates(low=low, high=(high + AFTER_PREFIX) if high else None)
    match = _DATE_COMPARE.match(text)
    if match:
        op, value = match.group("op"), match.group("value")
        if op.startswith(">"):
            return Dates(low=value if op == ">=" else value + AFTER_PREFIX)
        if op == "<=":
            return Dates(high=value + AFTER_PREFIX)
        return Dates(high=value, high_exclusive=True)
    return Dates(prefix=text)


def score_of(text: str) -> Score | None:
    """What ``score:TEXT`` means: ``>0.8``, ``>=0.8``, ``<0.2``, ``<=0.2``, ``0.5..0.9``
    (both ends included; either may be left open) or ``0.8`` (at least 0.8). None for
    anything else, or a bound outside 0..1."""
    match = _SCORE_RANGE.match(text)
    if match:
        low, high = match.group("low"), match.group("high")
        if low is None and high is None:
            return None
        found = Score(
            low=None if low is None else float(low), high=None if high is None else float(high)
        )
    else:
        match = _SCORE_COMPARE.match(text)
        if not match:
            return None
        op, value = match.group("op") or ">=", float(match.group("value"))
        if op.startswith(">"):
            found = Score(low=value, low_exclusive=op == ">")
        else:
            found = Score(high=value, high_exclusive=op == "<")
    bounds = [b for b in (found.low, found.high) if b is not None]
    return found if all(0.0 <= b <= 1.0 for b in bounds) else None
