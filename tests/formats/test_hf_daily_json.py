from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from readinglist.domain.errors import DigestFormatError
from readinglist.formats.hf_daily_json import FORMAT, read, sniff
from tests.conftest import CORPUS

TODAY = date(2026, 9, 1)
OLD_SCHEMA = CORPUS / "hf_daily_json" / "hf_daily_2024-05-27_oldschema.json"
CURRENT_SCHEMA = CORPUS / "hf_daily_json" / "hf_daily_2026-08-21_ai_summary.json"


def item(**paper: Any) -> dict[str, Any]:
    """A minimal API item around ``paper``."""
    return {"paper": {"id": "2501.00001", "title": "A Paper", **paper}}


def test_old_schema_yields_13_papers_with_unwrapped_titles() -> None:
    digest = read(OLD_SCHEMA.read_text(encoding="utf-8"), TODAY)
    assert digest.format == FORMAT
    assert len(digest.records) == 13
    assert digest.skipped == 0
    assert digest.date == "2024-05-27"
    for record in digest.records:
        assert "\n" not in record.title
        assert "  " not in record.title
        assert record.arxiv_id
        assert record.authors
        assert record.published in {"2024-05-23", "2024-05-24"}
    first = digest.records[0]
    assert first.title == (
        "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models"
    )
    assert first.arxiv_id == "2405.15738"
    assert first.authors[:2] == ["Chunjiang Ge", "Sijie Cheng"]
    assert len(first.authors) == 9
    assert first.published == "2024-05-24"
    assert first.extra == {"upvotes": 32}
    # arXiv's hard wraps in the abstract are joined.
    assert first.abstract.startswith(
        "High-resolution Large Multimodal Models (LMMs) encounter the challenges of excessive"
    )
    assert "\n" not in first.abstract
    assert first.links == ["https://github.com/alibaba/conv-llava"]


def test_old_schema_title_with_tex_falls_back_to_the_arxiv_title() -> None:
    digest = read(OLD_SCHEMA.read_text(encoding="utf-8"), TODAY)
    titles = {r.arxiv_id: r.title for r in digest.records}
    assert titles["2405.14906"] == (
        "AutoCoder: Enhancing Code Large Language Model with AIEV-Instruct"
    )


def test_current_schema_yields_17_papers_with_ai_fields() -> None:
    digest = read(CURRENT_SCHEMA.read_text(encoding="utf-8"), TODAY)
    assert len(digest.records) == 17
    # The day the list was featured (submittedOnDailyAt), not the items' arXiv times.
    assert digest.date == "2026-08-21"
    by_id = {r.arxiv_id: r for r in digest.records}
    env = by_id["2608.19880"]
    assert env.title == "EnvHarness: Awakening Static Worlds for Agent Learning"
    assert env.authors[0] == "Chengsong Huang"
    assert len(env.authors) == 17
    assert env.published == "2026-08-20"
    assert env.links == ["https://github.com/google-research/envharness", "https://envharness.com/"]
    assert env.extra["upvotes"] == 163
    assert env.extra["organization"] == "google"
    assert env.extra["ai_summary"].startswith("EnvHarness and EnvRigger dynamically reshape")
    assert env.extra["ai_keywords"][:2] == ["LLM agents", "Environment Harness"]
    json.dumps(env.extra)  # extra stays JSON-serialisable
    assert all("upvotes" in r.extra and "organization" in r.extra for r in digest.records)
    without_pages = [r for r in digest.records if not r.links]
    assert without_pages, "some papers have neither a GitHub repo nor a project page"


def test_sniff_is_high_for_daily_papers_json_and_low_for_other_formats() -> None:
    for path in (OLD_SCHEMA, CURRENT_SCHEMA):
        assert sniff(path.read_text(encoding="utf-8"), path.name) >= 0.9
    for relative in (
        "hf_daily_text/daily_papers_sep9.txt",
        "csl_json/zotero_better_csl_26.json",
        "csl_json/arxiv_item_1.json",
        "hf_papers_html/hf_papers_page_2024-08-01.html",
        "arxiv_atom/api_2026_search_testing_10.xml",
    ):
        path = CORPUS / relative
        assert sniff(path.read_text(encoding="utf-8"), path.name) < 0.5, relative


def test_dict_wrappers_are_accepted_and_their_date_wins() -> None:
    items = [item(publishedAt="2025-01-02T10:00:00.000Z")]
    wrapped = read(json.dumps({"papers": items}), TODAY)
    assert [r.arxiv_id for r in wrapped.records] == ["2501.00001"]
    assert wrapped.records[0].published == "2025-01-02"
    dated = read(json.dumps({"date": "2025-01-03T00:00:00.000Z", "dailyPapers": items}), TODAY)
    assert dated.date == "2025-01-03"


def test_digest_date_is_the_most_common_featured_day() -> None:
    items = [
        {**item(), "publishedAt": "2025-03-04T01:00:00Z"},
        {**item(id="2501.00002"), "publishedAt": "2025-03-05T01:00:00Z"},
        {**item(id="2501.00003"), "publishedAt": "2025-03-05T02:00:00Z"},
        {**item(id="2501.00004"), "publishedAt": "not a date"},
    ]
    assert read(json.dumps(items), TODAY).date == "2025-03-05"
    assert read(json.dumps([item()]), TODAY).date is None


def test_items_without_title_or_id_are_skipped_and_odd_types_ignored() -> None:
    items: list[Any] = [
        {"paper": {"title": "", "id": ""}},
        "not an item",
        {"no": "paper"},
        {
            "paper": {
                "id": 42,
                "title": ["not", "text"],
                "summary": {"x": 1},
                "authors": [{"name": "Ada  Lovelace"}, "Bob", {"name": 3}, {"user": []}],
                "upvotes": True,
                "ai_keywords": ["ok", 7, None, " "],
                "organization": "not a dict",
                "githubRepo": "javascript:alert(1)",
                "publishedAt": "2025-02-30T00:00:00Z",
            },
            "title": "Kept by its item title",
        },
        item(authors={"name": "not a list"}, title="Only id\n  wrapped"),
    ]
    digest = read(json.dumps(items), TODAY)
    assert digest.skipped == 3
    kept, wrapped = digest.records
    assert kept.title == "Kept by its item title"
    assert kept.arxiv_id is None
    assert kept.authors == ["Ada Lovelace"]
    assert kept.abstract == ""
    assert kept.links == []
    assert kept.published is None
    assert kept.extra == {"ai_keywords": ["ok"]}
    assert wrapped.title == "Only id wrapped"
    assert wrapped.authors == []


def test_non_arxiv_ids_link_to_the_hugging_face_paper_page() -> None:
    digest = read(json.dumps([item(id="some-paper")]), TODAY)
    record = digest.records[0]
    assert record.arxiv_id is None
    assert record.url == "https://huggingface.co/papers/some-paper"


def test_paragraphs_in_abstracts_survive_unwrapping() -> None:
    digest = read(json.dumps([item(summary="First line\nwraps.\n\nSecond\n  paragraph.")]), TODAY)
    assert digest.records[0].abstract == "First line wraps.\n\nSecond paragraph."


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        '{"paper": ',
        "[]",
        "[1, 2, 3]",
        '[{"title": "CSL-JSON, not Daily Papers"}]',
        '[{"paper": "not an object"}]',
        "{}",
        '{"papers": 3}',
        '"just a string"',
        "null",
        "[" * 100_000 + "]" * 100_000,
        '[{"paper": {"id": "2501.00001"}}]\x00',
        "1" * 10_000,
    ],
)
def test_bad_input_raises_digest_format_error(text: str) -> None:
    with pytest.raises(DigestFormatError):
        read(text, TODAY)


def test_deeply_nested_values_inside_items_do_not_crash() -> None:
    nested = "[" * 500 + "]" * 500
    text = '[{"paper": {"id": "2501.00001", "title": "Deep", "authors": ' + nested + "}}]"
    digest = read(text, TODAY)
    assert digest.records[0].title == "Deep"
    assert digest.records[0].authors == []
