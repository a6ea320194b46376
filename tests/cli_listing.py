"""The papers of a library as ``readinglist list --json`` prints them, for CLI tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist.cli import main


def listed_papers(capsys: pytest.CaptureFixture[str], data_dir: Path) -> list[dict[str, object]]:
    """Every paper of the library in ``data_dir``, read through the CLI's JSON listing."""
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "list", "--json"]) == 0
    return json.loads(capsys.readouterr().out)
