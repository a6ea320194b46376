"""An abstract's line breaks and paragraphs survive a list shared as RIS or Markdown.

``readinglist export --format ris|md --abstracts`` here, ``readinglist import`` there: the
seven corpus papers whose abstracts keep their source's line breaks (six of JabRef's
library, the CSL-JSON arXiv item) and a paper with two paragraphs came back with every
abstract on one line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from readinglist.cli import main
from tests.cli_listing import listed_papers
from tests.conftest import CORPUS

FILES = [CORPUS / "bibtex" / "jabref_library_156.bib", CORPUS / "csl_json" / "arxiv_item_1.json"]
PARAGRAPHS = {
    "id": "p1",
    "type": "article-journal",
    "title": "Two paragraphs and a list",
    "abstract": "We study sets.\n\nWe prove three things:\n- one,\n- two.",
}
_BLANK = re.compile(r"\n\s*\n")


def lines_of(text: object) -> list[list[str]]:
    """Paragraphs as lists of lines, each line's white space made single spaces (the
    writers tidy spacing; what must come back is where lines and paragraphs break)."""
    paragraphs = [
        [" ".join(line.split()) for line in block.split("\n")] for block in _BLANK.split(str(text))
    ]
    return [[line for line in p if line] for p in paragraphs if any(p)]


@pytest.mark.parametrize("form", ["ris", "md"])
def test_line_breaks_and_paragraphs_of_abstracts_come_back(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, theirs, exported = tmp_path / "mine", tmp_path / "theirs", tmp_path / f"list.{form}"
    source = tmp_path / "paragraphs.json"
    source.write_text(json.dumps([PARAGRAPHS]), encoding="utf-8")
    for path in [*FILES, source]:
        assert path.is_file(), f"corpus missing: {path}"
        assert main(["--data-dir", str(mine), "import", str(path)]) == 0
    export = ["export", "--format", form, "--abstracts", "-o", str(exported)]
    assert main(["--data-dir", str(mine), *export]) == 0
    assert main(["--data-dir", str(theirs), "import", str(exported)]) == 0

    before = {p["key"]: lines_of(p["abstract"]) for p in listed_papers(capsys, mine)}
    after = {p["key"]: lines_of(p["abstract"]) for p in listed_papers(capsys, theirs)}
    broken = [key for key, text in before.items() if sum(map(len, text)) > 1]
    assert len(broken) == 8  # the 7 corpus papers and the one with paragraphs
    assert {key: after.get(key) for key in broken} == {key: before[key] for key in broken}
    assert after == before
