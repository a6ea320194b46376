"""storage/ stays split by subject: no module grows past the team's size limit."""

from __future__ import annotations

from pathlib import Path

import readinglist.storage

MAX_LINES = 400


def test_no_storage_module_is_over_the_size_limit() -> None:
    folder = Path(readinglist.storage.__file__).parent
    sizes = {path.name: len(path.read_text("utf-8").splitlines()) for path in folder.glob("*.py")}
    assert "papers.py" in sizes  # the folder really was found
    too_long = {name: lines for name, lines in sizes.items() if lines > MAX_LINES}
    assert too_long == {}
