"""Schema step: a DOI stored without the closing bracket it ends with gets it back.

Until this step, reading a DOI dropped every trailing ``)``, ``]`` and ``}`` as the text's
punctuation, so ``10.1061/(ASCE)0733-9399(2000)126:7(741)`` (ASCE's DOIs end so, as do
some SICI ones) was stored as ``10.1061/(asce)0733-9399(2000)126:7(741``, its paper key
and doi.org link with it. Such a DOI opens a bracket it never closes; now a closing bracket
is punctuation only when the DOI did not open it (``identity.trim_doi``).

Each such DOI is read again from what the paper kept of its source — its URL and links
(a ``doi.org`` address, a publisher URL holding the DOI) — when one of them holds the
stored DOI followed by the brackets it lost. Otherwise the open brackets are closed, the
innermost first: the old rule only ever removed trailing ``.,;)]}``, and of those only
closing brackets change the DOI that the new rule reads, so this gives what the new rule
would have read — unless the DOI itself ends inside an open bracket, which no registered
DOI we know of does (the papers changed are logged, with their old and new DOI).

A paper whose repaired DOI (or key) another paper already has is left as it was, and
logged: the two are the same paper, and merging them is the user's call. Every changed
paper is noted in ``changes`` so the search index catches up.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from urllib.parse import unquote

from readinglist.domain.identity import normalize_doi
from readinglist.storage.changes import bump_generation

logger = logging.getLogger(__name__)

_CLOSER = {"(": ")", "[": "]", "{": "}"}
# Only a DOI with an opening bracket can have lost its closer.
_CANDIDATES = """
SELECT id, key, doi, url, links FROM papers
WHERE doi IS NOT NULL AND (doi LIKE '%(%' OR doi LIKE '%[%' OR doi LIKE '%{%')
"""


def repair_dois(conn: sqlite3.Connection) -> None:
    """Give back the closing brackets the old DOI rule cut from stored DOIs."""
    changed: list[int] = []
    for paper_id, key, doi, url, links in conn.execute(_CANDIDATES).fetchall():
        missing = _unclosed(doi)
        if not missing:
            continue
        repaired = _from_source(doi, [url, *_links(links)]) or doi + missing
        new_key = f"doi:{repaired}" if key == f"doi:{doi}" else key
        taken = conn.execute(
            "SELECT id FROM papers WHERE id != ? AND (doi = ? OR key = ?)",
            (paper_id, repaired, new_key),
        ).fetchone()
        if taken:
            logger.warning(
                "DOI %s of paper %d not repaired: paper %d has %s",
                doi,
                paper_id,
                taken[0],
                repaired,
            )
            continue
        conn.execute(
            "UPDATE papers SET doi = ?, key = ? WHERE id = ?", (repaired, new_key, paper_id)
        )
        logger.info("paper %d: DOI %s repaired as %s", paper_id, doi, repaired)
        changed.append(paper_id)
    if changed:
        bump_generation(conn, changed)


def _unclosed(doi: str) -> str:
    """The closing brackets ``doi`` lacks, innermost first (``""`` when it lacks none)."""
    stack: list[str] = []
    for char in doi:
        if char in _CLOSER:
            stack.append(_CLOSER[char])
        elif stack and char == stack[-1]:
            stack.pop()
    return "".join(reversed(stack))


def _from_source(doi: str, texts: list[str | None]) -> str | None:
    """The DOI as the new rule reads it from the first of ``texts`` that holds ``doi``
    followed by closing brackets only."""
    for text in texts:
        if not text:
            continue
        found = normalize_doi(unquote(text) if "%" in text else text)
        lost = found[len(doi) :] if found and found.startswith(doi) else ""
        if lost and not lost.strip(")]}"):
            return found
    return None


def _links(stored: str | None) -> list[str]:
    try:
        links = json.loads(stored or "[]")
    except ValueError:
        return []
    return [link for link in links if isinstance(link, str)] if isinstance(links, list) else []
