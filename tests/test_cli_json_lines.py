"""``readinglist import`` of JSON Lines paper metadata, plain or gzip-compressed.

arXiv's bulk metadata comes as JSON Lines (one paper object per line), often gzipped; the
team's dataset is such a file. Both were refused, as "this is binary data" (gzip) or
"unrecognised format".
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from readinglist.cli import main
from tests.cli_listing import listed_papers
from tests.conftest import CORPUS

DATASET = CORPUS.parent / "datasets" / "arxiv_sample_2014_2019.jsonl.gz"
# Two lines shaped as Kaggle's arxiv-metadata-oai-snapshot writes them.
KAGGLE = [
    {
        "id": "0704.0001",
        "authors": "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan",
        "title": "Calculation of prompt diphoton production cross sections at Tevatron"
        " and\n  LHC energies",
        "doi": "10.1103/PhysRevD.76.013009",
        "categories": "hep-ph",
        "abstract": "  A fully differential calculation in perturbative QCD is\npresented.\n",
        "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
        "authors_parsed": [["Balázs", "C.", ""], ["Berger", "E. L.", ""], ["Yuan", "C. -P.", ""]],
    },
    {
        "id": "0704.0002",
        "authors": "Ileana Streinu and Louis Theran",
        "title": "Sparsity-certifying Graph Decompositions",
        "categories": "math.CO cs.CG",
        "abstract": "We describe a new algorithm.",
        "versions": [{"version": "v1", "created": "Sat, 31 Mar 2007 02:26:18 GMT"}],
    },
]


def test_the_datasets_gzipped_json_lines_import_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert DATASET.is_file(), f"dataset missing: {DATASET}"
    with gzip.open(DATASET, "rt", encoding="utf-8") as lines:
        first = [json.loads(next(lines)) for _ in range(3)]
    data = tmp_path / "library"
    assert main(["--data-dir", str(data), "import", str(DATASET)]) == 0
    out = capsys.readouterr().out
    assert "25871 new, 0 merged, 0 unchanged, 0 skipped (format json-lines" in out
    assert main(["--data-dir", str(data), "list", "--digest", "1", "--limit", "3", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [
        (p["arxiv_id"], p["title"], p["abstract"], p["authors"], p["published"]) for p in listed
    ] == [(r["arxiv_id"], r["title"], r["abstract"], r["authors"], r["published"]) for r in first]
    assert listed[0]["extra"]["categories"] == first[0]["categories"]


def test_arxiv_snapshot_lines_give_ids_authors_and_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "arxiv-metadata.json"  # Kaggle names the file .json
    source.write_text("\n".join(json.dumps(line) for line in KAGGLE) + "\n", encoding="utf-8")
    data = tmp_path / "library"
    assert main(["--data-dir", str(data), "import", str(source)]) == 0
    papers = {p["arxiv_id"]: p for p in listed_papers(capsys, data)}
    first, second = papers["0704.0001"], papers["0704.0002"]
    assert first["title"].endswith("at Tevatron and LHC energies")
    assert first["authors"] == ["C. Balázs", "E. L. Berger", "C. -P. Yuan"]
    assert first["doi"] == "10.1103/physrevd.76.013009"
    assert first["published"] == "2007-04-02"
    assert second["authors"] == ["Ileana Streinu", "Louis Theran"]
    assert second["extra"]["categories"] == ["math.CO", "cs.CG"]


@pytest.mark.parametrize("packed", [False, True])
def test_a_line_that_is_not_a_paper_refuses_the_whole_file(
    packed: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = [json.dumps(line) for line in KAGGLE]
    text = "\n".join([good[0], good[1], '["not", "a", "paper"]', good[0]]) + "\n"
    broken = "\n".join([good[0], good[1], "{cut off"]) + "\n"
    data = tmp_path / "library"
    for name, content in (("list.jsonl", text), ("broken.jsonl", broken)):
        path = tmp_path / (name + (".gz" if packed else ""))
        raw = content.encode("utf-8")
        path.write_bytes(gzip.compress(raw) if packed else raw)
        assert main(["--data-dir", str(data), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 3 is not a paper: an array where a JSON object with a title or an id" in err
    assert "line 3 is not JSON (" in err
    assert main(["--data-dir", str(data), "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # all or nothing: no paper of either


def test_a_small_gzip_file_that_unpacks_past_the_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plain file over 64 MiB is refused before it is read; packed, it must be too."""
    bomb = tmp_path / "papers.jsonl.gz"
    bomb.write_bytes(gzip.compress(b"\n" * (65 * 2**20), compresslevel=1))
    assert bomb.stat().st_size < 2**20
    assert main(["--data-dir", str(tmp_path / "library"), "import", str(bomb)]) == 1
    assert (
        "papers.jsonl.gz: the file is too large (over 64 MiB unpacked)" in capsys.readouterr().err
    )
