"""The sidebar's counts moved by an edit's delta equal a fresh count of the library after
the edit (read, star, tags spelled in another case, digests' read counts, undo)."""

from __future__ import annotations

from pathlib import Path

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.ui.count_delta import CountsDelta, applied, flag_delta, tag_delta


def counts(library: Library) -> tuple[object, object]:
    return library.stats(), library.digests()


def test_read_star_and_tag_deltas_give_the_fresh_counts(
    library: Library, example_digest: Path
) -> None:
    library.import_path(example_digest)
    ids = [p.id for p in library.papers()]
    library.import_records([PaperRecord(title=p.title) for p in library.papers()[:10]], "two")
    stats, digests = counts(library)
    turned = library.turn_flag(ids[5:20], "read", True)
    delta = flag_delta("read", True, len(turned), library.digest_tally(turned))
    stats, digests = applied(stats, digests, delta)
    assert (stats, digests) == counts(library)
    turned = library.turn_flag(ids[:3], "starred", True)
    stats, digests = applied(stats, digests, flag_delta("starred", True, len(turned), {}))
    assert (stats, digests) == counts(library)
    for tag, papers in (("Agents", ids[:4]), ("agents", ids[2:6]), ("zeta", ids[:1])):
        added = library.add_tags(papers, [tag])
        stats, digests = applied(stats, digests, tag_delta(tag, added))
        assert (stats, digests) == counts(library)
    gone = library.remove_tags(ids[:6], ["AGENTS"])
    stats, digests = applied(stats, digests, tag_delta("AGENTS", -gone))
    assert (stats, digests) == counts(library)
    assert list(stats.tags) == ["zeta"]  # a tag no paper carries is gone
    library.turn_flag(turned, "starred", False)
    stats, digests = applied(stats, digests, flag_delta("starred", True, 3, {}).reversed())
    assert (stats, digests) == counts(library)


def test_an_empty_delta_is_false_and_dismissals_count_nothing() -> None:
    assert not CountsDelta()
    assert not flag_delta("dismissed", True, 40, {})
    assert flag_delta("read", False, 2, {7: 2}) == CountsDelta(read=-2, digest_reads={7: -2})
