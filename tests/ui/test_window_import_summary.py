"""The status bar after dropping several digests at once: the counts, then the files that
failed, then which file held duplicates. The failure came last, after "7 duplicates within
the file; 1 duplicate within the file" (of which files?), and was cut off at the status
bar's edge, so the user never read why a file brought nothing."""

from __future__ import annotations

from readinglist.ui.main_window import MainWindow
from tests.conftest import CORPUS
from tests.ui.test_window_import import drop_paths
from tests.ui.user import WAIT_MS, is_seen

SEVEN_TWICE = CORPUS / "markdown_lists" / "awesome_graph_llm_venue_prefix.md"
ONE_TWICE = CORPUS / "markdown_lists" / "awesome_prompt4reasoning_readme.md"
NOT_A_DIGEST = CORPUS / "SOURCES.md"


def test_dropped_digests_say_which_failed_and_which_held_duplicates(
    qtbot, window: MainWindow
) -> None:
    drop_paths(window, SEVEN_TWICE, ONE_TWICE, NOT_A_DIGEST)
    qtbot.waitUntil(lambda: window.imports.job is None, timeout=WAIT_MS)
    text = window.message.text()
    counts, failure, first, second = text.split("; ")
    assert counts.split(", ")[0].endswith(" new") and counts.endswith(" unchanged")
    assert failure.startswith("1 file failed: SOURCES.md: ")
    assert first == "awesome_graph_llm_venue_prefix.md: 7 duplicates within the file"
    assert second == "awesome_prompt4reasoning_readme.md: 1 duplicate within the file"
    assert is_seen(window.message)
    label = window.message
    shown = label.contentsRect().width()
    up_to_failure = f"{counts}; {failure}"
    assert label.fontMetrics().horizontalAdvance(up_to_failure) <= shown  # not cut off
