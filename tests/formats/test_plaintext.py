from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readinglist.domain.errors import DigestFormatError
from readinglist.formats.decoding import decode_text
from readinglist.formats.plaintext import READERS, ArxivIds, TextBlocks, TitleList
from tests.conftest import CORPUS, EXAMPLE_DIGEST

TODAY = date(2025, 10, 1)
BLOCKS = CORPUS / "plaintext_lists" / "title_pdf_summary_blocks_2024-06-21.txt"
IDS = CORPUS / "plaintext_lists" / "bare_arxiv_ids_6.txt"
ALL_CORPUS = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md")


def corpus_text(path: Path) -> str:
    return decode_text(path.read_bytes())


def test_three_readers_with_distinct_names() -> None:
    assert [r.FORMAT for r in READERS] == ["text-blocks", "arxiv-ids", "title-list"]
    for reader in READERS:
        assert reader.LABEL
        assert reader.EXTENSIONS == (".txt",)


# --- text-blocks ---------------------------------------------------------------------


def test_blocks_corpus_file_yields_50_papers() -> None:
    text = corpus_text(BLOCKS)
    digest = TextBlocks.read(text, TODAY)
    assert digest.format == "text-blocks"
    assert len(digest.records) == 50
    assert digest.skipped == 0
    titles = [line[len("Title: ") :] for line in text.split("\n") if line.startswith("Title: ")]
    assert [r.title for r in digest.records] == titles
    for record in digest.records:
        assert record.arxiv_id and record.links == [f"https://arxiv.org/pdf/{record.arxiv_id}"]
        assert record.abstract and "\n" not in record.abstract
    first = digest.records[0]
    assert first.title.startswith("Invertible Consistency Distillation")
    assert first.arxiv_id == "2406.14539"
    assert first.abstract.startswith("Diffusion distillation represents")


def test_blocks_keep_tex_in_titles() -> None:
    titles = {r.title for r in TextBlocks.read(corpus_text(BLOCKS), TODAY).records}
    assert (
        "$\\nabla^2$DFT: A Universal Quantum Chemistry Dataset of Drug-Like Molecules and a "
        "Benchmark for Neural Network Potentials"
    ) in titles
    assert "$τ$-bench: A Benchmark for Tool-Agent-User Interaction in Real-World Domains" in titles


def test_blocks_hand_made() -> None:
    text = (
        "Papers of the day\n\n"
        "Title: A wrapped\n  title\nAuthors: Ann Lee, Bo Chen and Cy Dee\n"
        "PDF: https://arxiv.org/pdf/2101.00001v2\nDate: 2024-06-21\n"
        "Summary: First paragraph\ncontinues here.\n\nSecond paragraph.\n---\n"
        "Title: Not on arXiv\nPDF: https://example.org/paper.pdf\n"
        "Title: No separator before me\n---\n---\n"
        "PDF: https://example.org/orphan.pdf\nSummary: a block without a title\n"
    )
    digest = TextBlocks.read(text, TODAY)
    assert [r.title for r in digest.records] == [
        "A wrapped title",
        "Not on arXiv",
        "No separator before me",
    ]
    first, second, _ = digest.records
    assert first.authors == ["Ann Lee", "Bo Chen", "Cy Dee"]
    assert first.arxiv_id == "2101.00001"
    assert first.published == "2024-06-21"
    assert first.abstract == "First paragraph continues here.\n\nSecond paragraph."
    assert second.arxiv_id is None
    assert second.url == "https://example.org/paper.pdf"
    assert digest.skipped == 1


@pytest.mark.parametrize("text", ["", "PDF: https://x.org/a.pdf\n", "just some text\n"])
def test_blocks_bad_inputs(text: str) -> None:
    with pytest.raises(DigestFormatError):
        TextBlocks.read(text, TODAY)


def test_blocks_sniff() -> None:
    assert TextBlocks.sniff(corpus_text(BLOCKS), BLOCKS.name) == 0.9
    one_block = "Title: T\nPDF: https://arxiv.org/pdf/2101.00001\n"
    assert 0.5 < TextBlocks.sniff(one_block, "x.txt") < 0.9
    # arXiv mailings have Title: lines but no PDF:/Summary: lines.
    email = CORPUS / "arxiv_email" / "astro-ph_daily_2023-03-03.txt"
    assert TextBlocks.sniff(corpus_text(email), email.name) == 0.0


# --- arxiv-ids -----------------------------------------------------------------------


def test_ids_corpus_file_yields_6_id_only_papers() -> None:
    digest = ArxivIds.read(corpus_text(IDS), TODAY)
    assert digest.format == "arxiv-ids"
    assert [r.arxiv_id for r in digest.records] == [
        "1901.09888",
        "1901.10116",
        "1901.10177",
        "1906.05089",
        "1906.05107",
        "1906.05112",
    ]
    assert all(r.title == "" and r.has_identity() for r in digest.records)
    assert digest.skipped == 0


def test_ids_in_every_common_form() -> None:
    text = (
        "# my queue\n\n"
        "arXiv:2101.00001v2\n"
        "https://arxiv.org/abs/2101.00002\n"
        "https://arxiv.org/pdf/2101.00003v1.pdf\n"
        "hep-th/9901001\n"
        "arXiv:math.AG/0601001v1\n"
        "https://arxiv.org/abs/astro-ph/0601001\n"
        "10.48550/arXiv.2206.07690\n"
        "- 1706.03762\n"
        "2101.00004  # read later\n"
        "not an id\n"
    )
    digest = ArxivIds.read(text, TODAY)
    assert [r.arxiv_id for r in digest.records] == [
        "2101.00001",
        "2101.00002",
        "2101.00003",
        "hep-th/9901001",
        "math.ag/0601001",
        "astro-ph/0601001",
        "2206.07690",
        "1706.03762",
        "2101.00004",
    ]
    assert digest.skipped == 1
    assert ArxivIds.sniff(text, "x.txt") == 0.95


@pytest.mark.parametrize(
    "text",
    ["", "# only a comment\n", "2101.00001\nfirst title\nsecond title\n", "2113.00001\n"],
)
def test_ids_bad_inputs(text: str) -> None:
    with pytest.raises(DigestFormatError):
        ArxivIds.read(text, TODAY)


def test_ids_sniff_needs_80_percent_ids() -> None:
    assert ArxivIds.sniff(corpus_text(IDS), IDS.name) == 0.95
    assert ArxivIds.sniff("2101.00001\n2101.00002\n2101.00003\n2101.00004\nx\n", "") == 0.95
    assert ArxivIds.sniff("2101.00001\n2101.00002\n2101.00003\nx\ny\n", "") == 0.0
    assert ArxivIds.sniff("Price 1234.5678\n", "") == 0.0


# --- title-list ----------------------------------------------------------------------


def test_title_list_reads_one_title_per_line() -> None:
    text = (
        "# to read\n"
        "Attention Is All You Need\n\n"
        "1. BERT: Pre-training of Deep Bidirectional Transformers\n"
        "- $\\nabla^2$DFT: A Universal Quantum Chemistry Dataset\n"
        "• Deep Residual Learning for Image Recognition\n"
    )
    digest = TitleList.read(text, TODAY)
    assert digest.format == "title-list"
    assert [r.title for r in digest.records] == [
        "Attention Is All You Need",
        "BERT: Pre-training of Deep Bidirectional Transformers",
        "$\\nabla^2$DFT: A Universal Quantum Chemistry Dataset",
        "Deep Residual Learning for Image Recognition",
    ]
    assert all(r.arxiv_id is None and r.abstract == "" for r in digest.records)
    assert 0.2 <= TitleList.sniff(text, "list.txt") <= 0.3
    assert TitleList.sniff("One single title\n", "x.txt") == 0.25


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# nothing but a comment\n",
        "A title\n" + "word " * 100 + "\n",
    ],
)
def test_title_list_bad_inputs(text: str) -> None:
    with pytest.raises(DigestFormatError):
        TitleList.read(text, TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "A title\n" + "A long paragraph of prose. " * 20 + "\n",
        '{"title": "A"}\n',
        '  "title": "A",\n',
        "<feed><title>A</title></feed>\n",
        "@article{key,\n  title = {A},\n}\n",
        "TY  - JOUR\nTI  - A title\nER  - \n",
        "Title: A\nAuthors: B\n",
        "A title\nhttps://example.org/paper\n",
        "we show that the model\nis better than the baseline.\nIn addition, it is fast.\n",
        # /etc/passwd and /etc/hostname were imported as 24 papers and as a paper "vm".
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
        "vm\n",
        "HOME=/home/ada\nLANG=en_GB.UTF-8\n",
        "alpha\nbeta\ngamma\n",
    ],
)
def test_title_list_sniff_rejects_prose_and_structured_text(text: str) -> None:
    assert TitleList.sniff(text, "x.txt") == 0.0


# --- all three against the corpus ----------------------------------------------------


def test_daily_papers_example_is_none_of_these() -> None:
    text = corpus_text(EXAMPLE_DIGEST)
    for reader in READERS:
        assert reader.sniff(text, EXAMPLE_DIGEST.name) == 0.0, reader.FORMAT


@pytest.mark.parametrize("path", ALL_CORPUS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_sniff_on_every_corpus_file(path: Path) -> None:
    text = corpus_text(path)
    expected = {BLOCKS: "text-blocks", IDS: "arxiv-ids"}.get(path)
    for reader in READERS:
        score = reader.sniff(text, path.name)
        if expected == reader.FORMAT:
            assert score >= 0.9
        else:
            assert score == 0.0, reader.FORMAT


def test_blocks_file_dated_only_by_its_name_takes_that_date() -> None:
    from readinglist.formats.registry import date_in_name, read_digest

    path = CORPUS / "plaintext_lists" / "title_pdf_summary_blocks_2024-06-21.txt"
    data = path.read_bytes()
    assert TextBlocks.read(decode_text(data), date(2025, 1, 1)).date is None  # the text has none
    digest = read_digest(data, "paper_metadata_2026-08-21.txt", date(2026, 9, 1))
    assert (digest.format, digest.date) == ("text-blocks", "2026-08-21")
    assert read_digest(data, "papers.txt", date(2026, 9, 1)).date is None
    assert date_in_name("/some/dir/2025_10_30.md") == "2025-10-30"
    assert date_in_name("notes-2024-13-45.txt") is None
    assert date_in_name("ids_12024-06-210.txt") is None
