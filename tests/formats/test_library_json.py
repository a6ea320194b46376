"""Reading List's own JSON backup: export, import into a fresh library, identical."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.domain.errors import DigestFormatError
from readinglist.formats.library_json import read, sniff

HOSTILE_NOTE = "<script>alert('x')</script> {braces} % & \"quotes\" ünïcödé"


def _snapshot(library: Library) -> tuple[list[dict], list[dict]]:
    papers = []
    for paper in library.papers():
        data = paper.to_json()
        data.pop("id")
        data["digests"] = sorted(library.digest(d).source_name for d in paper.digests)
        papers.append(data)
    digests = []
    for digest in library.digests():
        data = digest.to_json()
        data.pop("id")
        digests.append(data)
    return sorted(papers, key=lambda p: p["key"]), digests


def _annotated_library(data_dir: Path, example_digest: Path) -> Library:
    library = Library.open(data_dir)
    library.import_path(example_digest)
    library.import_records(
        [
            PaperRecord(
                title="A {Braced} % Title & more", arxiv_id="2101.00001", authors=["Ø. Ås"]
            ),
            PaperRecord(title=library.papers()[0].title, abstract="ignored: already known"),
        ],
        "second.bib",
    )
    ids = sorted(p.id for p in library.papers())
    library.add_tags(ids[:5], ["video", "to read"])
    library.set_notes(ids[0], HOSTILE_NOTE)
    library.set_read(ids[2:9])
    library.set_starred(ids[3:5])
    return library


def test_round_trip_into_a_fresh_library_is_identical(tmp_path: Path, example_digest: Path) -> None:
    with _annotated_library(tmp_path / "a", example_digest) as source:
        backup = source.export_backup()
        expected = _snapshot(source)
    path = tmp_path / "backup.json"
    path.write_text(backup, encoding="utf-8")
    with Library.open(tmp_path / "b") as restored:
        report = restored.import_path(path)
        assert (report.new, report.format) == (115, "readinglist-json")
        assert _snapshot(restored) == expected
        # Importing the same backup again changes nothing.
        again = restored.import_path(path)
        assert (again.new, again.merged) == (0, 0)
        assert _snapshot(restored) == expected


def test_restoring_never_overwrites_the_users_annotations(
    tmp_path: Path, example_digest: Path
) -> None:
    with _annotated_library(tmp_path / "a", example_digest) as source:
        backup = source.export_backup()
        first_title = source.paper(1).title
    target = Library.open(tmp_path / "b")
    target.import_path(example_digest)
    mine = next(p for p in target.papers() if p.title == first_title)
    target.set_notes(mine.id, "my own note")
    target.add_tags([mine.id], ["mine"])
    path = tmp_path / "backup.json"
    path.write_text(backup, encoding="utf-8")
    target.import_path(path)
    paper = target.paper(mine.id)
    assert paper.notes == "my own note"
    assert paper.tags == ["mine", "to read", "video"]
    assert not paper.read  # the user had annotated it: the backup's read mark is not forced
    target.close()


def test_selection_export_holds_only_those_papers(tmp_path: Path, example_digest: Path) -> None:
    with _annotated_library(tmp_path / "a", example_digest) as source:
        ids = sorted(p.id for p in source.papers())[1:4]
        document = json.loads(source.export_backup(ids))
    assert [p["id"] for p in document["papers"]] == ids
    assert document["format"] == "readinglist-library" and document["version"] == 1
    assert len(document["digests"]) == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"format": "readinglist-library", "version": 99, "papers": []}', "newer"),
        ('{"format": "readinglist-library", "version": 1, "papers": {}}', "list"),
        ('{"format": "readinglist-library", "version": 1, "papers": [{"title": 5}]}', "text"),
        ('{"format": "other"}', "not a Reading List"),
        ("{not json", "JSON"),
    ],
)
def test_bad_backups_are_clear_errors(text: str, reason: str) -> None:
    with pytest.raises(DigestFormatError, match=reason):
        read(text, date(2026, 1, 1))


def test_sniff() -> None:
    assert sniff('{"format": "readinglist-library", "version": 1}', "x.json") == 1.0
    assert sniff('[{"paper": {}}]', "x.json") == 0.0
