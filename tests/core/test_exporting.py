"""Export scopes, the backup format through the same entry point, and atomic writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core.library import Library
from readinglist.domain.errors import InvalidInputError, ReadingListError
from readinglist.domain.files import write_text_atomically
from readinglist.formats.writers import WRITERS


@pytest.fixture
def lib(library: Library, example_digest: Path) -> Library:
    library.import_path(example_digest)
    ids = sorted(p.id for p in library.papers())
    library.add_tags(ids[:3], ["keep"])
    library.set_notes(ids[0], "<script>alert(1)</script> {braces} 50% & more")
    library.set_read(ids[:2])
    library.set_starred([ids[1]])
    return library


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_every_format_exports_every_paper(lib: Library, fmt: str) -> None:
    text = lib.export(fmt)
    assert text
    assert "Xolver" in text


def test_scopes_combine(lib: Library) -> None:
    backup = json.loads(lib.export("json", tag="keep"))
    assert len(backup["papers"]) == 3
    xolver = json.loads(lib.export("json", query="title:xolver"))
    assert [p["title"][:6] for p in xolver["papers"]] == ["Xolver"]
    both = json.loads(lib.export("json", query="title:xolver", tag="keep"))
    assert len(both["papers"]) == len(xolver["papers"])  # Xolver is one of the first three
    chosen = json.loads(lib.export("json", paper_ids=[5, 7]))
    assert sorted(p["id"] for p in chosen["papers"]) == [5, 7]
    digest = lib.digests()[0].id
    assert len(json.loads(lib.export("json", digest_id=digest))["papers"]) == 114


def test_unknown_format_is_a_clear_error(lib: Library) -> None:
    with pytest.raises(InvalidInputError, match="unknown export format"):
        lib.export("docx")


def test_cli_export_to_a_file_and_to_stdout(
    capsys: pytest.CaptureFixture[str], lib: Library, tmp_path: Path, data_dir: Path
) -> None:
    target = tmp_path / "list.md"  # a missing folder is refused (test_cli_missing_folder)
    assert main(["export", "--format", "md", "--tag", "keep", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").count("- [") == 3
    assert main(["export", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.lstrip("\ufeff").startswith("id,")
    assert main(["export", "--format", "bibtex", "--digest", "99"]) == 1
    assert "no digest with id 99" in capsys.readouterr().err


def test_atomic_write_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "list.md"
    write_text_atomically(target, "old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ReadingListError, match="No space left"):
        write_text_atomically(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["list.md"]  # no temp file left behind
