"""An empty ``--data-dir`` (``readinglist --data-dir "$LIB" restore old.sqlite3`` with
``LIB`` unset) is a usage error: it used to open the default library (the user's own, or
``$READINGLIST_DATA_DIR``) and act on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.cli import main


@pytest.mark.parametrize(
    "args",
    [
        ["--data-dir", "", "stats"],
        ["--data-dir=", "tag", "1", "mine"],
        ["--data-dir", "  ", "list"],
    ],
)
def test_an_empty_data_dir_is_refused_and_no_library_is_opened(
    capsys: pytest.CaptureFixture[str], data_dir: Path, args: list[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "readinglist: error: argument --data-dir: give a folder" in err
    assert "Traceback" not in err
    assert not data_dir.exists()  # the default library was not created nor opened
