"""Render the main window to docs/screenshot.png (offscreen, 1280x800): the example digest
imported, a search active, a paper selected.

    .venv/bin/python scripts/screenshot.py [--dark] [--output docs/screenshot.png]
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

from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from readinglist.core.library import Library  # noqa: E402
from readinglist.resources import example_digest  # noqa: E402
from readinglist.ui.main_window import MainWindow  # noqa: E402


def dark_palette() -> QPalette:
    """A dark palette like the one the system gives in dark mode."""
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#333333"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#2f65ca"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.PlaceholderText, "#8a8a8a"),
        (QPalette.ColorRole.Link, "#7aa7ff"),
    ):
        palette.setColor(role, QColor(color))
    return palette


def wait(app: QApplication, condition, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot.png")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp())
    os.environ["HOME"] = str(scratch)  # fresh settings
    app = QApplication([])
    app.setStyle("Fusion")
    if args.dark:
        app.setPalette(dark_palette())
    library = Library.open(scratch / "library")
    library.import_path(example_digest())
    ids = sorted(p.id for p in library.papers())
    library.set_read(ids[:9])
    library.set_starred([ids[2], ids[5]])
    library.add_tags([ids[2], ids[4]], ["agents"])
    library.add_tags([ids[0], ids[5]], ["video"])
    library.set_notes(ids[2], "Compare the memory design with **Reflexion**.\n\n- try on GSM8K")
    window = MainWindow(library, example_digest=example_digest())
    window.resize(1280, 800)
    window.show()
    wait(app, lambda: window._index_job is None)
    window.search.setText("tag:video")
    window.save_search()  # so the sidebar shows a saved search
    window.search.setText("reasoning agents")
    wait(app, lambda: window.model.rowCount() < len(window._all_rows))
    window.select_paper(ids[2])
    wait(app, lambda: window.detail.current_paper_id() == ids[2], 2)
    for _ in range(20):
        app.processEvents()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(args.output))
    print(f"saved {args.output} ({window.model.rowCount()} rows shown)")
    window.close()
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
