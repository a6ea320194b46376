"""The "For you" scores kept in the library: the background update (features, training
and scoring in another process) fills them, a reopened library reads them back without
computing anything, a new model scores everything again, a new digest is scored as it is
imported, and an edited paper is scored again."""

from __future__ import annotations

import pytest

from readinglist.core.library import Library
from readinglist.core.ranking import background, resident
from readinglist.core.ranking.model import LinearModel
from readinglist.core.ranking.placement import computed_elsewhere
from readinglist.core.ranking.ranker import LEARNED
from readinglist.core.ranking.store import FeatureStore
from readinglist.core.ranking.worker import TrainingWorker
from readinglist.domain.entities import PaperRecord
from tests.ranking_fixtures import VISION, import_small_set


@pytest.fixture
def categories(library: Library) -> dict[int, str]:
    return import_small_set(library)


def _vision(categories: dict[int, str]) -> list[int]:
    return sorted(pid for pid, c in categories.items() if c == VISION)


def _no_computing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, computing features or a model's scores in this process fails."""

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("computed in this process")

    monkeypatch.setattr(FeatureStore, "refresh", refuse)
    monkeypatch.setattr(LinearModel, "decisions", refuse)


def test_the_background_update_scores_every_paper_into_the_library(
    library: Library, categories: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library.set_starred(_vision(categories)[:10])
    _no_computing(monkeypatch)  # the update computes in its own process
    assert background.update(library.ranking)
    version = library.ranking.current_version()
    assert version is not None
    cached = library.ranking.scores.cached(version)
    assert set(cached) == set(categories)
    assert not background.needs_update(library.ranking)


def test_a_reopened_library_ranks_from_the_cached_scores(
    library: Library, categories: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library.set_starred(_vision(categories)[:10])
    assert background.update(library.ranking)
    before = library.ranking.rank(sorted(categories))
    library.close()
    _no_computing(monkeypatch)
    with Library.open(library.directory) as reopened:  # a restart
        after = reopened.ranking.rank(sorted(categories))
    assert after.mode == LEARNED
    assert [pid for pid, _ in after.scores] == [pid for pid, _ in before.scores]
    assert dict(after.scores) == pytest.approx(dict(before.scores), abs=1e-6)


def test_a_new_model_scores_every_paper_again(library: Library, categories: dict[int, str]) -> None:
    vision = _vision(categories)
    library.set_starred(vision[:6])
    assert background.update(library.ranking)
    first = library.ranking.current_version()
    library.set_starred(vision[6:12])
    assert background.needs_update(library.ranking)
    assert background.update(library.ranking)
    second = library.ranking.current_version()
    assert second is not None and second != first
    assert set(library.ranking.scores.cached(second)) == set(categories)
    assert not library.ranking.scores.cached(str(first))


def test_a_new_digest_is_scored_as_it_is_imported(
    library: Library, categories: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vision = _vision(categories)
    library.set_starred(vision[:10])
    assert background.update(library.ranking)
    version = library.ranking.current_version()
    records = [
        PaperRecord(
            title=f"Convolutional networks for image segmentation, part {n}",
            abstract=(
                "We segment images with a convolutional neural network and detect objects "
                "in video frames with pixel level labels."
            ),
        )
        for n in range(3)
    ]
    library.import_records(records, "new digest")
    new = sorted(set(p.id for p in library.papers()) - set(categories))
    assert len(new) == 3
    cached = library.ranking.scores.cached(str(version), new)
    assert set(cached) == set(new)  # scored at import, no background update needed
    _no_computing(monkeypatch)
    ranking = library.ranking.rank(new)
    assert dict(ranking.scores) == pytest.approx(cached, abs=1e-6)


def test_an_edited_paper_is_scored_again(library: Library, categories: dict[int, str]) -> None:
    vision = _vision(categories)
    library.set_starred(vision[:10])
    assert background.update(library.ranking)
    version = str(library.ranking.current_version())
    edited = vision[-1]
    with library._db.transaction() as conn:  # an enrichment or import rewrote its fields
        conn.execute(
            "UPDATE papers SET title = 'Cooking recipes', updated = '2030-01-01T00:00:00Z'"
            " WHERE id = ?",
            (edited,),
        )
    assert edited not in library.ranking.scores.cached(version)
    assert library.ranking.scores.unscored(version) == [edited]
    assert background.update(library.ranking)
    assert edited in library.ranking.scores.cached(version)


def test_without_a_model_no_paper_keeps_a_score(
    library: Library, categories: dict[int, str]
) -> None:
    vision = _vision(categories)
    library.set_starred(vision[:10])
    assert background.update(library.ranking)
    library.set_starred(vision[:10], False)  # no positives left: no model
    assert background.update(library.ranking)
    assert library.ranking.current_version() is None
    with library._db.snapshot() as conn:
        assert conn.execute("SELECT count(*) FROM ranking_scores").fetchone()[0] == 0


def test_a_digest_imported_for_the_ranking_process_is_scored_by_it(
    library: Library, categories: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library.set_starred(_vision(categories)[:10])
    assert background.update(library.ranking)
    version = str(library.ranking.current_version())
    records = [
        PaperRecord(title=f"Object detection in video frames, part {n}", abstract="Pixels.")
        for n in range(3)
    ]
    monkeypatch.setattr(FeatureStore, "put", _refuse)  # the window's import computes nothing
    with computed_elsewhere():
        report = library.import_records(records, "new digest")
    monkeypatch.undo()
    new = sorted(set(p.id for p in library.papers()) - set(categories))
    assert not library.ranking.scores.cached(version, new)
    worker = TrainingWorker()
    try:  # the window's ranking process, asked right after the import
        args = (library.database_path, library.ranking.directory, [report.digest_id])
        told = worker.ask(resident.score_digests, args)
    finally:
        worker.close()
    assert set(told) == set(new)
    assert library.ranking.scores.cached(version, new) == pytest.approx(told, abs=1e-6)
    assert library.ranking.rank(new, cached_only=True).mode == LEARNED


def test_papers_imported_while_no_ranking_process_runs_are_scored_by_the_next_update(
    library: Library, categories: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library.set_starred(_vision(categories)[:10])
    assert background.update(library.ranking)
    version = str(library.ranking.current_version())
    records = [PaperRecord(title=f"Video segmentation {n}", abstract="Frames.") for n in range(2)]
    with computed_elsewhere():
        library.import_records(records, "new digest")
    new = sorted(set(p.id for p in library.papers()) - set(categories))
    assert library.ranking.rank(new, cached_only=True).scores == []  # nothing computed here
    assert background.needs_update(library.ranking)
    assert background.update(library.ranking)
    assert set(library.ranking.scores.cached(version, new)) == set(new)
    assert library.ranking.features.refresh().rows_of(new)[1].tolist() == new


def _refuse(*_args: object, **_kwargs: object) -> object:
    raise AssertionError("computed in this process")
