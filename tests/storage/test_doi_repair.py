"""DOIs stored before a DOI could end with its own bracket get it back when the library
is opened: ``10.1061/(ASCE)0733-9399(2000)126:7(741)`` was stored without its last ``)``,
so its doi.org link led nowhere and the same paper imported again was not recognised."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from readinglist.core.library import Library
from readinglist.domain.identity import normalize_title, squash_title
from readinglist.storage import migrations
from readinglist.storage.doi_repair import repair_dois

ASCE = "10.1061/(asce)0733-9399(2000)126:7(741)"
BIBTEX = """@article{asce2000,
  title = {Stiffness of Frames Under Load, the Journal Version},
  author = {Ada Lovelace},
  doi = {10.1061/(ASCE)0733-9399(2000)126:7(741)},
  year = {2000}
}
"""


def _old_library(folder: Path, papers: list[dict[str, object]]) -> None:
    """A library as the version before the repair left it, holding ``papers``."""
    folder.mkdir(parents=True)
    conn = sqlite3.connect(folder / "library.sqlite3", isolation_level=None)
    migrations.build_schema(conn, migrations.MIGRATIONS.index(repair_dois))
    for paper in papers:
        title = str(paper["title"])
        conn.execute(
            "INSERT INTO papers (key, title, title_norm, title_squash, arxiv_id, doi, url,"
            " links, added, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2024-01-01', '2024-01-01')",
            (
                paper["key"], title, normalize_title(title), squash_title(title),
                paper.get("arxiv_id"), paper["doi"], paper.get("url"),
                json.dumps(paper.get("links", [])),
            ),
        )  # fmt: skip
    conn.close()


def test_a_cut_doi_is_repaired_and_the_paper_recognised_again(data_dir: Path) -> None:
    cut = ASCE[:-1]  # what the old rule stored
    _old_library(data_dir, [{"key": f"doi:{cut}", "title": "Stiffness of frames", "doi": cut}])
    with Library.open(data_dir) as library:
        (paper,) = library.papers()
        assert (paper.doi, paper.key) == (ASCE, f"doi:{ASCE}")
        report = library.import_bytes(BIBTEX.encode(), "asce.bib")
        assert report.merged == 1 and report.new == 0
        assert [p.doi for p in library.papers()] == [ASCE]


def test_the_doi_is_read_again_from_the_link_the_paper_kept(data_dir: Path) -> None:
    kept = "https://doi.org/10.1000/a%5Bb%28c%29%5D"  # 10.1000/a[b(c)]
    _old_library(
        data_dir,
        [
            {"key": "arxiv:2401.00001", "title": "One", "arxiv_id": "2401.00001",
             "doi": "10.1000/a[b(c", "links": [kept]},
            {"key": "doi:10.1000/x(1)2", "title": "Two", "doi": "10.1000/x(1)2"},
            {"key": "doi:10.1000/plain", "title": "Three", "doi": "10.1000/plain"},
        ],
    )  # fmt: skip
    with Library.open(data_dir) as library:
        papers = {p.title: p for p in library.papers()}
        assert (papers["One"].doi, papers["One"].key) == ("10.1000/a[b(c)]", "arxiv:2401.00001")
        assert papers["Two"].doi == "10.1000/x(1)2"
        assert papers["Three"].doi == "10.1000/plain"


def test_a_repair_another_paper_already_has_is_left_alone(data_dir: Path) -> None:
    _old_library(
        data_dir,
        [
            {"key": "doi:10.1000/dup(1", "title": "Cut", "doi": "10.1000/dup(1"},
            {"key": "doi:10.1000/dup(1)", "title": "Whole", "doi": "10.1000/dup(1)"},
        ],
    )
    with Library.open(data_dir) as library:
        assert {p.title: p.doi for p in library.papers()} == {
            "Cut": "10.1000/dup(1",
            "Whole": "10.1000/dup(1)",
        }
