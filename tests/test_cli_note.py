"""``readinglist note``: a note that comes out empty never wipes the one a paper has.

A script that pipes a note in (``make_summary | readinglist note 12 -``) and gets nothing
from the pipe used to clear the paper's notes silently, and so did an empty ``"$NOTE"``.
Clearing is asked for by name: ``readinglist note 12 --clear``.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from readinglist.cli import build_parser, main
from readinglist.cli_common import EXIT_USAGE


def _notes(capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["show", "1", "--json"]) == 0
    return str(json.loads(capsys.readouterr().out)["notes"])


@pytest.fixture
def noted(capsys: pytest.CaptureFixture[str], example_digest: Path) -> None:
    assert main(["import", str(example_digest)]) == 0
    assert main(["note", "1", "Read section 3"]) == 0
    assert _notes(capsys) == "Read section 3"


@pytest.mark.parametrize("piped", ["", "\n", "  \r\n\t\n"])
def test_an_empty_stdin_is_refused_and_the_note_kept(
    noted: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, piped: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(piped))
    assert main(["note", "1", "-"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("readinglist: error: note: ") and "--clear" in err
    assert _notes(capsys) == "Read section 3"


def test_an_empty_text_is_refused_and_the_note_kept(
    noted: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["note", "1", ""]) == EXIT_USAGE
    assert "--clear" in capsys.readouterr().err
    assert _notes(capsys) == "Read section 3"


def test_clear_removes_the_note(noted: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["note", "1", "--clear"]) == 0
    assert capsys.readouterr().out == "1: notes cleared\n"
    assert _notes(capsys) == ""


@pytest.mark.parametrize("args", [["note", "1"], ["note", "1", "text", "--clear"]])
def test_text_or_clear_one_of_them(
    noted: None, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with pytest.raises(SystemExit) as refused:
        main(args)
    assert refused.value.code == EXIT_USAGE
    assert "readinglist: error: note: " in capsys.readouterr().err
    assert _notes(capsys) == "Read section 3"


def test_the_help_says_how_to_clear(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["note", "--help"])
    assert "--clear" in " ".join(capsys.readouterr().out.split())


def test_clear_on_an_unknown_paper_is_an_error(
    noted: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["note", "999", "--clear"]) == 1
    assert capsys.readouterr().err.startswith("readinglist: error: ")
