"""``readinglist reindex`` shows a progress bar on stderr."""

from __future__ import annotations

import io
from pathlib import Path

from readinglist.cli import main
from readinglist.cli_progress import ProgressBar


def test_reindex_draws_a_progress_bar(capsys, example_digest: Path) -> None:
    assert main(["import", str(example_digest)]) == 0
    capsys.readouterr()
    assert main(["reindex"]) == 0
    out, err = capsys.readouterr()
    assert out == "indexed 114 papers\n"
    assert err.split("\r")[-1] == f"indexing [{'#' * 30}] 114/114\n"


def test_the_bar_fills_as_the_work_goes_and_is_redrawn_only_on_change() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, "indexing")
    for done in (0, 1, 1, 5_000, 10_000):
        bar(done, 10_000)
    bar.close()
    assert stream.getvalue().split("\r")[1:] == [
        f"indexing [{'.' * 30}] 0/10,000",
        f"indexing [{'.' * 30}] 1/10,000",
        f"indexing [{'#' * 15}{'.' * 15}] 5,000/10,000",
        f"indexing [{'#' * 30}] 10,000/10,000\n",
    ]
