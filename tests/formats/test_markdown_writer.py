"""The Markdown reading list: items, groups, links, and text that cannot inject markup."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import ExportOptions, Paper
from readinglist.formats import markdown, markdown_writer
from readinglist.formats.listing import one_line, paper_link
from readinglist.formats.markdown_own import EXPORT_MARK
from tests.formats.export_samples import (
    ARXIV_ID,
    HOSTILE_TITLE,
    Sample,
    build_sample,
    without_digest,
)

ITEM = re.compile(r"^- \[([ x])\] (★ )?(.*)$")
ESCAPED = re.compile(r"\\(.)")
# An item line with escapes removed: the title link, then authors, date and tags.
LINKED = re.compile(r"^\[([^\[\]]*)\]\(([^()\s]*)\)(.*)$")


@pytest.fixture
def sample(library: Library, example_digest: Path) -> Sample:
    return build_sample(library, example_digest)


def items(text: str) -> list[re.Match[str]]:
    return [m for line in text.split("\n") if (m := ITEM.match(line))]


def headings(text: str) -> list[str]:
    return [line[3:] for line in text.split("\n") if line.startswith("## ")]


def unescape(text: str) -> str:
    return ESCAPED.sub(r"\1", text)


def item_of(text: str, paper: Paper) -> str:
    """The item line whose link text (unescaped) is the paper's title."""
    wanted = one_line(paper.title)
    for line in text.split("\n"):
        if line.startswith("- [") and wanted in unescape(line):
            return line
    raise AssertionError(f"no item for {paper.title!r}")


def test_module_shape() -> None:
    assert markdown_writer.FORMAT == "md"
    assert markdown_writer.EXTENSION == ".md"
    assert markdown_writer.LABEL == "Markdown reading list"


def test_one_item_per_paper_with_read_and_starred_marks(sample: Sample) -> None:
    text = markdown_writer.write(sample.papers, sample.options())
    assert text.startswith("# Reading list\n\n")
    assert text.endswith("\n") and not text.endswith("\n\n")
    found = items(text)
    assert len(found) == len(sample.papers) == 118
    assert sum(m.group(1) == "x" for m in found) == sum(p.read for p in sample.papers) == 8
    assert sum(bool(m.group(2)) for m in found) == sum(p.starred for p in sample.papers) == 3
    assert headings(text) == []
    assert markdown_writer.write(sample.papers, sample.options()) == text  # deterministic


def test_title_links_and_details(sample: Sample) -> None:
    text = markdown_writer.write(sample.papers, sample.options())
    line = item_of(text, sample.arxiv)
    assert line == (
        f"- [ ] [Attention Is All You Need, Again](https://arxiv.org/abs/{ARXIV_ID})"
        " — Ada Lovelace, Bo Li, Chen Wei, Dana Ø. Müller, Eve · 2024-09"
    )
    # No URL, arXiv id or link: the DOI page, percent-encoded so it cannot end the link.
    assert "[Only a DOI](https://doi.org/10.1000/xyz%281%29%3C2%3E) — 2024-09-09" in text
    # A paper of the example digest whose abstract names its code: linked to it.
    assert "[SLCA: Slow Learner" in text and "](https://github.com/GengDavid/SLCA)" in text
    # Tags as #tags, spaces made dashes.
    tagged = sorted(sample.papers, key=lambda p: p.id)[3]
    assert sorted(tagged.tags) == ["diffusion", "to read", "video"]
    expected = " ".join("#" + tag.replace(" ", "-") for tag in tagged.tags)
    assert tagged.published is None  # the example page dates its digest, not its papers
    assert item_of(text, tagged).endswith(f" — {expected}")


def test_every_link_destination_is_http(sample: Sample) -> None:
    text = markdown_writer.write(sample.papers, sample.options(include_abstracts=True))
    bare = ESCAPED.sub("\x00", text)  # escaped characters are no syntax
    destinations = re.findall(r"\]\(([^)]*)\)", bare)
    linked = [m for m in items(bare) if m.group(3).startswith("[")]
    id_links = re.findall(r"\[(?:arXiv|DOI)\]\(", bare)
    assert len(destinations) == len(linked) + len(id_links)
    assert len(linked) > 10
    assert all(re.match(r"https?://[^\s<>()]+$", d) for d in destinations)
    assert "javascript:" not in "".join(destinations)
    # Nothing but Reading List's own links, labels, headings and list items is live syntax.
    unlabelled = re.sub(r"\]\([^)]*\)", "]", bare).replace(EXPORT_MARK, "")
    unlabelled = unlabelled.replace("_Notes:_", "").replace("_Abstract:_", "")
    for char in "<>*_`":
        assert char not in unlabelled, char


def test_hostile_title_is_escaped_and_round_trips(sample: Sample) -> None:
    text = markdown_writer.write(sample.papers, sample.options())
    line = item_of(text, sample.hostile)
    match = ITEM.match(line)
    assert match is not None and match.group(1) == "x" and match.group(2) == "★ "
    body = match.group(3)
    # With escapes removed, what is left holds only the one link Reading List wrote.
    bare = ESCAPED.sub("", body)
    for char in "<>*_`":
        assert char not in bare, char
    assert bare.count("[") == 1 and bare.count("]") == 1
    link = LINKED.match(ESCAPED.sub("\x00", body))
    assert link is not None
    # The javascript: URL and link are dropped; the next http(s) link is used, encoded.
    assert link.group(2) == "https://example.org/a%20b%28c%29"
    # The link text unescapes to the title exactly (on one line).
    link_text = body[1 : body.index("](https://example.org")]
    assert unescape(link_text) == one_line(HOSTILE_TITLE)
    assert "\\&amp;" in link_text and "\\[click\\](javascript" in link_text
    # Empty author list and missing date: only the tags follow.
    assert link.group(3).startswith(" — #")
    assert body.endswith(" — #\\<b\\>x\\</b\\>-&-y #=cmd")


def test_notes_stay_inside_the_item_escaped_with_line_breaks(sample: Sample) -> None:
    text = markdown_writer.write(sample.papers, sample.options())
    lines = text.split("\n")
    start = lines.index(item_of(text, sample.hostile))
    block = lines[start + 1 : start + 10]
    assert block == [
        "",
        "    _Notes:_ \\<script\\>alert(1)\\</script\\>\\",
        "    second line & \\<img src=x onerror=alert(2)\\>",
        "",
        "    \\# not a heading\\",
        "    \\- not a list\\",
        "    1\\. not numbered\\",
        "    \\=cmd|' /C calc'!A0",
        "",
    ]
    bare = ESCAPED.sub("", text).replace(EXPORT_MARK, "")
    assert "<" not in bare and ">" not in bare
    # Only the document title and group headings start a line with '#'.
    assert [line for line in lines if line.startswith("#")] == ["# Reading list"]
    # A plain two-line note keeps its line break (a trailing backslash).
    assert "    _Notes:_ First line\\\n    Second line\n" in text


def test_abstracts_only_when_asked(sample: Sample) -> None:
    without = markdown_writer.write(sample.papers, sample.options())
    with_abstracts = markdown_writer.write(sample.papers, sample.options(include_abstracts=True))
    assert "_Abstract:_" not in without
    assert "    _Abstract:_ Line one.\\\n    Line two.\n" in with_abstracts
    abstracts = sum(1 for p in sample.papers if p.abstract.strip())
    assert with_abstracts.count("    _Abstract:_ ") == abstracts > 100
    assert len(items(with_abstracts)) == len(sample.papers)


def test_grouped_by_tag(sample: Sample) -> None:
    text = markdown_writer.write(sample.papers, sample.options(group_by="tag"))
    expected_tags = sorted({tag for p in sample.papers for tag in p.tags}, key=str.casefold)
    assert headings(text) == [
        *(markdown_writer.escape_heading(tag) for tag in expected_tags),
        "Untagged",
    ]
    assert "## \\<b\\>x\\</b\\> & y" in text
    per_heading = Counter[str]()
    current = ""
    for line in text.split("\n"):
        if line.startswith("## "):
            current = unescape(line[3:])
        elif line.startswith("- ["):
            per_heading[current] += 1
    for tag in expected_tags:
        assert per_heading[tag] == sum(tag in p.tags for p in sample.papers)
    assert per_heading["Untagged"] == sum(not p.tags for p in sample.papers)
    # A paper with several tags appears under each.
    assert len(items(text)) == sum(max(1, len(p.tags)) for p in sample.papers)


def test_grouped_by_digest(sample: Sample) -> None:
    loose = without_digest(sample.papers[-1])
    papers = [*sample.papers, loose]
    text = markdown_writer.write(papers, sample.options(group_by="digest"))
    assert headings(text) == [
        "hostile \\<digest\\>.bib",
        "daily\\_papers\\_sep9.txt",
        "Other",
    ]
    assert text.rstrip("\n").endswith(item_of(text, loose))
    assert len(items(text)) == len(papers)
    # A digest the caller did not name is still a group.
    unnamed = markdown_writer.write(papers, ExportOptions(group_by="digest"))
    assert headings(unnamed) == ["Digest 1", "Digest 2", "Other"]


def test_title_option_and_empty_list() -> None:
    options = ExportOptions(title="My *list* #1 [draft]")
    mark = f"\n\n{EXPORT_MARK}\n"
    assert markdown_writer.write([], options) == "# My \\*list\\* \\#1 \\[draft\\]" + mark
    assert markdown_writer.write([], ExportOptions(group_by="tag")) == "# Reading list" + mark


def test_unknown_grouping_is_refused(sample: Sample) -> None:
    with pytest.raises(ValueError, match="grouping"):
        markdown_writer.write(sample.papers, ExportOptions(group_by="author"))


def test_line_start_escapes() -> None:
    assert markdown_writer.escape_line("> quote") == "\\> quote"
    assert markdown_writer.escape_line("+ plus") == "\\+ plus"
    assert markdown_writer.escape_line("=== rule") == "\\=== rule"
    assert markdown_writer.escape_line("~~~ fence") == "\\~~~ fence"
    assert markdown_writer.escape_line("12) twelve") == "12\\) twelve"
    assert markdown_writer.escape_line("2024 was a year") == "2024 was a year"
    assert markdown_writer.escape_inline("a &copy; b & c") == "a \\&copy; b & c"
    assert markdown_writer.tag_text("to  read _now_") == "#to-read-\\_now\\_"


def test_control_characters_and_line_breaks_in_titles_are_dropped() -> None:
    paper = Paper(
        id=1, key="k", title="Two\nlines\x07 here", authors=["  ", "Solo"], abstract="",
        arxiv_id=None, doi=None, url="HTTPS://Example.org/x", links=[], published=None,
        added="2024-01-01", tags=["   "], notes="", read=False, starred=False, digests=[],
    )  # fmt: skip
    text = markdown_writer.write([paper], ExportOptions())
    assert text == (
        f"# Reading list\n\n{EXPORT_MARK}\n\n- [ ] [Two lines here](HTTPS://Example.org/x) — Solo\n"
    )
    untitled = replace(paper, title="", url="ftp://x", arxiv_id="2401.00001v2")
    assert "[2401.00001v2](https://arxiv.org/abs/2401.00001v2)" in markdown_writer.write(
        [untitled], ExportOptions()
    )


def test_the_apps_markdown_reader_reads_every_paper_back(sample: Sample) -> None:
    """A list exported and imported elsewhere keeps every paper, its authors, date and
    ids: papers without a link were dropped, and authors beside a date were lost."""
    text = markdown_writer.write(sample.papers, sample.options(group_by="tag"))
    records = markdown.read(text, date(2025, 1, 1)).records
    titled = [p for p in sample.papers if one_line(p.title)]
    assert any(not paper_link(p) for p in titled) and any(p.authors for p in titled)
    read_back = {record.title: record for record in records}
    assert set(read_back) == {one_line(p.title) for p in titled}
    for paper in titled:
        record = read_back[one_line(paper.title)]
        names = [one_line(a) for a in paper.authors if one_line(a)]
        # Names are read as digests write them: without punctuation at their ends.
        assert record.authors == [n.strip(" ,;:|-–—.*_") for n in names], paper.title
        assert record.published == paper.published, paper.title
        assert record.arxiv_id == paper.arxiv_id, paper.title
        assert (record.doi or "").lower() == (paper.doi or "").lower(), paper.title


def test_an_item_with_a_task_box_but_no_link_is_a_paper_only_in_our_own_export() -> None:
    wild = (
        "# Todo\n\n- [ ] Buy milk for the lab\n- [ ] [A Paper](https://arxiv.org/abs/2401.00001)\n"
    )
    assert [r.title for r in markdown.read(wild, date(2025, 1, 1)).records] == ["A Paper"]
    own = wild.replace("# Todo\n", f"# Todo\n\n{EXPORT_MARK}\n")
    titles = [r.title for r in markdown.read(own, date(2025, 1, 1)).records]
    assert titles == ["Buy milk for the lab", "A Paper"]


def test_ids_the_title_link_does_not_carry_are_linked_beside_it() -> None:
    paper = Paper(
        id=1, key="k", title="Poster Paper", authors=["Ada Lovelace"], abstract="",
        arxiv_id="2502.02406", doi="10.1000/xyz(1)2", url="https://icml.cc/virtual/2025/poster/1",
        links=[], published="2025", added="2025-01-01", tags=[], notes="", read=False,
        starred=False, digests=[],
    )  # fmt: skip
    text = markdown_writer.write([paper], ExportOptions())
    assert text.endswith(
        "- [ ] [Poster Paper](https://icml.cc/virtual/2025/poster/1) — Ada Lovelace · 2025"
        " · [arXiv](https://arxiv.org/abs/2502.02406) · [DOI](https://doi.org/10.1000/xyz%281%292)\n"
    )
    (record,) = markdown.read(text, date(2025, 1, 1)).records
    assert (record.arxiv_id, record.doi, record.url) == (
        "2502.02406",
        "10.1000/xyz(1)2",
        "https://icml.cc/virtual/2025/poster/1",
    )


def test_a_long_author_list_is_written_and_read_back_whole() -> None:
    """A collaboration paper's hundreds of authors, and a name of many words, come back
    from our own list as they were (three and "et al." were written before)."""
    authors = [f"Author Number{i} Smith" for i in range(1_200)]
    authors[7] = "María del Carmen de la Fuente y García"
    paper = Paper(
        id=1, key="k", title="Big Physics", authors=authors, abstract="",
        arxiv_id="2502.02406", doi=None, url=None, links=[], published="2025",
        added="2025-01-01", tags=["hep"], notes="", read=False, starred=False, digests=[],
    )  # fmt: skip
    text = markdown_writer.write([paper], ExportOptions())
    assert " et al." not in text
    (record,) = markdown.read(text, date(2025, 1, 1)).records
    assert record.authors == authors
    assert "more_authors" not in record.extra
    said_more = replace(paper, authors=authors[:2], extra={"more_authors": True})
    (record,) = markdown.read(
        markdown_writer.write([said_more], ExportOptions()), date(2025, 1, 1)
    ).records
    assert (record.authors, record.extra.get("more_authors")) == (authors[:2], True)
