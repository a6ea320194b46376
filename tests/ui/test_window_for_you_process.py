"""The "why" words of the detail pane come from the ranking process, and so do the scores
of a digest imported in the window: a window that ranks, shows a paper's words, imports
a digest or fetches one through a ``score:`` rule never loads scikit-learn itself. Checked
in a Python process of its own (``why_words_probe.py``, ``import_ranking_probe.py``,
``fetch_score_probe.py``), since other tests load scikit-learn into this one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from readinglist.core.library import Library
from readinglist.core.ranking import background
from readinglist.domain.subscriptions import HF_DAILY
from tests.conftest import PROJECT_ROOT
from tests.local_server import FeedScript, default_paths, serving
from tests.ranking_fixtures import VISION, held_out, import_small_set, write_csl_json

PROBE = Path(__file__).with_name("why_words_probe.py")
IMPORT_PROBE = Path(__file__).with_name("import_ranking_probe.py")
FETCH_PROBE = Path(__file__).with_name("fetch_score_probe.py")


def _probe(script: Path, *args: object, **env_vars: str) -> dict[str, object]:
    """Run a probe in a Python process of its own (``env_vars`` added to its
    environment); its last line of output, as JSON."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(PROJECT_ROOT),
        **env_vars,
    }
    done = subprocess.run(
        [sys.executable, str(script), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_why_words_are_shown_without_scikit_learn_in_the_window(
    library: Library, data_dir: Path, tmp_path: Path
) -> None:
    categories = import_small_set(library)  # here: an import computes features in-process
    vision = sorted(pid for pid, c in categories.items() if c == VISION)[:10]
    library.close()
    shown = _probe(PROBE, data_dir, tmp_path, *vision)
    assert shown["seen"]
    why = shown["why"]
    assert why.startswith("For you 0.") and " — why: " in why
    words = why.split(" — why: ", 1)[1]
    assert words and words != "nothing stands out"
    assert shown["sklearn"] == []


def test_a_dropped_digest_is_ranked_without_scikit_learn_in_the_window(
    library: Library, data_dir: Path, tmp_path: Path
) -> None:
    categories = import_small_set(library)  # here: an import computes features in-process
    library.set_starred(sorted(pid for pid, c in categories.items() if c == VISION)[:10])
    library.close()
    vision, language = held_out(VISION, 8), held_out("cs.CL", 8)
    digest = write_csl_json(tmp_path / "new-papers.json", vision + language)
    shown = _probe(IMPORT_PROBE, data_dir, tmp_path / "settings", digest)
    assert shown["sklearn"] == []
    new = shown["new"]
    assert len(new) == 16  # every new paper shows a score bar
    assert all(0.0 <= float(bar) <= 1.0 for _, bar in new)
    vision_titles = {str(p["title"]) for p in vision}
    first_half = [title for title, _ in new[:8]]  # the list sorted For you: best first
    assert sum(title in vision_titles for title in first_half) >= 6
    assert shown["seen"]


def test_a_score_rule_scores_fetched_papers_without_scikit_learn_in_the_window(
    library: Library, data_dir: Path, tmp_path: Path
) -> None:
    categories = import_small_set(library)  # here: an import computes features in-process
    library.set_starred(sorted(pid for pid, c in categories.items() if c == VISION)[:10])
    assert background.update(library.ranking)  # a model: the rule has scores to read
    version = library.ranking.current_version()
    subs = library.subscriptions
    subs.apply_rules()  # the papers already there are not new to the rule added now
    subs.subscribe("HF", HF_DAILY)
    subs.add_rule("score:>=0", "tag", "scored")  # every paper with a score: all new ones
    library.close()
    with serving(FeedScript(paths=default_paths())) as base:
        shown = _probe(FETCH_PROBE, data_dir, tmp_path / "settings", READINGLIST_HF_URL=base)
    assert shown["sklearn"] == []
    new = shown["new"]
    assert len(new) == 17  # the day's papers, listed
    assert all(tags == "scored" for _, tags in new)  # each scored before the rule ran
    assert shown["seen"]
    again = Library.open(data_dir)
    try:
        arrived = {p.id for p in again.papers()} - set(categories)
        assert set(again.ranking.scores.cached(str(version), sorted(arrived))) == arrived
    finally:
        again.close()
