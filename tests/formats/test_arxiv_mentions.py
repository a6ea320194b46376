"""The one ``arXiv:ID`` mention pattern (``domain.links.ARXIV_MENTION``) as the readers
use it, and the one safe-link rule as the writers use it, on tricky inputs."""

from __future__ import annotations

import json
from datetime import date

import pytest

from readinglist.domain.entities import ExportOptions, Paper
from readinglist.domain.links import arxiv_ids_mentioned
from readinglist.formats import bibtex, bibtex_writer, csl_json, markdown, ris_writer

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Preprint arXiv:2509.01234v3.", ["2509.01234v3"]),
        (
            "ARXIV : hep-th/9901001, then arxiv:math.AG/0601001",
            ["hep-th/9901001", "math.AG/0601001"],
        ),
        ("arXiv: 2509.01234 and arXiv:2510.00001", ["2509.01234", "2510.00001"]),
        ("arXiv:2509.012345 (too many digits)", []),
        ("arXiv:2513.01234 (no 13th month)", []),
        ("myarXiv:2509.01234", []),
        ("arXiv:2509.01234.5", []),
        ("see arXiv:soon", []),
        (None, []),
    ],
)
def test_mentions_on_tricky_inputs(text: str | None, ids: list[str]) -> None:
    assert arxiv_ids_mentioned(text) == ids


def _bibtex_note(note: str) -> str | None:
    text = f"@misc{{k, title = {{A paper}}, note = {{{note}}}}}\n"
    return bibtex.read(text, TODAY).records[0].arxiv_id


def _csl_note(note: str) -> str | None:
    text = json.dumps([{"id": "x", "type": "article", "title": "A paper", "note": note}])
    return csl_json.read(text, TODAY).records[0].arxiv_id


@pytest.mark.parametrize("read_note", [_bibtex_note, _csl_note])
def test_bibtex_and_csl_notes_read_one_pattern(read_note) -> None:  # type: ignore[no-untyped-def]
    assert read_note("Preprint, arXiv : 2509.01234v2.") == "2509.01234"
    assert read_note("arXiv:hep-th/9901001") == "hep-th/9901001"
    assert read_note("arXiv:2513.01234") is None  # not a month: not an arXiv id


def test_markdown_items_read_a_mention_with_a_space_before_the_colon() -> None:
    text = "# Papers\n\n- **Sparse attention for long video** by Ada Lovelace, arXiv : 2509.01234\n"
    records = markdown.read(text, TODAY).records
    assert [r.arxiv_id for r in records] == ["2509.01234"]


def test_markdown_headings_read_old_style_mentions() -> None:
    text = (
        "# Weekly\n\n## 1. Strings on a circle\n\nAuthors: A. Author\n\n"
        "Preprint arXiv:hep-th/9901001 (updated)\n\n## 2. Branes\n\narXiv:hep-th/9902002\n"
    )
    records = markdown.read(text, TODAY).records
    assert {r.arxiv_id for r in records} == {"hep-th/9901001", "hep-th/9902002"}


def _paper(url: str, links: list[str] | None = None) -> Paper:
    return Paper(
        id=1,
        key="k",
        title="A paper",
        authors=["Ada Lovelace"],
        abstract="",
        arxiv_id="2509.01234",
        doi=None,
        url=url,
        links=links or [],
        published="2025-09-01",
        added="2025-09-02",
        tags=[],
        notes="",
        read=False,
        starred=False,
        digests=[],
    )


@pytest.mark.parametrize(
    "unsafe",
    [
        "https://user:secret@example.org/paper",
        "javascript:alert(1)",
        "https://example.org/\x07paper",
        "http://exa mple.org/paper",
        "https:///no-host",
    ],
)
def test_writers_write_only_safe_links(unsafe: str) -> None:
    paper = _paper(unsafe, links=[unsafe, " HTTPS://Example.org/ok "])
    written_bibtex = bibtex_writer.write([paper], ExportOptions())
    written_ris = ris_writer.write([paper], ExportOptions())
    assert "url = {https://arxiv.org/abs/2509.01234}" in written_bibtex
    for written in (written_bibtex, written_ris):
        assert "example.org/paper" not in written and "alert" not in written
    assert "UR  - HTTPS://Example.org/ok" in written_ris
