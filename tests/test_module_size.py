"""No module of the package grows past the team's size limit (generated data aside)."""

from __future__ import annotations

from tests.conftest import PROJECT_ROOT

MAX_LINES = 400
PACKAGE = PROJECT_ROOT / "readinglist"
GENERATED = {"search/common_words.py"}  # a word list written by a script, not code
# Still over the limit, owned by other work in progress: split them, then drop them here.
KNOWN_EXCEPTIONS = {"ui/main_window.py", "ui/models/sidebar_model.py"}


def _sizes() -> dict[str, int]:
    return {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text("utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }


def test_no_module_is_over_the_size_limit() -> None:
    sizes = _sizes()
    assert "core/library.py" in sizes  # the package really was found
    too_long = {
        name: lines
        for name, lines in sizes.items()
        if lines > MAX_LINES and name not in GENERATED | KNOWN_EXCEPTIONS
    }
    assert too_long == {}
