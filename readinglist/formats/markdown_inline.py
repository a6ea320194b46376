"""Markdown inline markup for the digest reader: links, emphasis, dates, paper ids in URLs.

Shared by the item, table and heading readers (``markdown_items``, ``markdown_tables``,
``markdown_headings``). Badges (``[![arXiv](badge.svg)](https://arxiv.org/abs/ID)``) become
plain links labelled with their alt text; other images are dropped, so a badge's picture
is never taken for a link. Other HTML stays the text it is.
"""

from __future__ import annotations

import re
from datetime import date

from readinglist.domain.identity import normalize_arxiv_id
from readinglist.domain.links import arxiv_id_in_url
from readinglist.formats.text_utils import find_links

LINK = re.compile(
    r"!?\[((?:\\.|[^\[\]\n\\]){0,2000})\]\(\s*<?(https?://[^\s)<>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)"
)
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
# The span never crosses its own delimiter, so a line full of stray ``*`` stays linear.
ITALIC = re.compile(r"(?<![*\w\\])([*_])(?![*_\s])((?:(?!\1)[^\n]){1,3000}?)(?<![\s\\])\1(?![*\w])")
DATE = re.compile(r"(?<![\d.])(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?![\d.])")
ANCHOR_LINK = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\]){0,300})\]\(#[^)\s]*\)")
_BADGE = re.compile(
    r"\[!\[([^\[\]\n]{0,200})\]\(\s*https?://[^\s)]+\s*\)\]\(\s*(https?://[^\s)<>]+)\s*\)"
)
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\(\s*[^\s)]*\s*(?:\"[^\"\n]*\"\s*)?\)")
_HTML_IMAGE = re.compile(r"(?<![\\`])<img\b[^<>\n]{0,2000}(?<!\\)>", re.IGNORECASE)
_BREAK = re.compile(r"(?<![\\`])<br\s*/?>", re.IGNORECASE)
_MARKUP_CHARS = re.compile(r"[\[*_`\\\x00]")
_LONGEST_LABEL = 60
_ASCII_URL = re.compile(r"[!-~]+")
_ESCAPE = re.compile(r"\\([\\`*_|\[\]#<>&])")  # what our own Markdown export escapes
_KEPT = re.compile("\x00(\\d+)\x00")
_HF_PAPER_URL = re.compile(r"huggingface\.co/papers/([^?#\s]+)", re.IGNORECASE)
_ID_TEXT = re.compile(
    r"^(?:arxiv:\s*)?(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE
)
PAPER_HOSTS = (
    "arxiv.org", "doi.org", "openreview.net", "aclanthology.org", "aclweb.org/anthology",
    "huggingface.co/papers/",
)  # fmt: skip
LABEL_WORDS = frozenset({
    "pdf", "paper", "code", "link", "arxiv", "project", "project page", "github", "abs", "html",
    "website", "homepage", "null", "none", "n/a", "demo", "video", "slides", "blog", "data",
    "dataset", "datasets", "model", "hf", "huggingface", "hugging face", "-", "repo", "url",
    "read more", "here", "openreview", "doi", "poster", "page",
})  # fmt: skip
# Labels of a link that points at the paper itself (not at its code or data).
PAPER_LABELS = frozenset({"pdf", "paper", "abs", "arxiv", "html", "openreview", "doi"})


def clean_images(text: str) -> str:
    """Badges become links labelled with their alt text, other images go, ``<br>`` becomes
    a line break. Any other HTML is text as written (shown as text, never rendered)."""
    if "![" in text:
        text = _BADGE.sub(lambda m: f"[{m.group(1)}]({m.group(2)})", text)
        text = _IMAGE.sub(" ", text)
    if "<" in text:
        text = _HTML_IMAGE.sub(" ", _BREAK.sub("\n", text))
    return text


def inline_text(text: str) -> str:
    """Inline markup reduced to its text: links to their text, no emphasis or code marks."""
    if not _MARKUP_CHARS.search(text):
        return " ".join(text.split())
    text = LINK.sub(lambda m: m.group(1), text.replace("\x00", ""))
    escaped: list[str] = []  # escaped characters are text: set aside before markup goes

    def set_aside(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = _ESCAPE.sub(set_aside, text)
    text = text.replace("**", "").replace("`", "")
    if "*" in text or "_" in text:
        text = ITALIC.sub(lambda m: m.group(2), text)
    if "\x00" in text:
        text = _KEPT.sub(lambda m: escaped[int(m.group(1))], text)
    return " ".join(text.split())


def is_label(text: str) -> bool:
    """A link text such as ``PDF``, ``[code]``, an id or a URL: not a title."""
    if len(text) > _LONGEST_LABEL and "://" not in text:
        return False
    plain = inline_text(text).strip(" :[]()").casefold()
    return (
        not plain
        or plain in LABEL_WORDS
        or bool(_ID_TEXT.match(plain))
        or "://" in plain
        or (
            len(plain.split()) <= 4  # "code & model", "blog in Chinese", "project papge"
            and plain.startswith(("code ", "project ", "blog ", "model", "dataset"))
        )
    )


def is_paper_label(text: str) -> bool:
    """A link label that names the paper itself (``pdf``, ``paper``, ``abs`` ...)."""
    plain = inline_text(text).strip(" :[]()").casefold()
    return plain in PAPER_LABELS or bool(_ID_TEXT.match(plain))


def is_date(text: str) -> bool:
    match = DATE.search(text)
    return match is not None and len(text.strip(" *_,")) == len(match.group(0))


def iso_date(match: re.Match[str]) -> str | None:
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


def arxiv_from_url(url: str) -> str | None:
    """The arXiv id in an arXiv URL or a ``huggingface.co/papers/ID`` page."""
    on_arxiv = arxiv_id_in_url(url)
    if on_arxiv:
        return normalize_arxiv_id(on_arxiv)
    match = _HF_PAPER_URL.search(url)
    if not match:
        return None
    return normalize_arxiv_id(match.group(1).removesuffix(".pdf"))


def is_paper_url(url: str | None) -> bool:
    return url is not None and any(host in url.lower() for host in PAPER_HOSTS)


def bare_urls(text: str) -> list[str]:
    """URLs written out in the text, outside Markdown links; a URL run into text in a
    script without spaces (``https://github.com/x上开源``) ends where that text begins."""
    if "://" not in text:
        return []
    urls = []
    for url in find_links(LINK.sub(" ", text)):
        ascii_part = _ASCII_URL.match(url)
        if ascii_part and ascii_part.end() < len(url):
            url = ascii_part.group(0).rstrip(".,;:!?'\"")
        if len(url) > len("https://") and url not in urls:
            urls.append(url)
    return urls
