from __future__ import annotations

import html
import json
from datetime import date
from typing import Any

import pytest

from readinglist.domain.errors import DigestFormatError
from readinglist.formats.hf_papers_html import FORMAT, read, sniff
from tests.conftest import CORPUS

TODAY = date(2024, 9, 1)
PAGE = CORPUS / "hf_papers_html" / "hf_papers_page_2024-08-01.html"
MARKER = 'data-target="DailyPapers"'


def page_text() -> str:
    return PAGE.read_bytes().decode("utf-8")


def without_props(text: str) -> str:
    """The page with the ``data-props`` attribute of the DailyPapers element removed."""
    tag_start = text.rfind("<", 0, text.index(MARKER))
    props_start = text.index(' data-props="', tag_start)
    props_end = text.index('"', props_start + len(' data-props="')) + 1
    assert props_start < text.index(">", props_end)
    return text[:props_start] + text[props_end:]


def with_props(text: str, props: str) -> str:
    """The page with the DailyPapers ``data-props`` value replaced (``props`` is raw)."""
    tag_start = text.rfind("<", 0, text.index(MARKER))
    value_start = text.index(' data-props="', tag_start) + len(' data-props="')
    value_end = text.index('"', value_start)
    return text[:value_start] + props + text[value_end:]


def small_page(items: list[dict[str, Any]], date_value: str = "2025-01-02T00:00:00.000Z") -> str:
    props = html.escape(json.dumps({"date": date_value, "dailyPapers": items}), quote=True)
    return (
        "<!doctype html><html><body>"
        f'<div class="SVELTE_HYDRATER contents" data-props="{props}" {MARKER}></div>'
        "</body></html>"
    )


def test_page_yields_13_papers_from_the_embedded_props() -> None:
    digest = read(page_text(), TODAY)
    assert digest.format == FORMAT
    assert len(digest.records) == 13
    assert digest.date == "2024-08-01"
    first = digest.records[0]
    assert first.title == "The Llama 3 Herd of Models"
    assert first.arxiv_id == "2407.21783"
    assert first.authors[:2] == ["Abhimanyu Dubey", "Abhinav Jauhri"]
    assert first.published == "2024-07-31"
    assert first.extra["upvotes"] == 94
    assert first.abstract
    last = digest.records[-1]
    assert last.arxiv_id == "2404.01300"
    assert last.title.startswith("NeRF-MAE: Masked AutoEncoders")
    assert all(r.title and r.arxiv_id and r.authors and r.abstract for r in digest.records)


def test_without_props_the_article_cards_give_the_same_titles_and_ids() -> None:
    text = page_text()
    expected = [(r.title, r.arxiv_id) for r in read(text, TODAY).records]
    variant = without_props(text)
    assert 'data-props="{&quot;canSubmit' not in variant
    digest = read(variant, TODAY)
    assert len(digest.records) == 13
    assert [(r.title, r.arxiv_id) for r in digest.records] == expected
    assert digest.records[1].title == (
        "Tora: Trajectory-oriented Diffusion Transformer for Video Generation"
    )
    assert digest.date is None
    assert all(not r.abstract and not r.authors for r in digest.records)


def test_unreadable_props_fall_back_to_the_cards() -> None:
    text = page_text()
    for props in ("{&quot;dailyPapers&quot;: [", "[]", "{&quot;dailyPapers&quot;: 3}"):
        digest = read(with_props(text, props), TODAY)
        assert len(digest.records) == 13
        assert digest.records[0].arxiv_id == "2407.21783"


def test_sniff_is_high_for_the_page_and_low_for_other_formats() -> None:
    assert sniff(page_text(), PAGE.name) >= 0.9
    assert sniff(without_props(page_text()), PAGE.name) >= 0.9
    for relative in (
        "hf_daily_text/daily_papers_sep9.txt",
        "hf_daily_json/hf_daily_2026-08-21_ai_summary.json",
        "arxiv_atom/api_2026_search_testing_10.xml",
        "arxiv_rss/rss2_filtered_feed_2025-06-12_8items.xml",
        "bibtex/zotero_bbt_arxiv_3.bib",
    ):
        path = CORPUS / relative
        assert sniff(path.read_text(encoding="utf-8"), path.name) < 0.5, relative
    assert sniff("<html><body><p>Hello</p></body></html>", "x.html") < 0.5


def test_small_page_with_props_in_any_attribute_order() -> None:
    items = [
        {
            "paper": {
                "id": "2501.00001",
                "title": "Quotes \"and\" <brackets> & 'apostrophes'",
                "authors": [{"name": "Ada Lovelace"}],
                "publishedAt": "2025-01-01T12:00:00.000Z",
                "upvotes": 5,
            },
            "publishedAt": "2025-01-02T01:00:00.000Z",
        }
    ]
    digest = read(small_page(items), TODAY)
    assert digest.date == "2025-01-02"
    record = digest.records[0]
    assert record.title == "Quotes \"and\" <brackets> & 'apostrophes'"
    assert record.authors == ["Ada Lovelace"]
    assert record.published == "2025-01-01"
    assert record.extra == {"upvotes": 5}


@pytest.mark.parametrize(
    ("escaped_title", "title"),
    [
        ("Caf&eacute; &#x27;&amp;lt;&#x27; &amp;amp;", "Café '&lt;' &amp;"),
        ("&lt;b&gt; &#39;x&#39; &amp;quot; &amp;&amp;", "<b> 'x' &quot; &&"),
        ("&amp;nbsp &ampx", "&nbsp &x"),
    ],
)
def test_props_entities_are_unescaped_like_html_unescape(escaped_title: str, title: str) -> None:
    props = (
        "{&quot;dailyPapers&quot;:[{&quot;paper&quot;:{&quot;id&quot;:&quot;2501.00002&quot;,"
        f"&quot;title&quot;:&quot;{escaped_title}&quot;}}}}]}}"
    )
    text = f"<html><body><div {MARKER} data-props='{props}'></div></body></html>"
    assert read(text, TODAY).records[0].title == title == html.unescape(escaped_title)


def test_cards_only_page_and_non_arxiv_links() -> None:
    text = (
        "<html><body>"
        '<article><a href="/papers/2501.00003"><img></a>'
        '<h3><a href="/papers/2501.00003">First <em>paper</em></a></h3></article>'
        '<article><h3><a href="https://huggingface.co/papers/some-paper#community">Second</a>'
        "</h3></article>"
        '<article><a href="/login?next=%2Fpapers%2F2501.00004">log in</a></article>'
        "<article><h3>   </h3></article>"
        "</body></html>"
    )
    digest = read(text, TODAY)
    assert [(r.title, r.arxiv_id, r.url) for r in digest.records] == [
        ("First paper", "2501.00003", None),
        ("Second", None, "https://huggingface.co/papers/some-paper"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "<html><body><p>No papers here.</p></body></html>",
        f'<html><div {MARKER} data-props="{{&quot;dailyPapers&quot;: ["></div></html>',
        f'<html><div {MARKER} data-props="[[[[[["></div></html>',
        f"<html><div {MARKER}></div></html>",
        f'<html><div {MARKER} data-props="{"[" * 100_000}"></div></html>',
        "<html><article><![junk marked section",
        "<html><article>\x00\x00<h3>\x00</html>",
        "<" * 10_000,
        MARKER * 10,
    ],
)
def test_bad_input_raises_digest_format_error(text: str) -> None:
    with pytest.raises(DigestFormatError):
        read(text, TODAY)


def test_broken_markup_after_a_card_keeps_the_card() -> None:
    text = '<article><h3><a href="/papers/2501.00005">Kept</a></h3><![junk x</article>'
    digest = read(text, TODAY)
    assert [(r.title, r.arxiv_id) for r in digest.records] == [("Kept", "2501.00005")]
