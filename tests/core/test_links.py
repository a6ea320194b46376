from __future__ import annotations

import pytest

from readinglist.domain.entities import PaperRecord
from readinglist.domain.identity import canonical_record
from readinglist.domain.links import normalize_link


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("//www.example.org/paper.pdf", "https://www.example.org/paper.pdf"),
        ("  <//github.com/a/b>  ", "https://github.com/a/b"),
        ("www.example.org/x", "https://www.example.org/x"),
        (r"https://example.org/a\_b?x=1\&y=2", "https://example.org/a_b?x=1&y=2"),
        (r"http://example.org/{\_}file\%20name\#top", "http://example.org/_file%20name#top"),
        (r"\url{https://example.org/~me/a\_b}", "https://example.org/~me/a_b"),
        (r"https://example.org/\~{}me/{Paper}", "https://example.org/~me/Paper"),
        ("https://arxiv.org/abs/2101.00001", "https://arxiv.org/abs/2101.00001"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("relative/path.html", "relative/path.html"),
        ("   ", ""),
    ],
)
def test_links_as_written_become_urls(written: str, expected: str) -> None:
    assert normalize_link(written) == expected


def test_every_record_stores_real_urls() -> None:
    record = canonical_record(
        PaperRecord(
            title="T",
            url=r"https://example.org/a\_b",
            links=["//www.example.org/code", "https://www.example.org/code", " "],
        )
    )
    assert record.url == "https://example.org/a_b"
    assert record.links == ["https://www.example.org/code"]
