"""What an empty library shows: what to drop, and the example digest one click away."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

TEXT_WIDTH = 520  # a comfortable line length; narrower windows wrap sooner


class EmptyState(QWidget):
    """A friendly first-run page with two buttons."""

    open_example = Signal()
    import_files = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Your reading list is empty"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        text = QLabel(
            self.tr(
                "Drop a digest anywhere on this window: a Hugging Face Daily Papers page "
                "copied as text, an arXiv listing e-mail or feed, a BibTeX, RIS or CSL-JSON "
                "file, a Markdown list, or a link to one. You can also paste digest text "
                "with Ctrl+V."
            )
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        example = QPushButton(self.tr("Open the Example Digest"))
        example.setDefault(True)
        example.clicked.connect(self.open_example)
        self.setFocusProxy(example)  # the keys of an empty window (Ctrl+V imports)
        choose = QPushButton(self.tr("Import Files…"))
        choose.clicked.connect(self.import_files)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(example)
        buttons.addWidget(choose)
        buttons.addStretch()
        # The wrapped labels sit in a column of bounded width, without an alignment of
        # their own: a word-wrapped label given an alignment in a layout is sized for one
        # width and drawn at another, which cut the text off after two and a half lines.
        column = QWidget(self)
        column.setMaximumWidth(TEXT_WIDTH)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(title)
        inner.addWidget(text)
        inner.addSpacing(12)
        inner.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(column, 1)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addLayout(row)
        layout.addStretch()
