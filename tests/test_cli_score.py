"""``score:`` on the command line: ``search 'score:>0.5'`` answers from the "For you"
scores kept in the library (trained and scored first when needed), and says when there
is no model to score by; ``rules add`` says so too."""

from __future__ import annotations

import pytest

from readinglist.core.library import Library
from tests.ranking_fixtures import VISION, import_small_set
from tests.test_cli import run, run_json


def test_search_by_score(capsys: pytest.CaptureFixture[str], library: Library) -> None:
    categories = import_small_set(library)
    vision = sorted(pid for pid, c in categories.items() if c == VISION)
    library.close()
    code, out, err = run(capsys, "search", "score:>0.5")
    assert code == 0 and out.startswith("0 matching")
    assert "readinglist: note: no For you model yet" in err
    run(capsys, "mark", *map(str, vision[:10]), "--star")
    found = run_json(capsys, "search", "score:>0.85", "--limit", "500")
    high = {hit["id"] for hit in found["results"]}
    ranked = run_json(capsys, "rank", "--all", "--limit", "500")
    scores = {r["id"]: r["score"] for r in ranked["results"]}
    assert len(scores) == len(categories)
    assert high and high == {pid for pid, s in scores.items() if s > 0.85}
    assert sum(categories[pid] == VISION for pid in high) >= 0.8 * len(high)
    found = run_json(capsys, "search", "score:0.2..0.5", "--limit", "500")
    assert {h["id"] for h in found["results"]} == {
        pid for pid, s in scores.items() if 0.2 <= s <= 0.5
    }
    code, out, err = run(capsys, "search", "score:>0.85 NOT is:starred")
    assert code == 0 and not err
    assert int(out.split()[0]) == len(high - set(vision[:10]))


def test_adding_a_score_rule_without_a_model_says_it_matches_nothing(
    capsys: pytest.CaptureFixture[str], example_digest: object
) -> None:
    run_json(capsys, "import", str(example_digest))
    code, out, err = run(capsys, "rules", "add", "score:>0.8", "--tag", "must-read")
    assert code == 0 and out.startswith("rule 1:")
    assert "no For you model yet" in err and "score: matches no paper" in err
