"""``@string`` macros of a BibTeX file: joined with ``#`` inside a macro too, and never
blown up past the file's size (the BibTeX form of "billion laughs")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist.cli import main

JOINED = """\
@string{ieee = "IEEE"}
@string{tpami = ieee # " Transactions on Pattern Analysis and Machine Intelligence"}
@string{resnet = "Deep Residual " # "Learning"}
@article{he2016, title = resnet # " for Image Recognition", author = {He, Kaiming},
  journal = tpami, year = 2016}
"""


def test_a_macro_joined_from_pieces_is_joined_where_it_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The title was stored as '"Deep Residual " # "Learning" for Image Recognition'."""
    bib = tmp_path / "refs.bib"
    bib.write_text(JOINED, encoding="utf-8")
    library = str(tmp_path / "library")
    assert main(["--data-dir", library, "import", str(bib)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", library, "list", "--json"]) == 0
    (paper,) = json.loads(capsys.readouterr().out)
    assert paper["title"] == "Deep Residual Learning for Image Recognition"
    assert paper["extra"]["journal"] == (
        "IEEE Transactions on Pattern Analysis and Machine Intelligence"
    )


def test_macros_expanding_far_past_the_file_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 60 KB file whose 50 KB macro is the title of 100 entries brought 5 MB of titles
    (2,000 entries: 300 MB, still importing after five minutes) past the 64 MiB limit."""
    words = " ".join(f"word{number}" for number in range(5000))
    text = "@article{first, title = {A first paper}, author = {Ada}}\n"
    text += f'@string{{big = "{words}"}}\n'
    text += "".join(f'@article{{k{n}, title = big # " {n}", author = {{X}}}}\n' for n in range(100))
    bib = tmp_path / "laughs.bib"
    bib.write_text(text, encoding="utf-8")
    library = str(tmp_path / "library")
    code = main(["--data-dir", library, "import", str(bib)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith("readinglist: error: laughs.bib: the @string macros")
    assert len(captured.err.splitlines()) == 1
    assert main(["--data-dir", library, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["papers"] == 0
