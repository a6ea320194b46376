"""The one import dispatch (``Library.import_source``) the command line and the window's
worker share: bytes, a file, a folder or a URL, each failure a report with an error."""

from __future__ import annotations

from pathlib import Path

from readinglist.core.library import Library


def test_bytes_are_imported_under_the_name_given(library: Library, example_digest: Path) -> None:
    reports = library.import_source("pasted text", data=example_digest.read_bytes())
    assert [(r.source, r.new, r.error) for r in reports] == [("pasted text", 114, None)]


def test_a_folder_gives_one_report_per_digest_file(
    library: Library, example_digest: Path, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_bytes(example_digest.read_bytes())
    (tmp_path / "b.bib").write_bytes(b"")
    reports = library.import_source(str(tmp_path))
    outcome = sorted((Path(r.source).name, r.new, r.error) for r in reports)
    assert outcome == [("a.txt", 114, None), ("b.bib", 0, "the file is empty")]
    assert library.stats().papers == 114


def test_a_missing_file_is_a_report_and_the_library_is_unchanged(
    library: Library, tmp_path: Path
) -> None:
    reports = library.import_source(str(tmp_path / "nowhere.txt"))
    assert [(r.ok, r.error) for r in reports] == [(False, "no such file")]
    assert library.stats().papers == 0


def test_a_url_the_caller_names_is_never_read_as_a_file(library: Library, tmp_path: Path) -> None:
    local = tmp_path / "ftp:" / "x.txt"
    local.parent.mkdir()
    local.write_text("2401.00001 Some Title\n", encoding="utf-8")
    reports = library.import_source(str(local), url=True)
    assert len(reports) == 1 and not reports[0].ok
    assert library.stats().papers == 0
