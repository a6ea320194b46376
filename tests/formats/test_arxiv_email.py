from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from readinglist.domain.entities import PaperRecord, ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.formats.arxiv_email import EXTENSIONS, FORMAT, read, sniff
from readinglist.formats.arxiv_text import decode_tex_accents, split_authors, submission_month
from readinglist.formats.decoding import decode_text
from tests.conftest import CORPUS

TODAY = date(2026, 6, 1)
ASTRO_PH = CORPUS / "arxiv_email" / "astro-ph_daily_2023-03-03.txt"
MATH_AG = CORPUS / "arxiv_email" / "math.AG_subjclass_cross_and_replaced_only.txt"

# A mailing as saved from a mail client: real e-mail headers, then arXiv's text (made-up papers).
SMALL_MAILING = r"""From: no-reply@arxiv.org
To: reader@example.org
Date: Tue, 09 Apr 2024 00:31:02 -0400
Subject: cs daily Subj-class mailing 22 3

------------------------------------------------------------------------------
------------------------------------------------------------------------------
Send any comments regarding submissions directly to submitter.
------------------------------------------------------------------------------
\\
arXiv:2404.05001
Date: Mon, 8 Apr 2024 17:59:01 GMT   (512kb,D)

Title: Small Models Read Long Documents with a
	Retrieval Step
Authors: Ana Pereira (Univ. A), Tomasz Nowak and Li Wei ((1) Lab B, (2) Lab
  C)
Categories: cs.CL cs.LG
Comments: 9 pages; code at https://example.org/slr
MSC-class: 68T50
License: http://creativecommons.org/licenses/by/4.0/
\\
  We show that small models with a retrieval step read documents longer than
their context. See https://example.org/slr.
\\ ( https://arxiv.org/abs/2404.05001 ,  512kb)
%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-
------------------------------------------------------------------------------
\\
arXiv:2404.04002 (*cross-listing*)
Date: Sun, 7 Apr 2024 10:00:00 GMT   (20kb)

Title: A Cross-Listed Note
Authors: Jo Kim
Categories: math.PR cs.CL
\\
  A short abstract.
\\ ( https://arxiv.org/abs/2404.04002 ,  20kb)
%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%
------------------------------------------------------------------------------
\\
arXiv:2310.01234
replaced with revised version Mon, 8 Apr 2024 09:00:00 GMT   (30kb)

Title: An Older Idea, Revisited
Authors: Zo\"e Bront\"e, Bj{\o}rn M{\o}ller
Categories: cs.CL
Journal-ref: Journal of Examples 1 (2024) 1-10
DOI: 10.1234/example.5678
\\ ( https://arxiv.org/abs/2310.01234 ,  30kb)
------------------------------------------------------------------------------
\\
arXiv:hep-th/0301001
replaced with revised version Mon, 8 Apr 2024 09:30:00 GMT   (10kb)

Title: An Old-Style Identifier
Authors: Sam Lee
Categories: hep-th
\\ ( https://arxiv.org/abs/hep-th/0301001 ,  10kb)
%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---
"""


def corpus_text(path: Path) -> str:
    return decode_text(path.read_bytes())


def read_corpus(path: Path) -> ParsedDigest:
    return read(corpus_text(path), TODAY)


def by_id(digest: ParsedDigest) -> dict[str | None, PaperRecord]:
    return {record.arxiv_id: record for record in digest.records}


def test_module_shape() -> None:
    assert FORMAT == "arxiv-email"
    assert set(EXTENSIONS) == {".txt", ".eml"}


# --- astro-ph daily mailing ---------------------------------------------------------------


def test_astro_ph_mailing_yields_97_papers_by_section() -> None:
    digest = read_corpus(ASTRO_PH)
    assert digest.format == FORMAT
    assert len(digest.records) == 97
    assert len({r.arxiv_id for r in digest.records}) == 97
    assert digest.skipped == 0
    assert digest.date == "2023-03-03"
    assert Counter(r.announce_type for r in digest.records) == {
        "new": 53,
        "cross": 4,
        "replace": 40,
    }


def test_astro_ph_first_entry_fields() -> None:
    first = read_corpus(ASTRO_PH).records[0]
    assert first.arxiv_id == "2303.00763"
    assert first.title == "Census of Gaseous Satellites around Local Spiral Galaxies"
    assert first.authors == ["Jingyao Zhu", "Mary E Putman"]
    assert first.published == "2023-03-01"
    assert first.url == "https://arxiv.org/abs/2303.00763"
    assert first.announce_type == "new"
    assert first.extra["categories"] == ["astro-ph.GA"]
    assert first.extra["primary_category"] == "astro-ph.GA"
    assert first.extra["comment"] == "18 pages, 13 figures, accepted by MNRAS"
    assert first.abstract.startswith("We present a search for gas-containing dwarf galaxies")
    assert first.abstract.endswith("is likely at play.")
    assert "\n" not in first.abstract and "  " not in first.abstract


def test_astro_ph_wrapped_titles_and_authors_are_joined() -> None:
    papers = by_id(read_corpus(ASTRO_PH))
    assert papers["2303.00765"].title == (
        "Nucleosynthesis in outflows of compact objects and detection prospects "
        "of associated kilonovae"
    )
    assert papers["2303.00766"].authors[0] == "C. A. Dong-Páez"  # TeX accent decoded
    assert papers["2303.00766"].authors[-2:] == ["S. Vergani", "N. Webb"]
    assert len(papers["2303.00766"].authors) == 8


def test_astro_ph_tex_in_titles_is_kept() -> None:
    papers = by_id(read_corpus(ASTRO_PH))
    assert papers["2303.00768"].title.endswith("and a C/O ratio $< 1$")
    assert papers["2302.07890"].title.startswith("$\\mathrm{morphofit}$: An automated")


def test_astro_ph_affiliations_are_dropped_from_authors() -> None:
    papers = by_id(read_corpus(ASTRO_PH))
    assert papers["2303.01004"].authors == [
        "R. Imamura",
        "H. Awaki",
        "M. Tsujimoto",
        "S. Yamada",
        "F. S. Porter",
        "C. A. Kilbourne",
        "R. L. Kelley",
        "Y. Takei",
    ]
    all_names = [name for record in read_corpus(ASTRO_PH).records for name in record.authors]
    assert not [name for name in all_names if set(name) & set("(){}\\")]


def test_astro_ph_cross_listings() -> None:
    papers = by_id(read_corpus(ASTRO_PH))
    euro = papers["2303.00812"]
    assert euro.announce_type == "cross"
    assert euro.title == "One EURO for Uranus: the Elliptical Uranian Relativity Orbiter mission"
    assert euro.extra["primary_category"] == "gr-qc"
    assert euro.abstract


def test_astro_ph_replacements_have_no_abstract_but_keep_metadata() -> None:
    digest = read_corpus(ASTRO_PH)
    replaced = [r for r in digest.records if r.announce_type == "replace"]
    assert len(replaced) == 40
    assert all(r.abstract == "" and r.title and r.authors for r in replaced)
    papers = by_id(digest)
    iguaz = papers["2104.03145"]
    assert iguaz.title == "Isotropic X-ray bound on Primordial Black Hole Dark Matter"
    assert iguaz.doi == "10.1103/PhysRevD.103.103025"
    assert iguaz.extra["journal_ref"] == "Phys. Rev. D 103, 103025 (2021)"
    assert iguaz.extra["report_no"] == "LAPTH-014/21"
    assert iguaz.published == "2021-04"  # the paper's month, not the revision's day
    assert papers["2206.06142"].announce_type == "replace"  # a replaced cross-listing


def test_astro_ph_et_al_tail_is_dropped() -> None:
    shipment = by_id(read_corpus(ASTRO_PH))["2205.05709"]
    assert shipment.authors[0] == "Joseph E. Rodriguez"
    assert shipment.authors[-1] == "Perry Berlind"
    assert len(shipment.authors) == 49


# --- math.AG subject-class mailing -------------------------------------------------------


def test_math_ag_mailing_has_only_cross_and_replaced_entries() -> None:
    digest = read_corpus(MATH_AG)
    assert len(digest.records) == 2
    assert digest.date == "2023-06-09"
    cross, replaced = digest.records
    assert (cross.arxiv_id, cross.announce_type) == ("2306.77777", "cross")
    assert cross.title == "Fake Paper of non amenable groups"
    assert cross.authors == ["Ben Hayes", "Srivatsav Kunnawalkam Elayavalli"]
    assert cross.abstract.startswith("Fake test paper theoretically about:")
    assert cross.published == "2023-06-07"
    assert (replaced.arxiv_id, replaced.announce_type) == ("2204.88888", "replace")
    assert replaced.authors == ["Mystery Person"]
    assert replaced.abstract == ""


# --- hand-made mailing ---------------------------------------------------------------------


def test_small_mailing_with_email_headers() -> None:
    digest = read(SMALL_MAILING, TODAY)
    assert digest.date == "2024-04-09"
    assert [r.arxiv_id for r in digest.records] == [
        "2404.05001",
        "2404.04002",
        "2310.01234",
        "hep-th/0301001",
    ]
    assert [r.announce_type for r in digest.records] == ["new", "cross", "replace", "replace"]
    new = digest.records[0]
    assert new.title == "Small Models Read Long Documents with a Retrieval Step"
    assert new.authors == ["Ana Pereira", "Tomasz Nowak", "Li Wei"]
    assert new.extra["msc_class"] == "68T50"
    assert new.extra["license"] == "http://creativecommons.org/licenses/by/4.0/"
    assert new.links == ["https://example.org/slr"]
    assert new.published == "2024-04-08"
    replaced = digest.records[2]
    assert replaced.authors == ["Zoë Brontë", "Bjørn Møller"]
    assert replaced.doi == "10.1234/example.5678"
    assert digest.records[3].published == "2003-01"


def test_truncated_mailing_keeps_what_it_has() -> None:
    cut = SMALL_MAILING[: SMALL_MAILING.index("their context.")]
    digest = read(cut, TODAY)
    assert len(digest.records) == 1
    assert digest.records[0].abstract.startswith("We show that small models")


def test_entry_marker_needs_a_preceding_separator() -> None:
    text = "Some prose that mentions\narXiv:2401.00001\nTitle: not an entry\nAuthors: x\n"
    with pytest.raises(DigestFormatError):
        read(text, TODAY)


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello\nworld\n",
        "\\\\\n" * 10_000,
        "\x00" * 1000,
        "x" * 1_000_000,
        "\\\\\narXiv:\nTitle:\n\\\\\n",
    ],
)
def test_bad_input_raises_digest_format_error(text: str) -> None:
    with pytest.raises(DigestFormatError):
        read(text, TODAY)


def test_other_corpus_formats_are_not_read_as_mailings() -> None:
    for relative in ("hf_daily_text/daily_papers_sep9.txt", "bibtex/zotero_bbt_arxiv_3.bib"):
        with pytest.raises(DigestFormatError):
            read(corpus_text(CORPUS / relative), TODAY)


def test_hostile_input_only_ever_raises_digest_format_error() -> None:
    huge = "\\\\\narXiv:2401.00001\nTitle: " + "y" * 2_000_000 + "\n\\\\\n" + "z" * 2_000_000
    for text in (huge, "\\\\\narXiv:2401.00001\x00\nTitle: a\x00b\n", "\\\\\narXiv:" + "9" * 100):
        try:
            digest = read(text, TODAY)
        except DigestFormatError:
            continue
        assert digest.format == FORMAT


# --- sniff --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ASTRO_PH, MATH_AG])
def test_sniff_is_high_for_mailings(path: Path) -> None:
    assert sniff(corpus_text(path), path.name) >= 0.8


def test_sniff_is_high_for_the_hand_made_mailing() -> None:
    assert sniff(SMALL_MAILING, "mail.eml") >= 0.8


@pytest.mark.parametrize(
    "relative",
    [
        "hf_daily_text/daily_papers_sep9.txt",
        "plaintext_lists/title_pdf_summary_blocks_2024-06-21.txt",
        "plaintext_lists/bare_arxiv_ids_6.txt",
        "arxiv_rss/rss2_filtered_feed_2025-06-12_8items.xml",
        "markdown_lists/cv_arxiv_daily_bullets_2022-12-02.md",
        "bibtex/jabref_library_156.bib",
    ],
)
def test_sniff_is_low_for_other_formats(relative: str) -> None:
    path = CORPUS / relative
    assert sniff(corpus_text(path), path.name) < 0.5


# --- shared arXiv text helpers ----------------------------------------------------------


def test_split_authors() -> None:
    assert split_authors(["A. One, B. Two and C. Three"]) == ["A. One", "B. Two", "C. Three"]
    assert split_authors(["A. One (1 and 2), B. Two (3) ((1) X, (2) Y, (3) Z)"]) == [
        "A. One",
        "B. Two",
    ]
    assert split_authors(["A. One, B. Two, et al. (12 additional authors not shown)"]) == [
        "A. One",
        "B. Two",
    ]
    assert split_authors(["A. One (unclosed affiliation, B. Two"]) == ["A. One"]


def test_decode_tex_accents() -> None:
    assert decode_tex_accents(r"Garc\'ia") == "García"
    assert decode_tex_accents(r"Ad\`ele {\'E}mile G\'{o}mez") == "Adèle Émile Gómez"
    assert (
        decode_tex_accents(r"\v{S}imon \c{C}elik R{\o}nnow Bj\o rn") == "Šimon Çelik Rønnow Bjørn"
    )
    assert decode_tex_accents(r"\"{u}ber \~n \^o \'\i") == "über ñ ô í"


def test_submission_month() -> None:
    assert submission_month("2303.01234") == "2023-03"
    assert submission_month("2412.12345v2") is None  # versions are stripped before
    assert submission_month("hep-th/9901001") == "1999-01"
    assert submission_month("astro-ph/0601001") == "2006-01"
    assert submission_month("2313.00001") is None
    assert submission_month(None) is None
