"""The data the rest of the app passes around: records read from digests, stored papers,
digests (one per import) and import reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class SavedAnnotations:
    """The user's annotations as a Reading List backup carries them, restored on import."""

    tags: list[str] = field(default_factory=list)
    notes: str = ""
    read: bool = False
    starred: bool = False
    added: str | None = None
    dismissed: bool = False


@dataclass(slots=True)
class Membership:
    """A paper's place in one of the digests a backup carries."""

    digest_key: str
    position: int
    announce_type: str | None = None


@dataclass(slots=True)
class SavedDigest:
    """A digest as a Reading List backup carries it; ``key`` links papers to it."""

    key: str
    source_name: str
    format: str
    date: str | None
    imported_at: str
    content_sha256: str


@dataclass(slots=True)
class PaperRecord:
    """One paper as a reader found it in a digest, before it meets the library.

    Only ``title`` or an id is required; every other field may be empty. Dates are ISO
    strings (``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when that is all the source says).
    """

    title: str = ""
    abstract: str = ""
    authors: list[str] = field(default_factory=list)
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None
    links: list[str] = field(default_factory=list)
    published: str | None = None
    announce_type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Tags the source gives the paper (JabRef groups); only a new paper receives them.
    tags: list[str] = field(default_factory=list)
    # Only a Reading List backup fills these two.
    saved: SavedAnnotations | None = None
    memberships: list[Membership] = field(default_factory=list)

    def has_identity(self) -> bool:
        """True when the record names a paper at all (a title or an id)."""
        return bool(self.title.strip() or self.arxiv_id or self.doi)


@dataclass(slots=True)
class ParsedDigest:
    """What a reader returns for one file: its records and what the file says about itself."""

    format: str
    records: list[PaperRecord]
    date: str | None = None
    skipped: int = 0
    # A Reading List backup restores its own digests instead of becoming one.
    is_backup: bool = False
    saved_digests: list[SavedDigest] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        fmt: str,
        candidates: Iterable[PaperRecord],
        *,
        date: str | None = None,
        skipped: int = 0,
    ) -> ParsedDigest:
        """Keep the records that name a paper (a title or an id); count the rest as skipped."""
        records: list[PaperRecord] = []
        for record in candidates:
            if record.has_identity():
                records.append(record)
            else:
                skipped += 1
        return cls(format=fmt, records=records, date=date, skipped=skipped)


@dataclass(slots=True)
class Paper:
    """A paper in the library, with the user's annotations."""

    id: int
    key: str
    title: str
    authors: list[str]
    abstract: str
    arxiv_id: str | None
    doi: str | None
    url: str | None
    links: list[str]
    published: str | None
    added: str
    tags: list[str]
    notes: str
    read: bool
    starred: bool
    digests: list[int]
    extra: dict[str, Any] = field(default_factory=dict)
    dismissed: bool = False  # "Not interested"

    def to_json(self) -> dict[str, Any]:
        """The paper as the command line's ``--json`` prints it."""
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "authors": list(self.authors),
            "abstract": self.abstract,
            "arxiv_id": self.arxiv_id,
            "doi": self.doi,
            "url": self.url,
            "links": list(self.links),
            "published": self.published,
            "added": self.added,
            "tags": list(self.tags),
            "notes": self.notes,
            "read": self.read,
            "starred": self.starred,
            "digests": list(self.digests),
            "extra": dict(self.extra),
            "dismissed": self.dismissed,
        }


@dataclass(slots=True)
class Digest:
    """One import: a file (or paste, or URL) and the papers it brought."""

    id: int
    source_name: str
    format: str
    date: str | None
    paper_count: int
    imported_at: str
    read_count: int = 0
    content_sha256: str = ""

    def to_json(self) -> dict[str, Any]:
        """The digest as ``readinglist digests --json`` prints it."""
        return {
            "id": self.id,
            "source_name": self.source_name,
            "format": self.format,
            "date": self.date,
            "paper_count": self.paper_count,
            "read_count": self.read_count,
            "imported_at": self.imported_at,
        }


@dataclass(slots=True)
class ImportReport:
    """The outcome of importing one file: counts, or the error that stopped it."""

    source: str
    format: str | None = None
    digest_id: int | None = None
    new: int = 0
    merged: int = 0
    unchanged: int = 0
    skipped: int = 0
    error: str | None = None
    # Records naming a paper already seen earlier in the same file.
    duplicates: int = 0
    # (record's title, stored paper's title) for each merge made on a near-identical title.
    fuzzy_merges: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file was imported (even if it brought nothing new)."""
        return self.error is None

    @property
    def total(self) -> int:
        """Papers the file held (new, merged and unchanged)."""
        return self.new + self.merged + self.unchanged

    def details(self) -> list[str]:
        """What the counts do not say: duplicates inside the file, merges on a near title."""
        lines = []
        if self.duplicates:
            noun = "duplicate" if self.duplicates == 1 else "duplicates"
            lines.append(f"{self.duplicates} {noun} within the file")
        lines += [f"merged '{title}' into '{into}'" for title, into in self.fuzzy_merges]
        return lines

    def to_json(self) -> dict[str, Any]:
        """The report as ``readinglist import --json`` prints it."""
        return {
            "source": self.source,
            "ok": self.ok,
            "format": self.format,
            "digest_id": self.digest_id,
            "new": self.new,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "fuzzy_merges": [{"title": t, "into": into} for t, into in self.fuzzy_merges],
            "error": self.error,
        }


@dataclass(slots=True)
class PaperQuery:
    """A filter over the library, as the ``list`` command and the sidebar express it."""

    tag: str | None = None
    read: bool | None = None
    starred: bool | None = None
    digest_id: int | None = None
    limit: int | None = None
    offset: int = 0
    order: str = "added"


@dataclass(slots=True)
class LibraryStats:
    """Counts for the ``stats`` command and the sidebar."""

    papers: int
    read: int
    unread: int
    starred: int
    digests: int
    tags: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        """The counts as ``readinglist stats --json`` prints them."""
        return {
            "papers": self.papers,
            "read": self.read,
            "unread": self.unread,
            "starred": self.starred,
            "digests": self.digests,
            "tags": dict(self.tags),
        }


@dataclass(slots=True)
class SearchHit:
    """One search result: the paper, its score, and escaped text with <mark>ed terms."""

    paper: Paper
    score: float
    highlights: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The hit as ``readinglist search --json`` prints it."""
        return {**self.paper.to_json(), "score": self.score, "highlights": dict(self.highlights)}


@dataclass(slots=True)
class SearchResults:
    """Results of a query: how many matched, the requested page of hits, and a corrected
    query when nothing matched. ``from_index`` is False while the index is being built
    and the database answered instead."""

    total: int
    hits: list[SearchHit]
    did_you_mean: str | None = None
    from_index: bool = True

    def to_json(self) -> dict[str, Any]:
        """The results as ``readinglist search --json`` prints them."""
        return {
            "total": self.total,
            "results": [hit.to_json() for hit in self.hits],
            "did_you_mean": self.did_you_mean,
        }


@dataclass(slots=True)
class PaperRow:
    """What the paper list shows of a paper: light enough to hold 100,000 in memory."""

    id: int
    title: str
    authors: str  # for display: "Ada Lovelace", "A, B" or "A et al."
    published: str | None
    added: str
    tags: list[str]
    digest: str
    read: bool
    starred: bool
    score: float | None = None  # "For you" (0..1), set by the window; None: not ranked


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How to write an exported reading list.

    ``group_by`` is "none", "tag" or "digest" (Markdown and HTML headings);
    ``digest_names`` maps digest ids to their source names for display; ``title`` heads
    the document where the format has room for one.
    """

    group_by: str = "none"
    include_abstracts: bool = False
    digest_names: dict[int, str] = field(default_factory=dict)
    title: str = "Reading list"
