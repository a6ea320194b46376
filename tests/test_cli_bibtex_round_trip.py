"""A library exported as BibTeX and imported into another library keeps every title.

As a user moves papers to a reference manager and back: ``readinglist export --format
bibtex`` here, ``readinglist import`` there. Titles with TeX math from an arXiv mailing
(``$\\mathrm{morphofit}$``) came back as ``$\\mathrmmorphofit$``: the braces of the escaped math
were read back as BibTeX's protective braces and dropped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist.cli import main
from tests.conftest import CORPUS

MAILING = CORPUS / "arxiv_email" / "astro-ph_daily_2023-03-03.txt"


def _titles(capsys: pytest.CaptureFixture[str], data_dir: Path) -> dict[str, str]:
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "list", "--json"]) == 0
    return {str(p["arxiv_id"]): str(p["title"]) for p in json.loads(capsys.readouterr().out)}


def test_titles_with_tex_math_come_back_from_a_bibtex_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert MAILING.is_file(), f"corpus missing: {MAILING}"
    mine, theirs, exported = tmp_path / "mine", tmp_path / "theirs", tmp_path / "list.bib"
    assert main(["--data-dir", str(mine), "import", str(MAILING)]) == 0
    assert main(["--data-dir", str(mine), "export", "--format", "bibtex", "-o", str(exported)]) == 0
    assert main(["--data-dir", str(theirs), "import", str(exported)]) == 0

    before, after = _titles(capsys, mine), _titles(capsys, theirs)
    assert before["2302.07890"].startswith("$\\mathrm{morphofit}$: ")
    assert len(before) == 97
    assert {key: after.get(key) for key in before} == before


CRAFTED_TITLES = [
    "Set {x | x > 0} is open",
    "Why f() {} matters in JavaScript",
    "Sets {a, {b}} and their closures",
    "Unbalanced } brace and { here",
    "A lone { opening brace",
    "$\\mathcal{O}(n \\log n)$ sorting for {0,1} strings",
    "Costs of 100% recall & 50% precision",
    "The #hashtag and the _underscore",
    "Paths like C:\\temp and ~user",
    "Carets ^ in x^2 outside math",
    "Ligatures -- and `` quotes ''",
    "Mixed: {braces} with $\\{x\\}$ in math",
    "Unicode titles: Rønnow, Ålesund, naïve",
    "Café society in Zürich",
    "Deep Residual Learning for Image Recognition",
    "BERT: Pre-training of Deep Bidirectional Transformers",
    "Attention Is All You Need",
    "GPT-4 Technical Report",
    "Email user@example.org at a line's end",
    "Dollar $ signs $ spread",
]


def test_crafted_titles_come_back_from_a_bibtex_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three of these twenty lost their literal braces (``Set x | x > 0 is open``): the
    export wrote balanced braces as they are and the import read them as BibTeX's
    protecting braces."""
    items = [
        {"id": f"t{n}", "type": "article-journal", "title": title, "DOI": f"10.1000/t{n}"}
        for n, title in enumerate(CRAFTED_TITLES)
    ]
    source = tmp_path / "titles.json"
    source.write_text(json.dumps(items), encoding="utf-8")
    mine, theirs, exported = tmp_path / "mine", tmp_path / "theirs", tmp_path / "list.bib"
    assert main(["--data-dir", str(mine), "import", str(source)]) == 0
    assert main(["--data-dir", str(mine), "export", "--format", "bibtex", "-o", str(exported)]) == 0
    assert main(["--data-dir", str(theirs), "import", str(exported)]) == 0

    def titles(data_dir: Path) -> dict[str, str]:
        capsys.readouterr()
        assert main(["--data-dir", str(data_dir), "list", "--json"]) == 0
        return {str(p["doi"]): str(p["title"]) for p in json.loads(capsys.readouterr().out)}

    before, after = titles(mine), titles(theirs)
    assert sorted(before.values()) == sorted(CRAFTED_TITLES)
    assert {doi: after.get(doi) for doi in before} == before
