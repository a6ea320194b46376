"""``readinglist import-subscriptions`` on files that are no honest OPML: one line, the
library unchanged, memory bounded by the file size limit, never a Python error."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from readinglist.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_huge_file_is_refused_without_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole file was read into memory first (``/dev/zero`` ran until the system
    killed the process); a digest import stops at its 64 MiB limit."""
    huge = tmp_path / "feeds.opml"
    with open(huge, "wb") as stream:  # sparse: 200 MB on paper, no disk used
        stream.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    try:
        code, out, err = _run(
            capsys, "--data-dir", str(tmp_path / "library"), "import-subscriptions", str(huge)
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (code, out) == (1, "")
    assert err == f"readinglist: error: {huge}: too large for an OPML file (over 16 MiB)\n"
    assert peak < 40 * 1024 * 1024, f"{peak / 1e6:.0f} MB allocated to refuse it"


def test_outlines_nested_a_hundred_thousand_deep_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Folders of feeds were walked by recursion: "unexpected error (RecursionError…)"."""
    deep = tmp_path / "deep.opml"
    depth = 100_000
    deep.write_text(
        '<?xml version="1.0"?>\n<opml version="2.0"><body>'
        + '<outline text="folder">' * depth
        + '<outline text="Deep feed" xmlUrl="https://example.org/feed.xml"/>'
        + "</outline>" * depth
        + "</body></opml>\n",
        encoding="utf-8",
    )
    library = str(tmp_path / "library")
    code, out, err = _run(capsys, "--data-dir", library, "import-subscriptions", str(deep))
    assert (code, out, err) == (0, "1 subscriptions added\n", "")
    code, out, err = _run(capsys, "--data-dir", library, "subscriptions")
    assert code == 0
    assert "Deep feed" in out
