"""Ctrl+C (SIGINT) while the command line works: one clear line, exit code 130, and the
library as the interrupted step left it (each imported file whole or not at all)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core import importer
from tests.conftest import CORPUS, PROJECT_ROOT

FILES = [CORPUS / "ris" / name for name in ("zotero_export_2.ris", "scopus_1.ris")]
FILES.append(CORPUS / "ris" / "bom_cyrillic_1.ris")


def _ctrl_c_at_record(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    """A real SIGINT to this process while the ``number``-th record is stored."""
    seen = 0
    stored = importer.canonical_record

    def record_then_signal(record: importer.PaperRecord) -> importer.PaperRecord:
        nonlocal seen
        seen += 1
        if seen == number:
            os.kill(os.getpid(), signal.SIGINT)
        return stored(record)

    monkeypatch.setattr(importer, "canonical_record", record_then_signal)


def test_ctrl_c_during_an_import_says_which_file_and_keeps_the_reports_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The JSON reports of the files imported before the interrupt were never printed, and
    the one line said "interrupted" without naming the file or what became of it."""
    for path in FILES:
        assert path.is_file(), f"corpus missing: {path}"
    library = tmp_path / "library"
    _ctrl_c_at_record(monkeypatch, 3)  # the first record of the second file
    code = main(["--data-dir", str(library), "import", "--json", *map(str, FILES)])
    monkeypatch.undo()
    captured = capsys.readouterr()
    assert code == 130
    reports = json.loads(captured.out)
    assert [(r["source"], r["new"]) for r in reports] == [("zotero_export_2.ris", 2)]
    assert captured.err == (
        "readinglist: error: interrupted while importing scopus_1.ris (each file is"
        " imported whole or not at all: importing it again is safe)\n"
    )
    assert main(["--data-dir", str(library), "digests", "--json"]) == 0
    digests = json.loads(capsys.readouterr().out)
    assert [(d["source_name"], d["paper_count"]) for d in digests] == [("zotero_export_2.ris", 2)]


# Python code that starts the command line as ``python -m readinglist`` does, with a
# SIGINT arriving while its modules are still being loaded (when core.library is).
_CTRL_C_WHILE_LOADING = """
import os, runpy, signal, sys

class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == "readinglist.core.library":
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlC())
sys.argv = ["readinglist", "--data-dir", sys.argv[1], "stats"]
runpy.run_module("readinglist", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("entry", ["module", "console script"])
def test_ctrl_c_while_the_command_starts_is_one_line(tmp_path: Path, entry: str) -> None:
    """The first half second or so of every command loads its modules; Ctrl+C then printed
    a traceback of twenty lines (the interrupt came before main() could catch it)."""
    code = _CTRL_C_WHILE_LOADING
    if entry == "console script":  # what the installed `readinglist` script runs
        code = code.replace(
            'runpy.run_module("readinglist", run_name="__main__", alter_sys=True)',
            "from readinglist.cli import main\nsys.exit(main())",
        )
    ran = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "library")],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.stderr == "readinglist: error: interrupted\n"
    assert ran.returncode == 130
    assert ran.stdout == ""
