"""Render Complete Details in the window to PNG (offscreen, 1280x800), through the local
fake services of ``tests/local_server.py`` (no network).

Scenes: ``progress`` (a run on the example digest, its progress bar and Cancel button),
``done`` (the result in words, the Details button, authors filled in), ``details`` (the
Details dialog) and ``preferences`` (Edit > Preferences…).

    .venv/bin/python scripts/screenshot_enrich.py --output-dir /tmp/shots
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402

from readinglist.core import enrich_http  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.resources import example_digest  # noqa: E402
from readinglist.ui import enrich_controller  # noqa: E402
from readinglist.ui.main_window import MainWindow  # noqa: E402
from tests.local_server import Script, Work, serving  # noqa: E402


def settle(app: QApplication, seconds: float, until=lambda: False) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not until() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def grab_dialog(app: QApplication, open_it, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Open a modal dialog with ``open_it`` and save its rendering to ``path``."""

    def shoot() -> None:
        dialog = app.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            QTimer.singleShot(20, shoot)
            return
        dialog.grab().save(str(path))
        dialog.reject()

    QTimer.singleShot(20, shoot)
    open_it()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    args.output_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp())
    os.environ["HOME"] = str(scratch)
    app = QApplication([])
    directory = scratch / "library"
    with Library.open(directory) as library:
        library.import_path(example_digest())
        papers = sorted(library.papers(), key=lambda p: p.id)
    works = [
        Work(p.title, [f"Author{n} Lastname", "Second Author", "Third Author"], f"2509.{n:05d}")
        for n, p in enumerate(papers[:-2])  # two papers the services do not know
    ]
    script = Script(arxiv=works, delay=0.02)  # by title: one at a time, to see progress
    # Only for the picture: no 3 s wait between arXiv requests.
    polite = enrich_controller._enrich_settings
    enrich_controller._enrich_settings = lambda d: _quick(polite(d))
    with serving(script) as base:
        os.environ[enrich_http.HF_URL_ENV] = base
        os.environ[enrich_http.ARXIV_API_URL_ENV] = f"{base}/api/query"
        os.environ[enrich_http.OPENALEX_URL_ENV] = base
        library = Library.open(directory)
        window = MainWindow(library)
        window.resize(1280, 800)
        window.show()
        settle(app, 1.0)
        (digest,) = library.digests()
        window.complete_details(digest.id)
        settle(app, 30, lambda: window.enriching.progress.value() >= 40)
        window.grab().save(str(args.output_dir / "screenshot-complete-details-progress.png"))
        settle(app, 60, lambda: window.enriching.job is None)
        settle(app, 1.0)
        window.grab().save(str(args.output_dir / "screenshot-complete-details.png"))
        grab_dialog(app, window.enriching.show_details, args.output_dir / "details.png")
        grab_dialog(app, window.enriching.edit_preferences, args.output_dir / "preferences.png")
        window.close()
        library.close()
    print(f"saved to {args.output_dir}")


def _quick(settings: enrich_http.EnrichSettings) -> enrich_http.EnrichSettings:
    settings.arxiv_interval = 0.0
    return settings


if __name__ == "__main__":
    main()
