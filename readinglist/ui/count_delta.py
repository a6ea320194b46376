"""What an edit changes in the sidebar's counts, and those counts after it.

A read, star or tag change knows which papers it turned, so the counts shown can follow it
without recounting a library of 100,000 papers on the GUI thread: ``CountsDelta`` says by
how much each count moves, ``applied`` gives the library's counts and digests after it.
(Pure Python: the sidebar applies it, tests compare it with a fresh count.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from readinglist.domain.entities import Digest, LibraryStats

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def nocase(name: str) -> str:
    """A tag name as SQLite's NOCASE compares it (ASCII letters folded, nothing else)."""
    return name.translate(_ASCII_LOWER)


@dataclass(frozen=True, slots=True)
class CountsDelta:
    """How the sidebar's counts move: papers read and starred, papers per tag (by name),
    papers read per digest (by id). An empty delta changes nothing."""

    read: int = 0
    starred: int = 0
    tags: Mapping[str, int] = field(default_factory=dict)
    digest_reads: Mapping[int, int] = field(default_factory=dict)

    def reversed(self) -> CountsDelta:
        """The delta of the undo."""
        return CountsDelta(
            -self.read,
            -self.starred,
            {name: -n for name, n in self.tags.items()},
            {digest: -n for digest, n in self.digest_reads.items()},
        )

    def __bool__(self) -> bool:
        return bool(self.read or self.starred or any(self.tags.values())) or any(
            self.digest_reads.values()
        )


def flag_delta(flag: str, value: bool, turned: int, tally: Mapping[int, int]) -> CountsDelta:
    """``turned`` papers got ``flag`` set to ``value``; ``tally``: how many of them each
    digest holds (only read counts per digest are shown)."""
    sign = 1 if value else -1
    if flag == "read":
        return CountsDelta(read=sign * turned, digest_reads={d: sign * n for d, n in tally.items()})
    if flag == "starred":
        return CountsDelta(starred=sign * turned)
    return CountsDelta()  # "Not interested" is counted by no sidebar entry


def tag_delta(name: str, papers: int) -> CountsDelta:
    """``papers`` more papers carry tag ``name`` (fewer when negative)."""
    return CountsDelta(tags={name: papers}) if papers else CountsDelta()


def applied(
    stats: LibraryStats, digests: Sequence[Digest], delta: CountsDelta
) -> tuple[LibraryStats, list[Digest]]:
    """The counts and digests after ``delta`` (tags in the library's order: by name, case
    folded as SQLite's NOCASE; a tag no paper carries any more is gone)."""
    read = stats.read + delta.read
    tags = dict(stats.tags)
    if delta.tags:
        spelled = {nocase(name): name for name in tags}
        for name, n in delta.tags.items():
            known = spelled.setdefault(nocase(name), name)
            tags[known] = tags.get(known, 0) + n
            if tags[known] <= 0:
                del tags[known]
                del spelled[nocase(name)]
        tags = dict(sorted(tags.items(), key=lambda item: nocase(item[0])))
    new_stats = dataclasses.replace(
        stats,
        read=read,
        unread=stats.papers - read,
        starred=stats.starred + delta.starred,
        tags=tags,
    )
    moved = delta.digest_reads
    new_digests = [
        dataclasses.replace(d, read_count=d.read_count + moved[d.id]) if d.id in moved else d
        for d in digests
    ]
    return new_stats, new_digests
