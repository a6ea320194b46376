"""The command line never shows a traceback, whatever a file, an argument, the output or
the library's text holds (issue 13)."""

from __future__ import annotations

import json
import os
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from readinglist.cli import build_parser, main
from readinglist.cli_args import SQLITE_MAX_INTEGER, positive_int
from readinglist.core import download
from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from tests.conftest import PROJECT_ROOT
from tests.core.test_download import _ScriptedHandler

RIS = "TY  - JOUR\nTI  - {title}\nAU  - Smith, Jane\nER  - \n"
# What a terminal acts on instead of showing: a window title (OSC ... BEL), clear screen
# (CSI), an 8-bit CSI, a carriage return, a right-to-left override, a NUL.
HOSTILE = "Safe \x1b]0;pwned\x07start \x1b[2Jmiddle \x9b31m\rred \u202eevil\u202c \x00end"
UNSAFE = ("\x1b", "\x07", "\x9b", "\r", "\u202e", "\u202c", "\x00")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """``python -m readinglist ARGS`` on this checkout, in the test's data directory."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "readinglist", *args],
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
        **kwargs,
    )


def write_ris(folder: Path, name: str, title: str) -> Path:
    path = folder / name
    path.write_text(RIS.format(title=title), encoding="utf-8")
    return path


def titles(capsys: pytest.CaptureFixture[str]) -> set[str]:
    code, out, err = run(capsys, "list", "--json")
    assert code == 0, err
    return {paper["title"] for paper in json.loads(out)}


def logged_details(error_line: str) -> str:
    """The log file an error line points to ("...; details in PATH")."""
    return Path(error_line.rsplit("; details in ", 1)[1]).read_text(encoding="utf-8")


# ------------------------------------------------------------- one file, one failure


def test_a_bug_on_one_file_does_not_stop_the_files_after_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bug_in
) -> None:
    first = write_ris(tmp_path, "first.ris", "First paper")
    bad = write_ris(tmp_path, "bad.ris", "Bad paper")
    last = write_ris(tmp_path, "last.ris", "Last paper")
    bug_in("bad.ris")
    code, out, err = run(capsys, "import", str(first), str(bad), str(last))
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith(f"readinglist: error: {bad}: unexpected error (RuntimeError: a bug")
    assert "Traceback" not in err
    assert [row.split(":")[0] for row in out.splitlines()] == ["first.ris", "last.ris"]
    assert titles(capsys) == {"First paper", "Last paper"}
    log = logged_details(line)
    assert "Traceback" in log and "RuntimeError: a bug in a reader" in log


def test_a_bug_on_one_file_of_a_folder_does_not_stop_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bug_in
) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    write_ris(folder, "a.ris", "Paper A")
    write_ris(folder, "b.ris", "Paper B")
    write_ris(folder, "c.ris", "Paper C")
    bug_in("b.ris")
    code, _, err = run(capsys, "import", str(folder), "--json")
    assert code == 1
    assert err.count("readinglist: error: ") == 1 and "b.ris" in err
    assert titles(capsys) == {"Paper A", "Paper C"}


def test_a_real_hostile_file_then_a_good_one(tmp_path: Path) -> None:
    # A lone surrogate in Hugging Face JSON: a UnicodeEncodeError traceback on the old
    # code, and the RIS file after it was never imported.
    hostile = tmp_path / "a.json"
    hostile.write_text(
        '[{"paper": {"id": "2401.00001", "title": "A \\ud800 b", "summary": "x",'
        ' "authors": [{"name": "A"}]}}]',
        encoding="ascii",
    )
    good = write_ris(tmp_path, "b.ris", "The good paper")
    result = cli("import", str(hostile), str(good), capture_output=True)
    assert "Traceback" not in result.stderr
    assert all(line.startswith("readinglist: ") for line in result.stderr.splitlines())
    assert result.returncode == (1 if result.stderr else 0)
    listed = cli("list", "--json", capture_output=True)
    assert "The good paper" in {paper["title"] for paper in json.loads(listed.stdout)}


def test_any_other_bug_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Library) -> None:
        raise KeyError("lost")

    monkeypatch.setattr(Library, "stats", broken)
    code, out, err = run(capsys, "stats")
    assert (code, out) == (1, "")
    [line] = err.splitlines()
    assert line.startswith("readinglist: error: unexpected error (KeyError: 'lost'); details in")
    log = logged_details(line)
    assert "Traceback" in log and "KeyError: 'lost'" in log


def test_a_download_that_never_ends_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _ScriptedHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setattr(download, "DEFAULT_TIMEOUT_SECONDS", 1.0)
        url = f"http://127.0.0.1:{server.server_address[1]}/slow-body"
        good = write_ris(tmp_path, "good.ris", "Good paper")
        code, _, err = run(capsys, "import", url, str(good))
    finally:
        server.shutdown()
        server.server_close()
    assert code == 1
    assert err == f"readinglist: error: {url}: timed out: the download took more than 1 s\n"
    assert titles(capsys) == {"Good paper"}


# ------------------------------------------------------------------- int arguments

BIG = "99999999999999999999"
OUT_OF_RANGE = [
    ["show", BIG],
    ["show", str(SQLITE_MAX_INTEGER + 1)],
    ["show", "-3"],
    ["show", "0"],
    ["tag", BIG, "x"],
    ["untag", BIG, "x"],
    ["note", BIG, "text"],
    ["mark", "1", BIG, "--read"],
    ["similar", BIG],
    ["similar", "1", "--limit", BIG],
    ["list", "--digest", BIG],
    ["list", "--limit", BIG],
    ["search", "video", "--limit", BIG],
    ["export", "--format", "json", "--digest", BIG],
    ["remove-digest", "-1"],
    ["remove-digest", "1" * 5000],  # beyond what int() even parses by default
]


@pytest.mark.parametrize("args", OUT_OF_RANGE, ids=" ".join)
def test_a_number_out_of_range_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], example_digest: Path, args: list[str]
) -> None:
    run(capsys, "import", str(example_digest))
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"must be a whole number from 1 to {SQLITE_MAX_INTEGER}" in err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if "error" in line] == [err.splitlines()[-1]]


def test_every_whole_number_argument_uses_the_range_checked_type() -> None:
    parser = build_parser()
    [commands] = [a for a in parser._actions if a.dest == "command"]
    typed = [
        (name, action.dest, action.type)
        for name, sub in commands.choices.items()  # type: ignore[union-attr]
        for action in sub._actions
        if action.type is not None
    ]
    assert typed, "no typed argument found: the parser changed shape"
    assert [t for t in typed if t[2] is not positive_int] == []


def test_the_largest_number_is_accepted(
    capsys: pytest.CaptureFixture[str], example_digest: Path
) -> None:
    run(capsys, "import", str(example_digest))
    largest = str(SQLITE_MAX_INTEGER)
    assert run(capsys, "list", "--limit", largest)[0] == 0
    code, _, err = run(capsys, "show", largest)
    assert (code, err) == (1, f"readinglist: error: no paper with id {largest}\n")


# ---------------------------------------------------------- output that cannot be written


@pytest.fixture
def full_library(capsys: pytest.CaptureFixture[str], example_digest: Path) -> None:
    """The example digest imported (114 papers: output larger than one write)."""
    assert run(capsys, "import", str(example_digest))[0] == 0


@pytest.mark.parametrize("args", [["list"], ["export", "--format", "json"], ["show", "1"]])
def test_a_closed_pipe_is_a_quiet_exit(full_library: None, args: list[str]) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "readinglist", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=PROJECT_ROOT,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader has gone before the first line is written
        err = process.stderr.read().decode("utf-8", "replace")
        code = process.wait(timeout=120)
    assert (code, err) == (1, "")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["list"], ["export", "--format", "bibtex"], ["stats"]])
def test_a_full_disk_is_one_line(full_library: None, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = cli(*args, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr == "readinglist: error: cannot write output: No space left on device\n"


# ------------------------------------------------------- control characters in the text


@pytest.fixture
def hostile_library(data_dir: Path, tmp_path: Path) -> int:
    """One paper whose every text field carries terminal controls; returns its id."""
    with Library.open(data_dir) as library:
        library.import_records(
            [
                PaperRecord(
                    title=HOSTILE,
                    abstract="Abstract: " + HOSTILE,
                    authors=["Eve \x1b[31mRed\x1b[0m", "Mallory\rX"],
                    url="https://example.org/\x1b[2J",
                    links=["https://example.org/a\u202eb"],
                )
            ],
            "digest \x1b]0;x\x07name",
        )
        [paper] = library.papers()
        library.set_notes(paper.id, "Notes: " + HOSTILE + "\nsecond line")
        return paper.id


def assert_terminal_safe(text: str) -> None:
    found = [repr(c) for c in UNSAFE if c in text]
    assert found == [], f"raw control characters reached the terminal: {found}"


def test_show_and_list_print_no_terminal_controls(
    capsys: pytest.CaptureFixture[str], hostile_library: int
) -> None:
    pid = str(hostile_library)
    code, out, _ = run(capsys, "show", pid)
    assert code == 0
    assert_terminal_safe(out)
    for visible in ("Safe", "start", "middle", "red", "evil", "end", "Eve Red", "second line"):
        assert visible in out
    assert "pwned" not in out  # the window-title sequence goes whole, not just its ESC
    assert out.splitlines()[0].startswith("Safe start middle")  # the title stays one line
    for args in (
        ["list"],
        ["search", "safe"],
        ["digests"],
        ["stats"],
        ["tag", pid, "t\x1b[2Jag"],
        ["mark", pid, "--read"],
    ):
        code, out, err = run(capsys, *args)
        assert code == 0, (args, err)
        assert_terminal_safe(out + err)
        assert out, args
    [_] = run(capsys, "list")[1].splitlines()  # a carriage return cannot forge a line


def test_the_library_and_file_exports_keep_the_text(
    capsys: pytest.CaptureFixture[str], hostile_library: int, data_dir: Path
) -> None:
    with Library.open(data_dir) as library:
        stored = library.paper(hostile_library)
    assert "\x1b]0;pwned\x07" in stored.title and "\u202e" in stored.notes  # kept as given
    code, out, _ = run(capsys, "show", str(hostile_library), "--json")
    assert code == 0
    assert_terminal_safe(out)  # escaped as \\uXXXX, C1 and bidi controls included
    shown = json.loads(out)
    assert (shown["title"], shown["notes"]) == (stored.title, stored.notes)
    code, out, _ = run(capsys, "export", "--format", "csv")  # to a file or a pipe: as is
    assert code == 0 and stored.title in out


def test_an_export_to_the_terminal_is_made_safe(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, hostile_library: int
) -> None:
    monkeypatch.setattr("readinglist.cli.is_terminal", lambda stream: True)
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0 and "evil" in out
    assert_terminal_safe(out.replace("\r\n", "\n"))  # CSV's own line ends are fine


def test_error_messages_carry_no_terminal_controls(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    evil_name = tmp_path / "digest\x1b]0;pwned\x07\u202e.txt"
    evil_name.write_bytes(b"\x00\x01 not a digest")
    code, out, err = run(capsys, "import", str(evil_name), str(tmp_path / "missing\r.ris"))
    assert code == 1
    assert_terminal_safe(out + err)
    assert len(err.splitlines()) == 2  # one line per file
    with pytest.raises(SystemExit):
        main(["show", "\x1b[2J"])
    assert_terminal_safe(capsys.readouterr().err)
