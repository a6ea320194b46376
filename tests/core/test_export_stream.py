"""Streamed exports: the file written batch by batch is byte for byte the text the
in-memory writers give, for every format, on the corpus's real digests; it is written
atomically (a failure or a cancel midway leaves the old file) and reports progress."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core.exporting import ExportScope
from readinglist.core.library import Library
from readinglist.domain.entities import ExportOptions
from readinglist.formats.writers import WRITERS
from tests.conftest import CORPUS

DIGESTS = (
    "hf_daily_text/daily_papers_sep9.txt",
    "bibtex/jabref_library_156.bib",
    "csl_json/zotero_better_csl_26.json",
    "ris/zotero_export_2.ris",
    "ris/bom_cyrillic_1.ris",
    "markdown_lists/awesome_plm_papers_bold_italic.md",
    "arxiv_email/astro-ph_daily_2023-03-03.txt",
    "hf_daily_json/hf_daily_2026-08-21_ai_summary.json",
)
GROUPINGS = ("none", "tag", "digest")


@pytest.fixture
def lib(library: Library) -> Library:
    """A library of real digests, with annotations that reach every writer's branches."""
    for relative in DIGESTS:
        library.import_path(CORPUS / relative)
    ids = [row.id for row in library.rows()]
    library.add_tags(ids[:40], ["to-read"])
    library.add_tags(ids[20:60:3], ["survey", "Zeta tag"])
    library.add_tags(ids[-5:], ["late"])
    library.set_notes(ids[1], "<b>bold</b> {braces} 50% & more\n\nER  - second paragraph")
    library.set_notes(ids[30], "@article{x,\n  a line = {that looks like BibTeX}")
    library.set_read(ids[::4])
    library.set_starred(ids[::7])
    return library


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Papers read 7 at a time, so every export crosses many batch boundaries."""
    real = Library.paper_batches

    def paper_batches(
        self: Library, ids: list[int], light: bool = False, size: int = 7
    ) -> Iterator[list[object]]:
        return real(self, ids, light, 7)  # type: ignore[return-value]

    monkeypatch.setattr(Library, "paper_batches", paper_batches)


def _streamed(lib: Library, tmp_path: Path, fmt: str, **scope: object) -> str:
    target = tmp_path / f"export{WRITERS[fmt].extension}"
    options = scope.pop("options", None)
    result = lib.export_to(target, fmt, ExportScope(**scope), options)  # type: ignore[arg-type]
    assert result.path == target
    return target.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_every_format_streams_the_same_bytes_as_the_whole_text(
    lib: Library, tmp_path: Path, fmt: str, small_batches: None
) -> None:
    assert len(lib.rows()) > 300
    for grouping in GROUPINGS if fmt in ("md", "html") else ("none",):
        options = ExportOptions(group_by=grouping, include_abstracts=True, title="Mine & yours")
        whole = lib.export(fmt, options=options)
        streamed = _streamed(lib, tmp_path, fmt, options=options)
        if fmt == "json":  # the backup records when it was made
            whole, streamed = _without_time(whole), _without_time(streamed)
        assert streamed == whole, (fmt, grouping)


def _without_time(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if '"exported_at"' not in line)


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_scoped_and_empty_exports_stream_the_same_bytes(
    lib: Library, tmp_path: Path, fmt: str, small_batches: None
) -> None:
    scopes: list[dict[str, object]] = [
        {"tag": "survey"},
        {"query": "language"},
        {"paper_ids": [5, 3, 9]},
        {"tag": "no such tag"},
    ]
    for scope in scopes:
        whole = lib.export(fmt, **scope)  # type: ignore[arg-type]
        streamed = _streamed(lib, tmp_path, fmt, **scope)
        if fmt == "json":
            whole, streamed = _without_time(whole), _without_time(streamed)
        assert streamed == whole, scope


@pytest.mark.parametrize("fmt", ["bibtex", "md"])
def test_the_command_line_streams_to_a_file_and_to_its_output(
    lib: Library,
    tmp_path: Path,
    fmt: str,
    small_batches: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = lib.export(fmt, options=ExportOptions(group_by="tag", include_abstracts=True))
    lib.close()
    target = tmp_path / "list.out"
    arguments = ["export", "--format", fmt, "--group-by", "tag", "--abstracts"]
    assert main([*arguments, "-o", str(target)]) == 0
    assert target.read_bytes().decode("utf-8") == expected
    assert f"wrote {target}" in capsys.readouterr().err
    assert main(arguments) == 0
    assert capsys.readouterr().out == expected


def test_progress_reaches_every_paper(lib: Library, tmp_path: Path, small_batches: None) -> None:
    heard: list[tuple[int, int]] = []
    result = lib.export_to(tmp_path / "list.bib", "bibtex", progress=lambda *p: heard.append(p))
    total = len(lib.rows())
    assert result.papers == total
    assert len(heard) > 10  # one report per batch of 7
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)
    assert heard[-1] == (total, total)


class Stop(Exception):
    pass


def test_a_failure_midway_leaves_the_old_file_and_no_partial_file(
    lib: Library, tmp_path: Path, small_batches: None
) -> None:
    target = tmp_path / "list.csv"
    target.write_text("the old export\n", encoding="utf-8")

    def stop_halfway(done: int, total: int) -> None:
        if done > total // 2:
            raise Stop

    with pytest.raises(Stop):
        lib.export_to(target, "csv", progress=stop_halfway)
    assert target.read_text(encoding="utf-8") == "the old export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["list.csv"]
