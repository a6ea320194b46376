"""A fixed small set of real arXiv papers (read from shared/datasets) for the "For you"
tests: the first papers of a few well separated categories, in the file's order."""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from tests.conftest import PROJECT_ROOT

DATASET = PROJECT_ROOT.parent / "shared" / "datasets" / "arxiv_sample_2014_2019.jsonl.gz"
VISION = "cs.CV"
OTHERS = ("cs.CL", "cs.CR", "q-bio.PE", "cs.NI")
PER_CATEGORY = 30


@functools.cache
def small_set() -> tuple[tuple[str, dict[str, object]], ...]:
    """(category, paper) pairs: ``PER_CATEGORY`` papers of cs.CV and of each of OTHERS."""
    wanted = {VISION: PER_CATEGORY, **dict.fromkeys(OTHERS, PER_CATEGORY)}
    found: list[tuple[str, dict[str, object]]] = []
    with gzip.open(DATASET, "rt", encoding="utf-8") as lines:
        for line in lines:
            paper = json.loads(line)
            primary = paper["categories"][0]
            if wanted.get(primary, 0) > 0:
                wanted[primary] -= 1
                found.append((primary, paper))
            if not any(wanted.values()):
                break
    return tuple(found)


def import_small_set(library: Library) -> dict[int, str]:
    """Import the set as one digest; return each paper id's category."""
    pairs = small_set()
    records = [
        PaperRecord(
            title=str(p["title"]),
            abstract=str(p["abstract"]),
            authors=list(p["authors"]),  # type: ignore[call-overload]
            arxiv_id=str(p["arxiv_id"]),
            published=str(p["published"]),
        )
        for _, p in pairs
    ]
    library.import_records(records, "arxiv-sample")
    category = {str(p["arxiv_id"]): c for c, p in pairs}
    return {paper.id: category[paper.arxiv_id or ""] for paper in library.papers()}


def held_out(category: str, n: int) -> list[dict[str, object]]:
    """``n`` papers of ``category`` that come after those of the small set (not in it)."""
    skip, found = PER_CATEGORY, []
    with gzip.open(DATASET, "rt", encoding="utf-8") as lines:
        for line in lines:
            paper = json.loads(line)
            if paper["categories"][0] != category:
                continue
            if skip:
                skip -= 1
                continue
            found.append(paper)
            if len(found) == n:
                break
    return found


def write_csl_json(path: Path, papers: list[dict[str, object]]) -> Path:
    """A CSL-JSON digest of these dataset papers (as a reference manager exports it)."""
    items = [
        {
            "id": str(p["arxiv_id"]),
            "type": "article",
            "title": p["title"],
            "abstract": p["abstract"],
            "author": [{"literal": name} for name in p["authors"]],  # type: ignore[attr-defined]
            "URL": f"https://arxiv.org/abs/{p['arxiv_id']}",
        }
        for p in papers
    ]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path
