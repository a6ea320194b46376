"""Start the desktop app."""

from __future__ import annotations

import logging
import os
import sys

from readinglist import APP_ID, APP_NAME, __version__, paths
from readinglist.logging_setup import configure_logging

logger = logging.getLogger(__name__)


def run_app(data_dir: str | os.PathLike[str] | None = None) -> int:
    """Open the library in a window and run the event loop; return the exit code."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from readinglist.core.errors import ReadingListError
    from readinglist.core.library import Library
    from readinglist.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    library_dir = paths.data_dir(data_dir)
    configure_logging(paths.log_dir(library_dir))
    try:
        library = Library.open(library_dir)
    except ReadingListError as exc:
        logger.error("cannot open the library: %s", exc)
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window = MainWindow(library)
    window.show()
    try:
        return app.exec()
    finally:
        library.close()
