"""File > Export…: choose a format, which papers and a few options; the export itself
runs in a worker and the file is written atomically."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QWidget,
)

from readinglist.core.exporting import ExportScope
from readinglist.core.library import Library
from readinglist.domain.entities import ExportOptions
from readinglist.domain.errors import ExportCancelledError, ReadingListError
from readinglist.formats.writers import WRITERS
from readinglist.ui.wording import papers

logger = logging.getLogger(__name__)


class ExportDialog(QDialog):
    """The export choices, remembered between uses."""

    def __init__(self, parent: QWidget, *, shown: int, selected: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export Reading List"))
        self.format = QComboBox(self)
        for writer in WRITERS.values():
            self.format.addItem(f"{writer.label} ({writer.extension})", writer.name)
        self.scope = QComboBox(self)
        self.scope.addItem(self.tr("All papers"), "all")
        self.scope.addItem(self.tr("The {0} in the list").format(papers(shown)), "shown")
        self.scope.addItem(self.tr("The {0} selected").format(papers(selected)), "selected")
        self.group_by = QComboBox(self)
        for label, value in (
            (self.tr("Nothing"), "none"),
            (self.tr("Tag"), "tag"),
            (self.tr("Digest"), "digest"),
        ):
            self.group_by.addItem(label, value)
        self.abstracts = QCheckBox(self.tr("Include abstracts"), self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Format:"), self.format)
        form.addRow(self.tr("Papers:"), self.scope)
        form.addRow(self.tr("Group by (Markdown, HTML):"), self.group_by)
        form.addRow("", self.abstracts)
        form.addRow(buttons)
        self._restore()

    def options(self) -> ExportOptions:
        """The chosen writing options."""
        return ExportOptions(
            group_by=str(self.group_by.currentData()),
            include_abstracts=self.abstracts.isChecked(),
        )

    def chosen_format(self) -> str:
        """The writer's name."""
        return str(self.format.currentData())

    def chosen_scope(self) -> str:
        """all, shown or selected."""
        return str(self.scope.currentData())

    def ask_path(self) -> Path | None:
        """The destination, asked with a save dialog (None when cancelled)."""
        settings = QSettings()
        writer = WRITERS[self.chosen_format()]
        folder = str(settings.value("export/folder", str(Path.home())))
        suggested = str(Path(folder) / f"reading-list{writer.extension}")
        path, _ = QFileDialog.getSaveFileName(self.parentWidget(), self.tr("Export to"), suggested)
        if not path:
            return None
        settings.setValue("export/folder", str(Path(path).parent))
        return Path(path)

    def accept(self) -> None:
        """Remember the choices, then close."""
        settings = QSettings()
        settings.setValue("export/format", self.chosen_format())
        settings.setValue("export/scope", self.chosen_scope())
        settings.setValue("export/groupBy", self.group_by.currentData())
        settings.setValue("export/abstracts", self.abstracts.isChecked())
        super().accept()

    def _restore(self) -> None:
        settings = QSettings()
        for combo, key in (
            (self.format, "format"),
            (self.scope, "scope"),
            (self.group_by, "groupBy"),
        ):
            index = combo.findData(settings.value(f"export/{key}"))
            if index >= 0:
                combo.setCurrentIndex(index)
        self.abstracts.setChecked(settings.value("export/abstracts", False, bool))


class ExportSignals(QObject):
    """progress(papers written, papers in the export), finished(message, ok)."""

    progress = Signal(int, int)
    finished = Signal(str, bool)


class ExportJob(QRunnable):
    """Write an export in the background with its own library connection, the file made
    as the papers are read (a batch at a time); cancellable."""

    def __init__(
        self,
        library_dir: Path,
        fmt: str,
        paper_ids: list[int] | None,
        options: ExportOptions,
        target: Path,
    ) -> None:
        super().__init__()
        self.signals = ExportSignals()
        self.target = target
        self._args = (library_dir, fmt, paper_ids, options, target)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop at the next batch of papers; the target is left as it was."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._cancel.is_set()

    def run(self) -> None:
        library_dir, fmt, paper_ids, options, target = self._args
        try:
            with Library.open(library_dir) as library:
                scope = ExportScope(paper_ids=paper_ids)
                result = library.export_to(target, fmt, scope, options, self._progress)
        except ReadingListError as exc:
            self.signals.finished.emit(str(exc), False)
            return
        except Exception as exc:  # never leave the window saying "Exporting…"
            logger.exception("export to %s failed", target)
            self.signals.finished.emit(f"unexpected error: {exc}", False)
            return
        done = QCoreApplication.translate("export", "Exported {0} to {1}")
        self.signals.finished.emit(done.format(papers(result.papers), target), True)

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise ExportCancelledError(str(self.target))
        self.signals.progress.emit(done, total)
