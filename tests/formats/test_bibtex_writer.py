"""The BibTeX writer: output bibtexparser reads back entry for entry, with recoverable text,
stable unique citation keys, and the user's annotations."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts
from bibtexparser.model import Entry
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.library import Library
from readinglist.domain.entities import ExportOptions
from readinglist.domain.identity import normalize_title
from readinglist.formats import bibtex, bibtex_writer
from readinglist.formats.bibtex_writer import base_key, citation_keys, escape, write
from tests.formats.export_samples import (
    ARXIV_ID,
    DOI,
    HOSTILE_NOTE,
    Sample,
    build_sample,
    make_paper,
)

# What the writer escapes, undone in one left-to-right pass.
_UNDO = {
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    **{f"\\{char}": char for char in "{}%&#_$"},
    **{f"{char}{{}}": char for char in "-'`!?"},  # a TeX ligature broken up
}
_TITLE_ESCAPE = re.compile("|".join(re.escape(key) for key in sorted(_UNDO, key=len)[::-1]))
_ESCAPE = re.compile(rf"{_TITLE_ESCAPE.pattern}|\{{@\}}")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")
_MATH = re.compile(r"((?<!\\)\$[^$]*(?<!\\)\$)")
UNBALANCED_NOTE = (
    "closing } first, then { open\n@misc{fake,\n  title = {x}}\n  @article(y\n% 100%\\"
)


def unescape(value: str, *, title: bool = False) -> str:
    """A field's text as the user wrote it: titles keep raw braces, other fields hold
    ``{@}`` where a line started with ``@``."""
    pattern = _TITLE_ESCAPE if title else _ESCAPE
    pieces = _MATH.split(value) if title else [value]  # a title's math is written as it is
    return "".join(
        piece if index % 2 else pattern.sub(lambda match: _UNDO.get(match.group(), "@"), piece)
        for index, piece in enumerate(pieces)
    )


paper = make_paper


def parse(text: str) -> dict[str, Entry]:
    library = parse_string(text)
    assert library.failed_blocks == []
    entries = {entry.key: entry for entry in library.entries}
    assert len(entries) == len(library.entries), "duplicate keys"
    return entries


def value(entry: Entry, name: str) -> str | None:
    field = entry.fields_dict.get(name)
    return None if field is None else str(field.value)


@pytest.fixture
def sample(library: Library, example_digest: Path) -> Sample:
    return build_sample(library, example_digest)


def test_every_paper_is_one_entry_that_parses_back(sample: Sample) -> None:
    text = write(sample.papers, sample.options())
    entries = parse(text)
    keys = citation_keys(sample.papers)
    assert len(entries) == len(sample.papers) == 118
    assert set(entries) == set(keys.values())
    assert [entry.key for entry in parse_string(text).entries] == [
        keys[p.id] for p in sample.papers
    ]


def test_titles_notes_tags_and_annotations_are_recoverable(sample: Sample) -> None:
    entries = parse(write(sample.papers, ExportOptions()))
    keys = citation_keys(sample.papers)
    for item in sample.papers:
        entry = entries[keys[item.id]]
        assert unescape(value(entry, "title") or "", title=True) == " ".join(item.title.split())
        notes = value(entry, "annote")
        assert (unescape(notes) if notes else "") == item.notes.strip()
        keywords = value(entry, "keywords")
        assert (unescape(keywords).split(", ") if keywords else []) == item.tags
        assert (value(entry, "readstatus") == "read") is item.read
        assert (value(entry, "relevance") == "relevant") is item.starred
        if item.abstract.strip():
            assert unescape(value(entry, "abstract") or "") == item.abstract.strip()
    hostile = entries[keys[sample.hostile.id]]
    assert unescape(value(hostile, "annote") or "") == HOSTILE_NOTE
    assert "author" not in hostile.fields_dict and "year" not in hostile.fields_dict


def test_the_projects_own_reader_reads_the_export(sample: Sample) -> None:
    records = bibtex.read(write(sample.papers, ExportOptions()), date.today()).records
    assert len(records) == len(sample.papers)
    for item, record in zip(sample.papers, records, strict=True):
        assert normalize_title(record.title) == normalize_title(item.title)
        assert (record.arxiv_id, record.doi) == (item.arxiv_id, item.doi)
        assert record.extra.get("keywords", []) == item.tags


def test_hostile_text_and_unbalanced_braces_parse(sample: Sample) -> None:
    hostile = replace(
        sample.hostile,
        title="}{ Lonely {braces} and {nested {ones}} \\ ~ ^ $x$ 50% #1 a_b\x00\x07",
        notes=UNBALANCED_NOTE,
        tags=["a{b", "c}d", "e%f"],
        abstract="{" * 40 + "deep" + "}" * 39,
    )
    entry = next(iter(parse(write([hostile], ExportOptions())).values()))
    assert unescape(value(entry, "title") or "", title=True) == (
        "}{ Lonely {braces} and {nested {ones}} \\ ~ ^ $x$ 50% #1 a_b"
    )
    assert unescape(value(entry, "annote") or "") == UNBALANCED_NOTE
    assert unescape(value(entry, "keywords") or "") == "a{b, c}d, e%f"
    assert unescape(value(entry, "abstract") or "") == hostile.abstract
    title = value(entry, "title") or ""
    assert "\\textbraceright{}\\textbraceleft{} Lonely \\{braces\\}" in title


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_note_round_trips(notes: str) -> None:
    entries = parse(write([paper(1, notes=notes)], ExportOptions()))
    expected = "\n".join(_INVISIBLE.sub("", notes).strip().splitlines())
    assert unescape(value(entries["anonnduntitled"], "annote") or "") == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120), st.text(min_size=1, max_size=30).filter(lambda t: ", " not in t))
def test_any_title_and_tag_round_trip(title: str, tag: str) -> None:
    entry = parse(write([paper(1, title=title, tags=[tag])], ExportOptions())).popitem()[1]
    one_line = " ".join(_INVISIBLE.sub("", title).split())
    assert unescape(value(entry, "title") or "", title=True) == one_line
    assert unescape(value(entry, "keywords") or "") == " ".join(_INVISIBLE.sub("", tag).split())


def test_entry_types_and_arxiv_fields(sample: Sample) -> None:
    with_class = replace(sample.arxiv, extra={"primary_category": "cs.CL"})
    journal = paper(7, title="In a Journal", extra={"journal": "Nature & Co"}, arxiv_id=ARXIV_ID)
    arxiv_doi = paper(8, title="An arXiv DOI", doi="10.48550/arxiv.2409.01234")
    text = write([with_class, sample.doi_only, journal, arxiv_doi], ExportOptions())
    kinds = re.findall(r"^@(\w+)\{", text, re.MULTILINE)
    assert kinds == ["misc", "article", "article", "misc"]
    entries = list(parse(text).values())
    assert value(entries[0], "eprint") == ARXIV_ID
    assert value(entries[0], "archivePrefix") == "arXiv"
    assert value(entries[0], "primaryClass") == "cs.CL"
    assert value(entries[0], "url") == f"https://arxiv.org/abs/{ARXIV_ID}"
    assert (value(entries[0], "year"), value(entries[0], "month")) == ("2024", "sep")
    assert value(entries[1], "doi") == DOI
    assert value(entries[2], "journal") == r"Nature \& Co"
    assert "primaryClass" not in entries[2].fields_dict


def test_urls_and_dois_stay_verbatim() -> None:
    item = paper(1, url="https://example.org/a_b%20c#x", doi="10.1000/a_b%c", links=[])
    entry = next(iter(parse(write([item], ExportOptions())).values()))
    assert value(entry, "url") == "https://example.org/a_b%20c#x"
    assert value(entry, "doi") == "10.1000/a_b%c"
    odd = paper(2, url="https://example.org/{x} y\\z", doi=None)
    assert value(next(iter(parse(write([odd], ExportOptions())).values())), "url") == (
        "https://example.org/%7Bx%7D%20y%5Cz"
    )
    assert (
        "url"
        not in parse(write([paper(3, url="javascript:alert(1)")], ExportOptions()))[
            "anonnduntitled"
        ].fields_dict
    )


def test_authors_are_written_last_name_first() -> None:
    names = [
        "Ada Lovelace", "Ludwig van Beethoven Jr.", "Dana Ø. Müller", "Eve",
        "Google Research Team", "Ann Smith and Co", "张三",
    ]  # fmt: skip
    text = write([paper(1, authors=names)], ExportOptions())
    assert (
        "author = {Lovelace, Ada and van Beethoven, Jr., Ludwig and Müller, Dana Ø. and {Eve}"
        " and {Google Research Team} and {Ann Smith and Co} and {张三}}"
    ) in text
    library = parse_string(text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    people = library.entries[0]["author"]
    assert len(people) == len(names)
    assert (people[0].first, people[0].last) == (["Ada"], ["Lovelace"])
    assert (people[1].von, people[1].last, people[1].jr) == (["van"], ["Beethoven"], ["Jr."])
    assert people[5].last == ["{Ann Smith and Co}"]


def test_citation_keys_follow_the_scheme() -> None:
    assert base_key(
        paper(1, title="The Ørsted Effect", authors=["Ø. Ås"], published="2024-01")
    ) == ("as2024orsted")
    assert base_key(paper(1, title="On a Theory of Müller", authors=["Ann Müller"])) == (
        "mullerndtheory"
    )
    assert base_key(paper(1, title="注意力", authors=["张三"], published="2025")) == "anon2025"
    assert base_key(paper(1, title="A of the", authors=[])) == "anonnd"
    assert base_key(paper(1, title="Nets", authors=["Ludwig van Beethoven"])) == "beethovenndnets"


def test_citation_keys_are_stable_and_collisions_get_suffixes(sample: Sample) -> None:
    keys = citation_keys(sample.papers)
    shuffled = list(sample.papers)
    random.Random(4).shuffle(shuffled)
    assert citation_keys(shuffled) == keys
    assert write(sample.papers, ExportOptions()) == write(sample.papers, ExportOptions())
    assert keys[sample.arxiv.id] == "lovelace2024attention"
    example = next(p for p in sample.papers if p.title.startswith("VATT"))
    assert keys[example.id] == "anonndvatt"  # the page's date is the digest's, not the paper's
    same = [paper(i, title="Deep Nets", authors=["Jo Smith"], published="2024") for i in (9, 3, 5)]
    clash = paper(4, title="Deepa", authors=["Jo Smith"], published="2024")
    assert citation_keys([*same, clash]) == {
        3: "smith2024deep",
        4: "smith2024deepa",
        5: "smith2024deepb",
        9: "smith2024deepc",
    }
    many = citation_keys(paper(i, title="x") for i in range(30))
    assert many[0] == "anonndx" and many[1] == "anonndxa" and many[27] == "anonndxaa"
    assert len(set(many.values())) == 30


def test_escape_keeps_plain_text_and_balanced_title_braces() -> None:
    assert escape("Plain text: Øresund, 注意力.") == "Plain text: Øresund, 注意力."
    assert escape("{BERT} {x", keep_balanced_braces=True) == r"{BERT} \textbraceleft{}x"
    assert escape("{BERT}") == r"\{BERT\}"
    assert escape("a\n  @misc{x}") == "a\n  {@}misc\\{x\\}"
    assert bibtex_writer.write([], ExportOptions()) == "% Encoding: UTF-8\n\n"


def test_the_apps_bibtex_reader_reads_lonely_braces_back() -> None:
    paper = make_paper(1, title="Lonely } and { braces, {BERT} kept", arxiv_id="2401.00001")
    text = bibtex_writer.write([paper], ExportOptions())
    (record,) = bibtex.read(text, date(2025, 1, 1)).records
    # a brace in a stored title is its text (readers strip protecting braces on import)
    assert record.title == "Lonely } and { braces, {BERT} kept"


def test_the_apps_bibtex_reader_reads_carets_and_tildes_back() -> None:
    """``^`` was read back as the modifier letter ``ˆ`` (U+02C6): "pass^k" became "passˆk"."""
    paper = make_paper(1, title="A metric pass^k for $D^2$ and x~y", arxiv_id="2401.00001")
    paper = replace(paper, abstract="Scores 2^10 ~ 1000.")
    (record,) = bibtex.read(bibtex_writer.write([paper], ExportOptions()), date(2025, 1, 1)).records
    assert record.title == "A metric pass^k for $D^2$ and x~y"
    assert record.abstract == "Scores 2^10 ~ 1000."


def test_a_full_date_is_kept_for_biblatex_and_read_back() -> None:
    paper = replace(make_paper(1, title="Dated", arxiv_id="2401.00001"), published="2018-03-01")
    text = bibtex_writer.write([paper], ExportOptions())
    assert "  year = {2018},\n  month = mar,\n  date = {2018-03-01},\n" in text
    (record,) = bibtex.read(text, date(2025, 1, 1)).records
    assert record.published == "2018-03-01"
    month_only = replace(paper, published="2018-03")
    assert "date =" not in bibtex_writer.write([month_only], ExportOptions())


def test_the_apps_bibtex_reader_reads_tex_math_and_ligatures_back() -> None:
    """Escaped math lost its braces (``$\\mathrmNL$``) and ``--`` came back an en dash."""
    title = "$f_\\mathrm{NL}$ from J1348--630: it''s ``big'' with $\\{x\\}$ and 50% of $x^{2}$"
    paper = make_paper(1, title=title, arxiv_id="2401.00001")
    paper = replace(paper, abstract="A $\\mathcal{O}(n)$ bound -- or ``better''.")
    text = bibtex_writer.write([paper], ExportOptions())
    assert "{$f_\\mathrm{NL}$ from J1348-{}-630" in text  # math as it is, for LaTeX
    (record,) = bibtex.read(text, date(2025, 1, 1)).records
    assert record.title == title
    assert record.abstract == paper.abstract
