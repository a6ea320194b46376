"""``readinglist config`` and ``readinglist import`` completing what it imported when the
preferences say so (against the local fake services; no network)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.core.enrich_http import ARXIV_API_URL_ENV, HF_URL_ENV, OPENALEX_URL_ENV
from readinglist.core.library import Library
from tests.local_server import Script, Work, serving


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> Iterator[Script]:
    script = Script()
    with serving(script) as base:
        monkeypatch.setenv(HF_URL_ENV, base)
        monkeypatch.setenv(ARXIV_API_URL_ENV, f"{base}/api/query")
        monkeypatch.setenv(OPENALEX_URL_ENV, base)
        yield script


def test_config_shows_sets_and_refuses(capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "config") == (
        0,
        "complete-after-import = off\ncontact-email = \n",
        "",
    )
    assert run(capsys, "config", "complete-after-import", "on")[:2] == (
        0,
        "complete-after-import = on\n",
    )
    assert run(capsys, "config", "contact-email", "me@lab.edu")[0] == 0
    code, out, _ = run(capsys, "config", "--json")
    assert code == 0
    assert json.loads(out) == {"complete-after-import": "on", "contact-email": "me@lab.edu"}
    code, out, err = run(capsys, "config", "contact-email", "not an address")
    assert (code, out) == (1, "")
    assert err == "readinglist: error: 'not an address' is not an e-mail address\n"
    code, _, err = run(capsys, "config", "colour")
    assert code == 1 and err.startswith("readinglist: error: no preference 'colour'")
    assert run(capsys, "config", "contact-email")[1] == "contact-email = me@lab.edu\n"


def test_import_stays_offline_by_default(capsys, example_digest: Path, script: Script) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "import", str(example_digest))
    assert code == 0 and "completed online" not in out
    assert script.requests == []


def test_import_completes_the_digest_when_the_preference_is_on(  # type: ignore[no-untyped-def]
    capsys, example_digest: Path, data_dir: Path, tmp_path: Path, script: Script
) -> None:
    with Library.open(tmp_path / "scratch") as scratch:  # learn the digest's day and titles
        scratch.import_path(example_digest)
        (digest,) = scratch.digests()
        works = [
            Work(p.title, [f"Author{n} Name"], f"2509.{n:05d}")
            for n, p in enumerate(scratch.papers())
        ]
    assert digest.date
    script.days[digest.date] = works[:-1]
    run(capsys, "config", "complete-after-import", "on")
    code, out, _ = run(capsys, "import", str(example_digest))
    assert code == 0
    assert out.splitlines()[-1] == "completed online: Completed 113 of 114 papers; 1 not found"
    with Library.open(data_dir) as library:
        assert sum(1 for p in library.papers() if p.arxiv_id and p.authors) == 113
    code, out, err = run(capsys, "import", str(example_digest), "--json")
    assert code == 0 and json.loads(out)[0]["unchanged"] == 114  # nothing new: not asked
    assert "completed online" not in err
