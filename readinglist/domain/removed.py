"""Papers the user removed, kept whole so that undo puts them back exactly as they were."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]  # one stored row: column name -> value


@dataclass(frozen=True)
class RemovedPapers:
    """Everything the library held of some papers when they were removed: the paper rows
    (id and ``added`` time included, so the list shows them where they were), their
    annotations, digest memberships with positions, and tag names."""

    papers: tuple[Row, ...] = ()
    annotations: tuple[Row, ...] = ()
    memberships: tuple[Row, ...] = ()
    tags: tuple[tuple[int, str], ...] = field(default=())  # (paper id, tag name)

    @property
    def ids(self) -> list[int]:
        """The removed papers' ids, in the order they were asked to be removed."""
        return [int(row["id"]) for row in self.papers]


@dataclass(frozen=True)
class RemovedDigest:
    """A removed digest kept whole: its row (id included), every paper's place in it (the
    papers other digests hold or the user annotated stay in the library but lose the
    place), and the papers only it held (``papers``), which were deleted with it."""

    digest: Row
    places: tuple[Row, ...] = ()
    papers: RemovedPapers = field(default_factory=RemovedPapers)

    @property
    def ids(self) -> list[int]:
        """Every paper the digest held, in digest order."""
        ordered = sorted(self.places, key=lambda row: int(row["position"]))
        return [int(row["paper_id"]) for row in ordered]
