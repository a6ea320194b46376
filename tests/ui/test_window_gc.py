"""The window under the garbage collector's policy: an import (whose reader pauses the
collector) and an export (which freezes what is loaded) leave the collector on, with the
policy's thresholds, and what the window froze stays frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist import gc_policy
from readinglist.ui.main_window import MainWindow
from tests.ui.test_window_export import export_to
from tests.ui.test_window_keys import open_example
from tests.ui.user import WAIT_MS


@pytest.fixture
def policy() -> Iterator[None]:
    """The policy as the app's start-up applies it; nothing frozen by earlier tests."""
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    gc.unfreeze()
    gc_policy.apply()
    yield
    gc.set_threshold(*thresholds)
    if enabled:
        gc.enable()


def _as_the_policy_wants() -> bool:
    return gc.isenabled() and gc.get_threshold() == gc_policy.WINDOW_THRESHOLDS


def test_an_import_then_an_export_keep_the_policy(
    qtbot, policy: None, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_example(qtbot, window)  # read by a reader that pauses the collector, in a worker
    assert _as_the_policy_wants()
    assert gc.get_freeze_count() > 0  # the rows the worker read are out of its passes

    export_to(qtbot, window, tmp_path / "list.bib", monkeypatch)
    qtbot.waitUntil(lambda: window.message.text().startswith("Exported"), timeout=WAIT_MS)
    assert window.message.text() == f"Exported 114 papers to {tmp_path / 'list.bib'}"
    assert _as_the_policy_wants()
    assert gc.get_freeze_count() > 0  # the export did not hand them back to the collector
