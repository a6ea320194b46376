from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readinglist.domain.entities import ParsedDigest
from readinglist.domain.errors import DigestFormatError
from readinglist.formats.arxiv_feed import EXTENSIONS, FORMAT, read, sniff
from readinglist.formats.decoding import decode_text
from tests.conftest import CORPUS

TODAY = date(2026, 6, 1)
RSS_FILTERED = CORPUS / "arxiv_rss" / "rss2_filtered_feed_2025-06-12_8items.xml"
API_SEARCH = CORPUS / "arxiv_atom" / "api_2026_search_testing_10.xml"
API_OLD_ID = CORPUS / "arxiv_atom" / "api_2026_oldstyle_id_1.xml"
API_ERROR = CORPUS / "arxiv_atom" / "api_2026_error_response.xml"

# The export.arxiv.org RSS 1.0 feed arXiv served until 2024 (made-up papers).
RDF_FEED = """<?xml version="1.0" encoding="UTF-8"?>

<rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:syn="http://purl.org/rss/1.0/modules/syndication/"
>
<channel rdf:about="http://arxiv.org/">
<title>cs.MA updates on arXiv.org</title>
<link>http://arxiv.org/</link>
<description rdf:parseType="Literal">Computer Science -- Multiagent Systems (cs.MA) updates
 on the arXiv.org e-print archive</description>
<dc:language>en-us</dc:language>
<dc:date>2021-11-02T20:30:00-05:00</dc:date>
<dc:publisher>help@arxiv.org</dc:publisher>
<syn:updatePeriod>daily</syn:updatePeriod>
<items>
 <rdf:Seq>
  <rdf:li rdf:resource="http://arxiv.org/abs/2111.01484" />
  <rdf:li rdf:resource="http://arxiv.org/abs/2111.00735" />
  <rdf:li rdf:resource="http://arxiv.org/abs/2103.12345" />
 </rdf:Seq>
</items>
</channel>
<item rdf:about="http://arxiv.org/abs/2111.01484">
<title>Cooperative Agents in Sparse Reward Worlds. (arXiv:2111.01484v1 [cs.MA])</title>
<link>http://arxiv.org/abs/2111.01484</link>
<description rdf:parseType="Literal">&lt;p&gt;We study agents that
cooperate when rewards are rare, with $n&amp;lt;10$ agents &amp;amp; shared
critics.
&lt;/p&gt;
</description>
<dc:creator> &lt;a href=&quot;http://arxiv.org/find/cs/1/au:+Rossi_M/0/1/0/all/0/1&quot;&gt;Maria
 Rossi&lt;/a&gt;, &lt;a href=&quot;http://arxiv.org/find/cs/1/au:+Tan_W/0/1/0/all/0/1&quot;&gt;Wei
 Tan&lt;/a&gt; (Example Lab)</dc:creator>
</item>
<item rdf:about="http://arxiv.org/abs/2111.00735">
<title>Emergent Language Between Robots. (arXiv:2111.00735v1 [cs.RO] CROSS LISTED)</title>
<link>http://arxiv.org/abs/2111.00735</link>
<description rdf:parseType="Literal">&lt;p&gt;Robots learn to talk.&lt;/p&gt;
</description>
<dc:creator> &lt;a href=&quot;http://arxiv.org/find/cs/1/au:+Okafor_C/0/1/0/all/0/1&quot;&gt;Chidi
 Okafor&lt;/a&gt;</dc:creator>
</item>
<item rdf:about="http://arxiv.org/abs/2103.12345">
<title>Is Consensus Hard?. (arXiv:2103.12345v3 [cs.MA] UPDATED)</title>
<link>http://arxiv.org/abs/2103.12345</link>
<description rdf:parseType="Literal">&lt;p&gt;Sometimes.&lt;/p&gt;
</description>
<dc:creator> &lt;a href=&quot;http://arxiv.org/find/cs/1/au:+Lind_A/0/1/0/all/0/1&quot;&gt;Anna
 Lind&lt;/a&gt;</dc:creator>
</item>
</rdf:RDF>
"""

# The rss.arxiv.org RSS 2.0 feed as arXiv serves it since 2024 (made-up papers).
RSS2_FEED = """<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title>cs.CL updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.CL</link>
    <description>cs.CL updates on the arXiv.org e-print archive.</description>
    <language>en-us</language>
    <lastBuildDate>Tue, 09 Apr 2024 04:00:31 +0000</lastBuildDate>
    <pubDate>Tue, 09 Apr 2024 00:00:00 -0400</pubDate>
    <item>
      <title>Small Models Read Long   Documents</title>
      <link>https://arxiv.org/abs/2404.05001</link>
      <description>arXiv:2404.05001v1 Announce Type: cross
Abstract: We show that small models with a retrieval step read documents longer than
their context when $k&lt;8$. Code: https://example.org/slr.</description>
      <guid isPermaLink="false">oai:arXiv.org:2404.05001v1</guid>
      <category>cs.CL</category>
      <category>cs.LG</category>
      <pubDate>Tue, 09 Apr 2024 00:00:00 -0400</pubDate>
      <arxiv:announce_type>cross</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
      <dc:creator>Ana Pereira, Tomasz Nowak, Li Wei</dc:creator>
    </item>
    <item>
      <title>An Older Idea, Revisited</title>
      <link>https://arxiv.org/abs/2310.01234</link>
      <description>arXiv:2310.01234v3 Announce Type: replace-cross
Abstract: We revisit an older idea.</description>
      <guid isPermaLink="false">oai:arXiv.org:2310.01234v3</guid>
      <category>cs.CL</category>
      <pubDate>Tue, 09 Apr 2024 00:00:00 -0400</pubDate>
      <arxiv:announce_type>replace-cross</arxiv:announce_type>
      <dc:creator>Jo Kim</dc:creator>
    </item>
  </channel>
</rss>
"""

# An arXiv API answer whose title and summary are hard-wrapped, as the API sends them.
ATOM_WRAPPED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query: id_list=1501.00001</title>
  <updated>2015-01-05T00:00:00-05:00</updated>
  <entry>
    <id>http://arxiv.org/abs/1501.00001v2</id>
    <updated>2015-02-01T10:00:00Z</updated>
    <published>2014-12-31T20:00:01Z</published>
    <title>A Title That the API
  Hard-Wraps Over
  Three Lines</title>
    <summary>  First line of the abstract
and its second line.
</summary>
    <author><name>Pat Doe</name></author>
    <link href="http://arxiv.org/abs/1501.00001v2" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/1501.00001v2" rel="related"
      type="application/pdf"/>
    <arxiv:primary_category term="math.CO" scheme="http://arxiv.org/schemas/atom"/>
    <category term="math.CO" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>arXiv</title>
<item><title>Boom &lol9;</title><link>https://arxiv.org/abs/2401.00001</link></item>
</channel></rss>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>arXiv</title>
<item><title>Leak &secret;</title><link>https://arxiv.org/abs/2401.00002</link></item>
</channel></rss>
"""


def corpus_text(path: Path) -> str:
    return decode_text(path.read_bytes())


def read_corpus(path: Path) -> ParsedDigest:
    return read(corpus_text(path), TODAY)


def read_str(text: str) -> ParsedDigest:
    return read(text, TODAY)


def test_module_shape() -> None:
    assert FORMAT == "arxiv-feed"
    assert set(EXTENSIONS) == {".xml", ".rss", ".atom", ".rdf"}


# --- rss.arxiv.org RSS 2.0, re-emitted by a filter tool ----------------------------------


def test_filtered_rss_feed_yields_8_papers() -> None:
    digest = read_corpus(RSS_FILTERED)
    assert digest.format == FORMAT
    assert len(digest.records) == 8
    assert digest.skipped == 0
    assert digest.date == "2025-06-12"
    assert [r.arxiv_id for r in digest.records] == [
        "2506.09820",
        "2405.11985",
        "2506.09231",
        "2411.14013",
        "2506.07237",
        "2506.08524",
        "2506.08570",
        "2506.00975",
    ]


def test_filtered_rss_splits_description_into_note_and_abstract() -> None:
    first = read_corpus(RSS_FILTERED).records[0]
    assert first.title == "CoRT: Code-integrated Reasoning within Thinking"
    assert first.abstract.startswith("Large Reasoning Models (LRMs) like o1 and DeepSeek-R1")
    assert first.abstract.endswith("https://github.com/ChengpengLi1003/CoRT.")
    assert "Announce Type" not in first.abstract
    assert "背景" not in first.abstract
    assert first.extra["summary_note"].startswith("背景：大型推理模型")
    assert first.extra["version"] == "v1"
    assert first.url == "https://arxiv.org/abs/2506.09820"
    assert "https://github.com/ChengpengLi1003/CoRT" in first.links
    assert first.authors[:2] == ["Chengpeng Li", "Zhengyang Tang"]
    assert len(first.authors) == 11
    assert first.published == "2025-06-12"
    # The filter's research interests sit in <category>: not arXiv categories.
    assert "categories" not in first.extra


def test_filtered_rss_announce_type_comes_from_the_description() -> None:
    records = read_corpus(RSS_FILTERED).records
    # The filter writes <arxiv:announce_type>new</...> everywhere; the description is right.
    assert [r.announce_type for r in records] == ["new", "replace", "new"] + ["replace"] * 5
    replaced = records[1]
    assert replaced.published == "2024-05"  # the paper's month, not the revision's day
    assert replaced.extra["version"] == "v5"
    assert records[-1].announce_type == "replace"  # 'replace-cross'


def test_filtered_rss_decodes_tex_accents_in_authors() -> None:
    records = read_corpus(RSS_FILTERED).records
    assert records[3].authors[0] == "Matías Pizarro"


# --- rss.arxiv.org RSS 2.0 and the old RSS 1.0 (RDF) feed -------------------------------


def test_current_rss2_feed() -> None:
    digest = read_str(RSS2_FEED)
    assert digest.date == "2024-04-09"
    first, second = digest.records
    assert first.title == "Small Models Read Long Documents"
    assert first.arxiv_id == "2404.05001"
    assert first.announce_type == "cross"
    assert first.abstract.startswith("We show that small models")
    assert "$k<8$" in first.abstract
    assert first.authors == ["Ana Pereira", "Tomasz Nowak", "Li Wei"]
    assert first.extra["categories"] == ["cs.CL", "cs.LG"]
    assert first.links == ["https://example.org/slr"]
    assert first.published == "2024-04-09"
    assert second.announce_type == "replace"
    assert second.published == "2023-10"
    assert second.authors == ["Jo Kim"]


def test_rdf_feed_titles_ids_and_announce_types() -> None:
    digest = read_str(RDF_FEED)
    assert digest.date == "2021-11-02"
    assert [r.title for r in digest.records] == [
        "Cooperative Agents in Sparse Reward Worlds",
        "Emergent Language Between Robots",
        "Is Consensus Hard?",
    ]
    assert [r.arxiv_id for r in digest.records] == ["2111.01484", "2111.00735", "2103.12345"]
    assert [r.announce_type for r in digest.records] == ["new", "cross", "replace"]
    assert [r.extra["primary_category"] for r in digest.records] == ["cs.MA", "cs.RO", "cs.MA"]


def test_rdf_feed_strips_html_from_abstracts_and_authors() -> None:
    first = read_str(RDF_FEED).records[0]
    assert first.abstract == (
        "We study agents that cooperate when rewards are rare, with $n<10$ agents & shared critics."
    )
    assert first.authors == ["Maria Rossi", "Wei Tan"]
    assert first.url == "http://arxiv.org/abs/2111.01484"


# --- arXiv API Atom ---------------------------------------------------------------------


def test_api_search_yields_10_papers_with_metadata() -> None:
    digest = read_corpus(API_SEARCH)
    assert len(digest.records) == 10
    assert digest.date == "2026-04-12"
    first = digest.records[0]
    assert first.arxiv_id == "2202.12139"
    assert first.title == (
        "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques"
    )
    assert first.authors == ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"]
    assert first.doi == "10.1109/ICSTW55395.2022.00035"
    assert first.published == "2022-02-24"
    assert first.announce_type is None
    assert first.url == "https://arxiv.org/abs/2202.12139v1"
    assert first.links[0] == "https://arxiv.org/pdf/2202.12139v1"
    assert first.extra["primary_category"] == "cs.SE"
    assert first.extra["categories"] == ["cs.SE", "cs.LG"]
    assert first.extra["comment"].startswith("Artificial Intelligence in Software Testing 2022")
    assert first.extra["journal_ref"].startswith("Artificial Intelligence in Software Testing @")
    assert all(r.abstract and r.authors and r.title and r.arxiv_id for r in digest.records)


def test_api_search_repairs_double_encoded_author_names() -> None:
    records = read_corpus(API_SEARCH).records
    assert records[1].authors == [
        "Aurora Ramírez",
        "Mario Berrios",
        "José Raúl Romero",
        "Robert Feldt",
    ]


def test_api_old_style_id() -> None:
    digest = read_corpus(API_OLD_ID)
    assert len(digest.records) == 1
    paper = digest.records[0]
    assert paper.arxiv_id == "astro-ph/0601001"
    assert paper.title.startswith("Frequency of Hot Jupiters and Very Hot Jupiters")
    assert paper.authors == ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"]
    assert paper.extra["journal_ref"] == "ActaAstron.56:1-50,2006"
    assert paper.extra["comment"].startswith("62 pages including 16 figures")
    assert paper.extra["primary_category"] == "astro-ph"
    assert paper.published == "2006-01-02"
    assert paper.links == ["https://arxiv.org/pdf/astro-ph/0601001v1"]
    assert "V_max<17.5" in paper.abstract


def test_api_error_response_is_an_error_not_a_paper() -> None:
    with pytest.raises(DigestFormatError, match="incorrect id format for abc"):
        read_corpus(API_ERROR)


def test_api_titles_and_abstracts_are_unwrapped() -> None:
    digest = read_str(ATOM_WRAPPED)
    paper = digest.records[0]
    assert paper.title == "A Title That the API Hard-Wraps Over Three Lines"
    assert paper.abstract == "First line of the abstract and its second line."
    assert paper.arxiv_id == "1501.00001"
    assert paper.published == "2014-12-31"
    assert digest.date == "2015-01-05"


# --- malformed and hostile input --------------------------------------------------------


def test_malformed_feed_keeps_the_entries_feedparser_recovers() -> None:
    broken = RSS2_FEED.replace("Small Models Read Long", "Small Models & Read Long").replace(
        "</channel>\n</rss>", ""
    )
    digest = read_str(broken)
    assert [r.arxiv_id for r in digest.records] == ["2404.05001", "2310.01234"]
    assert digest.records[0].title == "Small Models & Read Long Documents"
    assert digest.records[0].announce_type == "cross"
    assert digest.records[1].announce_type == "replace"


def test_malformed_xml_without_entries_is_an_error_naming_the_problem() -> None:
    with pytest.raises(DigestFormatError, match="malformed"):
        read_str("<rss><channel><title>Oops & </channel>")


def test_billion_laughs_is_refused_without_expansion() -> None:
    try:
        digest = read_str(BILLION_LAUGHS)
    except DigestFormatError:
        return
    for record in digest.records:
        assert "lollol" not in record.title + record.abstract


def test_external_entity_is_not_resolved() -> None:
    try:
        digest = read_str(EXTERNAL_ENTITY)
    except DigestFormatError:
        return
    assert all("root:" not in r.title for r in digest.records)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not xml at all",
        "https://export.arxiv.org/api/query?id_list=2401.00001",
        "/etc/passwd",
        "<",
        "<<<&&&>>>",
        "<rss>\x00</rss>",
        "<note><to>nobody</to></note>",
        "<!DOCTYPE html><html><body><p>Hello</body></html>",
        "<rss>" + "<" * 100_000,
        "<rss>" + "x" * 3_000_000 + "&",  # too big to salvage
    ],
)
def test_bad_input_raises_digest_format_error(text: str) -> None:
    with pytest.raises(DigestFormatError):
        read_str(text)


@pytest.mark.parametrize(
    "text",
    [
        '<rss version="2.0"><channel><item><title>Lone \ud800 surrogate</title></item>'
        "</channel></rss>",
        "<rss>" + "<a>" * 50_000 + "</a>" * 50_000 + "</rss>",
        "<rss><channel><item><title>x</title>" + "<a>" * 5000,
        "<rss><channel><item><title>" + "x" * 1_000_000 + "</title></item></channel></rss>",
        "<rss><channel><item><link><a/></link></item></channel></rss>",
    ],
)
def test_hostile_input_only_ever_raises_digest_format_error(text: str) -> None:
    try:
        digest = read_str(text)
    except DigestFormatError:
        return
    assert digest.format == FORMAT


def test_entries_without_title_or_id_are_skipped() -> None:
    digest = read_str(
        '<rss version="2.0"><channel><item><description>No title</description></item>'
        "<item><title>Has a title</title></item></channel></rss>"
    )
    assert [r.title for r in digest.records] == ["Has a title"]
    assert digest.skipped == 1


def test_feed_without_entries_is_an_empty_digest() -> None:
    digest = read_str(
        '<rss version="2.0"><channel><title>cs.CL updates on arXiv.org</title>'
        "<pubDate>Sat, 13 Apr 2024 00:00:00 -0400</pubDate></channel></rss>"
    )
    assert digest.records == []
    assert digest.date == "2024-04-13"


def test_declared_encoding_does_not_garble_decoded_text() -> None:
    text = '<?xml version="1.0" encoding="ISO-8859-1"?>' + RSS2_FEED.split("?>", 1)[1].replace(
        "Jo Kim", "Zoë Brontë"
    )
    assert read_str(text).records[1].authors == ["Zoë Brontë"]
    broken = text.replace("An Older Idea", "An Older & Idea")  # through feedparser too
    assert read_str(broken).records[1].authors == ["Zoë Brontë"]


# --- sniff ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [RSS_FILTERED, API_SEARCH, API_OLD_ID, API_ERROR])
def test_sniff_is_high_for_arxiv_feeds(path: Path) -> None:
    assert sniff(corpus_text(path), path.name) >= 0.8


def test_sniff_is_high_for_hand_made_arxiv_feeds() -> None:
    assert sniff(RDF_FEED, "cs.MA.rdf") >= 0.8
    assert sniff(RSS2_FEED, "cs.CL.xml") >= 0.8


def test_sniff_is_moderate_for_generic_feeds_and_zero_for_other_xml() -> None:
    generic = '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title></channel></rss>'
    assert sniff(generic, "blog.xml") == pytest.approx(0.6)
    assert sniff("<note><to>arXiv</to></note>", "note.xml") == 0.0


@pytest.mark.parametrize(
    "relative",
    [
        "hf_daily_text/daily_papers_sep9.txt",
        "arxiv_email/astro-ph_daily_2023-03-03.txt",
        "hf_papers_html/hf_papers_page_2024-08-01.html",
        "bibtex/zotero_bbt_arxiv_3.bib",
        "csl_json/arxiv_item_1.json",
        "plaintext_lists/bare_arxiv_ids_6.txt",
    ],
)
def test_sniff_is_low_for_other_formats(relative: str) -> None:
    path = CORPUS / relative
    assert sniff(corpus_text(path), path.name) < 0.5


def test_rdf_items_without_their_own_date_take_the_channels() -> None:
    records = read_str(RDF_FEED).records
    # The replacement's date is its submission month (from the id), as for other feeds.
    assert [r.published for r in records] == ["2021-11-02", "2021-11-02", "2021-03"]
    dated = RDF_FEED.replace(
        "<dc:creator> &lt;a href=&quot;http://arxiv.org/find/cs/1/au:+Okafor",
        "<dc:date>2021-11-01T00:00:00Z</dc:date><dc:creator> &lt;a href=&quot;"
        "http://arxiv.org/find/cs/1/au:+Okafor",
    )
    assert read_str(dated).records[1].published == "2021-11-01"
