"""A reading list exported as Markdown and imported into another library keeps every paper.

As a user shares one: ``readinglist export --format md`` here, ``readinglist import`` there.
Papers without a link (BibTeX entries without URL, DOI or arXiv id) used to vanish on
import, with "0 skipped" reported, and every author list printed beside a date was lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.cli import main
from tests.cli_listing import listed_papers
from tests.conftest import CORPUS

FILES = [
    CORPUS / "bibtex" / "jabref_library_156.bib",
    CORPUS / "csl_json" / "zotero_better_csl_26.json",
    CORPUS / "markdown_lists" / "icml2025_section_badges_table.md",
]


def test_an_exported_markdown_list_imports_whole_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    for path in FILES:
        assert path.is_file(), f"corpus missing: {path}"
        assert main(["--data-dir", str(mine), "import", str(path)]) == 0
    exported = tmp_path / "list.md"
    assert main(["--data-dir", str(mine), "export", "--format", "md", "-o", str(exported)]) == 0
    assert main(["--data-dir", str(theirs), "import", str(exported)]) == 0

    before = [p for p in listed_papers(capsys, mine) if str(p["title"]).strip()]
    after = {" ".join(str(p["title"]).split()): p for p in listed_papers(capsys, theirs)}
    assert any(not p["url"] and not p["arxiv_id"] and not p["doi"] for p in before)
    missing = [p["title"] for p in before if " ".join(str(p["title"]).split()) not in after]
    assert missing == []
    for paper in before:
        twin = after[" ".join(str(paper["title"]).split())]
        assert bool(twin["authors"]) == bool(paper["authors"]), paper["title"]
        assert twin["arxiv_id"] == paper["arxiv_id"], paper["title"]
        assert (twin["doi"] or "").lower() == (str(paper["doi"] or "")).lower(), paper["title"]


def test_papers_known_by_their_id_only_come_back_without_a_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The export shows such a paper's id where its title goes; imported back (here or in
    another library), the id became the paper's title, and a later digest bringing the real
    title could no longer fill it in."""
    ids = CORPUS / "plaintext_lists" / "bare_arxiv_ids_6.txt"
    assert ids.is_file(), f"corpus missing: {ids}"
    mine, theirs, exported = tmp_path / "mine", tmp_path / "theirs", tmp_path / "ids.md"
    assert main(["--data-dir", str(mine), "import", str(ids)]) == 0
    assert main(["--data-dir", str(mine), "export", "--format", "md", "-o", str(exported)]) == 0
    assert main(["--data-dir", str(mine), "import", str(exported)]) == 0
    assert main(["--data-dir", str(theirs), "import", str(exported)]) == 0
    for library in (mine, theirs):
        papers = listed_papers(capsys, library)
        assert len(papers) == 6
        assert all(p["arxiv_id"] for p in papers)
        assert [p["title"] for p in papers] == [""] * 6


def test_every_author_comes_back_from_an_exported_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A list shared as Markdown used to carry three authors and "et al.": the receiver's
    library kept three, and the rest of each author list was lost."""
    mine, theirs, exported = tmp_path / "mine", tmp_path / "theirs", tmp_path / "list.md"
    for path in FILES:
        assert main(["--data-dir", str(mine), "import", str(path)]) == 0
    assert main(["--data-dir", str(mine), "export", "--format", "md", "-o", str(exported)]) == 0
    assert main(["--data-dir", str(theirs), "import", str(exported)]) == 0

    before = [p for p in listed_papers(capsys, mine) if str(p["title"]).strip()]
    after = {" ".join(str(p["title"]).split()): p for p in listed_papers(capsys, theirs)}
    many = [p for p in before if len(p["authors"]) > 3]  # type: ignore[arg-type]
    assert len(many) >= 10
    lost = {
        str(p["title"]): (p["authors"], after[" ".join(str(p["title"]).split())]["authors"])
        for p in before
        if after[" ".join(str(p["title"]).split())]["authors"] != p["authors"]
    }
    assert lost == {}


WITH_ABSTRACTS = [
    CORPUS / "hf_daily_text" / "daily_papers_sep9.txt",
    CORPUS / "markdown_lists" / "daily_arxiv_ai_enhanced_zh_2026-06-25.md",
    CORPUS / "ris" / "bom_cyrillic_1.ris",
    CORPUS / "arxiv_email" / "astro-ph_daily_2023-03-03.txt",
]


def test_abstracts_exported_as_markdown_come_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``export --format md --abstracts`` writes each abstract under its paper; imported
    into another library, every abstract was dropped (485 of 485 papers of the corpus)."""
    mine, theirs, exported = tmp_path / "mine", tmp_path / "theirs", tmp_path / "list.md"
    for path in WITH_ABSTRACTS:
        assert path.is_file(), f"corpus missing: {path}"
        assert main(["--data-dir", str(mine), "import", str(path)]) == 0
    assert main(["--data-dir", str(mine), "note", "1", "a note _Abstract:_ inside\n\nit"]) == 0
    export = ["export", "--format", "md", "--abstracts", "-o", str(exported)]
    assert main(["--data-dir", str(mine), *export]) == 0
    assert main(["--data-dir", str(theirs), "import", str(exported)]) == 0

    def words(text: object) -> str:
        return " ".join(str(text).split())

    before = {p["key"]: words(p["abstract"]) for p in listed_papers(capsys, mine)}
    after = {p["key"]: words(p["abstract"]) for p in listed_papers(capsys, theirs)}
    assert sum(1 for text in before.values() if text) > 150
    assert any("\\" in text and "$" in text for text in before.values())  # TeX kept
    assert after == before


def test_names_holding_a_comma_come_back_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The list wrote "…, The ATLAS Collaboration, CERN" and the receiver's library split
    it into two authors (and "Smith, Jr., John" into three)."""
    source = tmp_path / "names.json"
    source.write_text(
        '[{"id": "c1", "type": "article-journal", "title": "Measurement of the W mass",'
        ' "author": [{"literal": "Smith, Jr., John"}, {"family": "Lovelace", "given": "Ada"},'
        ' {"literal": "The ATLAS Collaboration, CERN"}]}]',
        encoding="utf-8",
    )
    mine, theirs, exported = tmp_path / "mine", tmp_path / "theirs", tmp_path / "list.md"
    assert main(["--data-dir", str(mine), "import", str(source)]) == 0
    assert main(["--data-dir", str(mine), "export", "--format", "md", "-o", str(exported)]) == 0
    assert main(["--data-dir", str(theirs), "import", str(exported)]) == 0

    (before,) = listed_papers(capsys, mine)
    (after,) = listed_papers(capsys, theirs)
    names = ["Smith, Jr., John", "Ada Lovelace", "The ATLAS Collaboration, CERN"]
    assert before["authors"] == names
    assert after["authors"] == names
