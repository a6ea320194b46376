"""The index and the database scan read one query tree, so they agree on what a query
means: generated queries (words, fields, states, tags, dates, AND/OR/NOT, parentheses)
over a few hundred real papers answer the same from both paths.

The scan tests text as substrings (no stemming), so the words drawn are those a single
search answers alike from both paths; the property is about everything built from them."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readinglist.core.library import Library
from readinglist.domain.states import STATE_MARKS
from readinglist.storage import ranking_scores
from tests.conftest import CORPUS

SOURCES = (
    "hf_daily_text/daily_papers_sep9.txt",
    "bibtex/jabref_library_156.bib",
    "csl_json/zotero_better_csl_26.json",
    "hf_daily_json/hf_daily_2026-08-21_ai_summary.json",
)
TAGS = ("vision", "robotics", "to-read")
SCORES = ("score:>0.5", "score:>=0.37", "score:<0.2", "score:<=0.74", "score:0.3..0.6")


@pytest.fixture
def two_paths(data_dir: Path, tmp_path: Path) -> Iterator[tuple[Library, Library]]:
    """The same library twice: one searched through its index, one (a copy made before
    any index was built) that can only scan its database."""
    with Library.open(data_dir) as library:
        for source in SOURCES:
            library.import_path(CORPUS / source)
        ids = sorted(p.id for p in library.papers())
        library.add_tags(ids[:60], [TAGS[0]])
        library.add_tags(ids[40:140], [TAGS[1]])
        library.add_tags(ids[::7], [TAGS[2]])
        library.set_read(ids[::3], True)
        library.set_starred(ids[1::5], True)
        library.dismiss(ids[2::11])
        with library._db.transaction() as conn:  # "For you" scores of two papers in three
            scored = [(pid, (pid * 37 % 101) / 100) for pid in ids if pid % 3]
            ranking_scores.write_scores(conn, scored, "a-model")
    scanning_dir = tmp_path / "scanning"
    shutil.copytree(data_dir, scanning_dir)
    shutil.rmtree(scanning_dir / "index", ignore_errors=True)
    indexed, scanning = Library.open(data_dir), Library.open(scanning_dir)
    try:
        indexed.reindex()
        yield indexed, scanning
    finally:
        indexed.close()
        scanning.close()


def _agreeing_words(indexed: Library, scanning: Library, field: str) -> list[str]:
    """Words of the papers' titles (or authors) a one-word search answers alike."""
    texts = [p.title if field == "title" else " ".join(p.authors) for p in indexed.papers()]
    words = sorted({w.lower() for t in texts for w in re.findall(r"[A-Za-z]{4,}", t)})
    prefix = "" if field == "title" else "author:"
    return [
        word
        for word in words[:: max(1, len(words) // 150)]
        if (ids := indexed.matching_ids(prefix + word, as_you_type=False))
        and ids == scanning.matching_ids(prefix + word, as_you_type=False)
    ]


def _date_atoms(indexed: Library) -> list[str]:
    years = sorted({p.published[:4] for p in indexed.papers() if p.published})
    months = sorted({p.published[:7] for p in indexed.papers() if p.published})
    values = [*years, *months[:: max(1, len(months) // 6)]]
    atoms = [f"published:{op}{value}" for value in values for op in ("", ">=", ">", "<=", "<")]
    atoms += [f"published:{a}..{b}" for a, b in zip(values, values[1:], strict=False)]
    return atoms + [f"published:..{values[0]}", f"published:{values[-1]}.."]


def queries(atoms: list[str]) -> st.SearchStrategy[str]:
    """Queries built from ``atoms`` with every operator of the language."""

    def combined(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        group = st.lists(children, min_size=2, max_size=3)
        return st.one_of(
            group.map(lambda parts: "(" + " ".join(parts) + ")"),
            group.map(lambda parts: "(" + " AND ".join(parts) + ")"),
            group.map(lambda parts: "(" + " OR ".join(parts) + ")"),
            children.map(lambda part: "-" + part),
            children.map(lambda part: "NOT " + part),
        )

    tree = st.recursive(st.sampled_from(atoms), combined, max_leaves=6)
    return st.lists(tree, min_size=1, max_size=3).map(" ".join)


def test_index_and_scan_agree_on_generated_queries(
    two_paths: tuple[Library, Library],
) -> None:
    indexed, scanning = two_paths
    assert len(indexed.papers()) >= 250
    assert indexed.search("is:read", limit=1).from_index
    assert not scanning.search("is:read", as_you_type=True, limit=1).from_index
    words = _agreeing_words(indexed, scanning, "title")
    names = _agreeing_words(indexed, scanning, "authors")
    assert len(words) >= 20 and len(names) >= 10
    dates = _date_atoms(indexed)
    high = indexed.matching_ids("score:>0.5", as_you_type=False)
    assert 0 < len(high) < len(indexed.papers()) / 2
    atoms = [
        *words[:40],
        *[f"title:{w}" for w in words[:10]],
        *[f"author:{name}" for name in names[:15]],
        *[f"is:{state}" for state in STATE_MARKS],
        *[f"tag:{tag}" for tag in TAGS],
        "tag:vis",  # a part of a tag is not the tag
        "tag:Robotics",  # a tag in another case is the tag
        *dates,
        *SCORES,
    ]

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(queries(atoms))
    @example("(tag:vis OR is:starred)")  # forms worth trying on every run
    @example("(tag:Robotics OR is:read) -is:dismissed")
    @example("(score:>0.5 OR tag:vision) -score:<0.2")
    @example(f"({dates[0]} OR tag:to-read) NOT ({dates[-1]} is:unread)")
    def agree(query: str) -> None:
        expected = indexed.matching_ids(query, as_you_type=False)
        assert scanning.matching_ids(query, as_you_type=False) == expected, query

    agree()
