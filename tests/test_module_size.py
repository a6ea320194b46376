"""No module of the package grows past the team's size limit (generated data aside)."""

from __future__ import annotations

from tests.conftest import PROJECT_ROOT

MAX_LINES = 400
PACKAGE = PROJECT_ROOT / "readinglist"
GENERATED = {"search/common_words.py"}  # a word list written by a script, not code
# Still over the limit, owned by other work in progress: split them, then drop them here.
KNOWN_EXCEPTIONS = {"ui/models/sidebar_model.py"}
MAIN_WINDOW_LINES = 250  # issue 14: the window only builds and wires its controllers


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


def test_the_main_window_only_builds_and_wires() -> None:
    assert _sizes()["ui/main_window.py"] <= MAIN_WINDOW_LINES
