"""The papers of a streamed export, read a batch at a time, and the line sink the
reading-list writers share.

A streaming writer never holds every paper: it is given the papers' ids in order and a
function that loads papers by id, and walks them in batches — as often as it needs (a
first pass, over light papers, for what the file's head depends on: citation keys,
groups, counts). Memory then holds one batch of papers plus small per-paper facts (an id,
a key), whatever the size of the library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from readinglist.domain.entities import ExportOptions, Paper
from readinglist.formats.listing import groups

BATCH_SIZE = 500

# (ids, light) -> the papers found, in that order, a list at a time; light papers carry
# only id, key, title, first author, dates, tags, digests, read and starred.
Loader = Callable[[Sequence[int], bool], Iterable[Sequence[Paper]]]
Report = Callable[[int], None]


class PaperBatches:
    """Papers by id, in the given order, read by ``load`` (see ``Loader``) a list (a
    batch) at a time.

    ``report``, when given, is called with the number of papers of each batch a writing
    pass reads (:meth:`light` gives a first pass that reports nothing)."""

    def __init__(
        self,
        ids: Sequence[int],
        load: Loader,
        report: Report | None = None,
        *,
        light: bool = False,
    ) -> None:
        self.ids = ids
        self._load = load
        self._report = report
        self._light = light

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[Sequence[Paper]]:
        """One pass over the papers, a batch at a time."""
        for batch in self._load(self.ids, self._light):
            if self._report is not None:
                self._report(len(batch))
            yield batch

    def papers(self) -> Iterator[Paper]:
        """One pass over the papers, one at a time (still read in batches)."""
        for batch in self:
            yield from batch

    def subset(self, ids: Sequence[int]) -> PaperBatches:
        """The papers with these ids (a group of the export), read the same way."""
        return PaperBatches(ids, self._load, self._report)

    def light(self) -> PaperBatches:
        """The same papers as light papers (see ``Loader``), for a first pass that
        reports no progress."""
        return PaperBatches(self.ids, self._load, light=True)

    @classmethod
    def of(cls, papers: Sequence[Paper], size: int = BATCH_SIZE) -> PaperBatches:
        """Papers already in memory, handed out ``size`` at a time (tests, small exports)."""
        by_id = {paper.id: paper for paper in papers}

        def load(ids: Sequence[int], light: bool) -> Iterator[list[Paper]]:
            for start in range(0, len(ids), size):
                yield [by_id[paper_id] for paper_id in ids[start : start + size]]

        return cls([paper.id for paper in papers], load)


@dataclass(frozen=True, slots=True)
class PaperFacts:
    """What a reading list's head and headings need of a paper, kept for every paper of a
    streamed export while the papers themselves are read again batch by batch."""

    id: int
    tags: list[str]
    digests: list[int]
    read: bool
    starred: bool


def paper_facts(papers: PaperBatches) -> list[PaperFacts]:
    """A first pass over ``papers``: the facts of each, in order."""
    return [
        PaperFacts(paper.id, list(paper.tags), list(paper.digests), paper.read, paper.starred)
        for paper in papers.light().papers()
    ]


def grouped(
    papers: PaperBatches, options: ExportOptions, facts: list[PaperFacts] | None = None
) -> list[tuple[str | None, PaperBatches]]:
    """``listing.groups`` for a streamed export: the headings, each with its papers to be
    read in batches. Grouping needs a first pass (unless ``facts`` are given); "none" needs
    none. Raises ValueError for an unknown ``group_by``."""
    if options.group_by == "none":
        return [(None, papers)] if len(papers) else []
    found = groups(paper_facts(papers) if facts is None else facts, options)
    return [(heading, papers.subset([fact.id for fact in members])) for heading, members in found]


class Lines:
    """Text made of lines as ``"\\n".join(lines) + "\\n"`` makes it, with the trailing blank
    lines left out, handed on in chunks: blank lines are held back until a line with text
    follows them. Call :meth:`take` for the text gathered so far."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._blank = 0
        self.last = ""

    def add(self, line: str) -> None:
        """Append one line."""
        self.last = line
        if not line:
            self._blank += 1
            return
        if self._blank:
            self._parts.append("\n" * self._blank)
            self._blank = 0
        self._parts.append(line + "\n")

    def extend(self, lines: Iterable[str]) -> None:
        """Append several lines."""
        for line in lines:
            self.add(line)

    def take(self) -> str:
        """The text of the lines added since the last call (blank lines still pending
        excepted)."""
        text = "".join(self._parts)
        self._parts.clear()
        return text
