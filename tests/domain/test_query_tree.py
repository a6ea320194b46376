"""The query language read into its engine-free tree: what each form of query means."""

from __future__ import annotations

import pytest

from readinglist.domain.query_nodes import Bool, Dates, Not, Score, State, Term
from readinglist.domain.query_tree import (
    MAX_DEPTH,
    MAX_QUERY_WORDS,
    Filters,
    QueryLimitError,
    parse_tree,
)


def node_of(text: str, **kwargs: bool):  # type: ignore[no-untyped-def]
    return parse_tree(text, **kwargs).node


def test_words_are_anded_and_or_binds_looser() -> None:
    assert node_of("video audio") == Bool("and", (Term(None, "video"), Term(None, "audio")))
    assert node_of("a b OR c") == Bool(
        "or", (Bool("and", (Term(None, "a"), Term(None, "b"))), Term(None, "c"))
    )
    assert node_of("(a OR b) c") == Bool(
        "and", (Bool("or", (Term(None, "a"), Term(None, "b"))), Term(None, "c"))
    )


def test_negations_and_double_negation() -> None:
    assert node_of("-video") == Not(Term(None, "video"))
    assert node_of("NOT video") == Not(Term(None, "video"))
    assert node_of("NOT -video") == Term(None, "video")


def test_fields_phrases_prefixes_and_fuzzy_words() -> None:
    assert node_of('author:"Kim Lee"') == Term("authors", "Kim Lee", "phrase")
    assert node_of("title:diffus*") == Term("title", "diffus", "prefix")
    assert node_of("transfromer~") == Term(None, "transfromer", "fuzzy")
    assert node_of("arxiv:2509.01234") == Term("ids", "2509.01234")
    assert node_of("nosuchfield:x") == Bool("and", (Term(None, "nosuchfield"), Term(None, "x")))


def test_top_level_states_and_tags_become_filters() -> None:
    tree = parse_tree("is:read -is:starred tag:vision -tag:old video")
    assert tree.node == Term(None, "video")
    assert tree.filters == Filters(read=True, starred=False, tags=["vision"], without_tags=["old"])
    assert parse_tree("is:unread").filters.read is False
    assert parse_tree("is:unread").node is None


def test_states_inside_groups_stay_in_the_tree() -> None:
    tree = parse_tree("(is:starred OR is:read) video")
    assert tree.node == Bool(
        "and", (Bool("or", (State("starred"), State("read"))), Term(None, "video"))
    )
    assert tree.filters == Filters()
    assert node_of("is:nonsense") == State("nonsense")  # unknown: no condition, kept


def test_dates_mean_prefixes_and_ranges() -> None:
    end = "\uffff"
    assert node_of("published:2025") == Dates(prefix="2025")
    assert node_of("published:2024..2025") == Dates(low="2024", high="2025" + end)
    assert node_of("published:..2025-06") == Dates(high="2025-06" + end)
    assert node_of("published:>=2025-06") == Dates(low="2025-06")
    assert node_of("published:>2025") == Dates(low="2025" + end)
    assert node_of("published:<=2024") == Dates(high="2024" + end)
    assert node_of("published:<2024") == Dates(high="2024", high_exclusive=True)


def test_the_word_being_typed_and_an_open_phrase() -> None:
    assert node_of("video diff", as_you_type=True) == Bool(
        "and", (Term(None, "video"), Term(None, "diff", "typing"))
    )
    assert node_of("video diff ", as_you_type=True) == Bool(
        "and", (Term(None, "video"), Term(None, "diff"))
    )
    assert node_of('"language mod', as_you_type=True) == Bool(
        "and", (Term(None, "language"), Term(None, "mod", "typing"))
    )
    assert node_of("id:2509", as_you_type=True) == Term("ids", "2509")


def test_malformed_queries_degrade_to_their_plain_words() -> None:
    assert node_of("(video OR") == Bool("and", (Term(None, "video"), Term(None, "or")))
    assert node_of("video)") == Term(None, "video")
    assert node_of("   ") is None


def test_limits_are_refused_before_any_work() -> None:
    with pytest.raises(QueryLimitError, match="too many words"):
        parse_tree(" ".join(["w"] * (MAX_QUERY_WORDS + 1)))
    with pytest.raises(QueryLimitError, match="levels deep"):
        parse_tree("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(QueryLimitError, match="too long"):
        parse_tree("x" * 1001)


def test_scores_mean_ranges_of_the_for_you_score() -> None:
    assert node_of("score:>0.8") == Score(low=0.8, low_exclusive=True)
    assert node_of("score:>=0.8") == Score(low=0.8)
    assert node_of("score:0.8") == Score(low=0.8)
    assert node_of("score:<0.2") == Score(high=0.2, high_exclusive=True)
    assert node_of("score:<=.2") == Score(high=0.2)
    assert node_of("score:0.5..0.9") == Score(low=0.5, high=0.9)
    assert node_of("score:..0.3") == Score(high=0.3)
    assert node_of("vision score:>0.5") == Bool(
        "and", (Term(None, "vision"), Score(low=0.5, low_exclusive=True))
    )
    assert node_of("-score:>0.5") == Not(Score(low=0.5, low_exclusive=True))
    assert node_of("score:>0.5", as_you_type=True) == Score(low=0.5, low_exclusive=True)


def test_a_score_that_is_no_score_degrades_to_plain_words() -> None:
    assert node_of("score:high") == Bool("and", (Term(None, "score"), Term(None, "high")))
    assert node_of("score:>1.5") == Bool(
        "and", (Term(None, "score"), Term(None, "1"), Term(None, "5"))
    )
