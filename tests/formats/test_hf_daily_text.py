from __future__ import annotations

import codecs
import re
from datetime import date
from pathlib import Path

import pytest

from readinglist.domain.errors import DigestFormatError, ImportFailedError
from readinglist.formats import detect, read_digest
from readinglist.formats.hf_daily_text import read, sniff

TODAY = date(2025, 10, 1)
CHROME = {
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
    "Sep 9",
}


def expected_pairs(text: str) -> list[tuple[str, str]]:
    """Titles and abstracts straight from the file: non-chrome lines alternate."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    content = [line for line in lines if line not in CHROME]
    return list(zip(content[0::2], content[1::2], strict=True))


def squash(text: str) -> str:
    return " ".join(text.split())


def test_example_digest_yields_114_papers_matching_the_text(example_digest: Path) -> None:
    text = example_digest.read_text(encoding="utf-8")
    digest = read(text, TODAY)
    pairs = expected_pairs(text)
    assert len(pairs) == 114
    assert len(digest.records) == 114
    for record, (title, abstract) in zip(digest.records, pairs, strict=True):
        assert record.title == title
        assert squash(record.abstract) == squash(abstract)
    assert digest.date == "2025-09-09"
    # The page's date is the digest's, not the papers' (VATT is from 2021).
    assert {r.published for r in digest.records} == {None}


def test_links_come_from_abstracts_without_trailing_punctuation(example_digest: Path) -> None:
    digest = read(example_digest.read_text(encoding="utf-8"), TODAY)
    by_title = {r.title: r for r in digest.records}
    xolver = by_title[
        "Xolver: Multi-Agent Reasoning with Holistic Experience Learning Just Like an Olympiad Team"
    ]
    assert xolver.links == ["https://kagnlp.github.io/xolver.github.io/"]
    all_links = [link for r in digest.records for link in r.links]
    assert all_links, "the example digest has code links"
    for link in all_links:
        assert re.match(r"^https?://", link)
        assert link[-1] not in ".,;:)"
        assert any(link in r.abstract for r in digest.records)


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda b: codecs.BOM_UTF8 + b, id="utf8-bom"),
        pytest.param(lambda b: b + b"\n\n", id="trailing-newlines"),
        pytest.param(lambda b: b.rstrip(b"\n"), id="no-final-newline"),
        pytest.param(lambda b: b.replace(b"\n", b"\r"), id="old-mac-cr"),
        pytest.param(lambda b: codecs.BOM_UTF16_LE + b.decode().encode("utf-16-le"), id="utf16"),
    ],
)
def test_line_ends_and_bom_do_not_change_the_result(example_digest: Path, transform) -> None:
    original = example_digest.read_bytes()
    reference = read_digest(original, "digest.txt", TODAY)
    variant = read_digest(transform(original), "digest.txt", TODAY)
    assert variant.records == reference.records
    assert variant.date == reference.date


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sep 9", date(2025, 9, 9)),
        ("Dec 25", date(2024, 12, 25)),  # a year-less date is never in the future
        ("September 9, 2025", date(2025, 9, 9)),
        ("2025-09-09", date(2025, 9, 9)),
        ("9 September 2024", date(2024, 9, 9)),
    ],
)
def test_date_lines_date_the_digest_not_the_papers(line: str, expected: date) -> None:
    text = f"Daily Papers\n\n{line}\n\nA Title\n\n{'An abstract sentence. ' * 20}\n"
    digest = read(text, TODAY)
    assert digest.date == expected.isoformat()
    assert digest.records[0].published is None


def test_page_chrome_is_skipped() -> None:
    abstract = "We study things carefully and report results. " * 8
    text = "\n".join(
        [
            "Daily Papers",
            "byAK and the research community",
            "Sep 8",
            "Submitted by someone",
            "42",
            "First Paper Title",
            "",
            abstract,
            "· 5 authors",
            "1.2k",
            "Second Paper Title",
            abstract,
            "Load more",
        ]
    )
    records = read(text, TODAY).records
    assert [r.title for r in records] == ["First Paper Title", "Second Paper Title"]
    assert all(squash(r.abstract) == squash(abstract) for r in records)


def test_multi_paragraph_and_hard_wrapped_abstracts() -> None:
    text = (
        "Daily Papers\n\nA Paper About Wrapping\n\n"
        "We present a method that is described over\n"
        "several wrapped lines without a blank line\n"
        "between them.\n\n"
        "A second paragraph follows. Code: https://github.com/x/y.\n\n"
        "Next Paper\n\nIts abstract is here and it is long enough to be an abstract.\n"
    )
    records = read(text, TODAY).records
    assert [r.title for r in records] == ["A Paper About Wrapping", "Next Paper"]
    assert records[0].abstract == (
        "We present a method that is described over several wrapped lines without a blank "
        "line between them.\n\nA second paragraph follows. Code: https://github.com/x/y."
    )
    assert records[0].links == ["https://github.com/x/y"]


def test_title_without_abstract_before_another_paper() -> None:
    abstract = "This abstract is long enough to be unmistakably an abstract paragraph. " * 4
    text = f"Daily Papers\n\nLonely Title\n\nSecond Title\n\n{abstract}\n"
    records = read(text, TODAY).records
    assert [(r.title, bool(r.abstract)) for r in records] == [
        ("Lonely Title", False),
        ("Second Title", True),
    ]


def test_only_chrome_is_an_error() -> None:
    with pytest.raises(DigestFormatError, match="no papers"):
        read("new\n\nDaily Papers\n\nSubscribe\n\nSep 9\n", TODAY)
    with pytest.raises(ImportFailedError, match="chrome.txt: no papers"):
        read_digest(b"new\n\nDaily Papers\n\nSubscribe\n", "chrome.txt", TODAY)


def test_sniff_recognises_the_page_and_detect_picks_it(example_digest: Path) -> None:
    text = example_digest.read_text(encoding="utf-8")
    assert sniff(text, "x.txt") > 0.9
    assert detect(text, "anything").name == "hf-daily-text"
    without_chrome = text.split("Sep 9", 1)[1]
    assert sniff(without_chrome, "x.txt") > 0


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x00\x01\x02\x03binary\xff\xfe" * 50, "binary"),
        (b"one rambling paragraph that is not a digest of any kind " * 8, "unrecognised"),
    ],
)
def test_bad_input_is_a_clear_error_naming_the_file(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailedError) as info:
        read_digest(data, "bad.txt", TODAY)
    assert info.value.source == "bad.txt"
    assert reason in info.value.reason
