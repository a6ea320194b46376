"""Parsers under attack: inputs built to make a reader slow, greedy or crash.

Each input here is large enough that the old, quadratic code took from tens of seconds to
hours on it (the figures are in ``benchmarks/hostile_bench.py``'s table); the tests check
that the result is still right. The timings themselves live in the benchmark.
"""

from __future__ import annotations

import dataclasses
import gc
import html
import json
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.errors import ImportFailedError
from readinglist.formats import (
    arxiv_feed,
    hf_daily_json,
    hf_daily_text,
    hf_papers_html,
    markdown,
    registry,
)
from readinglist.formats.decoding import decode_text
from readinglist.formats.json_text import load_json
from readinglist.formats.registry import READERS
from readinglist.formats.text_utils import collapse_whitespace, find_links
from readinglist.formats.writers import WRITERS


def test_a_link_followed_by_a_million_dots_is_trimmed() -> None:
    text = "Code at https://example.org/code" + "." * 1_000_000 + " and more."
    assert find_links(text) == ["https://example.org/code"]


def test_a_link_followed_by_many_unbalanced_brackets_is_trimmed() -> None:
    text = "(see https://example.org/a_(b)" + ")" * 500_000 + "."
    assert find_links(text) == ["https://example.org/a_(b)"]


def test_fifty_thousand_distinct_links_are_all_kept_once_in_order() -> None:
    links = [f"https://example.org/paper/{number}" for number in range(50_000)]
    text = " ".join(links) + " " + " ".join(links[:1000])  # repeats are dropped
    assert find_links(text) == links


def test_trimming_keeps_balanced_brackets_and_drops_trailing_punctuation() -> None:
    text = (
        "See https://en.wikipedia.org/wiki/Set_(mathematics)), "
        "(https://example.org/x?q=[1]]). 'https://example.org/y'... https://"
    )
    assert find_links(text) == [
        "https://en.wikipedia.org/wiki/Set_(mathematics)",
        "https://example.org/x?q=[1]",
        "https://example.org/y",
    ]


# ------------------------------------------------------------ lone surrogates, every reader

LONE = "\ud800"
LONE_ESCAPE = "\\ud800"  # as JSON writes it: a character only once the JSON is loaded


def _json_docs() -> dict[str, tuple[str, str]]:
    hf_item = {
        "paper": {
            "id": "2401.00001",
            "title": "Zebrafish @ surrogates",
            "summary": "Quokka @ abstract.",
            "authors": [{"name": "Ada @ Lovelace"}],
            "upvotes": 3,
            "publishedAt": "2024-01-01T00:00:00.000Z",
        },
        "title": "Zebrafish @ surrogates",
    }
    backup = {
        "format": "readinglist-library",
        "version": 1,
        "digests": [],
        "papers": [
            {
                "title": "Zebrafish @ surrogates",
                "abstract": "Quokka @ abstract.",
                "authors": ["Ada @ Lovelace"],
                "tags": ["tag@"],
                "notes": "note @",
            }
        ],
    }
    csl = [{"type": "article", "title": "Zebrafish @ surrogates", "abstract": "Quokka @.",
            "author": [{"family": "Lovelace@", "given": "Ada"}, "Grace @ Hopper"]}]  # fmt: skip
    props = html.escape(json.dumps({"dailyPapers": [hf_item]}), quote=True)
    page = (
        "<html><head><title>Daily Papers - Hugging Face</title></head><body>"
        f'<div data-target="DailyPapers" data-props="{props}"></div></body></html>'
    )

    def lone(text: str) -> str:
        return text.replace("@", LONE_ESCAPE)

    return {
        "hf.json": ("hf-daily-json", lone(json.dumps([hf_item]))),
        "backup.json": ("readinglist-json", lone(json.dumps(backup))),
        "items.json": ("csl-json", lone(json.dumps(csl))),
        "page.html": ("hf-papers-html", lone(page)),
    }


# Text formats: the surrogate (at each ``§``) arrives as bytes, UTF-8 or UTF-16 as a lenient
# encoder writes them, or in XML as a character reference.
TEXT_DOCS = {
    "feed.rss": (
        "arxiv-feed",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>arXiv cs.CL</title><item>'
        "<title>Zebrafish &#xD800; surrogates (arXiv:2401.00002v1 [cs.CL])</title>"
        "<link>https://arxiv.org/abs/2401.00002</link><description>arXiv:2401.00002v1 "
        "Announce Type: new Abstract: Quokka &#55296; abstract &#x110000;.</description>"
        "</item></channel></rss>",
    ),
    "mail.txt": (
        "arxiv-email",
        "From: no-reply@arxiv.org\nSubject: cs daily Subj-class mailing\n\n"
        "------------------------------------------------------------------------------\n"
        "\\\\\narXiv:2401.00003\nDate: Mon, 1 Jan 2024 10:00:00 GMT   (10kb)\n\n"
        "Title: Zebrafish § surrogates\nAuthors: Ada Lovelace\nCategories: cs.CL\n\\\\\n"
        "  Quokka § abstract.\n\\\\ ( https://arxiv.org/abs/2401.00003 ,  10kb)\n"
        "------------------------------------------------------------------------------\n",
    ),
    "refs.bib": (
        "bibtex",
        "@article{k, title = {Zebrafish § surrogates}, author = {Lovelace, Ada},\n"
        " abstract = {Quokka § abstract.}, year = {2024}, eprint = {2401.00004}}\n",
    ),
    "refs.ris": (
        "ris",
        "TY  - JOUR\nTI  - Zebrafish § surrogates\nAU  - Lovelace, Ada\n"
        "AB  - Quokka § abstract.\nPY  - 2024\nER  - \n",
    ),
    "list.md": (
        "markdown",
        "# Papers\n\n- **Zebrafish § surrogates**, Ada Lovelace, "
        "[arXiv](https://arxiv.org/abs/2401.00005) Quokka §\n"
        "- **Another § paper**, Grace Hopper, [arXiv](https://arxiv.org/abs/2401.00006)\n",
    ),
    "blocks.txt": (
        "text-blocks",
        "Title: Zebrafish § surrogates\nPDF: https://arxiv.org/pdf/2401.00007\n"
        "Summary: Quokka § abstract.\n---\nTitle: Second\nPDF: https://arxiv.org/pdf/2401.00008\n"
        "Summary: Other.\n",
    ),
    "ids.txt": ("arxiv-ids", "# Zebrafish § list\n2401.00009\n2401.00010\n"),
    "daily.txt": (
        "hf-daily-text",
        "Daily Papers\n\nZebrafish § surrogates\n\n" + "Quokka § abstract. " * 20 + "\n",
    ),
    "titles.txt": ("title-list", "Zebrafish § surrogates\nAnother title of a paper\n"),
}


def _import(library: Library, tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    report = library.import_path(path)
    assert report.error is None
    return report.format


def _check_stored_searchable_exportable(library: Library) -> None:
    papers = library.papers()
    assert papers
    for paper in papers:
        stored = [paper.title, paper.abstract, paper.notes, *paper.authors, *paper.tags]
        assert not any(0xD800 <= ord(c) <= 0xDFFF for text in stored for c in text)
    found = [p for p in papers if "Zebrafish" in p.title]
    if found:
        assert "\ufffd" in found[0].title
        hits = library.search("zebrafish").hits
        assert [hit.paper.id for hit in hits] == [found[0].id]
    for fmt in WRITERS:
        exported = library.export(fmt)
        exported.encode("utf-8")  # storable in a file: no lone surrogate left
    json.loads(library.export_backup())


@pytest.mark.parametrize("name", ["hf.json", "backup.json", "items.json", "page.html"])
def test_a_json_escaped_lone_surrogate_becomes_a_replacement_character(
    library: Library, tmp_path: Path, name: str
) -> None:
    expected_format, text = _json_docs()[name]
    assert _import(library, tmp_path, name, text.encode("utf-8")) == expected_format
    _check_stored_searchable_exportable(library)
    (paper,) = library.papers()
    assert paper.title == "Zebrafish \ufffd surrogates"
    if name == "backup.json":
        assert paper.tags == ["tag\ufffd"] and paper.notes == "note \ufffd"


@pytest.mark.parametrize("name", sorted(TEXT_DOCS))
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_lone_surrogate_in_any_text_format_becomes_a_replacement_character(
    library: Library, tmp_path: Path, name: str, encoding: str
) -> None:
    expected_format, text = TEXT_DOCS[name]
    data = text.replace("§", LONE).encode(encoding, "surrogatepass")
    assert _import(library, tmp_path, name, data) == expected_format
    _check_stored_searchable_exportable(library)


def test_a_surrogate_pair_written_as_two_halves_is_one_character() -> None:
    assert decode_text("emoji \U0001f600 café".encode("utf-16-le")) == "emoji \U0001f600 café"
    halves = "emoji \ud83d\ude00 café \udc00".encode("utf-8", "surrogatepass")  # CESU-8 style
    assert decode_text(halves) == "emoji \U0001f600 café \ufffd"
    assert load_json('["\\ud83d\\ude00", {"\\ud800": ["\\udfff"]}]') == [
        "\U0001f600",
        {"\ufffd": ["\ufffd"]},
    ]


# ------------------------------------------------------------------------ bounded memory


def test_a_huge_abstract_is_read_in_memory_proportional_to_it() -> None:
    """A 3 MB abstract used to be split into a list of every word: 12 times its size."""
    words = ("lorem ipsum dolor\n sit amet  consectetur " * 80_000)[:3_000_000]
    item = {"paper": {"id": "2401.00001", "title": "T", "summary": words, "upvotes": 1}}
    text = json.dumps([item])
    tracemalloc.start()
    try:
        digest = hf_daily_json.read(text, date(2026, 1, 1))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert digest.records[0].abstract == " ".join(words.split())
    assert peak < 5 * len(text)


def test_collapse_whitespace_is_str_split_and_join_at_any_length() -> None:
    pieces = ["word", " ", "\n", "\t", "\u3000", "\u00a0", "\x1c", "  ", "longer-word"]
    text = "".join(pieces[(n * 7919) % len(pieces)] for n in range(300_000))
    for sample in (text, text[:70_000], " " + text + " ", "x" * 200_000, " " * 200_000, ""):
        assert collapse_whitespace(sample) == " ".join(sample.split())


# ------------------------------------------------------ long wrapped items, read in one go


def test_an_abstract_hard_wrapped_over_150k_lines_is_one_paragraph() -> None:
    lines = [f"wrapped line {n} of the abstract" for n in range(150_000)]
    text = "Daily Papers\n\nA paper title\n\n" + "\n".join(lines) + "\n"
    digest = hf_daily_text.read(text, date(2026, 1, 1))
    (record,) = digest.records
    assert record.title == "A paper title"
    assert record.abstract == " ".join(lines)


def test_a_list_item_continued_over_100k_indented_lines_keeps_all_of_them() -> None:
    continued = "".join(f"  continued words {n} of the item\n" for n in range(100_000))
    text = (
        "# Papers\n\n- **A paper**, Ada Lovelace, [arXiv](https://arxiv.org/abs/2401.00001)\n"
        + continued
        + "  code at https://github.com/example/code\n- **Another**, [arXiv](https://arxiv.org/abs/2401.00002)\n"
    )
    digest = markdown.read(text, date(2026, 1, 1))
    first, second = digest.records
    assert (first.title, first.arxiv_id) == ("A paper", "2401.00001")
    assert first.links == ["https://github.com/example/code"]
    assert second.arxiv_id == "2401.00002"


@pytest.mark.parametrize("junk", ["</", "<!--", "<![", "<a b='", "<a ", "<h3>"])
def test_a_cards_page_with_a_megabyte_of_broken_markup_keeps_its_cards(junk: str) -> None:
    """html.parser took quadratic time on markup left open to the end of the page (cards
    without end tags, then 1 MB of ``<a b='``: over 5 minutes)."""
    cards = "".join(
        f'<article><h3><a href="/papers/2501.0000{n}">Paper &amp; {n}</a></h3>' for n in range(1, 4)
    )
    text = "<html><body>" + cards + "<article>" + junk * (1_000_000 // len(junk))
    digest = hf_papers_html.read(text, date(2026, 1, 1))
    assert [(r.title, r.arxiv_id) for r in digest.records] == [
        (f"Paper & {n}", f"2501.0000{n}") for n in range(1, 4)
    ]


def test_reading_pauses_the_cycle_collector_and_restores_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    reader = registry.reader_by_name(hf_daily_json.FORMAT)

    def spying_read(text: str, today: date) -> object:
        seen.append(gc.isenabled())
        return reader.read(text, today)

    spy = dataclasses.replace(reader, read=spying_read)
    monkeypatch.setattr(registry, "READERS", tuple(spy if r is reader else r for r in READERS))
    data = json.dumps([{"paper": {"id": "2401.00001", "title": "T"}, "upvotes": 1}]).encode()
    assert gc.isenabled()
    registry.read_digest(data, "daily.json", date(2026, 1, 1))
    with pytest.raises(ImportFailedError):
        registry.read_digest(b'[{"paper": 1, "upvotes": 1', "daily.json", date(2026, 1, 1))
    assert gc.isenabled() and seen == [False, False]
    gc.disable()
    try:
        registry.read_digest(data, "daily.json", date(2026, 1, 1))
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_a_feed_abstract_with_half_a_megabyte_of_broken_markup_is_read() -> None:
    """html.parser took minutes on this (a tag start whose quote never closes, repeated)."""
    summary = "<p>Quokka <b>abstract</b> &amp; more.</p>" + "<a b='" * 100_000
    text = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>arXiv cs.CL</title><item>'
        "<title>Paper (arXiv:2401.00001v1 [cs.CL])</title>"
        "<link>https://arxiv.org/abs/2401.00001</link>"
        f"<description>{html.escape(summary)}</description></item></channel></rss>"
    )
    (record,) = arxiv_feed.read(text, date(2026, 1, 1)).records
    assert record.arxiv_id == "2401.00001"
    assert record.abstract == "Quokka abstract & more. " + "<a b='" * 100_000
