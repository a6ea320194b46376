"""The one safe-link rule (``domain.links.is_safe_link``) and the one arXiv/DOI link
builder, and what they mean where a user meets them: an export, a drop, a download."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QUrl

from readinglist.core.library import Library
from readinglist.domain.entities import PaperRecord
from readinglist.domain.errors import ImportFailedError
from readinglist.domain.links import arxiv_id_in_url, arxiv_url, doi_url, is_safe_link
from readinglist.ui.dnd import sources_from_mime

SAFE = [
    "https://arxiv.org/abs/2401.01234",
    "http://example.org/a?b=1#c",
    "  https://example.org/padded  ",
    "HTTPS://EXAMPLE.ORG/upper",
    "http://127.0.0.1:8080/digest.txt",
    "https://bücher.example/über",  # an international domain name
    "https://xn--bcher-kva.example/",  # the same, as punycode
]
UNSAFE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "ftp://example.org/x",
    "http://user:pw@example.org/",
    "https://user@example.org/",
    "https://example.org@evil.example/",
    "http://exa\x00mple.org/",
    "http://example.org/\x1b[2J",
    "https://example.org/\u0085next",
    "\x01https://example.org/",
    "http://\\evil.example/",
    "http:///no-host",
    "//example.org/protocol-relative",
    "https://[::1/",
    "http://exa mple.org/",
    "",
    None,
]


@pytest.mark.parametrize("url", SAFE)
def test_web_links_with_a_host_are_safe(url: str) -> None:
    assert is_safe_link(url)


@pytest.mark.parametrize("url", UNSAFE)
def test_other_schemes_credentials_and_control_characters_are_refused(url: str | None) -> None:
    assert not is_safe_link(url)


def test_links_of_ids_are_built_one_way() -> None:
    assert arxiv_url("2401.01234") == "https://arxiv.org/abs/2401.01234"
    assert arxiv_url("hep-th/9901001", "pdf") == "https://arxiv.org/pdf/hep-th/9901001"
    assert doi_url(" 10.1000/a(1);b ") == "https://doi.org/10.1000/a%281%29%3Bb"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("https://arxiv.org/pdf/2401.01234v2.pdf", "2401.01234v2"),
        ("see http://export.arxiv.org/abs/hep-th/9901001 for more", "hep-th/9901001"),
        ("https://arxiv.org/html/2401.01234?context=cs", "2401.01234"),
        ("https://arxiv.org/abs/2413.01234", None),  # no 13th month
        ("https://example.org/abs/2401.01234", None),
    ],
)
def test_the_one_arxiv_url_pattern(text: str, found: str | None) -> None:
    assert arxiv_id_in_url(text) == found


def test_an_export_never_links_to_a_url_carrying_credentials(library: Library) -> None:
    library.import_records(
        [
            PaperRecord(title="Credentials in a link", url="https://user:secret@evil.example/x"),
            PaperRecord(title="A plain link", url="https://good.example/y"),
        ],
        "hostile.bib",
    )
    text = library.export("md")
    assert "](https://user:secret@" not in text
    assert "](https://good.example/y)" in text


def test_a_dropped_link_with_credentials_is_not_downloaded(qapp: object) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl("https://user:pw@example.org/digest.txt")])
    assert [s.kind for s in sources_from_mime(mime)] == []
    mime = QMimeData()
    mime.setText("https://user:pw@example.org/digest.txt")
    assert [s.kind for s in sources_from_mime(mime)] == ["text"]


def test_a_download_of_a_link_with_credentials_is_refused(library: Library) -> None:
    with pytest.raises(ImportFailedError, match="only http and https links"):
        library.import_url("https://user:pw@127.0.0.1:9/digest.txt")
    assert library.stats().papers == 0
