"""Render the window showing the Inbox to docs/screenshot-inbox.png (offscreen, 1280x800).

Subscriptions (Daily Papers, an arXiv listing, an arXiv query) are fetched from a local
server serving the corpus files (tests/local_server.py), with rules, after the example
digest was read; then the Inbox is chosen.

    .venv/bin/python scripts/screenshot_inbox.py [--output FILE]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from readinglist.core.feeds import Endpoints  # noqa: E402
from readinglist.core.fetching import FetchSettings  # noqa: E402
from readinglist.core.library import Library  # noqa: E402
from readinglist.resources import example_digest  # noqa: E402
from readinglist.ui.main_window import MainWindow  # noqa: E402
from tests.local_server import FeedScript, default_paths, serving  # noqa: E402

NOW = datetime(2026, 8, 21, 9, 0, tzinfo=UTC)


def wait(app: QApplication, condition, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot-inbox.png")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp())
    os.environ["HOME"] = str(scratch)
    app = QApplication([])
    app.setStyle("Fusion")
    with serving(FeedScript(paths=default_paths())) as base:
        settings = FetchSettings(
            endpoints=Endpoints(hf=base, arxiv_rss=f"{base}/rss", arxiv_api=f"{base}/api/query"),
            now=lambda: NOW,
            sleep=lambda _s: None,
        )
        library = Library.open(scratch / "library")
        library.import_path(example_digest())
        subs = library.subscriptions
        subs.apply_rules()
        subs.visit_inbox()
        subs.subscribe("HF Daily Papers", "hf-daily")
        subs.subscribe("arXiv cs.CL", "arxiv-listing", "cs.CL")
        subs.subscribe("Software testing", "arxiv-query", "all:testing")
        subs.add_rule("title:speech OR title:audio", "tag", "audio")
        subs.add_rule("title:survey", "hide")
        subs.add_rule("*", "notify")
        subs.fetch(settings=settings)
        os.environ["READINGLIST_HF_URL"] = base
        window = MainWindow(library, example_digest=example_digest())
        window.feeds.clock = lambda: NOW
        window.resize(1280, 800)
        window.show()
        wait(app, lambda: window.indexing.job is None)
        window.feeds.show_inbox()
        wait(app, lambda: window.message.text().startswith("Inbox"))
        wait(app, lambda: window.model.rowCount() < len(window.list.rows))
        window.select_paper(window.model.row_at(1).id)
        for _ in range(30):
            app.processEvents()
            time.sleep(0.01)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.output))
        print(f"saved {args.output} ({window.model.rowCount()} rows in the inbox)")
        window.close()
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
