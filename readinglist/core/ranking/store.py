"""The on-disk feature cache of a library (``ranking/features-*.npz``), brought up to date
with the database: papers new or changed since the last refresh get features, deleted
ones are dropped. Only the small "recent" part is rewritten after an import."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from readinglist.core.ranking import features as feats
from readinglist.core.ranking.features import Features
from readinglist.storage import ranking_signals
from readinglist.storage.db import Database

logger = logging.getLogger(__name__)

MAIN_FILE = "features-main.npz"
RECENT_FILE = "features-recent.npz"


class FeatureStore:
    """Hashed counts of every paper of one library, kept in ``directory``. Safe to share
    between threads (the ranking process's task and its questions): one update at a time."""

    def __init__(self, db: Database, directory: Path) -> None:
        self._db = db
        self.directory = directory
        self._main: Features | None = None
        self._recent: Features | None = None
        self._generation = -1
        self._papers: tuple[object, ...] = ()  # ranking_signals.papers_fingerprint then
        self._combined: Features | None = None
        self._lock = threading.RLock()
        self._pending: dict[str, Features] = {}  # written by the writer thread, in order
        self._writer: threading.Thread | None = None
        self._written = threading.Condition(self._lock)

    def refresh(self) -> Features:
        """Every paper's features, computing those the cache lacks (new or edited papers)
        and writing the cache when anything was computed."""
        with self._lock:
            return self._refresh()

    def _refresh(self) -> Features:
        with self._db.snapshot() as conn:
            generation = int(
                conn.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()[0]
            )
            if self._combined is not None and generation == self._generation:
                return self._combined
            papers = ranking_signals.papers_fingerprint(conn)
            if self._combined is not None and papers == self._papers:
                self._generation = generation  # an annotation changed, not a paper
                return self._combined
            stamps = ranking_signals.paper_stamps(conn)
            main, recent = self._loaded()
            have = dict(zip(main.ids.tolist(), main.stamps.tolist(), strict=True))
            have.update(zip(recent.ids.tolist(), recent.stamps.tolist(), strict=True))
            wanted = {pid: feats.stamp(updated) for pid, updated in stamps.items()}
            missing = sorted(pid for pid, s in wanted.items() if have.get(pid) != s)
            if not missing and self._combined is not None and len(self._combined) == len(wanted):
                self._generation, self._papers = generation, papers
                return self._combined
            rows = list(ranking_signals.paper_texts(conn, missing))
        if rows:
            texts = [
                feats.paper_text(title, abstract, authors)
                for _, title, abstract, authors, _ in rows
            ]
            fresh = Features(
                np.array([r[0] for r in rows], np.int64),
                np.array([feats.stamp(r[4]) for r in rows], np.int64),
                feats.count_features(texts),
            )
            recent = feats.stack([recent, fresh])
            if len(recent) > feats.RECENT_LIMIT:
                main, recent = feats.stack([main, recent], set(wanted)), Features.empty()
                self._write(MAIN_FILE, main)
            self._write(RECENT_FILE, recent)
            self._main, self._recent = main, recent
        self._combined = feats.stack([main, recent], set(wanted))
        self._generation, self._papers = generation, papers
        return self._combined

    def add_papers(self, ids: Sequence[int]) -> int:
        """Compute the features of these papers now (after an import) unless the cache has
        them as they are; return how many were computed."""
        return self.put(ids)[1]

    def put(self, ids: Sequence[int], *, later: bool = False) -> tuple[Features, int]:
        """The features of these papers as they are now, computed from their texts; those
        the cache lacks (new or edited) are added to its recent part (written to disk now,
        or ``later`` by a thread of its own: see :meth:`flush`). Returns them and how many
        were added. The large main part is looked up, never copied."""
        with self._db.snapshot() as conn:
            rows = list(ranking_signals.paper_texts(conn, list(ids)))
        counted = _computed(rows)
        with self._lock:
            have = self._stamps_of(counted.ids)
            pairs = zip(counted.ids.tolist(), counted.stamps.tolist(), strict=True)
            added = np.flatnonzero([have.get(pid) != stamp for pid, stamp in pairs])
            if len(added):
                _, recent = self._loaded()
                part = Features(counted.ids[added], counted.stamps[added], counted.matrix[added])
                self._recent = feats.stack([recent, part])
                if later:  # the caller's answer need not wait for the disk
                    self._write_soon(RECENT_FILE, self._recent)
                else:
                    self._write(RECENT_FILE, self._recent)
                self._combined = None
        return counted, len(added)

    def _stamps_of(self, ids: np.ndarray) -> dict[int, int]:
        """The cached stamp of each of ``ids`` the cache holds (the recent part's wins)."""
        found: dict[int, int] = {}
        for part in self._loaded():
            rows, present = part.rows_of(ids)
            found.update(zip(present.tolist(), part.stamps[rows].tolist(), strict=True))
        return found

    def _loaded(self) -> tuple[Features, Features]:
        if self._main is None or self._recent is None:
            self._main = feats.load(self.directory / MAIN_FILE)
            self._recent = feats.load(self.directory / RECENT_FILE)
        return self._main, self._recent

    def parts(self) -> tuple[Features, Features]:
        """The main and recent parts as held in memory (what a training in this process
        reads instead of the files: see :meth:`flush` for the files)."""
        with self._lock:
            return self._loaded()

    def flush(self) -> None:
        """Wait until every part computed so far is on disk (what a training reads)."""
        with self._lock:
            while self._pending or self._writer is not None:
                self._written.wait()

    def _write(self, name: str, features: Features) -> None:
        """Write a part now, after those waiting to be written."""
        with self._lock:
            self._pending.pop(name, None)  # superseded
            self.flush()
            self._save(name, features)

    def _write_soon(self, name: str, features: Features) -> None:
        """Write a part from the writer thread (the latest version of each part only)."""
        self._pending[name] = features
        if self._writer is None:
            self._writer = threading.Thread(
                target=self._write_pending, name="ranking-features-writer"
            )
            self._writer.start()

    def _write_pending(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._writer = None
                    self._written.notify_all()
                    return
                name = next(iter(self._pending))
                features = self._pending.pop(name)
            self._save(name, features)

    def _save(self, name: str, features: Features) -> None:
        try:
            feats.save(features, self.directory / name)
        except Exception as exc:  # a cache: a full disk must not stop the ranking
            logger.warning("ranking features not saved (%s)", exc)


def _computed(rows: Sequence[tuple[int, str, str, list[str], str]]) -> Features:
    """Features of (id, title, abstract, authors, updated) rows."""
    if not rows:
        return Features.empty()
    texts = [feats.paper_text(title, abstract, authors) for _, title, abstract, authors, _ in rows]
    return Features(
        np.array([r[0] for r in rows], np.int64),
        np.array([feats.stamp(r[4]) for r in rows], np.int64),
        feats.count_features(texts),
    )
