"""Training the "For you" rankers from the feature cache: it reads the papers as they are
now (an edited paper's newest row, no deleted paper) without stacking the cache, fits on
every marked paper and a bounded sample of the others, leaves out words too rare or too
common to say anything, and runs in a process that Cancel stops, the previous model kept."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest

from readinglist.core.ranking import features as feats
from readinglist.core.ranking.model import document_frequencies, load_model
from readinglist.core.ranking.process import TrainingFailed, train_in_process
from readinglist.core.ranking.selection import gather, live_document_frequencies, live_rows
from readinglist.core.ranking.store import MAIN_FILE
from readinglist.core.ranking.training import (
    WEAK_NEGATIVES,
    Signals,
    train_library,
    training_sample,
)

TOPICS = tuple(  # 20 subjects: each is in 5% of the papers
    f"{a} {b}"
    for a in ("protein", "graph", "robot", "speech", "galaxy")
    for b in ("folding", "clustering", "grasping", "synthesis")
)


def _features(ids: list[int], texts: list[str]) -> feats.Features:
    return feats.Features(
        np.array(ids, np.int64), np.zeros(len(ids), np.int64), feats.count_features(texts)
    )


def _text(pid: int) -> str:
    topic = TOPICS[pid % len(TOPICS)]
    return f"A study of {topic} number {pid % 7} with method {pid % 11}"


def test_training_reads_each_paper_as_it_is_now() -> None:
    main = _features(list(range(1, 41)), [_text(p) for p in range(1, 41)])
    # paper 3 was edited (its new row is in recent), paper 40 was deleted, 41 is new
    recent = _features([3, 41], ["an edited paper about quantum error correction", _text(41)])
    keep = set(range(1, 40)) | {41}
    expected = feats.stack([main, recent], keep)

    live = live_rows([main, recent], keep)

    assert sorted(live.ids.tolist()) == sorted(expected.ids.tolist())
    df = live_document_frequencies([main, recent], live)
    assert np.array_equal(df, document_frequencies(expected.matrix))
    positions = np.array([5, 0, len(live) - 1, 2])
    rows, _ = expected.rows_of(live.ids[positions].tolist())
    assert (gather([main, recent], live, positions) != expected.matrix[rows]).nnz == 0


def test_every_marked_paper_is_trained_on_and_the_others_are_sampled() -> None:
    ids = np.arange(1, 3 * WEAK_NEGATIVES, dtype=np.int64)
    signals = Signals(liked={5, 70_000}, tagged={"t": {9, 29_000}}, dismissed={12, 29_001, 29_002})

    sample = training_sample(ids, signals, ["", "t"])

    chosen = set(ids[sample].tolist())
    assert {5, 9, 12, 29_000, 29_001, 29_002} <= chosen
    assert len(chosen) == WEAK_NEGATIVES + 6
    assert np.all(np.diff(sample) > 0)


def test_a_word_of_a_single_paper_raises_no_score(tmp_path: Path) -> None:
    ids = list(range(1, 1_201))
    texts = [_text(p) for p in ids]
    texts[0] += " zyxwvut"  # starred, and the only paper with this word
    feats.save(_features(ids, texts), tmp_path / MAIN_FILE)
    liked = {p for p in ids if p % len(TOPICS) == 1}  # the "protein clustering" papers

    train_library(tmp_path, ids, Signals(liked=liked))

    state = json.loads((tmp_path / "state.json").read_text())
    idf = np.load(tmp_path / state["idf"])
    model = load_model(tmp_path / state["models"][""], idf)
    text = texts[0]
    reasons = model.reasons(feats.count_features([text]), text)
    assert reasons and "zyxwvut" not in " ".join(reasons)
    assert any("protein" in r or "clustering" in r for r in reasons)


def test_a_cancelled_training_stops_and_leaves_the_previous_model(tmp_path: Path) -> None:
    ids = list(range(1, 201))
    feats.save(_features(ids, [_text(p) for p in ids]), tmp_path / MAIN_FILE)
    first = Signals(liked={p for p in ids if p % len(TOPICS) == 1})
    assert train_in_process(tmp_path, ids, first)  # a model to keep
    before = (tmp_path / "state.json").read_text()
    cancel = threading.Event()
    cancel.set()  # the reader pressed Cancel

    second = Signals(liked={p for p in ids if p % len(TOPICS) == 2})
    assert not train_in_process(tmp_path, ids, second, cancel)

    assert (tmp_path / "state.json").read_text() == before
    state = json.loads(before)
    for name in [state["idf"], *state["models"].values()]:
        assert (tmp_path / name).is_file()
    assert train_in_process(tmp_path, ids, second)  # the next one goes through
    after = json.loads((tmp_path / "state.json").read_text())
    assert after["fingerprint"] == second.fingerprint() != state["fingerprint"]
    kept = {p.name for p in tmp_path.glob("*.np[yz]")}
    assert kept == {MAIN_FILE, after["idf"], *after["models"].values()}


def test_a_failed_training_says_why(tmp_path: Path) -> None:
    ids = list(range(1, 201))
    feats.save(_features(ids, [_text(p) for p in ids]), tmp_path / MAIN_FILE)
    (tmp_path / "state.json").mkdir()  # cannot be written

    with pytest.raises(TrainingFailed, match="state.json"):
        train_in_process(tmp_path, ids, Signals(liked={p for p in ids if p % 20 == 1}))
