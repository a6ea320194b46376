"""An empty library whose index is built answers every query, the state filters too
(Whoosh's reader of an index without documents has no id column to read)."""

from __future__ import annotations

import pytest

from readinglist.cli import main


@pytest.mark.parametrize("query", ["is:unread", "is:starred", "-model", "model", "tag:later"])
def test_an_empty_indexed_library_answers_every_query(
    capsys: pytest.CaptureFixture[str], query: str
) -> None:
    assert main(["reindex"]) == 0
    capsys.readouterr()
    assert main(["search", "--", query]) == 0
    captured = capsys.readouterr()
    assert captured.out == "0 matching\n", captured.err
