"""Start the desktop app."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from readinglist import APP_ID, APP_NAME, DESKTOP_ID, __version__, gc_policy, paths
from readinglist.logging_setup import configure_logging

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from readinglist.core.library import Library
    from readinglist.ui.dnd import ImportSource

logger = logging.getLogger(__name__)

WINDOW_BUSY_TIMEOUT_SECONDS = 1.0
"""The window's own edits run on the GUI thread: they wait at most this long for another
writer (a command, a background import) and then say "busy" instead of freezing the window.
Notes retry by themselves; the background workers wait the full default."""


def run_app(data_dir: str | os.PathLike[str] | None = None, files: Sequence[str] = ()) -> int:
    """Open the library in a window (importing ``files``) and run the event loop."""
    from PySide6.QtWidgets import QApplication

    from readinglist.core.library import Library
    from readinglist.domain.errors import ReadingListError
    from readinglist.resources import example_digest
    from readinglist.ui.icons import app_icon
    from readinglist.ui.main_window import MainWindow
    from readinglist.ui.single_instance import SingleInstance

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName(APP_ID)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)  # matches the .desktop entry (Wayland, taskbars)
    app.setWindowIcon(app_icon())
    library_dir = paths.data_dir(data_dir)
    configure_logging(paths.log_dir(library_dir))
    sys.excepthook = _show_unexpected_error
    sources = [_source(argument) for argument in files]
    instance = SingleInstance(library_dir)
    if not instance.claim():
        return _hand_over_to_running_window(library_dir, sources)
    try:
        library = Library.open(library_dir, busy_timeout=WINDOW_BUSY_TIMEOUT_SECONDS)
    except ReadingListError as exc:
        logger.error("cannot open the library: %s", exc)
        recovered = _offer_recovery(library_dir, str(exc))
        if recovered is None:
            return 1
        library = recovered
    gc_policy.apply()  # see gc_policy: no full pass of the collector stalls the window
    window = MainWindow(library, example_digest=example_digest())
    instance.activated.connect(window.bring_forward)
    window.show()
    gc_policy.keep_long_lived()  # the library, the first rows, the widgets: here for good
    if os.environ.get("READINGLIST_QUIT_AFTER_PAINT"):
        _quit_after_first_paint(window)
    window.start_import(sources)
    try:
        return app.exec()
    finally:
        window.close()  # stops its threads and saves pending notes (if not closed already)
        window.deleteLater()
        instance.release()
        library.close()


def _hand_over_to_running_window(library_dir: Path, sources: list[ImportSource]) -> int:
    """A window is already open on this library: send it our files instead of a 2nd copy."""
    from PySide6.QtWidgets import QMessageBox

    from readinglist.ui.single_instance import hand_over

    if hand_over(library_dir, sources):
        print(f"readinglist: {APP_NAME} is already open on this library; brought it forward")
        return 0
    message = (
        f"{APP_NAME} is already open on this library ({library_dir}) but does not answer. "
        "Close it, or wait until it responds, and try again."
    )
    logger.error(message)
    QMessageBox.warning(None, APP_NAME, message)
    return 1


def _quit_after_first_paint(window: QWidget) -> None:
    """Smoke tests: leave the event loop once the window has painted itself."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class _PaintWatcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not self.property("seen"):
                self.setProperty("seen", True)
                print("readinglist: painted", flush=True)
                QTimer.singleShot(0, QApplication.quit)
            return False

    watcher = _PaintWatcher(window)
    window.installEventFilter(watcher)


def _offer_recovery(library_dir: Path, problem: str) -> Library | None:
    """Ask whether to restore the newest backup of a library that cannot be opened."""
    from PySide6.QtWidgets import QMessageBox

    from readinglist.core.library import Library
    from readinglist.domain.errors import ReadingListError

    answer = QMessageBox.question(
        None,
        APP_NAME,
        f"The library could not be opened:\n{problem}\n\nRestore the newest backup? "
        "The damaged file is kept beside it.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        library, used = Library.recover(library_dir)
    except ReadingListError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None
    logger.warning("restored %s after: %s", used, problem)
    return library


def _source(argument: str) -> ImportSource:
    """What a command-line argument names: a web link or a local path."""
    from readinglist.core.download import is_url
    from readinglist.ui.dnd import ImportSource

    if is_url(argument):
        return ImportSource("url", argument)
    return ImportSource("path", os.path.abspath(argument))


def _show_unexpected_error(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    """Log a bug with its traceback and tell the user in words, never with a traceback."""
    logger.critical("unexpected error", exc_info=(kind, error, traceback))
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None:
        QMessageBox.warning(
            None,
            APP_NAME,
            f"Something went wrong: {error}\n\nYour library is safe; details are in the log.",
        )
