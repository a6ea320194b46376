"""Links as sources write them, made into the URLs a browser opens.

Every link a reader produces passes through ``normalize_link`` (``identity.canonical_record``
applies it to each record's URL and links), so a paper never stores a link as written
when that is not a working URL:

- protocol-relative links (``//www.example.org/x``, as HTML and Markdown pages carry them)
  and bare ``www.`` hosts get ``https:``;
- TeX escapes (``\\_``, ``\\&``, ``\\%``, ``\\#``, ``\\~{}``, ``{\\_}``), the ``\\url{…}``
  wrapper and case-protecting braces, as BibTeX files write URLs, are undone;
- angle brackets (``<https://…>``) and surrounding spaces are dropped.

Anything else is kept as written: this is a repair, not the safety check. The safety
check is :func:`is_safe_link`, the one rule for every link Reading List opens, writes or
downloads. :func:`arxiv_url` and :func:`doi_url` build the links of an id, and
:data:`ARXIV_ID` / :data:`ARXIV_URL` / :data:`ARXIV_MENTION` are the one pattern of an arXiv
id, of an arXiv page and of an ``arXiv:ID`` mention in text.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_URL_WRAPPER = re.compile(r"^\\(?:url|href)\s*\{(.*?)\}(?:\{.*\})?$", re.DOTALL)
_TILDE = re.compile(r"\\(?:~\{\}|~|textasciitilde(?:\{\})?)")
_TEX_ESCAPE = re.compile(r"\{?\\([_&%#$])\}?")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_HOST_START = re.compile(r"^//[\w\[]")
_BARE_WWW = re.compile(r"^www\.[\w-]+\.", re.IGNORECASE)

# An arXiv id as arXiv issues them: new style ``YYMM.NNNNN`` (month 01-12) or old style
# ``archive(.XX)/YYMMNNN``, with an optional version.
ARXIV_ID = (
    r"(?:\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}"
    r"|[a-z][a-z-]*(?:\.[a-z]{2})?/\d{2}(?:0[1-9]|1[0-2])\d{3})(?:v\d{1,3})?"
)
# An arXiv abstract, PDF or HTML page; group 1 is the id.
ARXIV_URL = re.compile(rf"arxiv\.org/(?:abs|pdf|html)/({ARXIV_ID})", re.IGNORECASE)
# An id mentioned in text as ``arXiv:ID`` (any case, spaces around the colon); group 1 is
# the id. A longer number (``2509.012345``) or a word glued before ``arXiv`` is no mention.
ARXIV_MENTION = re.compile(rf"\barxiv\s*:\s*({ARXIV_ID})(?!\w|\.\d)", re.IGNORECASE)
WEB_SCHEMES = ("http", "https")
# C0 and C1 control characters and DEL: a browser drops or misreads them in a URL.
_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")
_DOI_KEEP = "/"  # everything else a DOI holds but letters, digits, "_.-~" is escaped


def is_safe_link(url: str | None) -> bool:
    """True for the only links Reading List opens, writes as links or downloads: an
    absolute ``http``/``https`` URL with a host, no user name or password in it, and no
    control character or backslash (surrounding spaces aside). ``javascript:``, ``file:``,
    ``data:``, relative links and ``http://user:pw@host`` are refused; an international
    domain name (IDN) is accepted."""
    text = (url or "").strip()
    if not text or _CONTROL_CHARACTER.search(text):
        return False
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # a malformed host such as an unclosed IPv6 bracket
        return False
    return (
        parts.scheme.lower() in WEB_SCHEMES
        and bool(host)
        and "@" not in parts.netloc
        and "\\" not in parts.netloc
        and not any(ch.isspace() for ch in parts.netloc)
    )


def arxiv_url(arxiv_id: str, page: str = "abs") -> str:
    """The arXiv ``page`` (``abs``, ``pdf`` or ``html``) of a paper."""
    return f"https://arxiv.org/{page}/{quote(arxiv_id.strip(), safe='/.')}"


def doi_url(doi: str) -> str:
    """The doi.org link that resolves a DOI."""
    return "https://doi.org/" + quote(doi.strip(), safe=_DOI_KEEP)


def arxiv_id_in_url(text: str | None) -> str | None:
    """The arXiv id (as written, version included) of the first arXiv page ``text`` links
    to, or None."""
    match = ARXIV_URL.search(text or "")
    return match.group(1) if match else None


def arxiv_ids_mentioned(text: str | None) -> list[str]:
    """The arXiv ids (as written, versions included) ``text`` mentions as ``arXiv:ID``,
    in order."""
    return [match.group(1) for match in ARXIV_MENTION.finditer(text or "")]


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
