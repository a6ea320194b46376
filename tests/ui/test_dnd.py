"""What a drop or a paste carries (``readinglist.ui.dnd``), tested with hand-built
``QMimeData`` and drop events: no mouse needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from readinglist.core.library import Library
from readinglist.ui.dnd import (
    PAPER_IDS_MIME_TYPE,
    DropOverlay,
    ImportSource,
    can_import,
    html_to_text,
    paper_ids_from_mime,
    paper_ids_mime,
    sources_from_mime,
)
from tests.conftest import drag_enter_event

DIGEST_TEXT = """Daily Papers

Sep 9

VATT: Transformers for Multimodal Self-Supervised Learning from Raw Video, Audio and Text

We present a framework for learning multimodal representations from unlabeled data.

Xolver: Multi-Agent Reasoning with Holistic Experience Learning Just Like an Olympiad Team

Despite impressive progress on complex reasoning, current large language models operate alone.
"""


def _urls(*urls: QUrl) -> QMimeData:
    mime = QMimeData()
    mime.setUrls(list(urls))
    return mime


def _text(text: str) -> QMimeData:
    mime = QMimeData()
    mime.setText(text)
    return mime


# ----------------------------------------------------------------- sources_from_mime


def test_one_local_file(tmp_path: Path) -> None:
    digest = tmp_path / "daily papers sep9.txt"
    digest.write_text(DIGEST_TEXT, encoding="utf-8")
    mime = _urls(QUrl.fromLocalFile(str(digest)))
    assert sources_from_mime(mime) == [ImportSource("path", str(digest))]
    assert can_import(mime)


def test_several_files_and_a_folder_keep_their_order(tmp_path: Path) -> None:
    first, second, folder = tmp_path / "a.bib", tmp_path / "b.ris", tmp_path / "inbox"
    folder.mkdir()
    mime = _urls(
        QUrl.fromLocalFile(str(first)),
        QUrl.fromLocalFile(str(second)),
        QUrl.fromLocalFile(str(folder)),
        QUrl.fromLocalFile(str(first)),  # the same file twice is imported once
    )
    assert sources_from_mime(mime) == [
        ImportSource("path", str(first)),
        ImportSource("path", str(second)),
        ImportSource("path", str(folder)),
    ]


def test_http_urls_are_urls() -> None:
    mime = _urls(
        QUrl("https://huggingface.co/papers?date=2025-09-09"),
        QUrl("http://export.arxiv.org/rss/cs.CL"),
    )
    assert sources_from_mime(mime) == [
        ImportSource("url", "https://huggingface.co/papers?date=2025-09-09"),
        ImportSource("url", "http://export.arxiv.org/rss/cs.CL"),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "data:text/plain;base64,SGVsbG8=",
        "ftp://example.org/digest.txt",
        "mailto:someone@example.org",
    ],
)
def test_other_schemes_are_ignored(url: str) -> None:
    mime = _urls(QUrl(url))
    mime.setText(url)  # browsers add the URL as text too: it must not sneak in
    assert sources_from_mime(mime) == []
    assert not can_import(mime)


def test_a_javascript_url_among_good_ones_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    mime = _urls(QUrl("javascript:alert(1)"), QUrl.fromLocalFile(str(path)))
    assert sources_from_mime(mime) == [ImportSource("path", str(path))]


def test_plain_text_of_a_digest_is_text() -> None:
    mime = _text(DIGEST_TEXT)
    sources = sources_from_mime(mime)
    assert sources == [ImportSource("text", "dropped text", DIGEST_TEXT.encode("utf-8"))]
    assert can_import(mime)


def test_pasted_text_takes_the_given_name() -> None:
    (source,) = sources_from_mime(_text("Attention Is All You Need\n"), text_name="pasted text")
    assert (source.kind, source.value) == ("text", "pasted text")
    assert source.data == b"Attention Is All You Need\n"


def test_non_ascii_text_is_utf8() -> None:
    (source,) = sources_from_mime(_text("Rønnow — “Λ-calculus” 日本語"))
    assert source.data.decode("utf-8") == "Rønnow — “Λ-calculus” 日本語"


def test_text_that_is_one_url_is_a_url() -> None:
    mime = _text("  https://huggingface.co/papers/2104.11178 \n")
    assert sources_from_mime(mime) == [
        ImportSource("url", "https://huggingface.co/papers/2104.11178")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "https://a.example/x https://b.example/y",  # two URLs: text
        "see https://huggingface.co/papers",  # a sentence with a URL: text
        "javascript:alert(1)",  # not a web URL: text, never a link
        "https://",  # no host
    ],
)
def test_text_that_is_not_one_web_url_stays_text(text: str) -> None:
    (source,) = sources_from_mime(_text(text))
    assert source.kind == "text"
    assert source.data == text.encode("utf-8")


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_blank_text_is_nothing(text: str) -> None:
    mime = _text(text)
    assert sources_from_mime(mime) == []
    assert not can_import(mime)


def test_empty_mime_is_nothing() -> None:
    assert sources_from_mime(QMimeData()) == []
    assert not can_import(QMimeData())


def test_html_only_is_read_as_text_never_markup() -> None:
    mime = QMimeData()
    mime.setHtml(
        "<html><head><title>HF</title><style>p{color:red}</style></head><body>"
        "<h3>VATT: Transformers &amp; Raw Video</h3>"
        "<p>We present a <b>framework</b>.<script>alert('x')</script></p>"
        "<h3>Xolver</h3><p>Despite&nbsp;impressive progress.</p>"
        "</body></html>"
    )
    assert not mime.hasText()
    (source,) = sources_from_mime(mime)
    assert source.kind == "text"
    text = source.data.decode("utf-8")
    assert text == (
        "VATT: Transformers & Raw Video\n\nWe present a framework.\n\n"
        "Xolver\n\nDespite impressive progress."
    )
    assert "<" not in text and "alert" not in text and "color" not in text


def test_plain_text_wins_over_html() -> None:
    mime = QMimeData()
    mime.setHtml("<p>the <b>html</b> version</p>")
    mime.setText("the plain version")
    (source,) = sources_from_mime(mime)
    assert source.data == b"the plain version"


def test_html_of_one_link_is_a_url() -> None:
    mime = QMimeData()
    mime.setHtml('<a href="javascript:evil()">https://arxiv.org/abs/2104.11178</a>')
    assert sources_from_mime(mime) == [ImportSource("url", "https://arxiv.org/abs/2104.11178")]


def test_html_to_text_collapses_spacing() -> None:
    assert html_to_text("<div>  a \n  b </div><br><br><br><div>c</div>") == "a b\n\nc"
    assert html_to_text("<pre>line one\nline two</pre>") == "line one\nline two"


def test_text_from_html_imports_as_a_digest(library: Library) -> None:
    mime = QMimeData()
    paragraphs = [f"<p>{line}</p>" for line in DIGEST_TEXT.splitlines() if line]
    mime.setHtml("<body>" + "".join(paragraphs) + "</body>")
    (source,) = sources_from_mime(mime)
    report = library.import_bytes(source.data, source.value)
    assert report.ok and report.new == 2


# ------------------------------------------------------------------- paper-id drags


def test_paper_id_drags_round_trip_and_are_not_imports() -> None:
    mime = paper_ids_mime([3, 1, 3, 2])
    mime.setText("VATT\nXolver")  # what the table may offer other applications
    assert mime.hasFormat(PAPER_IDS_MIME_TYPE)
    assert paper_ids_from_mime(mime) == [3, 1, 2]
    assert sources_from_mime(mime) == []
    assert not can_import(mime)


@pytest.mark.parametrize("payload", [b"not json", b'{"ids": [1]}', b"[1, true]", b'["1"]'])
def test_malformed_paper_ids_are_ignored(payload: bytes) -> None:
    mime = QMimeData()
    mime.setData(PAPER_IDS_MIME_TYPE, QByteArray(payload))
    assert paper_ids_from_mime(mime) == []


# ---------------------------------------------------------------- a drop, by hand


class _DropTarget(QWidget):
    """What the main window does: accept importable drags, collect what a drop carries."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.received: list[ImportSource] = []

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if can_import(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        self.received.extend(sources_from_mime(event.mimeData()))
        event.acceptProposedAction()


def _drag_enter(widget: QWidget, mime: QMimeData) -> QDragEnterEvent:
    event = drag_enter_event(mime)
    QApplication.sendEvent(widget, event)
    return event


def _drop(widget: QWidget, mime: QMimeData) -> QDropEvent:
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    return event


def test_a_widget_receives_what_is_dropped_on_it(qtbot, tmp_path: Path) -> None:
    target = _DropTarget()
    qtbot.addWidget(target)
    target.resize(200, 200)
    path = tmp_path / "sep9.txt"
    mime = _urls(QUrl.fromLocalFile(str(path)), QUrl("https://huggingface.co/papers"))

    enter = _drag_enter(target, mime)
    assert enter.isAccepted()
    assert enter.dropAction() == Qt.DropAction.CopyAction
    drop = _drop(target, mime)
    assert drop.isAccepted()
    assert target.received == [
        ImportSource("path", str(path)),
        ImportSource("url", "https://huggingface.co/papers"),
    ]


def test_a_widget_refuses_what_it_cannot_import(qtbot) -> None:
    target = _DropTarget()
    qtbot.addWidget(target)
    enter = _drag_enter(target, _urls(QUrl("javascript:alert(1)")))
    assert not enter.isAccepted()
    enter = _drag_enter(target, paper_ids_mime([1, 2]))
    assert not enter.isAccepted()


# ------------------------------------------------------------------------ overlay


def test_overlay_is_hidden_until_shown_and_covers_its_parent(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(480, 320)
    overlay = DropOverlay(window)
    window.show()
    qtbot.waitExposed(window)
    assert not overlay.isVisible()
    assert overlay.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    overlay.show_over(window)
    assert overlay.isVisible()
    assert overlay.geometry() == window.rect()
    window.resize(600, 400)
    assert overlay.geometry() == window.rect()
    overlay.hide()
    assert not overlay.isVisible()


def test_overlay_reparents_and_stays_on_top(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    label = QLabel("papers", window)
    layout.addWidget(label)
    window.resize(400, 300)
    window.show()
    overlay = DropOverlay()
    overlay.show_over(window)
    assert overlay.parentWidget() is window
    assert window.children()[-1] is overlay  # raised above the label
    assert overlay.message() == "Drop digests to import them"


def test_overlay_does_not_take_drags_away(qtbot, tmp_path: Path) -> None:
    target = _DropTarget()
    qtbot.addWidget(target)
    target.resize(300, 200)
    target.show()
    overlay = DropOverlay(target)
    overlay.show_over(target)
    mime = _urls(QUrl.fromLocalFile(str(tmp_path / "a.txt")))
    assert _drag_enter(target, mime).isAccepted()
    move = drag_enter_event(mime, 150, 100, kind=QDragMoveEvent)
    QApplication.sendEvent(target, move)
    _drop(target, mime)
    assert target.received == [ImportSource("path", str(tmp_path / "a.txt"))]
