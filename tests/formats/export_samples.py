"""Papers for the writer tests: the example digest with annotations, plus hostile records.

Built through ``Library`` (import, tag, note, read, star), as an export would get them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from readinglist.core.library import Library
from readinglist.domain.entities import ExportOptions, Paper, PaperRecord

HOSTILE_TITLE = (
    "Braces {x} 100% & \"double\" 'single' back\\slash Øresund Müller 注意力 "
    "[click](javascript:alert(1)) *bold* _under_ `code` <b>tag</b> &amp; #hash"
)
HOSTILE_NOTE = (
    "<script>alert(1)</script>\n"
    "second line & <img src=x onerror=alert(2)>\n"
    "\n"
    "# not a heading\n"
    "- not a list\n"
    "1. not numbered\n"
    "=cmd|' /C calc'!A0"
)
FORMULA_TITLE = '=HYPERLINK("http://evil.example","click")'
ARXIV_ID = "2409.01234"
DOI = "10.1000/xyz(1)<2>"


@dataclass
class Sample:
    """The exported papers, the digest names an export would pass, and notable papers."""

    papers: list[Paper]
    digest_names: dict[int, str]
    hostile: Paper
    formula: Paper
    arxiv: Paper
    doi_only: Paper

    def options(self, group_by: str = "none", include_abstracts: bool = False) -> ExportOptions:
        """Export options naming this library's digests."""
        return ExportOptions(
            group_by=group_by, include_abstracts=include_abstracts, digest_names=self.digest_names
        )


def build_sample(library: Library, example_digest: Path) -> Sample:
    """Import the example digest and hostile records, annotate some papers, export all."""
    library.import_path(example_digest)
    library.import_records(
        [
            PaperRecord(
                title=HOSTILE_TITLE,
                authors=[],
                url="javascript:alert(1)",
                links=["javascript:alert(2)", "https://example.org/a b(c)"],
            ),
            PaperRecord(
                title=FORMULA_TITLE, authors=["-Minus", "@At", "Plain"], abstract="+SUM(A1:A9)"
            ),
            PaperRecord(
                title="Attention Is All You Need, Again",
                authors=["Ada Lovelace", "Bo Li", "Chen Wei", "Dana Ø. Müller", "Eve"],
                arxiv_id=ARXIV_ID,
                published="2024-09",
                abstract="Line one.\nLine two.",
            ),
            PaperRecord(title="Only a DOI", doi=DOI, published="2024-09-09"),
        ],
        "hostile <digest>.bib",
    )
    by_title = {paper.title: paper.id for paper in library.papers()}
    ids = sorted(by_title.values())
    hostile_id = by_title[HOSTILE_TITLE]
    library.add_tags(ids[:5], ["video", "to read"])
    library.add_tags(ids[3:8], ["diffusion"])
    library.add_tags([hostile_id], ["<b>x</b> & y", "=cmd"])
    library.set_notes(ids[0], "First line\nSecond line")
    library.set_notes(hostile_id, HOSTILE_NOTE)
    library.set_read([*ids[2:9], hostile_id])
    library.set_starred([*ids[3:5], hostile_id])
    papers = library.papers()
    by_id = {paper.id: paper for paper in papers}
    return Sample(
        papers=papers,
        digest_names={digest.id: digest.source_name for digest in library.digests()},
        hostile=by_id[hostile_id],
        formula=by_id[by_title[FORMULA_TITLE]],
        arxiv=by_id[by_title["Attention Is All You Need, Again"]],
        doi_only=by_id[by_title["Only a DOI"]],
    )


def without_digest(paper: Paper) -> Paper:
    """A copy of a paper that belongs to no digest (as after a partial backup restore)."""
    return replace(paper, id=paper.id + 100_000, digests=[])


def make_paper(paper_id: int, **fields: object) -> Paper:
    """A stored paper built in code, for writer tests that need one exact field."""
    base = Paper(
        id=paper_id, key=f"k{paper_id}", title="Untitled", authors=[], abstract="",
        arxiv_id=None, doi=None, url=None, links=[], published=None, added="2025-01-01",
        tags=[], notes="", read=False, starred=False, digests=[],
    )  # fmt: skip
    return replace(base, **fields)  # type: ignore[arg-type]
