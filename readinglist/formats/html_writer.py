"""A reading list as one self-contained, printable HTML page.

The page holds the same content and grouping as the Markdown list (see
``listing.groups``): a heading per group, then one list item per paper with ☑ (read) or
☐ (unread), ★ when starred, the title linked to the paper, the first authors, the date,
tags as small labels, and the notes (and abstracts, when asked for) as paragraphs whose
line breaks are kept.

Safety: every string from a digest or the user goes through ``html.escape(quote=True)``;
only http(s) URLs become ``href``s (anything else leaves the title unlinked); the page has
no scripts, no event attributes, and no resource of its own outside the file (CSS is
inline), and a Content-Security-Policy forbids loading any script, image or font anyway.
Opened from disk or printed, it looks the same on every machine, light or dark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from html import escape

from readinglist.domain.entities import ExportOptions, Paper
from readinglist.formats.listing import (
    author_line,
    groups,
    one_line,
    paper_link,
    paragraphs,
)
from readinglist.formats.paper_batches import PaperBatches, grouped, paper_facts

FORMAT = "html"
LABEL = "HTML reading list (printable page)"
EXTENSION = ".html"

_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

CSS = """
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #ffffff; --muted: #5f6368;
  --line: #d9d9de; --accent: #1a5fb4; --tag-bg: #eef1f6; --note-bg: #fff8e1;
  --star: #c88a00; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8ea; --bg: #1b1b1f; --muted: #a0a4ab; --line: #3a3a40;
    --accent: #8ab4f8; --tag-bg: #2c2f36; --note-bg: #2e2a1f; --star: #f2c14e; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 2rem 1.25rem; color: var(--fg);
  background: var(--bg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
  "Noto Sans", "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .25rem;
  border-bottom: 1px solid var(--line); }
.summary { color: var(--muted); margin: 0 0 1.5rem; }
ul.papers { list-style: none; margin: 0; padding: 0; }
li.paper { padding: .6rem 0; border-bottom: 1px solid var(--line); }
.mark { display: inline-block; width: 1.3em; }
.star { color: var(--star); }
.title { font-weight: 600; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.meta { color: var(--muted); font-size: .9rem; }
.tag { display: inline-block; font-size: .75rem; padding: 0 .45em; margin: 0 .2em .1em 0;
  border-radius: .6em; background: var(--tag-bg); color: var(--fg); }
.notes, .abstract { margin: .4rem 0 0 1.3em; font-size: .95rem; }
.notes { background: var(--note-bg); border-left: 3px solid var(--star);
  padding: .3rem .6rem; }
.abstract { color: var(--muted); }
.notes p, .abstract p { margin: .2rem 0; overflow-wrap: anywhere; }
.label { font-weight: 600; font-size: .8rem; text-transform: uppercase;
  letter-spacing: .04em; }
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #333; --line: #bbb; --accent: #000;
    --tag-bg: #fff; --note-bg: #fff; --star: #000; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  li.paper { break-inside: avoid; }
  .tag { border: 1px solid #888; }
  a.title::after { content: " <" attr(href) ">"; font-weight: normal; font-size: 8pt;
    overflow-wrap: anywhere; }
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def write(papers: Sequence[Paper], options: ExportOptions) -> str:
    """The HTML page of ``papers``, grouped as ``options.group_by`` says."""
    out = _head(options, _summary(papers))
    rendered: dict[int, str] = {}  # a paper under several tags or digests is rendered once
    for heading, members in groups(papers, options):
        out.append("<section>")
        if heading is not None:
            out.append(f"<h2>{_text(heading)}</h2>")
        out.append('<ul class="papers">')
        for paper in members:
            item = rendered.get(id(paper))
            if item is None:
                item = rendered[id(paper)] = _item(paper, options.include_abstracts)
            out.append(item)
        out += ["</ul>", "</section>"]
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def stream(papers: PaperBatches, options: ExportOptions) -> Iterator[str]:
    """The text :func:`write` gives, in chunks, reading the papers a batch at a time (after
    a first pass for the summary and the groups)."""
    facts = paper_facts(papers)
    read = sum(1 for fact in facts if fact.read)
    starred = sum(1 for fact in facts if fact.starred)
    summary = _summary_text(len(facts), read, starred)
    sections = grouped(papers, options, facts)
    yield "".join(line + "\n" for line in _head(options, summary))
    for heading, members in sections:
        title = f"<h2>{_text(heading)}</h2>\n" if heading is not None else ""
        yield f'<section>\n{title}<ul class="papers">\n'
        for batch in members:
            yield "".join(_item(paper, options.include_abstracts) + "\n" for paper in batch)
        yield "</ul>\n</section>\n"
    yield "</main>\n</body>\n</html>\n"


def _head(options: ExportOptions, summary: str) -> list[str]:
    """The page's lines up to and including the summary under its title."""
    title = _text(options.title) or "Reading list"
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{title}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{title}</h1>",
        f'<p class="summary">{summary}</p>',
    ]


def _text(text: str) -> str:
    """One line of user or imported text, escaped for HTML content or attributes."""
    return escape(one_line(text), quote=True)


def _summary(papers: Sequence[Paper]) -> str:
    read = sum(1 for paper in papers if paper.read)
    starred = sum(1 for paper in papers if paper.starred)
    return _summary_text(len(papers), read, starred)


def _summary_text(count: int, read: int, starred: int) -> str:
    noun = "paper" if count == 1 else "papers"
    return f"{count} {noun} · {read} read · {starred} starred"


def _item(paper: Paper, include_abstract: bool) -> str:
    classes = "paper" + (" read" if paper.read else "") + (" starred" if paper.starred else "")
    mark = (
        '<span class="mark" title="read">☑</span>'
        if paper.read
        else '<span class="mark" title="unread">☐</span>'
    )
    parts = [f'<li class="{classes}">', mark]
    if paper.starred:
        parts.append('<span class="star" title="starred">★</span> ')
    title = _text(paper.title or paper.arxiv_id or paper.doi or "") or "(untitled)"
    link = paper_link(paper)
    if link:
        href = escape(link, quote=True)
        parts.append(f'<a class="title" href="{href}" rel="noreferrer">{title}</a>')
    else:
        parts.append(f'<span class="title">{title}</span>')
    meta = _meta(paper)
    if meta:
        parts.append(f'<br><span class="meta">{meta}</span>')
    parts.append(_block("notes", "Notes", paper.notes))
    if include_abstract:
        parts.append(_block("abstract", "Abstract", paper.abstract))
    parts.append("</li>")
    return "".join(parts)


def _meta(paper: Paper) -> str:
    """Authors, date and tag labels, separated by middle dots."""
    details = []
    authors = author_line(paper)
    if authors:
        details.append(f'<span class="authors">{escape(authors, quote=True)}</span>')
    published = one_line(paper.published or "")
    if published:
        value = escape(published, quote=True)
        if _ISO_DATE.match(published):
            details.append(f'<time datetime="{value}">{value}</time>')
        else:
            details.append(f'<span class="date">{value}</span>')
    tags = "".join(
        f'<span class="tag">{escape(tag, quote=True)}</span>'
        for tag in dict.fromkeys(map(one_line, paper.tags))
        if tag
    )
    if tags:
        details.append(f'<span class="tags">{tags}</span>')
    return " · ".join(details)


def _block(css_class: str, label: str, text: str) -> str:
    """Text as labelled paragraphs with ``<br>`` for its line breaks ("" when empty)."""
    found = paragraphs(text)
    if not found:
        return ""
    body = "".join(
        "<p>" + "<br>".join(escape(line, quote=True) for line in lines) + "</p>" for lines in found
    )
    return f'<div class="{css_class}"><span class="label">{label}</span>{body}</div>'
