from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFocusEvent
from PySide6.QtWidgets import QApplication, QLabel, QToolButton

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.domain.errors import StorageError
from readinglist.ui.views import detail_pane
from readinglist.ui.views.detail_pane import DetailPane, is_safe_link

VATT = "VATT: Transformers for Multimodal Self-Supervised Learning from Raw Video, Audio and Text"


@pytest.fixture
def papers(library: Library, example_digest: Path) -> list[int]:
    """The example digest's paper ids, in digest order (VATT first)."""
    library.import_path(example_digest)
    return [paper.id for paper in library.papers()]


@pytest.fixture
def pane(qtbot, library: Library) -> Iterator[DetailPane]:
    widget = DetailPane(library)
    qtbot.addWidget(widget)
    widget.resize(420, 800)

    def answer(paper_id: int) -> None:  # what the window's search thread does
        similar = [(p.id, p.title) for p in library.similar(paper_id, 5)]
        widget.set_related(paper_id, similar, library.suggest_tags(paper_id, 3))

    widget.related_requested.connect(answer)
    yield widget
    widget.related_requested.disconnect(answer)  # a pending request outlives the library


def _chips(pane: DetailPane, name: str) -> list[QToolButton]:
    """The live (not yet deleted) tag chips or suggestions."""
    return [b for b in pane.findChildren(QToolButton, name) if not b.isHidden()]


def test_starts_empty(pane: DetailPane) -> None:
    assert pane.current_paper_id() is None
    assert pane.empty_label.text() == "Select a paper to see its abstract, tags and notes"
    assert pane.empty_label.isVisibleTo(pane)


def test_shows_title_and_abstract(pane: DetailPane, library: Library, papers: list[int]) -> None:
    pane.show_paper(papers[0])
    assert pane.current_paper_id() == papers[0]
    assert VATT in pane.title_label.text()
    assert "<mark>" not in pane.title_label.text()
    assert pane.abstract_view.toPlainText().startswith("We present a framework")
    assert pane.authors_label.text() == "Authors unknown"
    assert "daily_papers_sep9.txt" in pane.meta_label.text()
    # The page's date is the digest's: the pane never calls it the paper's publication.
    assert "Added in digest of 2" in pane.meta_label.text()
    assert "Published" not in pane.meta_label.text()
    assert not pane.empty_label.isVisibleTo(pane)
    pane.show_paper(None)
    assert pane.current_paper_id() is None
    assert pane.empty_label.isVisibleTo(pane)


def test_query_words_are_highlighted(pane: DetailPane, papers: list[int]) -> None:
    pane.show_paper(papers[0], "video")
    assert "Raw <mark>Video</mark>" in pane.title_label.text()
    # Qt renders the <mark> through the style sheet: a coloured span around the word.
    assert "background-color:#ffe066;" in pane.abstract_view.toHtml()
    assert "text-to-video retrieval" in pane.abstract_view.toPlainText()


def test_imported_text_is_never_live_html(pane: DetailPane, library: Library) -> None:
    report = library.import_records(
        [PaperRecord(title="<b>Bold</b> & <img src=x>", abstract="<script>x()</script> a<b")],
        "evil.txt",
    )
    assert report.new == 1
    paper_id = library.papers()[0].id
    pane.show_paper(paper_id)
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;img" in pane.title_label.text()
    assert pane.abstract_view.toPlainText() == "<script>x()</script> a<b"
    pane.show_paper(paper_id, "bold script")
    assert "<b>" not in pane.title_label.text()
    assert "<script>" in pane.abstract_view.toPlainText()


def test_add_and_remove_tags(qtbot, pane: DetailPane, library: Library, papers: list[int]) -> None:
    pane.show_paper(papers[0])
    pane.show()
    with qtbot.waitSignal(pane.paper_changed) as blocker:
        qtbot.keyClicks(pane.tag_edit, "to-read")
        qtbot.keyClick(pane.tag_edit, Qt.Key.Key_Return)
    assert blocker.args == [papers[0]]
    assert library.paper(papers[0]).tags == ["to-read"]
    assert pane.tag_edit.text() == ""
    assert [c.text() for c in _chips(pane, "tagChip")] == ["to-read ✕"]

    with qtbot.waitSignal(pane.paper_changed):
        qtbot.mouseClick(_chips(pane, "tagChip")[0], Qt.MouseButton.LeftButton)
    assert library.paper(papers[0]).tags == []
    assert _chips(pane, "tagChip") == []


# The offscreen platform cannot raise or grab for the completer's popup; harmless.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_tag_completion_is_case_insensitive(
    qtbot, pane: DetailPane, library: Library, papers: list[int]
) -> None:
    library.add_tags([papers[1]], ["Video"])
    pane.show_paper(papers[0])
    pane.show()
    qtbot.waitExposed(pane)
    messages: list[str] = []
    pane.status_message.connect(messages.append)
    pane.tag_edit.setFocus()
    qtbot.keyClicks(pane.tag_edit, "vid")
    popup = pane.tag_edit.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1
    with qtbot.waitSignal(pane.paper_changed):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert library.paper(papers[0]).tags == ["Video"]
    assert messages == ["Tag “Video” added"]
    assert pane.tag_edit.text() == ""


def test_suggested_tag_adds_it(
    qtbot, pane: DetailPane, library: Library, papers: list[int]
) -> None:
    neighbours = [paper.id for paper in library.similar(papers[0], 5)]
    library.add_tags(neighbours, ["multimodal"])
    pane.show_paper(papers[0])
    qtbot.waitUntil(lambda: bool(_chips(pane, "tagSuggestion")))
    suggestions = _chips(pane, "tagSuggestion")
    assert [b.text() for b in suggestions] == ["+ multimodal"]
    with qtbot.waitSignal(pane.paper_changed):
        suggestions[0].click()
    assert library.paper(papers[0]).tags == ["multimodal"]
    assert _chips(pane, "tagSuggestion") == []


def test_library_errors_become_status_messages(
    qtbot, pane: DetailPane, library: Library, papers: list[int]
) -> None:
    pane.show_paper(papers[0])
    with qtbot.waitSignal(pane.status_message) as blocker:
        pane.tag_edit.setText("x" * 101)
        pane.tag_edit.returnPressed.emit()
    assert "at most 100 characters" in blocker.args[0]
    assert library.paper(papers[0]).tags == []
    with qtbot.waitSignal(pane.status_message) as blocker:
        pane.show_paper(999_999)
    assert blocker.args == ["no paper with id 999999"]
    assert pane.current_paper_id() is None


def test_notes_save_after_typing_stops(
    qtbot, pane: DetailPane, library: Library, papers: list[int]
) -> None:
    pane.show_paper(papers[0])
    with qtbot.waitSignal(pane.paper_changed, timeout=3000) as blocker:
        qtbot.keyClicks(pane.notes_edit, "Compare with VATT.")
        assert library.paper(papers[0]).notes == ""  # not before the pause
    assert blocker.args == [papers[0]]
    assert library.paper(papers[0]).notes == "Compare with VATT."


def test_flush_saves_pending_notes_at_once(
    qtbot, pane: DetailPane, library: Library, papers: list[int]
) -> None:
    pane.show_paper(papers[0])
    qtbot.keyClicks(pane.notes_edit, "quick")
    with qtbot.waitSignal(pane.paper_changed, timeout=0):
        pane.flush()
    assert library.paper(papers[0]).notes == "quick"
    with qtbot.assertNotEmitted(pane.paper_changed):
        pane.flush()  # nothing pending: nothing written


def test_switching_papers_saves_the_previous_notes(
    qtbot, pane: DetailPane, library: Library, papers: list[int]
) -> None:
    library.set_notes(papers[1], "second paper's notes")
    pane.show_paper(papers[0])
    qtbot.keyClicks(pane.notes_edit, "first paper's notes")
    pane.show_paper(papers[1])
    assert library.paper(papers[0]).notes == "first paper's notes"
    assert pane.notes_edit.toPlainText() == "second paper's notes"
    assert library.paper(papers[1]).notes == "second paper's notes"


def test_focus_out_and_hide_save_notes(
    qtbot, pane: DetailPane, library: Library, papers: list[int]
) -> None:
    pane.show_paper(papers[0])
    pane.show()
    qtbot.keyClicks(pane.notes_edit, "a")
    QApplication.sendEvent(pane.notes_edit, QFocusEvent(QEvent.Type.FocusOut))
    assert library.paper(papers[0]).notes == "a"
    qtbot.keyClicks(pane.notes_edit, "b")
    pane.hide()
    assert library.paper(papers[0]).notes == "ab"


def test_read_and_star_toggles(
    qtbot, pane: DetailPane, library: Library, papers: list[int]
) -> None:
    pane.show_paper(papers[0])
    assert pane.read_button.text() == "Read"
    assert pane.star_button.text() == "Starred"
    with qtbot.waitSignal(pane.paper_changed) as blocker:
        qtbot.mouseClick(pane.read_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [papers[0]]
    assert library.paper(papers[0]).read
    assert pane.read_button.isChecked()
    with qtbot.waitSignal(pane.paper_changed):
        pane.toggle_read()
    assert not library.paper(papers[0]).read
    assert not pane.read_button.isChecked()
    with qtbot.waitSignal(pane.paper_changed):
        pane.toggle_star()
    assert library.paper(papers[0]).starred
    assert pane.star_button.isChecked()


def test_refresh_rereads_the_paper(pane: DetailPane, library: Library, papers: list[int]) -> None:
    pane.show_paper(papers[0])
    library.set_read([papers[0]])
    library.add_tags([papers[0]], ["elsewhere"])
    pane.refresh()
    assert pane.read_button.isChecked()
    assert [c.text() for c in _chips(pane, "tagChip")] == ["elsewhere ✕"]


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://arxiv.org/abs/2104.11178", True),
        ("http://example.org/x?y=1", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("ftp://example.org/x", False),
        ("https:///no-host", False),
        ("//example.org/relative", False),
        ("", False),
    ],
)
def test_is_safe_link(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


def test_links_row_opens_only_web_links(
    qtbot, pane: DetailPane, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = PaperRecord(
        title="A paper with links",
        arxiv_id="2104.11178",
        doi="10.1000/xyz-1",
        links=["https://github.com/org/repo", "javascript:alert(1)"],
    )
    library.import_records([record], "feed.xml")
    pane.show_paper(library.papers()[0].id)
    labels = [label for label in pane.findChildren(QLabel, "paperLink") if not label.isHidden()]
    texts = [label.text() for label in labels]
    assert texts[:3] == [
        '<a href="https://arxiv.org/abs/2104.11178">arXiv:2104.11178</a>',
        '<a href="https://arxiv.org/pdf/2104.11178">PDF</a>',
        '<a href="https://doi.org/10.1000/xyz-1">DOI</a>',
    ]
    assert texts[3] == '<a href="https://github.com/org/repo">github.com/org/repo</a>'
    assert texts[4] == "javascript:alert(1)"
    assert labels[4].textFormat() == Qt.TextFormat.PlainText

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    labels[0].linkActivated.emit("https://arxiv.org/abs/2104.11178")
    with qtbot.waitSignal(pane.status_message):
        labels[0].linkActivated.emit("javascript:alert(1)")
    assert [url.toString() for url in opened] == ["https://arxiv.org/abs/2104.11178"]


def test_long_author_lists_are_elided(pane: DetailPane, library: Library) -> None:
    authors = [f"Author Number{i}" for i in range(60)]
    library.import_records([PaperRecord(title="Big team", authors=authors)], "x.txt")
    pane.show_paper(library.papers()[0].id)
    text = pane.authors_label.text()
    assert text.startswith("Author Number0, Author Number1")
    assert text.endswith("more")
    assert len(text) < 250


def test_notes_preview_renders_markdown_without_html(
    qtbot, pane: DetailPane, library: Library, papers: list[int]
) -> None:
    library.set_notes(
        papers[0], "**bold** <script>alert(1)</script> <b>raw</b>\n\n![](file:///x.png)"
    )
    pane.show_paper(papers[0])
    pane.preview_button.setChecked(True)
    assert pane.notes_preview.isVisibleTo(pane)
    assert not pane.notes_edit.isVisibleTo(pane)
    html_text = pane.notes_preview.toHtml()
    assert "<script>" in pane.notes_preview.toPlainText()
    assert "&lt;script&gt;" in html_text
    assert "&lt;b&gt;raw&lt;/b&gt;" in html_text
    assert "font-weight:700" in html_text  # the Markdown itself is rendered
    pane.focus_notes()
    assert not pane.preview_button.isChecked()
    assert pane.notes_edit.isVisibleTo(pane)


def test_similar_paper_activation(
    qtbot, pane: DetailPane, library: Library, papers: list[int]
) -> None:
    pane.show_paper(papers[0])
    qtbot.waitUntil(lambda: bool(pane.findChildren(QLabel, "similarPaper")))
    labels = pane.findChildren(QLabel, "similarPaper")
    expected = [paper.id for paper in library.similar(papers[0], 5)]
    assert len(labels) == len(expected) == 5
    assert labels[0].text().startswith(f'<a href="paper:{expected[0]}">CoCa')
    with qtbot.waitSignal(pane.paper_activated) as blocker:
        labels[0].linkActivated.emit(f"paper:{expected[0]}")
    assert blocker.args == [expected[0]]


def test_render_png(qtbot, pane: DetailPane, library: Library, papers: list[int], tmp_path) -> None:
    library.add_tags([papers[0]], ["video", "multimodal"])
    pane.show_paper(papers[0], "video transformer")
    pane.show()
    qtbot.waitExposed(pane)
    image = pane.grab()
    assert image.width() == 420 and image.height() == 800
    assert image.save(str(tmp_path / "detail_pane.png"))
    assert detail_pane.NOTES_SAVE_DELAY_MS == 800


def test_a_failed_notes_save_is_reported_not_raised(
    qtbot, pane: DetailPane, library: Library, papers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(paper_id: int, notes: str) -> bool:
        raise StorageError("the disk is full")

    pane.show_paper(papers[0])
    qtbot.keyClicks(pane.notes_edit, "unsaved")
    monkeypatch.setattr(library, "set_notes", refuse)
    with qtbot.waitSignal(pane.status_message) as blocker:
        pane.flush()
    assert blocker.args == ["Notes not saved yet: the disk is full"]
    assert pane.notes_edit.toPlainText() == "unsaved"  # kept for another try
    monkeypatch.undo()
    pane.show_paper(papers[1])  # the retry succeeds when switching
    assert library.paper(papers[0]).notes == "unsaved"
    assert pane.notes_edit.toPlainText() == ""


def test_the_papers_own_date_and_the_digests_date_are_told_apart(
    pane: DetailPane, library: Library
) -> None:
    from readinglist.domain.entities import ParsedDigest

    parsed = ParsedDigest.of(
        "ris", [PaperRecord(title="Old paper", published="2021-04-29")], date="2026-09-09"
    )
    library.import_parsed(parsed, "digest.ris", "sha")
    pane.show_paper(library.papers()[0].id)
    assert pane.meta_label.text() == (
        "Published 2021-04-29  ·  Added in digest of 2026-09-09  ·  From digest.ris"
    )
