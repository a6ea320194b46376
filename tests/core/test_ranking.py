"""The "For you" ranking on a fixed small set of real arXiv papers: what a reader who stars
only vision papers sees first, what dismissing does, the cold start, reasons, per-tag
rankers, and training only when the signals changed."""

from __future__ import annotations

import threading

import pytest

from readinglist.core.library import Library
from readinglist.core.ranking.ranker import LEARNED, NONE, SIMILAR
from readinglist.core.ranking.store import RECENT_FILE
from tests.ranking_fixtures import VISION, import_small_set


@pytest.fixture
def categories(library: Library) -> dict[int, str]:
    return import_small_set(library)


def _of(categories: dict[int, str], category: str) -> list[int]:
    return sorted(pid for pid, c in categories.items() if c == category)


def _precision(ranked: list[int], categories: dict[int, str], n: int) -> float:
    return sum(categories[pid] == VISION for pid in ranked[:n]) / n


def test_a_reader_who_stars_vision_papers_gets_vision_papers_first(
    library: Library, categories: dict[int, str]
) -> None:
    starred = _of(categories, VISION)[:10]
    library.set_starred(starred)
    assert library.ranking.retrain()  # in its own process
    new = [pid for pid in categories if pid not in starred]
    ranking = library.ranking.rank(new)
    assert ranking.mode == LEARNED and ranking.positives == 10
    ranked = [pid for pid, _ in ranking.scores]
    # 20 of the 140 papers left are vision papers: a random order has 1.4 in the top 10
    assert _precision(ranked, categories, 10) >= 0.7
    assert _precision(ranked, categories, 20) >= 0.6
    scores = [score for _, score in ranking.scores]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_dismissing_demotes_a_paper(library: Library, categories: dict[int, str]) -> None:
    library.set_starred(_of(categories, VISION)[:10])
    library.ranking.retrain(in_process=True)
    candidates = [pid for pid in categories if categories[pid] == VISION][10:]
    before = [pid for pid, _ in library.ranking.rank(candidates).scores]
    top = before[0]
    library.dismiss([top])
    assert library.ranking.needs_training()
    assert library.ranking.retrain(in_process=True)
    after = [pid for pid, _ in library.ranking.rank(candidates).scores]
    assert after.index(top) > before.index(top)
    assert after.index(top) >= len(after) // 2


def test_cold_start_ranks_by_similarity_to_the_few_starred(
    library: Library, categories: dict[int, str]
) -> None:
    starred = _of(categories, VISION)[:3]
    library.set_starred(starred)
    library.ranking.retrain(in_process=True)  # too few positives: nothing is learned
    ranking = library.ranking.rank([pid for pid in categories if pid not in starred])
    assert ranking.mode == SIMILAR
    assert "Few signals yet (3 of 5" in ranking.explain()
    assert _precision([pid for pid, _ in ranking.scores], categories, 10) >= 0.3  # random: 0.2


def test_without_any_signal_the_order_is_kept_and_the_reader_is_told(
    library: Library, categories: dict[int, str]
) -> None:
    ids = sorted(categories)
    ranking = library.ranking.rank(ids)
    assert ranking.mode == NONE and [pid for pid, _ in ranking.scores] == ids
    assert "Star, tag or dismiss" in ranking.explain()


def test_training_happens_only_when_the_signals_changed(
    library: Library, categories: dict[int, str]
) -> None:
    vision = _of(categories, VISION)
    library.set_starred(vision[:6])
    assert library.ranking.retrain(in_process=True)
    assert not library.ranking.needs_training()
    assert not library.ranking.retrain(in_process=True)
    library.set_read(vision[:3])  # not a signal
    assert not library.ranking.retrain(in_process=True)
    library.add_tags([vision[7]], ["vision"])
    assert library.ranking.retrain(in_process=True)


def test_reasons_are_words_of_the_paper_that_raised_its_score(
    library: Library, categories: dict[int, str]
) -> None:
    library.set_starred(_of(categories, VISION)[:10])
    library.ranking.retrain(in_process=True)
    paper_id = library.ranking.rank(_of(categories, VISION)[10:]).scores[0][0]
    reasons = library.ranking.reasons(paper_id)
    paper = library.paper(paper_id)
    text = f"{paper.title} {paper.abstract} {' '.join(paper.authors)}".lower()
    assert 1 <= len(reasons) <= 5
    for reason in reasons:
        assert all(word in text for word in reason.split())


def test_a_tag_gets_its_own_ranker(library: Library, categories: dict[int, str]) -> None:
    library.set_starred(_of(categories, VISION)[:10])
    language = _of(categories, "cs.CL")
    library.add_tags(language[:6], ["nlp"])
    library.ranking.retrain(in_process=True)
    rest = [pid for pid in categories if pid not in language[:6]]
    ranking = library.ranking.rank(rest, "nlp")
    assert ranking.mode == LEARNED and ranking.positives == 6
    top = [categories[pid] for pid, _ in ranking.scores[:10]]
    assert top.count("cs.CL") >= 8


def test_features_are_computed_when_papers_are_imported(
    library: Library, categories: dict[int, str]
) -> None:
    assert (library.ranking.directory / RECENT_FILE).is_file()
    assert library.ranking.features.add_papers(sorted(categories)) == 0  # already there


def test_a_retrain_does_not_block_edits(library: Library, categories: dict[int, str]) -> None:
    vision = _of(categories, VISION)
    library.set_starred(vision[:8])
    outcome: list[bool] = []
    with Library.open(library.directory) as trainer:
        worker = threading.Thread(target=lambda: outcome.append(trainer.ranking.retrain()))
        worker.start()
        assert trainer.ranking.training.wait(60)  # the training process is being started
        with Library.open(library.directory, busy_timeout=0) as editor:  # no waiting
            editor.set_starred(vision[8:10])
            editor.set_notes(vision[11], "read this")
            editor.dismiss([_of(categories, "cs.CR")[0]])
        worker.join()
    assert outcome == [True]
    assert library.paper(vision[9]).starred and library.paper(vision[11]).notes == "read this"
