"""The subscription commands end to end, against a local server serving the corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from readinglist.cli import main
from tests.local_server import HF_DAYS, Answer, FeedScript, default_paths, serving


@pytest.fixture
def script() -> FeedScript:
    """The corpus's Daily Papers day served as today's (the command line uses the real date)."""
    today = datetime.now(UTC).date().isoformat()
    return FeedScript(days={today: HF_DAYS["2026-08-21"]}, paths=default_paths())


@pytest.fixture
def server(script: FeedScript, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with serving(script) as base:
        monkeypatch.setenv("READINGLIST_HF_URL", base)
        monkeypatch.setenv("READINGLIST_ARXIV_RSS_URL", f"{base}/rss")
        monkeypatch.setenv("READINGLIST_ARXIV_API_URL", f"{base}/api/query")
        yield base


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_subscribe_fetch_list_and_unsubscribe(capsys, server: str) -> None:
    assert run(capsys, "subscribe", "cs.CL", "--every", "6")[0] == 0
    code, out, _ = run(capsys, "subscribe", "--query", "all:testing", "--name", "Testing")
    assert code == 0 and "subscribed: Testing (arxiv-query all:testing)" in out
    code, out, err = run(capsys, "fetch", "--json")
    assert code == 0, err
    run_json = json.loads(out)
    assert {o["subscription"]: o["ok"] for o in run_json["subscriptions"]} == {
        "arXiv cs.CL": True,
        "Testing": True,
    }
    assert run_json["new"] == 18
    code, out, _ = run(capsys, "subscriptions")
    assert "arXiv cs.CL  [arxiv-listing cs.CL, every 6h]" in out and "new" in out
    listed = json.loads(run(capsys, "subscriptions", "--json")[1])
    assert [s["name"] for s in listed] == ["arXiv cs.CL", "Testing"]
    code, out, _ = run(capsys, "fetch", "--due")
    assert code == 0 and out == ""  # nothing is due right after a fetch
    assert run(capsys, "unsubscribe", "testing")[0] == 0
    assert [s["name"] for s in json.loads(run(capsys, "subscriptions", "--json")[1])] == [
        "arXiv cs.CL"
    ]


def test_a_failing_fetch_exits_1_and_says_why(capsys, server: str, script: FeedScript) -> None:
    run(capsys, "subscribe", "hf")
    script.paths["/api/daily_papers"] = Answer(b"busy", status=500)
    code, out, _ = run(capsys, "fetch")
    assert code == 1
    assert "Hugging Face Daily Papers: failed: the server answered 500" in out
    code, out, _ = run(capsys, "subscriptions")
    assert "failed (1x): the server answered 500" in out


def test_errors_are_one_line(capsys, server: str) -> None:
    code, _, err = run(capsys, "subscribe", "not a category!")
    assert code == 1 and err.startswith("readinglist: error: not arXiv categories")
    code, _, err = run(capsys, "unsubscribe", "nobody")
    assert code == 1 and err == "readinglist: error: no subscription 'nobody'\n"
    code, _, err = run(capsys, "rules", "add", "title:x", "--tag", "")
    assert code == 1 and "tag" in err


def test_rules_inbox_and_opml(capsys, server: str, tmp_path: Path) -> None:
    run(capsys, "subscribe", "hf", "--name", "HF")
    code, out, _ = run(capsys, "rules", "add", "title:agent OR title:agents", "--tag", "agents")
    assert code == 0 and out == "rule 1: title:agent OR title:agents -> tag agents\n"
    run(capsys, "rules", "add", "title:video", "--hide", "--subscription", "HF")
    run(capsys, "rules", "add", "*", "--notify")
    code, out, _ = run(capsys, "rules")
    assert "title:video -> hide  [HF]" in out and "* -> notify  [every subscription]" in out
    code, out, _ = run(capsys, "fetch")
    assert code == 0 and "17 new papers match your rules" in out
    inbox = json.loads(run(capsys, "inbox", "--json", "--seen")[1])
    assert len(inbox) == 17 - 3  # three video papers hidden
    assert json.loads(run(capsys, "inbox", "--json")[1]) == []
    opml = tmp_path / "subs.opml"
    assert run(capsys, "export-subscriptions", "-o", str(opml))[0] == 0
    other = tmp_path / "other"
    code, out, _ = run(capsys, "--data-dir", str(other), "import-subscriptions", str(opml))
    assert code == 0 and out == "1 subscriptions added\n"
    code, out, _ = run(capsys, "--data-dir", str(other), "rules")
    assert out.count(" -> ") == 3
    assert run(capsys, "rules", "remove", "1")[0] == 0
    assert run(capsys, "rules", "remove", "1")[0] == 1


def test_subscribing_to_daily_papers_names_its_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "subscribe", "hf")
    assert code == 0 and out == "subscribed: Hugging Face Daily Papers (hf-daily)\n"


def test_a_word_that_is_no_arxiv_archive_is_not_subscribed_to(capsys) -> None:  # type: ignore[no-untyped-def]
    for typed in ("arxiv", "papers", "foo.bar", "cs.CL+arxiv"):
        code, out, err = run(capsys, "subscribe", typed)
        assert (code, out) == (1, ""), typed
        assert err.startswith(f"readinglist: error: not arXiv categories: {typed!r}"), err
    code, out, _ = run(capsys, "subscriptions")
    assert code == 0 and "arxiv" not in out.lower()
    for typed in ("astro-ph", "math.AG", "cs.CV+cs.LG", "q-fin.ST"):
        code, out, _ = run(capsys, "subscribe", typed)
        assert code == 0 and out.startswith("subscribed: "), (typed, out)
