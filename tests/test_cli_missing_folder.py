"""A file written where the user said (``export -o``, ``backup FILE``,
``export-subscriptions -o``) goes into a folder that exists: a mistyped folder used to be
created, a whole tree of it, without a word. Like ``cp``, the command refuses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.cli import main

COMMANDS = {
    "export": ["export", "--format", "md", "-o"],
    "backup": ["backup"],
    "export-subscriptions": ["export-subscriptions", "-o"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_missing_folder_is_refused_and_not_made(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], example_digest: Path
) -> None:
    assert main(["import", str(example_digest)]) == 0
    typo = tmp_path / "Documnets" / "lists"
    target = typo / "papers.out"
    capsys.readouterr()
    assert main([*COMMANDS[command], str(target)]) == 1
    out, err = capsys.readouterr()
    assert err == f"readinglist: error: {target}: not written: the folder {typo} does not exist\n"
    assert not (tmp_path / "Documnets").exists()
    assert "wrote" not in out and "backed up" not in out


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_existing_folder_is_written_to(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], example_digest: Path
) -> None:
    assert main(["import", str(example_digest)]) == 0
    target = tmp_path / "papers.out"
    assert main([*COMMANDS[command], str(target)]) == 0
    assert target.stat().st_size > 0
