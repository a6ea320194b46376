"""Choosing what to export (everything, a search, a tag, a digest or a selection) and
handing those papers to the format's writer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from readinglist.domain.entities import Digest, ExportOptions, Paper, PaperQuery
from readinglist.domain.errors import InvalidInputError
from readinglist.formats.writers import BACKUP_FORMAT, WRITERS


class ExportSource(Protocol):
    """What an export reads from the library (``Library`` provides it)."""

    def digest(self, digest_id: int) -> Digest: ...
    def digests(self) -> list[Digest]: ...
    def matching_ids(self, text: str, *, as_you_type: bool = ...) -> set[int]: ...
    def export_backup(self, paper_ids: Sequence[int] | None = ...) -> str: ...
    def papers_by_ids(self, ids: Sequence[int]) -> list[Paper]: ...
    def paper_ids(self, query: PaperQuery | None = ...) -> list[int]: ...
    def paper_batches(self, ids: Sequence[int], light: bool = ...) -> Iterator[list[Paper]]: ...
    def digest_places(
        self, ids: Sequence[int]
    ) -> Mapping[int, Sequence[tuple[int, int, str | None]]]: ...


@dataclass(frozen=True, slots=True)
class ExportScope:
    """Which papers: all of them, or those of a query, a tag, a digest or given ids.
    Several criteria combine (AND); papers keep the library's order (newest first)."""

    query: str | None = None
    tag: str | None = None
    digest_id: int | None = None
    paper_ids: Sequence[int] | None = None


def export_text(
    library: ExportSource, fmt: str, scope: ExportScope, options: ExportOptions | None = None
) -> str:
    """The exported file's text."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise InvalidInputError(f"unknown export format {fmt!r} (use {', '.join(WRITERS)})")
    ids = scoped_ids(library, scope)
    if fmt == BACKUP_FORMAT or writer.write is None:
        return library.export_backup(ids)
    names = {digest.id: digest.source_name for digest in library.digests()}
    chosen = replace(options or ExportOptions(), digest_names=names)
    return writer.write(library.papers_by_ids(ids), chosen)


def scoped_ids(library: ExportSource, scope: ExportScope) -> list[int]:
    """The ids of the papers in ``scope``, newest import first."""
    if scope.digest_id is not None:
        library.digest(scope.digest_id)  # an unknown digest is an error
    query = PaperQuery(tag=scope.tag, digest_id=scope.digest_id)
    ordered = library.paper_ids(query if scope.tag or scope.digest_id else PaperQuery())
    allowed: set[int] | None = None
    if scope.query:
        allowed = library.matching_ids(scope.query, as_you_type=False)
    if scope.paper_ids is not None:
        chosen = set(scope.paper_ids)
        allowed = chosen if allowed is None else allowed & chosen
    return [pid for pid in ordered if allowed is None or pid in allowed]
