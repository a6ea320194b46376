from __future__ import annotations

import pytest

from readinglist.domain.entities import PaperRecord
from readinglist.domain.identity import (
    arxiv_id_from_doi,
    canonical_record,
    ids_conflict,
    merge_changes,
    normalize_arxiv_id,
    normalize_doi,
    normalize_title,
    paper_key,
)
from readinglist.domain.title_match import authors_agree, is_same_paper, years_agree


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
        # A DOI may end with a bracket it opened (ASCE, SICI): it is part of the DOI...
        ("10.1061/(ASCE)0733-9399(2000)126:7(741)", "10.1061/(asce)0733-9399(2000)126:7(741)"),
        ("https://doi.org/10.1000/a[1]", "10.1000/a[1]"),
        ("10.1000/x{2}.", "10.1000/x{2}"),
        # ...one it did not open is the sentence's punctuation around it.
        ("(doi:10.1000/xyz123).", "10.1000/xyz123"),
        (
            "(see 10.1061/(ASCE)0733-9399(2000)126:7(741)),",
            "10.1061/(asce)0733-9399(2000)126:7(741)",
        ),
        ("[10.1000/a(1)]", "10.1000/a(1)"),
        ("10.1000/a))", "10.1000/a"),
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
    from readinglist.domain.identity import squash_title, titles_nearly_equal

    assert titles_nearly_equal(squash_title(a), squash_title(b)) is same


# --- near-identical titles: the same paper, or a different one ----------------------------


@pytest.mark.parametrize(
    ("stored", "incoming"),
    [
        (
            "On the history of the Reading List project circa begin",
            "On the history of the Reading List project circa begin & end",
        ),
        ("Lectures on Quantum Field Theory, Part I", "Lectures on Quantum Field Theory, Part II"),
        ("Vision Transformers Need Registers", "Vision Transformers Need No Registers"),
        ("Convex Optimization for Deep Networks", "Non-convex Optimization for Deep Networks"),
        ("Scaling Laws for Neural Language Models", "Scaling Laws for Neural Language Models 2"),
    ],
)
def test_near_titles_that_differ_in_meaning_are_different_papers(
    stored: str, incoming: str
) -> None:
    assert not is_same_paper({"title": stored, "authors": []}, PaperRecord(title=incoming))


@pytest.mark.parametrize(
    ("stored", "incoming"),
    [
        ("Scaling Laws for Neural Language Models", "Scaling laws for neural-language models."),
        (
            "Pre-trained Language Models for Text Generation",
            "Pretrained Language Model for Text Generation",
        ),
        ("A Survey of Large Language Models", "Survey of Large Language Models"),
        (
            "Large Lanuage Models are Zero-Shot Reasoners",
            "Large Language Models are Zero-Shot Reasoners",
        ),
    ],
)
def test_near_titles_that_differ_in_spelling_are_the_same_paper(stored: str, incoming: str) -> None:
    assert is_same_paper({"title": stored, "authors": []}, PaperRecord(title=incoming))


def test_a_title_match_needs_authors_in_common_when_both_list_them() -> None:
    stored = {"title": "Attention Is All You Need", "authors": ["Ashish Vaswani", "Noam Shazeer"]}
    assert is_same_paper(stored, PaperRecord(title="Attention is all you need", authors=[]))
    same = PaperRecord(title="Attention is all you need", authors=["Vaswani, A."])
    assert is_same_paper(stored, same)
    other = PaperRecord(title="Attention Is All You Need", authors=["Jane Doe", "Max Mustermann"])
    assert not is_same_paper(stored, other)
    # A user name written without spaces (as some sites list authors) still agrees.
    assert authors_agree(["GuoxinChen"], ["Guoxin Chen", "Another Person"])


def test_a_near_title_match_needs_years_at_most_one_apart() -> None:
    stored = {"title": "Scaling Laws for Neural Language Models", "published": "2020-01-23"}
    near = "Scaling Laws for Neural Langauge Models"
    assert is_same_paper(stored, PaperRecord(title=near, published="2021"))
    assert not is_same_paper(stored, PaperRecord(title=near, published="2024-05-01"))
    assert is_same_paper(stored, PaperRecord(title=near))
    # An equal title is not held to the year: a journal version may come years later.
    exact = "Scaling Laws for Neural Language Models"
    assert is_same_paper(stored, PaperRecord(title=exact, published="2024"))
    assert years_agree("2020", "2021") and not years_agree("2020", "2022")


def test_merging_keeps_every_section_a_paper_is_listed_in() -> None:
    stored = {"title": "T", "links": [], "extra": {"section": "SLAM"}}
    changes = merge_changes(stored, PaperRecord(title="T", extra={"section": "NeRF"}))
    assert changes == {"extra": {"section": "SLAM", "sections": ["SLAM", "NeRF"]}}
    again = {**stored, "extra": changes["extra"]}
    assert merge_changes(again, PaperRecord(title="T", extra={"section": "NeRF"})) == {}
    assert merge_changes(again, PaperRecord(title="T", extra={"section": "Pose"})) == {
        "extra": {"section": "SLAM", "sections": ["SLAM", "NeRF", "Pose"]}
    }
