from __future__ import annotations

import codecs

import pytest

from readinglist.domain.errors import DigestFormatError
from readinglist.formats.decoding import decode_text
from tests.conftest import CORPUS

EDGE = CORPUS / "edge_cases"


def test_utf16_le_and_be_with_bom() -> None:
    assert "Ü ist ein Umlaut" in decode_text((EDGE / "utf16be_bom_no_header.bib").read_bytes())
    assert "@STRING" in decode_text((EDGE / "utf16le_bom.bib").read_bytes()).upper()


def test_windows_1252_with_encoding_header() -> None:
    assert "25° C" in decode_text((EDGE / "windows1252_with_header.bib").read_bytes())


def test_line_ends_become_lf_and_stray_boms_vanish() -> None:
    assert decode_text(b"a\r\nb\rc\n") == "a\nb\nc\n"
    assert decode_text(codecs.BOM_UTF8 + "x\ufeffy".encode()) == "xy"


def test_utf16_without_bom_is_recognised() -> None:
    assert decode_text("Hello digest\n".encode("utf-16-le")) == "Hello digest\n"


def test_legacy_8bit_falls_back_to_detection() -> None:
    text = "Über die Straße gehen, naïve café résumé. " * 10
    assert decode_text(text.encode("cp1252")) == text


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03" * 100, bytes(range(256)) * 20])
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(DigestFormatError, match="binary"):
        decode_text(data)


def test_bad_utf8_after_bom_is_an_error() -> None:
    with pytest.raises(DigestFormatError, match="byte-order mark"):
        decode_text(codecs.BOM_UTF8 + b"\xff\xfe\xfa")
