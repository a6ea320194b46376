from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from readinglist.domain.entities import ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.formats.bibtex import EXTENSIONS, FORMAT, read, sniff
from tests.conftest import corpus_text

TODAY = date(2025, 10, 1)


def read_corpus(relative: str) -> ParsedDigest:
    return read(corpus_text(relative), TODAY)


def read_one(text: str) -> ParsedDigest:
    digest = read(text, TODAY)
    assert digest.format == FORMAT
    return digest


# --- corpus files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "papers", "skipped"),
    [
        ("bibtex/zotero_bbt_arxiv_3.bib", 3, 0),
        ("bibtex/zotero_bbt_arxiv_misc_doi_1.bib", 1, 0),
        ("bibtex/jabref_library_156.bib", 156, 0),
        ("edge_cases/utf16be_bom_no_header.bib", 1, 0),
        ("edge_cases/utf16le_bom.bib", 1, 0),
        ("edge_cases/windows1252_with_header.bib", 0, 1),
    ],
)
def test_corpus_paper_counts(relative: str, papers: int, skipped: int) -> None:
    digest = read_corpus(relative)
    assert digest.format == "bibtex"
    assert len(digest.records) == papers
    assert digest.skipped == skipped


def test_better_bibtex_arxiv_entries() -> None:
    records = read_corpus("bibtex/zotero_bbt_arxiv_3.bib").records
    ronnow, sen, smolin = records
    assert ronnow.title == "Defining and Detecting Quantum Speedup"
    assert ronnow.authors[0] == "Troels F. Rønnow"
    assert ronnow.authors[-1] == "Matthias Troyer"
    assert len(ronnow.authors) == 9
    assert ronnow.arxiv_id == "1401.2910"
    assert ronnow.doi == "10.1126/science.1252319"
    assert ronnow.published == "2014-07"  # month = jul (an unresolved macro)
    assert ronnow.extra["keywords"] == ["Quantum Physics"]
    assert ronnow.extra["entry_type"] == "article"
    assert ronnow.extra["citation_key"] == "Ronnow.2014.Defining"
    assert ronnow.extra["journal"] == "Science"
    assert ronnow.extra["primary_class"] == "quant-ph"
    assert ronnow.links == ["http://arxiv.org/abs/1401.2910"]  # from note = {\url{...}}
    assert ronnow.abstract.startswith("The development of small-scale digital")
    # {{{...}}} protective braces disappear.
    assert sen.title == "BV Master Action for Heterotic and Type II String Field Theories"
    assert sen.arxiv_id == "1508.05387"
    assert sen.published == "2016-02"
    assert "Batalin-Vilkoviski formalism" in sen.extra["keywords"]
    assert smolin.arxiv_id == "1305.4904"
    assert smolin.authors == ["John A. Smolin", "Graeme Smith"]
    assert smolin.published == "2013-05"


def test_arxiv_id_hidden_in_a_doi() -> None:
    (record,) = read_corpus("bibtex/zotero_bbt_arxiv_misc_doi_1.bib").records
    assert record.arxiv_id == "2206.07690"
    assert record.title.startswith("ELUDE: Generating Interpretable Explanations")
    assert record.authors[0] == "Vikram V. Ramaswamy"
    assert record.published == "2022-06"
    assert record.extra["entry_type"] == "misc"


def test_jabref_library() -> None:
    digest = read_corpus("bibtex/jabref_library_156.bib")
    records = digest.records
    titles = [" ".join(r.title.split()) for r in records]
    assert titles[0] == (
        "256-Channel Neural Recording and Delta Compression Microsystem With 3D Electrodes "
        "And @ Symbol"
    )
    assert records[0].authors[:2] == ["Joseph N. Y. Aziz", "Karim Abdelhalim"]
    assert records[0].published == "2009-03"  # Month = {MAR}
    assert records[0].extra["entry_type"] == "article"
    # Math stays verbatim.
    assert "Connecting between inflation and dark matter in models with gauged $Z_3$ symmetry" in (
        titles
    )
    assert "Horndeski Gravity as $D\\rightarrow4$ Limit of Gauss-Bonnet" in titles
    # arXiv ids from eprint + eprinttype, including old-style ids.
    arxiv_ids = {r.arxiv_id for r in records if r.arxiv_id}
    assert {"2003.05580", "quant-ph/0701054", "math/0510479"} <= arxiv_ids
    # No JabRef meta or encoding comment leaks in as a paper.
    assert not any("jabref" in title.lower() for title in titles)
    assert all(r.title for r in records)
    assert {r.extra["entry_type"] for r in records} >= {"article", "phdthesis", "inproceedings"}


def test_utf16_files() -> None:
    (umlaut,) = read_corpus("edge_cases/utf16be_bom_no_header.bib").records
    assert umlaut.title == "Ü ist ein Umlaut"
    assert "citation_key" not in umlaut.extra  # @article{, ...} has an empty key
    (turkey,) = read_corpus("edge_cases/utf16le_bom.bib").records
    assert (
        turkey.title
        == "Investigation of the best suture pattern to close a stuffed Christmas turkey"
    )
    assert turkey.doi == "10.1136/vr.d6221"
    assert turkey.published == "2011-12"  # biblatex date field
    assert turkey.authors == ["D. Verwilghen", "V. Busoni", "G. van Galen", "M. Wilke"]
    assert turkey.extra["journal"] == "Veterinary Record"


def test_entry_without_title_or_id_is_skipped_not_an_error() -> None:
    digest = read_corpus("edge_cases/windows1252_with_header.bib")
    assert digest.records == []
    assert digest.skipped == 1


# --- hand-made inputs ---------------------------------------------------------------------


def test_string_macros_concatenation_and_latex() -> None:
    text = r"""
% Encoding: UTF-8
@preamble{"\newcommand{\noop}[1]{}"}
@comment{ignored @article{fake, title={Not a paper}} }
@STRING{ prl = {Physical Review Letters} }
@String{part = "Letters"}

@Article{key1,
  title = {{\"U}ber die {$\alpha$}-Zerlegung: 50% of \emph{two words} --- done},
  author = {M{\"u}ller, J{\"o}rg and {Barnes and Noble} and van der Berg, Jr., Jan and others},
  journal = prl # " " # part,
  year = 2021, month = sep, day = {05},
  keywords = {alpha; beta, gamma},
}
"""
    (record,) = read_one(text).records
    assert record.title == "Über die $\\alpha$-Zerlegung: 50% of two words — done"
    assert record.authors == ["Jörg Müller", "Barnes and Noble", "Jan van der Berg Jr."]
    assert record.extra["journal"] == "Physical Review Letters Letters"
    assert record.published == "2021-09-05"
    assert record.extra["keywords"] == ["alpha", "beta", "gamma"]
    assert record.extra["citation_key"] == "key1"


def test_string_macro_resolves_a_whole_field() -> None:
    text = '@string{jp = "J. Phys."}\n@article{a, title = {T}, journal = jp, year = {1999}}'
    (record,) = read_one(text).records
    assert record.extra["journal"] == "J. Phys."
    assert record.published == "1999"


@pytest.mark.parametrize(
    ("fields", "arxiv_id"),
    [
        ("eprint = {2101.00001v2}, archiveprefix = {arXiv}", "2101.00001"),
        ("eprint = {hep-th/9901001}, eprinttype = {arxiv}", "hep-th/9901001"),
        ("eprint = {2101.00003}", "2101.00003"),
        ("journal = {arXiv:2101.00004 [cs.LG]}", "2101.00004"),
        ("journal = {arXiv preprint arXiv:2101.00005}", "2101.00005"),
        ("doi = {10.48550/arXiv.2101.00006}", "2101.00006"),
        ("url = {https://arxiv.org/pdf/2101.00007v1}", "2101.00007"),
        ("eprint = {hal-01234567}, archiveprefix = {HAL}", None),
        ("journal = {Nature}, doi = {10.1038/nature12373}", None),
    ],
)
def test_arxiv_id_sources(fields: str, arxiv_id: str | None) -> None:
    (record,) = read_one(f"@misc{{k, title = {{A title}}, {fields}}}").records
    assert record.arxiv_id == arxiv_id


def test_duplicate_and_empty_keys_keep_every_entry() -> None:
    text = "@article{k, title={A}}\n@article{k, title={B}}\n@misc{, title={C}}\n@misc{, title={D}}"
    assert [r.title for r in read_one(text).records] == ["A", "B", "C", "D"]


def test_entries_without_title_or_id_and_broken_blocks_are_counted() -> None:
    text = (
        "@article{good, title={Kept}}\n"
        "@article{noid, author={Nobody}, year={2000}}\n"
        "@article{idonly, doi={10.1000/xyz}}\n"
        "@article{broken title={Lost: no comma after the key}}\n"
        "@article{last, title={Also kept}}\n"
    )
    digest = read_one(text)
    assert [(r.title, r.doi) for r in digest.records] == [
        ("Kept", None),
        ("", "10.1000/xyz"),
        ("Also kept", None),
    ]
    assert digest.skipped == 2  # the entry without title or id, and the broken block


@pytest.mark.parametrize(
    ("fields", "published"),
    [
        ("year = {2020}", "2020"),
        ("year = 2020, month = {7}", "2020-07"),
        ('year = 2020, month = "July", day = 4', "2020-07-04"),
        ("year = 2020, month = feb, day = 30", "2020-02"),
        ("date = {2019-11-02}", "2019-11-02"),
        ("date = {2019-11/2020-01}", "2019-11"),
        ("year = {forthcoming}", None),
    ],
)
def test_published_dates(fields: str, published: str | None) -> None:
    (record,) = read_one(f"@article{{k, title = {{T}}, {fields}}}").records
    assert record.published == published


def test_hostile_but_readable_input_does_not_crash() -> None:
    deep = "{" * 5000 + "x" + "}" * 5000
    text = f"@article{{a, title = {{{deep}}}, author = {{{deep}}}}}\n@article{{b, title={{ok}}}}"
    titles = [r.title for r in read_one(text).records]
    assert titles[1] == "ok"
    long_title = "word " * 100_000
    (record,) = read_one(f"@article{{a, title = {{{long_title}}}}}").records
    assert record.title.startswith("word word")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "just some prose, no BibTeX here",
        '@comment{only a comment}\n@preamble{"x"}',
        "@article{x, title={never closed",
        "@a{" * 2000,
        '{"title": "JSON is not BibTeX"}',
    ],
)
def test_unreadable_input_raises_digest_format_error(text: str) -> None:
    with pytest.raises(DigestFormatError):
        read(text, TODAY)


# --- sniffing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    [
        "bibtex/zotero_bbt_arxiv_3.bib",
        "bibtex/zotero_bbt_arxiv_misc_doi_1.bib",
        "bibtex/jabref_library_156.bib",
        "edge_cases/utf16be_bom_no_header.bib",
        "edge_cases/utf16le_bom.bib",
        "edge_cases/windows1252_with_header.bib",
    ],
)
def test_sniff_recognises_bibtex(relative: str) -> None:
    assert sniff(corpus_text(relative), Path(relative).name) >= 0.8


@pytest.mark.parametrize(
    "relative",
    [
        "hf_daily_text/daily_papers_sep9.txt",
        "ris/scopus_1.ris",
        "csl_json/zotero_better_csl_26.json",
        "hf_daily_json/hf_daily_2024-05-27_oldschema.json",
        "arxiv_email/astro-ph_daily_2023-03-03.txt",
        "markdown_lists/cv_arxiv_daily_bullets_2022-12-02.md",
    ],
)
def test_sniff_rejects_other_formats(relative: str) -> None:
    assert sniff(corpus_text(relative), Path(relative).name) < 0.5


def test_module_shape() -> None:
    assert FORMAT == "bibtex"
    assert EXTENSIONS == (".bib", ".bibtex")


# --- JabRef groups and URLs as TeX writes them ----------------------------------------------


def test_jabref_groups_become_tags() -> None:
    records = read_corpus("bibtex/jabref_library_156.bib").records
    counts = Counter(tuple(record.tags) for record in records)
    assert counts == {("Covid subgroup",): 110, ("Covid",): 40, (): 6}


def test_jabref_2_explicit_groups_list_their_entries_by_key() -> None:
    text = r"""
@article{smith2020, title = {One}, groups = {Reading, Later}}
@article{jones2021, title = {Two}}
@article{lee2022, title = {Three}}

@comment{jabref-meta: groupstree:
0 AllEntriesGroup:;
1 ExplicitGroup:Later\;0\;jones2021\;smith2020\;;
2 ExplicitGroup:To read\;0\;jones2021\;;
}
"""
    tags = {r.title: r.tags for r in read_one(text).records}
    assert tags == {"One": ["Reading", "Later"], "Two": ["Later", "To read"], "Three": []}


def test_tex_escaped_and_protocol_relative_urls_become_real_urls() -> None:
    text = r"""
@misc{a, title = {Escaped}, url = {https://example.org/a\_b?x=1\&y=2}}
@misc{b, title = {Relative}, url = {//www.example.org/paper.pdf}}
@misc{c, title = {Misc}, howpublished = {\url{https://example.org/tool\_kit}}}
"""
    records = read_one(text).records
    assert [r.url for r in records] == [
        "https://example.org/a_b?x=1&y=2",
        "https://www.example.org/paper.pdf",
        None,
    ]
    assert records[2].links == ["https://example.org/tool_kit"]
