"""A reading list exported as RIS and imported into another library: the same papers,
known by the same ids (``readinglist export --format ris`` here, ``import`` there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.cli import main
from tests.cli_listing import listed_papers
from tests.conftest import EXAMPLE_DIGEST


def test_a_doi_link_in_an_abstract_does_not_become_the_papers_doi(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The example digest's PTMTorrent paper has no DOI; its abstract links the DOI of the
    authors' tools, which the export lists among the paper's links (``UR``). Read back, any
    doi.org ``UR`` became the paper's DOI: another identity, and a wrong DOI filled in."""
    assert EXAMPLE_DIGEST.is_file(), f"corpus missing: {EXAMPLE_DIGEST}"
    mine, theirs, exported = tmp_path / "mine", tmp_path / "theirs", tmp_path / "list.ris"
    assert main(["--data-dir", str(mine), "import", str(EXAMPLE_DIGEST)]) == 0
    assert main(["--data-dir", str(mine), "export", "--format", "ris", "-o", str(exported)]) == 0
    assert "UR  - https://doi.org/10.5281/zenodo.7570357" in exported.read_text("utf-8")
    assert main(["--data-dir", str(theirs), "import", str(exported)]) == 0
    assert main(["--data-dir", str(mine), "import", str(exported)]) == 0

    before = listed_papers(capsys, mine)
    after = listed_papers(capsys, theirs)
    assert sorted((p["key"], p["doi"]) for p in after) == sorted(
        (p["key"], p["doi"]) for p in before
    )
    assert all(p["doi"] is None for p in before)  # neither library took the tools' DOI


COMMA_NAMES = """[{"id": "c1", "type": "article-journal", "title": "Measurement of the W mass",
  "author": [{"literal": "Smith, Jr., John"}, {"family": "Lovelace", "given": "Ada"},
             {"literal": "The ATLAS Collaboration, CERN"}]}]"""


def test_names_holding_a_comma_come_back_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A consortium's name with a comma came back turned round ("CERN The ATLAS
    Collaboration"), and BibTeX's "Smith, Jr., John" as "Jr. Smith John"."""
    source, exported = tmp_path / "names.json", tmp_path / "list.ris"
    source.write_text(COMMA_NAMES, encoding="utf-8")
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    assert main(["--data-dir", str(mine), "import", str(source)]) == 0
    assert main(["--data-dir", str(mine), "export", "--format", "ris", "-o", str(exported)]) == 0
    assert "AU  - Smith, John, Jr." in exported.read_text("utf-8").splitlines()
    assert main(["--data-dir", str(theirs), "import", str(exported)]) == 0

    (before,) = listed_papers(capsys, mine)
    (after,) = listed_papers(capsys, theirs)
    assert before["authors"] == [
        "Smith, Jr., John",
        "Ada Lovelace",
        "The ATLAS Collaboration, CERN",
    ]
    assert after["authors"] == ["John Smith Jr.", "Ada Lovelace", "The ATLAS Collaboration, CERN"]
