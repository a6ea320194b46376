"""A digest over the 64 MiB limit is refused with a size that makes sense: a file a byte
over the limit, or a stream with no size (``/dev/zero``), was said to be "64 MiB; the limit
is 64 MiB"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readinglist.cli import main
from readinglist.formats.registry import MAX_DIGEST_BYTES

MIB = 1024 * 1024


def _refusal(capsys: pytest.CaptureFixture[str], data_dir: Path, path: str) -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "import", path]) == 1
    return capsys.readouterr().err


@pytest.mark.parametrize("extra", [1, 3 * MIB])
def test_a_file_over_the_limit_says_by_how_much(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: int
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as out:  # sparse: no disk space used
        out.truncate(MAX_DIGEST_BYTES + extra)
    err = _refusal(capsys, tmp_path / "library", str(big))
    limit = MAX_DIGEST_BYTES // MIB
    if extra == 1:
        assert f"the file is too large (over {limit} MiB)" in err
    else:
        assert f"the file is too large ({limit + 3} MiB; the limit is {limit} MiB)" in err


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_an_endless_stream_is_over_the_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = _refusal(capsys, tmp_path / "library", "/dev/zero")
    assert f"the file is too large (over {MAX_DIGEST_BYTES // MIB} MiB)" in err
