"""Parsers under attack: inputs built to make a reader slow, greedy or crash.

Each input here is large enough that the old, quadratic code took from tens of seconds to
hours on it (the figures are in ``benchmarks/hostile_bench.py``'s table); the tests check
that the result is still right. The timings themselves live in the benchmark.
"""

from __future__ import annotations

from readinglist.formats.text_utils import find_links


def test_a_link_followed_by_a_million_dots_is_trimmed() -> None:
    text = "Code at https://example.org/code" + "." * 1_000_000 + " and more."
    assert find_links(text) == ["https://example.org/code"]


def test_a_link_followed_by_many_unbalanced_brackets_is_trimmed() -> None:
    text = "(see https://example.org/a_(b)" + ")" * 500_000 + "."
    assert find_links(text) == ["https://example.org/a_(b)"]


def test_fifty_thousand_distinct_links_are_all_kept_once_in_order() -> None:
    links = [f"https://example.org/paper/{number}" for number in range(50_000)]
    text = " ".join(links) + " " + " ".join(links[:1000])  # repeats are dropped
    assert find_links(text) == links


def test_trimming_keeps_balanced_brackets_and_drops_trailing_punctuation() -> None:
    text = (
        "See https://en.wikipedia.org/wiki/Set_(mathematics)), "
        "(https://example.org/x?q=[1]]). 'https://example.org/y'... https://"
    )
    assert find_links(text) == [
        "https://en.wikipedia.org/wiki/Set_(mathematics)",
        "https://example.org/x?q=[1]",
        "https://example.org/y",
    ]
