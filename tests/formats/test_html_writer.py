"""The printable HTML page: self-contained, no scripts, only http(s) links, all text escaped."""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import ExportOptions, Paper
from readinglist.formats import html_writer
from readinglist.formats.listing import one_line
from tests.formats.export_samples import (
    ARXIV_ID,
    HOSTILE_NOTE,
    HOSTILE_TITLE,
    Sample,
    build_sample,
    without_digest,
)

VOID = {"meta", "br", "img", "link", "input", "hr"}


class Page(HTMLParser):
    """What the page is made of: elements, attributes, and the text inside each class."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str | None]] = []
        self.hrefs: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.doctype = ""
        self._open: list[tuple[str, str]] = []
        self.feed(text)
        self.close()
        assert self._open == [], self._open

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements[tag] += 1
        self.attributes += [(tag, name, value) for name, value in attrs]
        values = dict(attrs)
        if tag == "a":
            self.hrefs.append(values.get("href") or "")
        if tag not in VOID:
            self._open.append((tag, values.get("class") or ""))
            if values.get("class"):
                self.texts.setdefault(values["class"] or "", []).append("")

    def handle_endtag(self, tag: str) -> None:
        assert self._open and self._open[-1][0] == tag, (tag, self._open[-3:])
        self._open.pop()

    def handle_data(self, data: str) -> None:
        for _, css_class in self._open:
            if css_class:
                self.texts[css_class][-1] += data


@pytest.fixture
def sample(library: Library, example_digest: Path) -> Sample:
    return build_sample(library, example_digest)


def test_module_shape() -> None:
    assert html_writer.FORMAT == "html"
    assert html_writer.EXTENSION == ".html"
    assert html_writer.LABEL


def test_a_self_contained_page(sample: Sample) -> None:
    text = html_writer.write(sample.papers, sample.options(include_abstracts=True))
    assert text.startswith("<!DOCTYPE html>\n")
    assert '<meta charset="utf-8">' in text
    assert "@media print" in html_writer.CSS
    assert "prefers-color-scheme: dark" in html_writer.CSS
    page = Page(text)
    assert page.doctype == "DOCTYPE html"
    assert page.elements["style"] == 1 and page.elements["html"] == 1
    # No script, no external resource of any kind.
    for tag in ("script", "link", "img", "iframe", "object", "embed", "base", "form"):
        assert page.elements[tag] == 0, tag
    assert [a for a in page.attributes if a[1] == "src"] == []
    assert [a for a in page.attributes if a[1].startswith("on")] == []
    assert [a for a in page.attributes if a[1] == "style"] == []
    assert "url(" not in html_writer.CSS and "@import" not in html_writer.CSS
    # Every href is one of the papers' own http(s) links.
    assert len(page.hrefs) > 40
    assert all(re.match(r"https?://[^\s\"'<>]+$", href) for href in page.hrefs)
    assert html_writer.write(sample.papers, sample.options(include_abstracts=True)) == text


def test_one_item_per_paper_with_marks(sample: Sample) -> None:
    page = Page(html_writer.write(sample.papers, sample.options()))
    classes = page.texts
    assert len(classes["mark"]) == len(sample.papers) == 118
    assert Counter(classes["mark"]) == {
        "☑": sum(p.read for p in sample.papers),
        "☐": sum(not p.read for p in sample.papers),
    }
    assert classes["star"] == ["★"] * sum(p.starred for p in sample.papers)
    items = Counter(
        {k: len(v) for k, v in classes.items() if k.startswith("paper") and k != "papers"}
    )
    assert items["paper read starred"] == sum(p.read and p.starred for p in sample.papers)
    assert items.total() == len(sample.papers)
    assert classes["summary"] == ["118 papers · 8 read · 3 starred"]
    assert page.elements["h2"] == 0


def test_hostile_title_note_and_tags_are_escaped(sample: Sample) -> None:
    text = html_writer.write(sample.papers, sample.options())
    page = Page(text)
    # The note's markup arrives as text, in the notes paragraph, line breaks kept.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line &amp; &lt;img" in text
    assert "<script" not in text.lower() and "<img" not in text.lower()
    notes = [n for n in page.texts["notes"] if "alert(1)" in n]
    assert notes == ["Notes" + HOSTILE_NOTE.replace("\n", "")]
    # The title, with & " ' < > and non-ASCII, round-trips through html.unescape.
    escaped_title = html.escape(one_line(HOSTILE_TITLE), quote=True)
    assert f">{escaped_title}</a>" in text
    assert html.unescape(escaped_title) == one_line(HOSTILE_TITLE)
    assert one_line(HOSTILE_TITLE) in page.texts["title"]
    assert "&amp;amp;" in escaped_title and "&quot;double&quot;" in escaped_title
    # javascript: URL and link dropped; the http(s) link is kept, percent-encoded.
    assert '<a class="title" href="https://example.org/a%20b%28c%29"' in text
    assert "javascript:" not in " ".join(page.hrefs)
    # Tags as labels, escaped; no authors and no date: just the tags.
    assert "<b>x</b> & y" in page.texts["tag"] and "=cmd" in page.texts["tag"]


def test_authors_date_and_links(sample: Sample) -> None:
    text = html_writer.write(sample.papers, sample.options())
    page = Page(text)
    assert f'href="https://arxiv.org/abs/{ARXIV_ID}"' in text
    assert "Ada Lovelace, Bo Li, Chen Wei et al." in page.texts["authors"]
    assert '<time datetime="2024-09">2024-09</time>' in text
    assert 'href="https://doi.org/10.1000/xyz%281%29%3C2%3E"' in text
    # Papers without any link keep a plain title.
    unlinked = [p for p in sample.papers if not p.links and not p.url and not p.doi]
    assert len(page.texts["title"]) == len(sample.papers)
    assert len(page.hrefs) == len(sample.papers) - len(unlinked)


def test_notes_and_abstracts_as_paragraphs(sample: Sample) -> None:
    without = html_writer.write(sample.papers, sample.options())
    text = html_writer.write(sample.papers, sample.options(include_abstracts=True))
    assert 'class="abstract"' not in without
    assert "<p>First line<br>Second line</p>" in without
    assert "<p>Line one.<br>Line two.</p>" in text
    abstracts = sum(1 for p in sample.papers if p.abstract.strip())
    assert text.count('<div class="abstract">') == abstracts > 100
    # A blank line in the note starts a new paragraph.
    assert "alert(2)&gt;</p><p># not a heading<br>- not a list<br>1. not numbered<br>" in text


def test_grouped_by_tag(sample: Sample) -> None:
    text = html_writer.write(sample.papers, sample.options(group_by="tag"))
    page = Page(text)
    tags = sorted({tag for p in sample.papers for tag in p.tags}, key=str.casefold)
    assert _headings(text) == [*tags, "Untagged"]
    assert page.elements["section"] == len(tags) + 1
    assert len(page.texts["mark"]) == sum(max(1, len(p.tags)) for p in sample.papers)


def test_grouped_by_digest(sample: Sample) -> None:
    papers = [*sample.papers, without_digest(sample.papers[0])]
    text = html_writer.write(papers, sample.options(group_by="digest"))
    assert _headings(text) == ["hostile <digest>.bib", "daily_papers_sep9.txt", "Other"]
    assert "<h2>hostile &lt;digest&gt;.bib</h2>" in text
    assert len(Page(text).texts["mark"]) == len(papers)


def test_title_empty_list_and_unknown_grouping() -> None:
    text = html_writer.write([], ExportOptions(title='Mine & "yours" <3'))
    assert "<title>Mine &amp; &quot;yours&quot; &lt;3</title>" in text
    assert "<h1>Mine &amp; &quot;yours&quot; &lt;3</h1>" in text
    assert "0 papers" in text
    Page(text)
    with pytest.raises(ValueError):
        html_writer.write([], ExportOptions(group_by="year"))


def test_only_http_links_become_hrefs() -> None:
    paper = Paper(
        id=1, key="k", title="T", authors=[], abstract="", arxiv_id=None, doi=None,
        url=" JavaScript:alert(1)", links=["data:text/html,<script>", "\x01http://x.org",
        "file:///etc/passwd", "//evil.example/x", "http:/nohost"], published="someday",
        added="2024-01-01", tags=[], notes="", read=False, starred=False, digests=[],
    )  # fmt: skip
    text = html_writer.write([paper], ExportOptions())
    assert Page(text).hrefs == []
    assert '<span class="title">T</span>' in text
    assert '<span class="date">someday</span>' in text


def _headings(text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", text)]
