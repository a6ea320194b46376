"""What the reading-list writers share: groups, title links, author lines, tidy text."""

from __future__ import annotations

from typing import Any

import pytest

from readinglist.domain.entities import ExportOptions, Paper
from readinglist.formats import listing


def paper(paper_id: int, **fields: Any) -> Paper:
    values: dict[str, Any] = {
        "id": paper_id, "key": f"k{paper_id}", "title": f"Paper {paper_id}", "authors": [],
        "abstract": "", "arxiv_id": None, "doi": None, "url": None, "links": [],
        "published": None, "added": "2024-01-01", "tags": [], "notes": "", "read": False,
        "starred": False, "digests": [],
    }  # fmt: skip
    values.update(fields)
    return Paper(**values)


def titles(groups: list[listing.Group]) -> list[tuple[str | None, list[str]]]:
    return [(heading, [p.title for p in members]) for heading, members in groups]


def test_no_grouping_keeps_the_order() -> None:
    papers = [paper(2), paper(1)]
    assert titles(listing.groups(papers, ExportOptions())) == [(None, ["Paper 2", "Paper 1"])]
    assert listing.groups([], ExportOptions()) == []


def test_tags_alphabetically_each_paper_under_each_tag_untagged_last() -> None:
    papers = [
        paper(1, tags=["b", "A", "b"]),
        paper(2),
        paper(3, tags=["a"]),
        paper(4, tags=["B"]),
    ]
    assert titles(listing.groups(papers, ExportOptions(group_by="tag"))) == [
        ("A", ["Paper 1"]),
        ("a", ["Paper 3"]),
        ("B", ["Paper 4"]),
        ("b", ["Paper 1"]),
        ("Untagged", ["Paper 2"]),
    ]


def test_digests_in_the_callers_order_then_unnamed_then_other() -> None:
    papers = [paper(1, digests=[5, 3]), paper(2), paper(3, digests=[9, 3])]
    options = ExportOptions(group_by="digest", digest_names={3: "old.txt", 5: " new\n.txt "})
    assert titles(listing.groups(papers, options)) == [
        ("old.txt", ["Paper 1", "Paper 3"]),
        ("new .txt", ["Paper 1"]),
        ("Digest 9", ["Paper 3"]),
        ("Other", ["Paper 2"]),
    ]


def test_unknown_grouping() -> None:
    with pytest.raises(ValueError, match="'year'"):
        listing.groups([paper(1)], ExportOptions(group_by="year"))


@pytest.mark.parametrize(
    ("fields", "link"),
    [
        ({"url": "https://a.org/x", "arxiv_id": "2401.00001"}, "https://a.org/x"),
        ({"url": "javascript:x", "arxiv_id": "2401.00001"}, "https://arxiv.org/abs/2401.00001"),
        ({"arxiv_id": "hep-th/9901001v2"}, "https://arxiv.org/abs/hep-th/9901001v2"),
        ({"links": ["mailto:a@b", "HTTP://B.org/p?q=1&r=(2)"]}, "HTTP://B.org/p?q=1&r=%282%29"),
        ({"doi": "10.1/a b#c"}, "https://doi.org/10.1/a%20b%23c"),
        ({"url": 'https://a.org/<x> "y" `z`\\'}, "https://a.org/%3Cx%3E%20%22y%22%20%60z%60%5C"),
        ({"url": "https://ü.example/ä%20"}, "https://%C3%BC.example/%C3%A4%20"),
        ({"url": "data:text/html,hi", "links": ["file:///x", "//h/x", "https:/x"]}, None),
        ({}, None),
    ],
)
def test_paper_link(fields: dict[str, Any], link: str | None) -> None:
    assert listing.paper_link(paper(1, **fields)) == link


@pytest.mark.parametrize(
    ("authors", "extra", "line"),
    [
        ([], {}, ""),
        (["A"], {}, "A"),
        (["A", " ", "B", "C"], {}, "A, B, C"),
        (["A", "B", "C", "D"], {}, "A, B, C et al."),
        (["A", "B", "C", ""], {}, "A, B, C"),
        (["A"], {"more_authors": True}, "A et al."),
        ([], {"more_authors": True}, ""),
        (["Jean-\nLuc  Picard"], {}, "Jean- Luc Picard"),
    ],
)
def test_author_line(authors: list[str], extra: dict[str, Any], line: str) -> None:
    assert listing.author_line(paper(1, authors=authors, extra=extra)) == line


def test_text_tidying() -> None:
    assert listing.one_line(" a\tb\r\nc\x00\x1b[31m ") == "a b c[31m"
    assert listing.clean("a\r\nb\rc\x07") == "a\nb\nc"
    assert listing.paragraphs("  one \r\n two\n \n\n\nthree\n") == [["one", "two"], ["three"]]
    assert listing.paragraphs(" \n\t\n") == []
