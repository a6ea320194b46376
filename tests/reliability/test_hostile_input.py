"""Hostile files, end to end: XML bombs and external entities, HTML and scripts in titles,
abstracts and notes, and links with dangerous schemes. Each is refused with the file named, or
kept as plain text that no export or view ever runs; the library is never harmed.
(Every reader is also fuzzed: ``test_fuzz.py``.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist.core.library import Library
from readinglist.domain.errors import ImportFailedError

BILLION_LAUGHS = "\n".join(
    [
        '<?xml version="1.0"?>',
        "<!DOCTYPE rss [",
        ' <!ENTITY lol "lol">',
        *(
            f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
            for n in range(1, 10)
        ),
        "]>",
        '<rss version="2.0"><channel><title>arXiv cs.CL</title>',
        "<item><title>Boom &lol9;</title><link>https://arxiv.org/abs/2401.00001</link>",
        "<description>x</description></item></channel></rss>",
    ]
)
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>arXiv cs.CL</title>
<item><title>Leak &secret;</title><link>https://arxiv.org/abs/2401.00002</link>
<description>x</description></item></channel></rss>
"""
SCRIPTED = """## Attacks

- 2025-01-02, **<script>alert('title')</script> Robust <b>bold</b> claims**, A. Author et.al., \
Paper: [http://arxiv.org/abs/2501.00001v1](http://arxiv.org/abs/2501.00001v1)
"""
BAD_LINKS = """@misc{js, title = {Links that must never open one}, url = {javascript:alert(1)}}
@misc{file, title = {Links that must never open two}, url = {file:///etc/passwd}}
@misc{data, title = {Links that must never open three}, url = {data:text/html,<script>x</script>}}
"""


@pytest.mark.parametrize(
    ("name", "content"), [("bomb.xml", BILLION_LAUGHS), ("entity.rss", EXTERNAL_ENTITY)]
)
def test_xml_attacks_are_refused_or_defused(
    library: Library, tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    try:
        library.import_path(path)
    except ImportFailedError as exc:
        assert name in str(exc)
        assert library.stats().papers == 0
        return
    for paper in library.papers():  # read without expanding anything
        assert "root:" not in paper.title and "lollol" not in paper.title


def test_html_in_titles_and_notes_is_text_everywhere(
    qtbot, library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "attacks.md"
    path.write_text(SCRIPTED, encoding="utf-8")
    library.import_path(path)
    (paper,) = library.papers()
    assert "<script>" in paper.title  # kept as the text it is
    library.set_notes(paper.id, "<img src=x onerror=alert(1)> <script>alert('note')</script>")
    html = library.export("html", options=None)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html
    markdown = library.export("md")
    assert "<script>" not in markdown and "\\<script\\>" in markdown  # escaped for renderers
    assert json.loads(library.export("json"))["papers"][0]["title"] == paper.title

    from readinglist.ui.views.detail_pane import DetailPane

    pane = DetailPane(library)
    qtbot.addWidget(pane)
    pane.show_paper(paper.id)
    shown = pane.title_label.text()
    assert "<script>" not in shown.replace("&lt;script&gt;", "")  # escaped, not markup


def test_dangerous_link_schemes_are_never_offered(
    qtbot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "links.bib"
    path.write_text(BAD_LINKS, encoding="utf-8")
    library.import_path(path)
    papers = library.papers()
    assert len(papers) == 3

    from PySide6.QtGui import QDesktopServices

    from readinglist.ui.views.detail_pane import DetailPane

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    pane = DetailPane(library)
    qtbot.addWidget(pane)
    for paper in papers:
        pane.show_paper(paper.id)
        for link in [paper.url or "", *paper.links]:
            pane._open_link(link)
    assert opened == []
