from __future__ import annotations

import pytest

from readinglist.core.entities import PaperRecord
from readinglist.core.identity import (
    arxiv_id_from_doi,
    canonical_record,
    ids_conflict,
    merge_changes,
    normalize_arxiv_id,
    normalize_doi,
    normalize_title,
    paper_key,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2509.01234", "2509.01234"),
        ("arXiv:2509.01234v3", "2509.01234"),
        ("https://arxiv.org/abs/2106.04803v2", "2106.04803"),
        ("https://arxiv.org/pdf/2106.04803.pdf", "2106.04803"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001v1", "hep-th/9901001"),
        ("astro-ph/0601001", "astro-ph/0601001"),
        ("math.AG/0309136", "math.ag/0309136"),
        ("not an id", None),
        ("12345.678", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_arxiv_id(text: str | None, expected: str | None) -> None:
    assert normalize_arxiv_id(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1000/XYZ123", "10.1000/xyz123"),
        ("https://doi.org/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
        ("doi:10.48550/arXiv.2206.07690.", "10.48550/arxiv.2206.07690"),
        ("nope", None),
    ],
)
def test_normalize_doi(text: str, expected: str | None) -> None:
    assert normalize_doi(text) == expected


def test_arxiv_id_hidden_in_doi() -> None:
    assert arxiv_id_from_doi("10.48550/arxiv.2206.07690") == "2206.07690"
    assert arxiv_id_from_doi("10.1000/xyz") is None


def test_normalize_title_folds_case_accents_punctuation_spacing() -> None:
    assert normalize_title("  Déjà Vu:  A   Study—of   Things! ") == "deja vu a study of things"
    assert normalize_title("VATT: Transformers") == normalize_title("vatt transformers.")


def test_key_prefers_arxiv_then_doi_then_title() -> None:
    assert paper_key("2101.00001", "10.1/x", "T") == "arxiv:2101.00001"
    assert paper_key(None, "10.1/x", "T") == "doi:10.1/x"
    assert paper_key(None, None, "The Title!") == "title:the title"


def test_canonical_record_normalizes_ids_and_adds_url() -> None:
    record = canonical_record(
        PaperRecord(
            title="  A   title\n wrapped ",
            doi="https://doi.org/10.48550/arXiv.2206.07690",
            authors=["  Ada  Lovelace ", "", "Alan Turing"],
            links=["https://x.org", "https://x.org", " "],
        )
    )
    assert record.title == "A title wrapped"
    assert record.arxiv_id == "2206.07690"
    assert record.doi == "10.48550/arxiv.2206.07690"
    assert record.url == "https://arxiv.org/abs/2206.07690"
    assert record.authors == ["Ada Lovelace", "Alan Turing"]
    assert record.links == ["https://x.org"]


def test_merge_fills_only_empty_fields() -> None:
    stored = {
        "title": "Known title",
        "abstract": "",
        "authors": [],
        "arxiv_id": None,
        "doi": None,
        "url": None,
        "published": "2025-09-09",
        "links": ["https://code.example"],
        "extra": {"upvotes": 3},
    }
    record = PaperRecord(
        title="Different title",
        abstract="Now with an abstract",
        authors=["A. Author"],
        arxiv_id="2509.00001",
        published="2025-09-01",
        links=["https://code.example", "https://project.example"],
        extra={"upvotes": 10, "ai_summary": "short"},
    )
    changes = merge_changes(stored, record)
    assert changes == {
        "abstract": "Now with an abstract",
        "authors": ["A. Author"],
        "arxiv_id": "2509.00001",
        "links": ["https://code.example", "https://project.example"],
        "extra": {"upvotes": 3, "ai_summary": "short"},
    }


def test_merge_of_same_data_changes_nothing() -> None:
    stored = {"title": "T", "abstract": "A", "authors": ["X"], "links": [], "extra": {}}
    assert merge_changes(stored, PaperRecord(title="T", abstract="A", authors=["X"])) == {}


def test_ids_conflict_only_when_both_sides_have_different_ids() -> None:
    assert ids_conflict({"arxiv_id": "1", "doi": None}, PaperRecord(arxiv_id="2"))
    assert not ids_conflict({"arxiv_id": None, "doi": None}, PaperRecord(arxiv_id="2"))
    assert not ids_conflict({"arxiv_id": "2", "doi": None}, PaperRecord(arxiv_id="2"))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Pre-trained Models for Vision", "Pretrained models for vision.", True),
        ("Attention Is All You Need", "Attention is al you need", True),
        (r"The \emph{Lottery} Ticket Hypothesis", "The Lottery Ticket Hypothesis", True),
        ("Physics of Language Models: Part 3.1", "Physics of Language Models: Part 3.2", False),
        ("Learning to Reason with Large Models", "Learning to Reason with Small Models", False),
        ("Short Title", "Short Titles", False),
    ],
)
def test_near_identical_titles(a: str, b: str, same: bool) -> None:
    from readinglist.core.identity import squash_title, titles_nearly_equal

    assert titles_nearly_equal(squash_title(a), squash_title(b)) is same
