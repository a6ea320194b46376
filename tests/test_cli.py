"""End-to-end tests of the command line, in a temporary data directory."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.cli import main
from tests.conftest import PROJECT_ROOT


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str):  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_import_list_annotate_reimport(capsys, example_digest: Path) -> None:
    [report] = run_json(capsys, "import", str(example_digest))
    assert report["ok"] and report["new"] == 114 and report["format"] == "hf-daily-text"

    papers = run_json(capsys, "list")
    assert len(papers) == 114
    first = papers[0]
    for field in (
        "id",
        "key",
        "title",
        "authors",
        "abstract",
        "arxiv_id",
        "doi",
        "url",
        "links",
        "published",
        "added",
        "tags",
        "notes",
        "read",
        "starred",
        "digests",
    ):
        assert field in first
    pid = str(first["id"])

    assert run(capsys, "tag", pid, "video", "multimodal")[0] == 0
    assert run(capsys, "untag", pid, "multimodal")[0] == 0
    assert run(capsys, "note", pid, "Read section 3")[0] == 0
    assert run(capsys, "mark", pid, "--read", "--star")[0] == 0

    [again] = run_json(capsys, "import", str(example_digest))
    assert (again["new"], again["unchanged"]) == (0, 114)
    shown = run_json(capsys, "show", pid)
    assert shown["tags"] == ["video"]
    assert shown["notes"] == "Read section 3"
    assert shown["read"] is True and shown["starred"] is True
    assert len(run_json(capsys, "list")) == 114


def test_list_filters(capsys, example_digest: Path) -> None:
    run(capsys, "import", str(example_digest))
    assert run(capsys, "mark", "1", "2", "3", "--read")[0] == 0
    run(capsys, "mark", "2", "--star")
    run(capsys, "tag", "3", "keep")
    assert [p["id"] for p in run_json(capsys, "list", "--read")] == [1, 2, 3]
    assert len(run_json(capsys, "list", "--unread")) == 111
    assert [p["id"] for p in run_json(capsys, "list", "--starred")] == [2]
    assert [p["id"] for p in run_json(capsys, "list", "--tag", "keep")] == [3]
    assert len(run_json(capsys, "list", "--limit", "7")) == 7
    assert len(run_json(capsys, "list", "--digest", "1")) == 114


def test_digests_stats_and_remove_digest(capsys, example_digest: Path) -> None:
    run(capsys, "import", str(example_digest))
    run(capsys, "tag", "5", "kept")
    [digest] = run_json(capsys, "digests")
    assert digest["paper_count"] == 114 and digest["source_name"] == example_digest.name
    assert {"id", "source_name", "format", "date", "paper_count", "imported_at"} <= set(digest)
    stats = run_json(capsys, "stats")
    assert stats == {
        "papers": 114,
        "read": 0,
        "unread": 114,
        "starred": 0,
        "digests": 1,
        "tags": {"kept": 1},
    }
    code, out, _ = run(capsys, "remove-digest", str(digest["id"]))
    assert code == 0 and "113 papers deleted" in out
    assert [p["id"] for p in run_json(capsys, "list")] == [5]


def test_import_reports_each_file_and_exits_1_when_any_fails(
    capsys, example_digest: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 10)
    code, out, err = run(capsys, "import", str(junk), str(example_digest), str(tmp_path / "no.txt"))
    assert code == 1
    assert "114 new" in out
    assert "readinglist: error: junk.bin: this is binary data" in err
    assert "no.txt: no such file" in err
    assert "Traceback" not in err
    assert run_json(capsys, "stats")["papers"] == 114


def test_import_json_includes_errors(capsys, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, out, err = run(capsys, "import", str(empty), "--json")
    assert code == 1
    assert json.loads(out) == [
        {
            "source": "empty.txt",
            "ok": False,
            "format": None,
            "digest_id": None,
            "new": 0,
            "merged": 0,
            "unchanged": 0,
            "skipped": 0,
            "duplicates": 0,
            "fuzzy_merges": [],
            "error": "the file is empty",
        }
    ]
    assert "empty.txt: the file is empty" in err


def test_import_from_stdin(capsys, monkeypatch, example_digest: Path) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(example_digest.read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    [report] = run_json(capsys, "import", "-")
    assert report["source"] == "<stdin>" and report["new"] == 114


def test_note_from_stdin(capsys, monkeypatch, example_digest: Path) -> None:
    run(capsys, "import", str(example_digest))
    monkeypatch.setattr(sys, "stdin", io.StringIO("line one\nline two\n"))
    assert run(capsys, "note", "1", "-")[0] == 0
    assert run_json(capsys, "show", "1")["notes"] == "line one\nline two\n"


@pytest.mark.parametrize(
    "args",
    [
        ["show", "42"],
        ["tag", "42", "x"],
        ["mark", "42", "--read"],
        ["remove-digest", "7"],
        ["list", "--digest", "7"],
    ],
)
def test_unknown_ids_are_errors(capsys, args: list[str]) -> None:
    code, _, err = run(capsys, *args)
    assert code == 1
    assert err.startswith("readinglist: error: no ")


@pytest.mark.parametrize(
    "args",
    [
        ["mark", "1"],
        ["list", "--read", "--unread"],
        ["show", "abc"],
        ["frobnicate"],
        ["list", "--limit", "0"],
    ],
)
def test_usage_errors_exit_2(capsys, args: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert "readinglist: error:" in capsys.readouterr().err


def test_data_dir_option_wins_over_environment(capsys, tmp_path: Path, example_digest) -> None:
    other = tmp_path / "elsewhere"
    run(capsys, "--data-dir", str(other), "import", str(example_digest))
    assert (other / "library.sqlite3").is_file()
    assert run_json(capsys, "stats")["papers"] == 0  # the environment's library is untouched
    assert run_json(capsys, "--data-dir", str(other), "stats")["papers"] == 114


def test_console_entry_point_runs_as_a_module(tmp_path: Path, example_digest: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "readinglist",
            "--data-dir",
            str(tmp_path),
            "import",
            str(example_digest),
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["new"] == 114
    bad = subprocess.run(
        [sys.executable, "-m", "readinglist", "--data-dir", str(tmp_path), "show", "9999"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
    )
    assert bad.returncode == 1
    assert bad.stderr == "readinglist: error: no paper with id 9999\n"


def test_import_names_duplicates_and_near_title_merges(capsys, tmp_path: Path) -> None:
    first = tmp_path / "first.ris"
    first.write_text("TY  - JOUR\nTI  - Scaling Laws for Neural Language Models\nER  - \n")
    second = tmp_path / "second.ris"
    second.write_text(
        "TY  - JOUR\nTI  - Scaling Laws for Neural Langauge Models\nAB  - We study\nER  - \n"
        "TY  - JOUR\nTI  - Another Paper\nER  - \n"
        "TY  - JOUR\nTI  - Another paper.\nER  - \n"
    )
    assert run(capsys, "import", str(first))[0] == 0
    code, out, _err = run(capsys, "import", str(second))
    assert code == 0
    assert out.splitlines()[1:] == [
        "  1 duplicate within the file",
        "  merged 'Scaling Laws for Neural Langauge Models' into "
        "'Scaling Laws for Neural Language Models'",
    ]


def test_dismiss_and_undismiss_from_the_command_line(capsys, example_digest: Path) -> None:
    run_json(capsys, "import", str(example_digest))
    pid = str(run_json(capsys, "list")[0]["id"])
    code, out, _ = run(capsys, "dismiss", pid)
    assert code == 0 and out == f"{pid}: not interested\n"
    found = run_json(capsys, "search", "is:dismissed")
    assert [hit["id"] for hit in found["results"]] == [int(pid)]
    assert run_json(capsys, "show", pid)["dismissed"] is True
    code, out, _ = run(capsys, "undismiss", pid)
    assert code == 0 and out == f"{pid}: back in the ranking\n"
    assert run_json(capsys, "search", "is:dismissed")["total"] == 0
    code, _, err = run(capsys, "dismiss", "99999")
    assert code == 1 and err.startswith("readinglist: error:")


def test_rank_and_the_for_you_sort(capsys, library) -> None:  # type: ignore[no-untyped-def]
    from tests.ranking_fixtures import VISION, import_small_set

    categories = import_small_set(library)
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    library.close()
    code, out, _ = run(capsys, "rank")
    assert code == 0 and out.startswith("Star, tag or dismiss papers")
    run(capsys, "mark", *map(str, vision[:10]), "--star")
    ranked = run_json(capsys, "rank", "--limit", "10")
    assert ranked["mode"] == "learned" and len(ranked["results"]) == 10
    top = [r["id"] for r in ranked["results"]]
    assert sum(categories[pid] == VISION for pid in top) >= 7
    assert all(r["reasons"] and 0 <= r["score"] <= 1 for r in ranked["results"])
    code, out, _ = run(capsys, "rank", "--limit", "3")
    assert out.splitlines()[0] == "Ranked by a model of your 10 starred/tagged papers."
    assert "[" in out.splitlines()[1]  # the words behind the score
    listed = run_json(capsys, "list", "--sort", "for-you", "--unread", "--limit", "5")
    assert len(listed) == 5 and sum(categories[p["id"]] == VISION for p in listed) >= 4
    found = run_json(capsys, "search", "the", "--sort", "for-you", "--limit", "5")
    assert sum(categories[h["id"]] == VISION for h in found["results"]) >= 4
    code, _, err = run(capsys, "rank", "--digest", "999")
    assert code == 1 and err.startswith("readinglist: error:")


def test_a_system_file_is_refused_not_imported_as_papers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n")
    hostname = tmp_path / "hostname"
    hostname.write_text("vm\n")
    for path in (passwd, hostname):
        assert main(["import", str(path)]) == 1
        assert f"{path.name}: unrecognised format" in capsys.readouterr().err
    assert main(["list"]) == 0
    assert capsys.readouterr().out == ""  # no paper was added
