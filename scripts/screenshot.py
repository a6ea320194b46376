"""Render the main window to PNG files in docs/ (offscreen, 1280x800).

Scenes: ``main`` (the example digest imported, a search active, a paper selected),
``first-run`` (an empty library), ``did-you-mean`` (a misspelt search finding nothing) and
``dark`` (``main`` in a dark palette switched on while the window is open).

    .venv/bin/python scripts/screenshot.py                # every scene, to docs/
    .venv/bin/python scripts/screenshot.py --scene dark --output /tmp/dark.png
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
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

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


SCENES = {  # first-run first: the other scenes save a search in the (shared) settings
    "first-run": "screenshot-first-run.png",
    "main": "screenshot.png",
    "did-you-mean": "screenshot-did-you-mean.png",
    "dark": "screenshot-dark.png",
}


def settle(app: QApplication, turns: int = 20) -> None:
    for _ in range(turns):
        app.processEvents()
        time.sleep(0.01)


def first_run(app: QApplication, scratch: Path, output: Path) -> None:
    """The window on an empty library: what a new user sees first."""
    library = Library.open(scratch / "empty")
    window = MainWindow(library, example_digest=example_digest())
    window.resize(1280, 800)
    window.show()
    wait(app, lambda: window.indexing.job is None)
    settle(app)
    save(window, output)
    window.close()
    library.close()


def save(window: MainWindow, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(output))
    print(f"saved {output} ({window.model.rowCount()} rows shown)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scene", choices=[*SCENES, "all"], default="all")
    parser.add_argument("--output", type=Path, help="the file (one scene only)")
    args = parser.parse_args()
    scenes = list(SCENES) if args.scene == "all" else [args.scene]
    scratch = Path(tempfile.mkdtemp())
    os.environ["HOME"] = str(scratch)  # fresh settings
    app = QApplication([])
    app.setStyle("Fusion")
    for scene in scenes:
        output = args.output if args.output and len(scenes) == 1 else ROOT / "docs" / SCENES[scene]
        if scene == "first-run":
            first_run(app, scratch / scene, output)
        else:
            example_scene(app, scratch / scene, scene, output)
    return 0


def example_scene(app: QApplication, scratch: Path, scene: str, output: Path) -> None:
    """The example digest with some triage done, then the scene's search."""
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
    wait(app, lambda: window.indexing.job is None)
    window.search.setText("tag:video")
    window.save_search()  # so the sidebar shows a saved search
    if scene == "did-you-mean":
        window.search.setText("reasonnig")
        wait(app, lambda: window.no_results.isVisible() and bool(window.searching.suggestion))
        settle(app)
        save(window, output)
        window.close()
        library.close()
        return
    window.search.setText("reasoning agents")
    wait(app, lambda: window.model.rowCount() < len(window.list.rows))
    window.select_paper(ids[2])
    wait(app, lambda: window.detail.current_paper_id() == ids[2], 2)
    wait(app, lambda: "Looking" not in similar_text(window), 10)
    if scene == "dark":
        app.setPalette(dark_palette())  # switched while the window is open, as the system does
    settle(app)
    save(window, output)
    if scene == "dark":
        app.setPalette(app.style().standardPalette())
    window.close()
    library.close()


def similar_text(window: MainWindow) -> str:
    """The texts of the detail pane's labels (to wait for the similar papers)."""
    return " ".join(label.text() for label in window.detail.findChildren(QLabel))


if __name__ == "__main__":
    sys.exit(main())
