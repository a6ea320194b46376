"""A rescore after a retrain, as the window's kept ranking process runs it: the features
stay in memory between updates (the files are not read again, the papers' stamps are not
all read again after a mark), and the scores are the TF-IDF model's, computed without
building the TF-IDF matrix."""

from __future__ import annotations

import numpy as np
import pytest

from readinglist.core.library import Library
from readinglist.core.ranking import features as feats
from readinglist.core.ranking.model import tfidf
from readinglist.core.ranking.ranker import Ranker
from readinglist.storage import ranking_signals
from tests.ranking_fixtures import VISION, import_small_set


@pytest.fixture
def categories(library: Library) -> dict[int, str]:
    return import_small_set(library)


def _vision(categories: dict[int, str]) -> list[int]:
    return sorted(pid for pid, c in categories.items() if c == VISION)


def _update(ranker: Ranker) -> int:
    """What the ranking process does on each update (``background.update_library``)."""
    ranker.retrain(in_process=True)
    return ranker.rescore()


def test_an_update_after_one_more_star_reads_no_feature_file_again(
    library: Library, categories: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vision = _vision(categories)
    library.set_starred(vision[:8])
    ranker = library.ranking
    assert _update(ranker) == len(categories)
    loads: list[object] = []
    real_load = feats.load
    monkeypatch.setattr(feats, "load", lambda path: loads.append(path) or real_load(path))
    library.set_starred([vision[8]])
    assert _update(ranker) == len(categories)  # a new model: every paper scored again
    assert loads == []


def test_a_mark_does_not_read_every_paper_stamp_again(
    library: Library, categories: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ranker = library.ranking
    first = ranker.features.refresh()
    assert len(first) == len(categories)

    def refuse(*_args: object) -> object:
        raise AssertionError("every paper's stamp read again")

    monkeypatch.setattr(ranking_signals, "paper_stamps", refuse)
    library.set_starred(_vision(categories)[:3])  # an annotation: no paper changed
    assert ranker.features.refresh() is first


def test_scores_are_the_tfidf_models(library: Library, categories: dict[int, str]) -> None:
    library.set_starred(_vision(categories)[:8])
    ranker = library.ranking
    _update(ranker)
    model = ranker._load().models[""]  # type: ignore[union-attr]
    counts = ranker.features.refresh().matrix
    expected = np.asarray(tfidf(counts, model.idf) @ model.weights + model.bias, np.float32)
    assert model.decisions(counts) == pytest.approx(expected, abs=1e-5)
