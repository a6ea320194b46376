from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.errors import DigestFormatError
from readinglist.formats.markdown import EXTENSIONS, FORMAT, read, sniff
from tests.conftest import CORPUS

TODAY = date(2025, 10, 1)
CV_DAILY = CORPUS / "markdown_lists" / "cv_arxiv_daily_bullets_2022-12-02.md"


def corpus_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_module_shape() -> None:
    assert FORMAT == "markdown"
    assert EXTENSIONS == (".md", ".markdown")


def test_cv_arxiv_daily_yields_839_papers_one_per_line() -> None:
    text = corpus_text(CV_DAILY)
    digest = read(text, TODAY)
    assert digest.format == "markdown"
    assert len(digest.records) == 839
    assert digest.skipped == 0
    assert digest.date == "2022-12-02"
    bullet_lines = [line for line in text.split("\n") if line.startswith("- ")]
    for line, record in zip(bullet_lines, digest.records, strict=True):
        bold_title = re.search(r"\*\*(.+?)\*\*", line)
        assert bold_title is not None
        assert record.title == bold_title.group(1)
        assert record.arxiv_id and record.arxiv_id in line
        assert record.published and line.startswith(f"- {record.published}, ")
        assert len(record.authors) == 1
        assert record.extra["more_authors"] is True


def test_cv_arxiv_daily_sections_and_duplicates() -> None:
    digest = read(corpus_text(CV_DAILY), TODAY)
    sections = Counter(record.extra["section"] for record in digest.records)
    assert sections == {
        "SLAM": 272,
        "SFM": 57,
        "Visual Localization": 249,
        "Keypoint Detection": 73,
        "Image Matching": 70,
        "NeRF": 118,
    }
    # A paper listed in two sections is two records; the library dedupes them.
    assert len({record.arxiv_id for record in digest.records}) == 772
    activermap = [r for r in digest.records if r.arxiv_id == "2211.12656"]
    assert [r.extra["section"] for r in activermap] == ["SLAM", "NeRF"]


def test_cv_arxiv_daily_quirks() -> None:
    records = read(corpus_text(CV_DAILY), TODAY).records
    first = records[0]
    assert first.title == (
        "MVRackLay: Monocular Multi-View Layout Estimation for Warehouse Racks and Shelves"
    )
    assert first.authors == ["Pranjali Pathre"]
    assert first.arxiv_id == "2211.16882"
    assert first.published == "2022-11-30"
    assert first.links == []
    patchmatch = records[1]
    assert (
        patchmatch.title
        == "PatchMatch-Stereo-Panorama, a fast dense reconstruction from 360° video images"
    )
    assert patchmatch.authors == ["Hartmut Surmann"]
    assert patchmatch.links == ["https://github.com/roblabwh/patchmatch"]
    by_id = {r.arxiv_id: r for r in records}
    assert by_id["2211.01538"].title.startswith("$D^2$SLAM: Decentralized")
    assert by_id["2209.03666"].title.startswith("R$^3$LIVE++: A Robust")
    assert sum(1 for r in records if r.links) == 218
    assert all(not link.startswith("http://arxiv.org") for r in records for link in r.links)


def test_table_with_header() -> None:
    text = (
        "## SLAM\n\n"
        "|Publish Date|Title|Authors|PDF|Code|\n"
        "|:---|:---|:---|:---|:---|\n"
        "|**2022-11-30**|**MVRackLay: Layout**|Pranjali Pathre et.al.|"
        "[2211.16882v1](http://arxiv.org/abs/2211.16882v1)|null|\n"
        "|**2022-11-29**|**Patch \\| Match**|Hartmut Surmann et.al.|"
        "[2211.16266v1](http://arxiv.org/abs/2211.16266v1)|"
        "**[link](https://github.com/roblabwh/patchmatch)**|\n"
        "\n| Title | Authors |\n|---|---|\n| A paper without links | Ann Lee, Bo Chen |\n"
    )
    records = read(text, TODAY).records
    assert [r.title for r in records] == [
        "MVRackLay: Layout",
        "Patch | Match",
        "A paper without links",
    ]
    assert records[0].authors == ["Pranjali Pathre"]
    assert records[0].extra == {"more_authors": True, "section": "SLAM"}
    assert records[0].published == "2022-11-30"
    assert records[0].arxiv_id == "2211.16882"
    assert records[1].links == ["https://github.com/roblabwh/patchmatch"]
    assert records[2].authors == ["Ann Lee", "Bo Chen"]
    assert records[2].arxiv_id is None


def test_table_row_without_header() -> None:
    text = (
        "| 2022-12-01 | **Headerless Title** | Ann Smith et.al. | "
        "[2212.00794](http://arxiv.org/abs/2212.00794) | code |\n"
    )
    (record,) = read(text, TODAY).records
    assert record.title == "Headerless Title"
    assert record.authors == ["Ann Smith"]
    assert record.extra["more_authors"] is True
    assert record.arxiv_id == "2212.00794"
    assert record.published == "2022-12-01"
    assert sniff(text, "x.md") >= 0.6


def test_simple_bullets() -> None:
    text = (
        "# Reading list\n\n"
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
        "* **BERT: Pre-training** — https://arxiv.org/abs/1810.04805v2\n"
        "1. **An OpenReview paper**, Jane Doe, John Roe and Max Mustermann, "
        "[PDF](https://openreview.net/forum?id=abc)\n"
        "- Plain Title — arXiv:2101.00001v2\n"
        "- https://arxiv.org/abs/hep-th/9901001\n"
        "- [A DOI paper](https://doi.org/10.1000/XYZ123)\n"
        "- [Installation](#install)\n"
        "- **Note**: not a paper\n"
        "- **Nested title**\n"
        "  by A. Author, B. Author\n"
        "  - [arXiv](https://arxiv.org/abs/2301.00001)\n"
    )
    records = read(text, TODAY).records
    assert [(r.title, r.arxiv_id) for r in records] == [
        ("Attention Is All You Need", "1706.03762"),
        ("BERT: Pre-training", "1810.04805"),
        ("An OpenReview paper", None),
        ("Plain Title", "2101.00001"),
        ("", "hep-th/9901001"),
        ("A DOI paper", None),
        ("Nested title", "2301.00001"),
    ]
    assert records[2].authors == ["Jane Doe", "John Roe", "Max Mustermann"]
    assert records[2].links == ["https://openreview.net/forum?id=abc"]
    assert "more_authors" not in records[2].extra
    assert records[5].doi == "10.1000/xyz123"
    assert records[5].url == "https://doi.org/10.1000/XYZ123"
    assert records[6].authors == ["A. Author", "B. Author"]
    assert all(r.extra["section"] == "Reading list" for r in records)


def test_plain_bullets_are_titles_when_no_item_names_a_paper() -> None:
    text = "## To read ##\n\n- First title\n- Second title\n\n```\n- not me\n```\n"
    digest = read(text, TODAY)
    assert [(r.title, r.extra["section"]) for r in digest.records] == [
        ("First title", "To read"),
        ("Second title", "To read"),
    ]


def test_code_fences_and_nul_bytes() -> None:
    text = (
        "```\n- **Hidden** https://arxiv.org/abs/2101.00009\n```\n"
        "- **Vis\x00ible** https://arxiv.org/abs/2101.00001\n"
    )
    (record,) = read(text, TODAY).records
    assert record.title == "Visible"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# Just a heading\n\nSome paragraph of prose.\n",
        "- [Installation](#install)\n",
        "- " + "[" * 50_000 + "\n",
        "|" + "-" * 30_000 + "x\n",
    ],
)
def test_bad_inputs_raise_digest_format_error(text: str) -> None:
    with pytest.raises(DigestFormatError):
        read(text, TODAY)


def test_sniff_is_high_for_the_digest_and_low_elsewhere() -> None:
    assert sniff(corpus_text(CV_DAILY), CV_DAILY.name) == 0.85
    for relative in (
        "hf_daily_text/daily_papers_sep9.txt",
        "plaintext_lists/title_pdf_summary_blocks_2024-06-21.txt",
        "plaintext_lists/bare_arxiv_ids_6.txt",
        "bibtex/zotero_bbt_arxiv_3.bib",
        "ris/zotero_export_2.ris",
        "arxiv_email/astro-ph_daily_2023-03-03.txt",
        "hf_daily_json/hf_daily_2024-05-27_oldschema.json",
    ):
        path = CORPUS / relative
        assert sniff(path.read_text(encoding="utf-8-sig"), path.name) == 0.0, relative


def test_sniff_generic_markdown() -> None:
    assert sniff("# Notes\n\n- one\n- two\n", "notes.md") == 0.3
    assert sniff("# Notes\n\nJust text.\n", "notes.txt") < 0.3
    assert sniff("plain text\nmore\n", "notes.txt") == 0.0
