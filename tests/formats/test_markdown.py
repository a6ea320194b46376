from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from readinglist.domain.entities import PaperRecord
from readinglist.domain.errors import DigestFormatError
from readinglist.formats.markdown import EXTENSIONS, FORMAT, read, sniff
from tests.conftest import CORPUS

TODAY = date(2025, 10, 1)
CV_DAILY = CORPUS / "markdown_lists" / "cv_arxiv_daily_bullets_2022-12-02.md"


def corpus_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_module_shape() -> None:
    assert FORMAT == "markdown"
    assert EXTENSIONS == (".md", ".markdown")


def test_cv_arxiv_daily_yields_839_papers_one_per_line() -> None:
    text = corpus_text(CV_DAILY)
    digest = read(text, TODAY)
    assert digest.format == "markdown"
    assert len(digest.records) == 839
    assert digest.skipped == 0
    assert digest.date == "2022-12-02"
    bullet_lines = [line for line in text.split("\n") if line.startswith("- ")]
    for line, record in zip(bullet_lines, digest.records, strict=True):
        bold_title = re.search(r"\*\*(.+?)\*\*", line)
        assert bold_title is not None
        assert record.title == bold_title.group(1)
        assert record.arxiv_id and record.arxiv_id in line
        assert record.published and line.startswith(f"- {record.published}, ")
        assert len(record.authors) == 1
        assert record.extra["more_authors"] is True


def test_cv_arxiv_daily_sections_and_duplicates() -> None:
    digest = read(corpus_text(CV_DAILY), TODAY)
    sections = Counter(record.extra["section"] for record in digest.records)
    assert sections == {
        "SLAM": 272,
        "SFM": 57,
        "Visual Localization": 249,
        "Keypoint Detection": 73,
        "Image Matching": 70,
        "NeRF": 118,
    }
    # A paper listed in two sections is two records; the library dedupes them.
    assert len({record.arxiv_id for record in digest.records}) == 772
    activermap = [r for r in digest.records if r.arxiv_id == "2211.12656"]
    assert [r.extra["section"] for r in activermap] == ["SLAM", "NeRF"]


def test_cv_arxiv_daily_quirks() -> None:
    records = read(corpus_text(CV_DAILY), TODAY).records
    first = records[0]
    assert first.title == (
        "MVRackLay: Monocular Multi-View Layout Estimation for Warehouse Racks and Shelves"
    )
    assert first.authors == ["Pranjali Pathre"]
    assert first.arxiv_id == "2211.16882"
    assert first.published == "2022-11-30"
    assert first.links == []
    patchmatch = records[1]
    assert (
        patchmatch.title
        == "PatchMatch-Stereo-Panorama, a fast dense reconstruction from 360° video images"
    )
    assert patchmatch.authors == ["Hartmut Surmann"]
    assert patchmatch.links == ["https://github.com/roblabwh/patchmatch"]
    by_id = {r.arxiv_id: r for r in records}
    assert by_id["2211.01538"].title.startswith("$D^2$SLAM: Decentralized")
    assert by_id["2209.03666"].title.startswith("R$^3$LIVE++: A Robust")
    assert sum(1 for r in records if r.links) == 218
    assert all(not link.startswith("http://arxiv.org") for r in records for link in r.links)


def test_table_with_header() -> None:
    text = (
        "## SLAM\n\n"
        "|Publish Date|Title|Authors|PDF|Code|\n"
        "|:---|:---|:---|:---|:---|\n"
        "|**2022-11-30**|**MVRackLay: Layout**|Pranjali Pathre et.al.|"
        "[2211.16882v1](http://arxiv.org/abs/2211.16882v1)|null|\n"
        "|**2022-11-29**|**Patch \\| Match**|Hartmut Surmann et.al.|"
        "[2211.16266v1](http://arxiv.org/abs/2211.16266v1)|"
        "**[link](https://github.com/roblabwh/patchmatch)**|\n"
        "\n| Title | Authors |\n|---|---|\n| A paper without links | Ann Lee, Bo Chen |\n"
    )
    records = read(text, TODAY).records
    assert [r.title for r in records] == [
        "MVRackLay: Layout",
        "Patch | Match",
        "A paper without links",
    ]
    assert records[0].authors == ["Pranjali Pathre"]
    assert records[0].extra == {"more_authors": True, "section": "SLAM"}
    assert records[0].published == "2022-11-30"
    assert records[0].arxiv_id == "2211.16882"
    assert records[1].links == ["https://github.com/roblabwh/patchmatch"]
    assert records[2].authors == ["Ann Lee", "Bo Chen"]
    assert records[2].arxiv_id is None


def test_table_row_without_header() -> None:
    text = (
        "| 2022-12-01 | **Headerless Title** | Ann Smith et.al. | "
        "[2212.00794](http://arxiv.org/abs/2212.00794) | code |\n"
    )
    (record,) = read(text, TODAY).records
    assert record.title == "Headerless Title"
    assert record.authors == ["Ann Smith"]
    assert record.extra["more_authors"] is True
    assert record.arxiv_id == "2212.00794"
    assert record.published == "2022-12-01"
    assert sniff(text, "x.md") >= 0.6


def test_simple_bullets() -> None:
    text = (
        "# Reading list\n\n"
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
        "* **BERT: Pre-training** — https://arxiv.org/abs/1810.04805v2\n"
        "1. **An OpenReview paper**, Jane Doe, John Roe and Max Mustermann, "
        "[PDF](https://openreview.net/forum?id=abc)\n"
        "- Plain Title — arXiv:2101.00001v2\n"
        "- https://arxiv.org/abs/hep-th/9901001\n"
        "- [A DOI paper](https://doi.org/10.1000/XYZ123)\n"
        "- [Installation](#install)\n"
        "- **Note**: not a paper\n"
        "- **Nested title**\n"
        "  by A. Author, B. Author\n"
        "  - [arXiv](https://arxiv.org/abs/2301.00001)\n"
    )
    records = read(text, TODAY).records
    assert [(r.title, r.arxiv_id) for r in records] == [
        ("Attention Is All You Need", "1706.03762"),
        ("BERT: Pre-training", "1810.04805"),
        ("An OpenReview paper", None),
        ("Plain Title", "2101.00001"),
        ("", "hep-th/9901001"),
        ("A DOI paper", None),
        ("Nested title", "2301.00001"),
    ]
    assert records[2].authors == ["Jane Doe", "John Roe", "Max Mustermann"]
    assert records[2].links == ["https://openreview.net/forum?id=abc"]
    assert "more_authors" not in records[2].extra
    assert records[5].doi == "10.1000/xyz123"
    assert records[5].url == "https://doi.org/10.1000/XYZ123"
    assert records[6].authors == ["A. Author", "B. Author"]
    assert all(r.extra["section"] == "Reading list" for r in records)


def test_plain_bullets_are_titles_when_no_item_names_a_paper() -> None:
    text = "## To read ##\n\n- First title\n- Second title\n\n```\n- not me\n```\n"
    digest = read(text, TODAY)
    assert [(r.title, r.extra["section"]) for r in digest.records] == [
        ("First title", "To read"),
        ("Second title", "To read"),
    ]


def test_code_fences_and_nul_bytes() -> None:
    text = (
        "```\n- **Hidden** https://arxiv.org/abs/2101.00009\n```\n"
        "- **Vis\x00ible** https://arxiv.org/abs/2101.00001\n"
    )
    (record,) = read(text, TODAY).records
    assert record.title == "Visible"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# Just a heading\n\nSome paragraph of prose.\n",
        "- [Installation](#install)\n",
        "- " + "[" * 50_000 + "\n",
        "|" + "-" * 30_000 + "x\n",
        "- **Two words** " + "*a " * 6_000 + "\n",  # stray emphasis marks, no author list
        "- **Two words**\n" + "  more text _a\n" * 5_000,
    ],
)
def test_bad_inputs_raise_digest_format_error(text: str) -> None:
    with pytest.raises(DigestFormatError):
        read(text, TODAY)


def test_sniff_is_high_for_the_digest_and_low_elsewhere() -> None:
    assert sniff(corpus_text(CV_DAILY), CV_DAILY.name) == 0.85
    for relative in (
        "hf_daily_text/daily_papers_sep9.txt",
        "plaintext_lists/title_pdf_summary_blocks_2024-06-21.txt",
        "plaintext_lists/bare_arxiv_ids_6.txt",
        "bibtex/zotero_bbt_arxiv_3.bib",
        "ris/zotero_export_2.ris",
        "arxiv_email/astro-ph_daily_2023-03-03.txt",
        "hf_daily_json/hf_daily_2024-05-27_oldschema.json",
    ):
        path = CORPUS / relative
        assert sniff(path.read_text(encoding="utf-8-sig"), path.name) == 0.0, relative


def test_sniff_generic_markdown() -> None:
    assert sniff("# Notes\n\n- one\n- two\n", "notes.md") == 0.3
    assert sniff("# Notes\n\nJust text.\n", "notes.txt") < 0.3
    assert sniff("plain text\nmore\n", "notes.txt") == 0.0


# --- Papers in headings -------------------------------------------------------------------


def test_papers_in_linked_headings_with_an_italic_authors_line() -> None:
    text = (
        "<div id=toc></div>\n\n# Table of Contents\n\n"
        "- [cs.CV](#cs.CV) [Total: 2]\n- [cs.GT](#cs.GT) [Total: 1]\n\n"
        "# cs.CV [[Back]](#toc)\n\n"
        "### [1] [Deep Nets:A Shortcut](https://arxiv.org/abs/2606.25041)\n"
        "*Ann Lee,Bo Chen,Cy Dunn*\n\n"
        "Main category: cs.CV\n\n"
        "TL;DR: 一个简短的总结。\n\n"
        "<details>\n  <summary>Details</summary>\n"
        "Motivation: 现有方法不足。\n\n"
        "Result: 1) faster 2) smaller\n\n"
        "Abstract: We study deep nets.\nThey are deep.\n\n</details>\n\n"
        "- a summary bullet\n- another summary bullet\n\n"
        "### [2] [Second Paper](https://arxiv.org/abs/2606.25220v2)\n*Dee Eve*\n\n"
        "# cs.GT [[Back]](#toc)\n\n"
        "### [3] [Third Paper](https://arxiv.org/abs/2606.25276)\n*Fay Gu*\n"
    )
    records = read(text, TODAY).records
    assert [(r.title, r.arxiv_id, r.extra["section"]) for r in records] == [
        ("Deep Nets:A Shortcut", "2606.25041", "cs.CV"),
        ("Second Paper", "2606.25220", "cs.CV"),
        ("Third Paper", "2606.25276", "cs.GT"),
    ]
    assert records[0].authors == ["Ann Lee", "Bo Chen", "Cy Dunn"]
    assert records[0].abstract == "We study deep nets. They are deep."
    assert records[2].authors == ["Fay Gu"]
    assert sniff(text, "digest.md") >= 0.6


def test_numbered_heading_papers_with_field_bullets() -> None:
    text = (
        "{% raw %}\n# [arXiv Digest] 2025-07-08\n\n\n"
        "## 1. When Chain of Thought is Necessary\n"
        "- **Authors:** Scott Emmons, Erik Jenner, David K. Elson\n"
        "- **URL:** https://arxiv.org/abs/2507.05246\n"
        "- **요약 (영문):** chain-of-thought monitoring is appealing .\n"
        "- **요약 (한글):** 생각의 사슬 모니터링.\n\n"
        "## 2. MARBLE: A Rule-Based Engine\n"
        "- **Authors:** Kaleem Ullah Qasim, Jiashu Zhang\n"
        "- **URL:** https://arxiv.org/abs/2507.04893\n\n"
        "{% endraw %}\n"
    )
    digest = read(text, TODAY)
    assert digest.date == "2025-07-08"
    first, second = digest.records
    assert first.title == "When Chain of Thought is Necessary"
    assert first.arxiv_id == "2507.05246"
    assert first.authors == ["Scott Emmons", "Erik Jenner", "David K. Elson"]
    assert first.abstract == "chain-of-thought monitoring is appealing ."
    assert (second.title, second.arxiv_id) == ("MARBLE: A Rule-Based Engine", "2507.04893")
    assert second.authors == ["Kaleem Ullah Qasim", "Jiashu Zhang"]


def test_a_numbered_section_holding_several_papers_stays_a_section() -> None:
    text = (
        "## 1. Surveys\n\n"
        "- **A Survey of Things**, Ann Lee. [[pdf](https://arxiv.org/abs/2101.00001)]\n"
        "- **Another Survey**, Bo Chen. [[pdf](https://arxiv.org/abs/2101.00002)]\n"
    )
    records = read(text, TODAY).records
    assert [(r.title, r.extra["section"]) for r in records] == [
        ("A Survey of Things", "1. Surveys"),
        ("Another Survey", "1. Surveys"),
    ]


def test_id_headings_with_fenced_summaries_are_papers_known_by_id() -> None:
    text = (
        "# 📰 Hugging Face Daily Papers – 2025-05-06\n\n"
        "## 2505.02835\n🔗 https://huggingface.co/papers/2505.02835\n\n**Summary**:\n"
        "```markdown\n# R1-Reward: 번역된 제목\n\n## 1. 핵심 동기와 문제 정의\n\n"
        "- **모델**: 설명\n```\n\n---\n\n"
        "## 2505.02735\n🔗 https://huggingface.co/papers/2505.02735\n\n**Summary**:\n"
        '해당 논문은 "FormalMATH: 벤치마크"으로.\n\n**핵심 동기와 문제 정의**\n\n'
        "1. **전문가 주석 비용 절감**: 설명\n2. **대형 언어 모델 활용**: 설명\n"
    )
    digest = read(text, TODAY)
    assert [(r.title, r.arxiv_id) for r in digest.records] == [
        ("", "2505.02835"),
        ("", "2505.02735"),
    ]
    assert digest.date == "2025-05-06"


def test_original_title_field_beats_a_translated_heading() -> None:
    text = (
        '\n# <img src="https://huggingface.co/logo.png" width="30"/> 论文日报\n\n'
        "## 📊 今日论文统计\n- 总论文数：1\n\n## 📝 论文详情\n\n\n"
        "### 1. 超越去噪步长扩展的扩散模型推理时扩展\n\n"
        "**原文标题：** Inference-Time Scaling for Diffusion Models beyond Scaling Denoising\n"
        "  Steps\n\n"
        "**摘要：**\n生成模型在各个领域产生了重大影响。\n\n"
        "**论文链接：** [HuggingFace](https://huggingface.co/papers/2501.09732) | "
        "[arXiv](https://arxiv.org/abs/2501.09732)\n\n---\n\n"
        "## 🎙️ 语音播报\n- [收听今日论文解读](audio/2025-01-17_daily_papers.mp3)\n\n"
        "## 📱 订阅渠道\n- GitHub: [newsletter](https://github.com/someone/newsletter)"
    )
    (record,) = read(text, TODAY).records
    assert record.title == (
        "Inference-Time Scaling for Diffusion Models beyond Scaling Denoising Steps"
    )
    assert record.arxiv_id == "2501.09732"
    assert record.abstract == "生成模型在各个领域产生了重大影响。"
    assert record.authors == []
    assert record.extra["section"] == "📝 论文详情"


def test_huggingface_paper_links_give_arxiv_ids() -> None:
    text = (
        "- [Some Paper Title](https://huggingface.co/papers/2501.09751)\n"
        "- **Another Paper Title** [HF](https://huggingface.co/papers/2501.09484v2)\n"
    )
    records = read(text, TODAY).records
    assert [(r.title, r.arxiv_id, r.url) for r in records] == [
        ("Some Paper Title", "2501.09751", None),
        ("Another Paper Title", "2501.09484", None),
    ]


# --- Tables ---------------------------------------------------------------------------------


def test_table_cells_with_numbered_title_and_summary() -> None:
    text = (
        "## Week 1\n"
        "| **Paper** | **Release Date** | **Links** |\n| --- | --- | --- |\n"
        "| 1) Plain Numbered Title — a summary of it <br>● first point<br>● second point "
        "| 2024 | [Paper](https://arxiv.org/abs/2407.00001) |\n"
        "| (2) **Bold Numbered Title** - This paper shows (1) one and (2) two. "
        "| 2024 | [Paper](https://arxiv.org/abs/2407.00002), [Repo](https://github.com/a/b) |\n"
        "| 3. **A Third Title** | 2024 | [Paper](https://cohere.com/research/x) |\n"
    )
    records = read(text, TODAY).records
    assert [r.title for r in records] == [
        "Plain Numbered Title",
        "Bold Numbered Title",
        "A Third Title",
    ]
    assert records[0].abstract == "a summary of it ● first point ● second point"
    assert records[0].arxiv_id == "2407.00001"
    assert records[1].abstract == "This paper shows (1) one and (2) two."
    assert records[1].links == ["https://github.com/a/b"]
    assert records[2].arxiv_id is None
    assert records[2].links == ["https://cohere.com/research/x"]


def test_table_row_wrapped_over_two_lines_is_one_paper() -> None:
    text = (
        "\n\n## Papers for 2025-10-30\n\n| Title | Authors | Summary |\n"
        "|-------|---------|---------|\n"
        "| JanusCoder: Towards a Visual-Programmatic Interface for\n"
        "  Code Intelligence (Read more on [arXiv](https://arxiv.org/abs/2510.23538) or "
        "[HuggingFace](https://huggingface.co/papers/2510.23538))|  | It writes code. |\n"
        '| Video-Thinker: Sparking "Thinking with Videos" (Read more on '
        "[arXiv](https://arxiv.org/abs/2510.23473) or "
        "[HuggingFace](https://huggingface.co/papers/2510.23473))| Runhao Fu, Linxin Song | "
        "Uses `<time>` tags. |\n"
    )
    digest = read(text, TODAY)
    first, second = digest.records
    assert (
        first.title == "JanusCoder: Towards a Visual-Programmatic Interface for Code Intelligence"
    )
    assert (first.arxiv_id, first.authors, first.abstract) == ("2510.23538", [], "It writes code.")
    assert second.title == 'Video-Thinker: Sparking "Thinking with Videos"'
    assert second.authors == ["Runhao Fu", "Linxin Song"]
    assert second.abstract == "Uses <time> tags."
    assert digest.date == "2025-10-30"


def test_badge_in_a_table_cell_gives_the_arxiv_id() -> None:
    text = (
        "| **Title** | **Repo** | **Paper** |\n|---|:---:|:---:|\n"
        "| [∞-Video: Long Video Understanding](https://icml.cc/virtual/2025/poster/44785) | "
        "[![GitHub](https://img.shields.io/github/stars/a/b?style=flat)](https://github.com/a/b)"
        " | [![arXiv](https://img.shields.io/badge/arXiv-2501.19098-b31b1b.svg)]"
        "(http://arxiv.org/abs/2501.19098) |\n"
        "| [Attention-Level Speculation](https://icml.cc/virtual/2025/poster/46486) | "
        ":heavy_minus_sign: | :heavy_minus_sign: |\n"
    )
    first, second = read(text, TODAY).records
    assert (first.title, first.arxiv_id) == ("∞-Video: Long Video Understanding", "2501.19098")
    assert first.url == "https://icml.cc/virtual/2025/poster/44785"
    assert first.links == ["https://github.com/a/b"]
    assert not any("img.shields.io" in link for link in first.links)
    assert (second.title, second.arxiv_id) == ("Attention-Level Speculation", None)


# --- Awesome lists --------------------------------------------------------------------------


def test_awesome_list_items_keep_authors_when_the_venue_has_a_digit() -> None:
    text = (
        "- **Graph Prompting Works**, _A. Author, B. Author et al._, NeurIPS 2024. "
        "[[paper](https://arxiv.org/abs/2405.00001)] [[code](https://github.com/a/b)]\n"
        "4. **Deep contextualized word representations**. *Matthew E. Peters, Mark Neumann "
        "and Luke Zettlemoyer*. NAACL 2018. [[pdf](https://arxiv.org/pdf/1802.05365.pdf)] "
        "[[project](https://allennlp.org/elmo)] (**ELMo**)\n"
        "5. **Language Models as Knowledge Bases?** *Fabio Petroni, Tim Rocktäschel*. "
        "EMNLP 2019, [[pdf](https://www.aclweb.org/anthology/D19-1250.pdf)]\n"
    )
    first, second, third = read(text, TODAY).records
    assert first.title == "Graph Prompting Works"
    assert first.authors == ["A. Author", "B. Author"]
    assert first.extra["more_authors"] is True
    assert first.arxiv_id == "2405.00001"
    assert second.title == "Deep contextualized word representations"
    assert second.authors == ["Matthew E. Peters", "Mark Neumann", "Luke Zettlemoyer"]
    assert second.arxiv_id == "1802.05365"
    assert second.links == ["https://allennlp.org/elmo"]
    assert third.title == "Language Models as Knowledge Bases?"
    assert third.authors == ["Fabio Petroni", "Tim Rocktäschel"]
    assert third.arxiv_id is None


def test_awesome_list_item_with_its_authors_on_an_indented_line() -> None:
    text = (
        "1. **Reasoning with Language Model Prompting: A Survey.**\n\n"
        "   *Shuofei Qiao, Yixin Ou, Ningyu Zhang.* [[abs](https://arxiv.org/abs/2212.09597)],"
        " 2022.12\n\n"
        "11.  **Code Prompting: a Neural Symbolic Method**\n\n"
        "    *Yi Hu, Haotong Yang.* [[abs](https://aclanthology.org/2023.x-1.1)], 2023.5\n"
    )
    first, second = read(text, TODAY).records
    assert first.title == "Reasoning with Language Model Prompting: A Survey"
    assert first.authors == ["Shuofei Qiao", "Yixin Ou", "Ningyu Zhang"]
    assert first.arxiv_id == "2212.09597"
    assert second.title == "Code Prompting: a Neural Symbolic Method"
    assert second.authors == ["Yi Hu", "Haotong Yang"]


def test_a_bold_paragraph_with_authors_is_a_paper() -> None:
    text = (
        "## Survey\n\n**Pre-Trained Models: Past, Present and Future**. *Xu Han, Zhengyan "
        "Zhang,\nJun Zhu*. arXiv:2106.07139 2021. [[pdf](https://arxiv.org/abs/2106.07139)]\n\n"
        "**Don't worry if you put something wrong, just contribute!**\n"
    )
    (record,) = read(text, TODAY).records
    assert record.title == "Pre-Trained Models: Past, Present and Future"
    assert record.authors == ["Xu Han", "Zhengyan Zhang", "Jun Zhu"]
    assert record.arxiv_id == "2106.07139"


def test_venue_prefixed_items_and_their_link_labels() -> None:
    text = (
        "- (*NeurIPS'23*) Can Language Models Solve Graph Problems? "
        "[[paper](https://arxiv.org/abs/2305.10037)][[code](https://github.com/a/NLGraph)]"
        "![GitHub Repo stars](https://img.shields.io/github/stars/a/NLGraph?style=social)\n"
        "- (WWW'24) GraphTranslator: Aligning Graph Models "
        "[[paper](https://arxiv.org/abs/2402.07197)]\n"
        "- (*ACL 2024*) Graph Language Models "
        "[[paper](https://aclanthology.org/2024.acl-long.245/)]\n"
        "- (*NeurIPS'24*) GraphVis: Boosting LLMs "
        "[[paper](https://proceedings.neurips.cc/paper/2024/file/x-Paper.pdf)]\n"
    )
    records = read(text, TODAY).records
    assert [(r.title, r.arxiv_id) for r in records] == [
        ("Can Language Models Solve Graph Problems?", "2305.10037"),
        ("GraphTranslator: Aligning Graph Models", "2402.07197"),
        ("Graph Language Models", None),
        ("GraphVis: Boosting LLMs", None),
    ]
    assert records[0].links == ["https://github.com/a/NLGraph"]


def test_a_bullet_of_links_does_not_steal_another_papers_id() -> None:
    text = (
        "- **Chain of Thought Prompting Elicits Reasoning**. *Jason Wei, Denny Zhou*. "
        "[[abs](https://arxiv.org/abs/2201.11903)]\n\n"
        "| Reasoning Skills | Benchmarks |\n| :---: | --- |\n"
        "| **Symbolic Reasoning** | [Last Letter Concatenation](https://arxiv.org/abs/2201.11903)"
        ", [Coin Flip](https://arxiv.org/abs/2201.11903), Reverse List |\n"
        "| **Logical Reasoning** | [ProofWriter](https://arxiv.org/abs/2012.13048) |\n\n"
        "- [GSM8K](https://arxiv.org/abs/2110.14168), [SVAMP](https://aclanthology.org/x)\n"
        "- Benchmarks: [ProofWriter](https://arxiv.org/abs/2012.13048), "
        "[EntailmentBank](https://arxiv.org/abs/2104.08661)\n"
    )
    (record,) = read(text, TODAY).records
    assert record.title == "Chain of Thought Prompting Elicits Reasoning"
    assert record.arxiv_id == "2201.11903"


def test_repository_and_model_names_are_not_papers() -> None:
    text = (
        "## Tools\n"
        "- [BabyAGI](https://github.com/yoheinakajima/babyagi)\n"
        "- **[LangChain](https://github.com/hwchase17/langchain)**: A library for LLM apps.\n"
        "- [GraphGPT: Extrapolating knowledge graphs](https://github.com/varunshenoy/GraphGPT)\n"
        "- [GML: Graph modelling language](https://networkx.org/gml.html). Read graphs.\n"
        "## Open PLMs\n"
        "1. **CPM-2**. Cost-Effective Pre-trained Language Models, 2021. "
        "[[Model&Code](https://github.com/TsinghuaAI/CPM-2)]\n"
        "2. **CPM-1**. Chinese Pre-trained Language Model, 2020. "
        "[[Model&Code](https://github.com/TsinghuaAI/CPM-Generate)] "
        "[[Paper](https://arxiv.org/abs/2012.00413)]\n"
        "## Papers\n"
        "- **BERT** https://arxiv.org/abs/1810.04805\n"
    )
    (record,) = read(text, TODAY).records
    assert (record.title, record.arxiv_id) == ("BERT", "1810.04805")


def test_news_lines_around_a_paper_link_are_not_papers() -> None:
    text = (
        "## News\n"
        '- **2024-03-05 We release a new paper: "[KnowAgent: Planning for Agents]'
        '(https://arxiv.org/abs/2403.03101)".**\n'
        "- 2022-12-19 We release a survey: [Reasoning with Prompting: A Survey]"
        "(https://arxiv.org/abs/2212.09597) based on this list!\n"
        "## Papers\n"
        "1. **Reasoning with Prompting: A Survey.** *Shuofei Qiao.* "
        "[[abs](https://arxiv.org/abs/2212.09597)]\n"
    )
    (record,) = read(text, TODAY).records
    assert (record.title, record.arxiv_id) == ("Reasoning with Prompting: A Survey", "2212.09597")


# --- The plain-bullets fallback -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "# Notes\n\n- Fork this repository and edit the config.\n- Total Papers Found: 30\n",
        "- [Home](./README.md)\n- [Next section](./next.md)\n",
        "- ![build](https://img.shields.io/badge/build-passing-green)\n- Another Title\n",
        "- Useful Title One\n- see the [docs](https://example.org/docs) for more\n",
        "- Attention Is All You Need\n- this bullet is a lower-case remark\n",
    ],
)
def test_plain_bullet_fallback_refuses_prose_navigation_and_badges(text: str) -> None:
    with pytest.raises(DigestFormatError, match="no papers found"):
        read(text, TODAY)


def test_plain_bullet_fallback_accepts_title_like_bullets() -> None:
    text = "## To read\n\n- Attention Is All You Need\n- Language Models as Knowledge Bases?\n"
    assert [r.title for r in read(text, TODAY).records] == [
        "Attention Is All You Need",
        "Language Models as Knowledge Bases?",
    ]


# --- The real digests in the corpus (SOURCES.md describes each) -----------------------------

LISTS = CORPUS / "markdown_lists"
MESSY_TITLE = re.compile(r"\*|\]\(|https?://|<br|●|^\(?\d{1,3}[.)]\s|^\[\d+\]|^\s|\s$|\s\s")


def corpus_records(name: str) -> list[PaperRecord]:
    return read(corpus_text(LISTS / name), TODAY).records


@pytest.mark.parametrize("name", sorted(p.name for p in LISTS.glob("*.md")))
def test_corpus_titles_are_clean(name: str) -> None:
    """No numbering, markup, links or summary in any title."""
    for record in corpus_records(name):
        assert not MESSY_TITLE.search(record.title), record.title
        assert len(record.title) <= 200, record.title
        assert not record.title.endswith("."), record.title
        assert record.title or record.arxiv_id


def test_corpus_ai_enhanced_digest_one_paper_per_heading() -> None:
    records = corpus_records("daily_arxiv_ai_enhanced_zh_2026-06-25.md")
    assert len(records) == len({r.arxiv_id for r in records}) == 26
    assert min(r.arxiv_id or "" for r in records) == "2606.25041"
    assert max(r.arxiv_id or "" for r in records) == "2606.26074"
    assert Counter(r.extra["section"] for r in records) == {
        "cs.CV": 4, "cs.GT": 7, "cs.CE": 3, "cs.GR": 1, "cs.IT": 11,
    }  # fmt: skip
    first = records[0]
    assert first.title == "Wan-Streamer v0.1: End-to-end Real-time Interactive Foundation Models"
    assert first.authors[:2] == ["Lianghua Huang", "Zhifan Wu"] and len(first.authors) == 24
    assert first.abstract.startswith("We present Wan-Streamer, a native-streaming")
    assert records[2].title == (
        "Cross-View Variance Correlation in Path-Traced Stereo:A Hidden Shortcut in "
        "Synthetic Training Data"
    )


def test_corpus_chinese_newsletter_takes_the_original_titles() -> None:
    records = corpus_records("hf_daily_newsletter_zh_2025-01-17.md")
    assert len(records) == len({r.arxiv_id for r in records}) == 10
    assert records[0].title == (
        "Inference-Time Scaling for Diffusion Models beyond Scaling Denoising Steps"
    )
    assert records[0].arxiv_id == "2501.09732"
    assert records[1].title == (
        "OmniThink: Expanding Knowledge Boundaries in Machine Writing through Thinking"
    )
    assert all(r.authors == [] and r.abstract for r in records)
    assert not any(
        "mp3" in link or "github.com/2404589803" in link for r in records for link in r.links
    )


def test_corpus_korean_id_headings_are_papers_known_by_id() -> None:
    records = corpus_records("hf_daily_ko_id_headings_2025-05-06.md")
    assert [r.arxiv_id for r in records] == [
        "2505.02835", "2505.02735", "2505.02156", "2505.02370",
        "2505.01043", "2505.02471", "2505.01583", "2505.02625",
    ]  # fmt: skip
    assert all(r.title == "" and r.authors == [] for r in records)


def test_corpus_korean_numbered_headings() -> None:
    digest = read(corpus_text(LISTS / "arxiv_digest_ko_numbered_h2_2025-07-08.md"), TODAY)
    records = digest.records
    assert len({r.arxiv_id for r in records}) == 17
    assert digest.date == "2025-07-08"
    first = records[0]
    assert first.title == (
        "When Chain of Thought is Necessary, Language Models Struggle to Evade Monitors"
    )
    assert first.arxiv_id == "2507.05246"
    assert first.authors[0] == "Scott Emmons" and first.authors[-1] == "Rohin Shah"
    assert first.abstract.startswith("chain-of-thought (CoT) monitoring is an appealing")
    assert all(r.authors for r in records)


def test_corpus_wrapped_table_titles() -> None:
    records = corpus_records("hf_daily_table_wrapped_titles_2025-10-30.md")
    assert len({r.arxiv_id for r in records}) == 24
    assert records[0].title == (
        "JanusCoder: Towards a Foundational Visual-Programmatic Interface for Code Intelligence"
    )
    assert records[1].title == (
        'Video-Thinker: Sparking "Thinking with Videos" via Reinforcement Learning'
    )
    assert records[1].authors == [
        "Runhao Fu", "Linxin Song", "Xingjian Wang", "Jiarui Jin", "Shijian Wang",
    ]  # fmt: skip
    assert sum(not r.authors for r in records) == 12
    assert all("Read more" not in r.title and r.abstract for r in records)


def test_corpus_weekly_tables_with_numbered_titles_and_summaries() -> None:
    records = corpus_records("weekly_table_numbered_title_summary_2024.md")
    assert len({r.title for r in records}) == 93
    assert sum(bool(r.arxiv_id) for r in records) == 91
    first = records[0]
    assert first.title == (
        "InternLM-XComposer-2.5: A Versatile Large Vision Language Model Supporting "
        "Long-Contextual Input and Output"
    )
    assert first.abstract.startswith("This paper presents InternLM-XComposer-2.5 (IXC-2.5)")
    assert first.extra["section"] == "AI Papers of the Week (July 8 - July 14) - 2024"
    # The source links two different papers to one arXiv id; both rows are read as written.
    assert [r.title for r in records if r.arxiv_id == "2405.19893"] == [
        "Similarity is Not All You Need: Endowing Retrieval Augmented Generation with "
        "Multi Layered Thoughts",
        "An Introduction to Vision-Language Modeling",
    ]


def test_corpus_awesome_list_with_bold_titles_and_italic_authors() -> None:
    records = corpus_records("awesome_plm_papers_bold_italic.md")
    assert Counter(r.extra["section"] for r in records) == {
        "Survey": 1,
        "Papers on PLMs Models": 51,
        "Papers on Model Compression & Acceleration": 22,
        "Papers on Model Analysis": 42,
        "Papers on Finetuning or Adaptation": 7,
        "Tutorial & Resource": 2,
    }
    titles = {r.title for r in records}
    assert not titles & {"CPM-2", "CPM-1", "OpenCLap", "ELMo", "ULMFiT"}
    assert all(r.authors for r in records)
    by_title = {r.title: r for r in records}
    elmo = by_title["Deep contextualized word representations"]
    assert elmo.arxiv_id == "1802.05365"
    assert elmo.authors[0] == "Matthew E. Peters" and elmo.authors[-1] == "Luke Zettlemoyer"
    assert by_title["Language Models as Knowledge Bases?"].authors[0] == "Fabio Petroni"
    wrapped = by_title[
        "What do you learn from context? Probing for sentence structure in contextualized "
        "word representations"
    ]
    assert wrapped.authors[-2:] == ["Dipanjan Das", "Ellie Pavlick"]
    assert wrapped.arxiv_id == "1905.06316"


def test_corpus_awesome_list_with_venue_prefixes() -> None:
    records = corpus_records("awesome_graph_llm_venue_prefix.md")
    assert "Resources & Tools" not in {r.extra["section"] for r in records}
    assert not any(r.title == "paper_name" or "GitHub" in r.title for r in records)
    assert records[0].title == (
        "Knowledge Graph Based Synthetic Corpus Generation for Knowledge-Enhanced Language "
        "Model Pre-training"
    )
    assert records[0].links[0] == "https://aclanthology.org/2021.naacl-main.278/"
    assert [r.title for r in records if r.arxiv_id == "2406.12052"] == [
        "UniGLM: Training One Unified Language Model for Text-Attributed Graph Embedding",
        "UniGLM: Training One Unified Language Model for Text-Attributed Graphs",
    ]
    assert sum(r.arxiv_id == "2410.05298" for r in records) == 2
    assert sum(r.title == "Graph Language Models" for r in records) == 2
    assert all(r.authors == [] for r in records)


def test_corpus_conference_table_with_badges() -> None:
    records = corpus_records("icml2025_section_badges_table.md")
    assert sum(bool(r.arxiv_id) for r in records) == 32
    assert all((r.url or "").startswith("https://icml.cc/virtual/2025/poster/") for r in records)
    assert records[0].title == (
        "LV-XAttn: Distributed Cross-Attention for Long Visual Inputs in Multimodal Large "
        "Language Models"
    )
    assert records[0].arxiv_id == "2502.02406"
    infinite = next(r for r in records if r.title.startswith("∞-Video"))
    assert infinite.arxiv_id == "2501.19098"
    assert not any("img.shields.io" in link for r in records for link in r.links)


def test_corpus_awesome_readme_with_indented_author_lines() -> None:
    records = corpus_records("awesome_prompt4reasoning_readme.md")
    assert sum(not r.arxiv_id for r in records) == 9
    assert all(r.authors for r in records)
    assert records[0].title == "Reasoning with Language Model Prompting: A Survey"
    assert records[0].authors[0] == "Shuofei Qiao" and records[0].extra["section"] == "Overview"
    twice = [r.extra["section"] for r in records if r.arxiv_id == "2210.00720"]
    assert twice == ["Single-Stage", "Ensemble-Optimization"]
    # Neither the news lines, the tools nor the benchmark table are papers.
    sections = {r.extra["section"] for r in records}
    assert not sections & {"🔔 News", "Tools", "Benchmarks and Tasks"}
    assert not {r.title for r in records} & {"ThoughtSource", "LangChain", "GSM8K"}


def test_a_numbered_heading_over_one_listed_paper_is_its_section() -> None:
    text = (
        "# Reading list\n\n## 1. To read first\n\n"
        "- [ ] [Attention Is All You Need](https://arxiv.org/abs/1706.03762) — Ashish Vaswani\n"
    )
    (record,) = read(text, TODAY).records
    assert (record.title, record.arxiv_id) == ("Attention Is All You Need", "1706.03762")
    assert record.extra["section"] == "1. To read first"


def test_a_linked_heading_over_listed_papers_is_their_section() -> None:
    text = (
        "## Papers citing [BERT](https://arxiv.org/abs/1810.04805)\n\n"
        "- [First Citing Paper](https://arxiv.org/abs/2001.00001)\n"
        "- [Second Citing Paper](https://arxiv.org/abs/2001.00002)\n"
    )
    records = read(text, TODAY).records
    assert [(r.title, r.extra["section"]) for r in records] == [
        ("First Citing Paper", "Papers citing BERT"),
        ("Second Citing Paper", "Papers citing BERT"),
    ]
