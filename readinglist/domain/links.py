"""Links as sources write them, made into the URLs a browser opens.

Every link a reader produces passes through ``normalize_link`` (``identity.canonical_record``
applies it to each record's URL and links), so a paper never stores a link as written
when that is not a working URL:

- protocol-relative links (``//www.example.org/x``, as HTML and Markdown pages carry them)
  and bare ``www.`` hosts get ``https:``;
- TeX escapes (``\\_``, ``\\&``, ``\\%``, ``\\#``, ``\\~{}``, ``{\\_}``), the ``\\url{…}``
  wrapper and case-protecting braces, as BibTeX files write URLs, are undone;
- angle brackets (``<https://…>``) and surrounding spaces are dropped.

Anything else is kept as written: this is a repair, not the safety check (writers and the
window open only http(s) links, see ``formats.listing.safe_url``).
"""

from __future__ import annotations

import re

_URL_WRAPPER = re.compile(r"^\\(?:url|href)\s*\{(.*?)\}(?:\{.*\})?$", re.DOTALL)
_TILDE = re.compile(r"\\(?:~\{\}|~|textasciitilde(?:\{\})?)")
_TEX_ESCAPE = re.compile(r"\{?\\([_&%#$])\}?")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_HOST_START = re.compile(r"^//[\w\[]")
_BARE_WWW = re.compile(r"^www\.[\w-]+\.", re.IGNORECASE)


def normalize_link(text: str) -> str:
    """The URL ``text`` means: ``https:`` added to ``//host`` and ``www.`` links, TeX
    escapes and braces undone, brackets and spaces stripped; '' for an empty link."""
    link = text.strip().strip("<>").strip()
    if "\\" in link or "{" in link:
        link = _untex(link)
    if _SCHEME.match(link):
        return link
    if _HOST_START.match(link):
        return "https:" + link
    if _BARE_WWW.match(link):
        return "https://" + link
    return link


def _untex(link: str) -> str:
    wrapped = _URL_WRAPPER.match(link)
    if wrapped:
        link = wrapped.group(1).strip()
    link = _TILDE.sub("~", link)
    link = _TEX_ESCAPE.sub(r"\1", link)
    if _SCHEME.match(link) or link.startswith(("//", "www.")):
        link = link.replace("{", "").replace("}", "")
    return link
