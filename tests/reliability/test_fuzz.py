"""Property tests: random and mutated bytes either read as records or raise the one typed
import error — never anything else, never a hang."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.domain.entities import ParsedDigest
from readinglist.domain.errors import DigestFormatError, ImportFailedError
from readinglist.formats import READERS, read_digest
from tests.conftest import CORPUS

TODAY = date(2026, 11, 27)
SAMPLES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md")
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check(data: bytes) -> None:
    try:
        parsed = read_digest(data, "fuzz.bin", TODAY)
    except ImportFailedError as exc:
        assert exc.source == "fuzz.bin" and exc.reason
        return
    assert isinstance(parsed, ParsedDigest)


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@FUZZ
@given(
    sample=st.sampled_from(SAMPLES),
    cuts=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 64), st.binary(max_size=16)), max_size=6
    ),
)
def test_mutated_corpus_files(sample, cuts) -> None:  # type: ignore[no-untyped-def]
    data = bytearray(sample.read_bytes()[:200_000])
    for where, length, insert in cuts:
        at = int(where * len(data))
        data[at : at + length] = insert
    _check(bytes(data))


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
@FUZZ
@given(text=st.text(max_size=2000))
def test_each_reader_on_random_text(reader, text: str) -> None:  # type: ignore[no-untyped-def]
    reader.sniff(text, "fuzz.txt")
    try:
        parsed = reader.read(text, TODAY)
    except DigestFormatError:
        return
    assert isinstance(parsed, ParsedDigest)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "{" * 100_000,
        "<a>" * 50_000,
        "@article{" * 20_000,
        "x" * 2_000_000,
        "\x00" * 1000,
        "\ud800 lone surrogate",
        '{"a": ' * 50_000,
    ],
    ids=[
        "deep-list",
        "deep-dict",
        "deep-xml",
        "bibtex-opens",
        "huge-line",
        "nuls",
        "surrogate",
        "deep-json",
    ],
)
@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_each_reader_on_hostile_text(reader, text: str) -> None:  # type: ignore[no-untyped-def]
    reader.sniff(text, "hostile.txt")
    with contextlib.suppress(DigestFormatError):
        reader.read(text, TODAY)


def test_hostile_bytes_through_the_importer() -> None:
    for data in (b"\xff\xfe" + b"\x00\xd8" * 10, b"<?xml version='1.0'?>" + b"<a>" * 100_000):
        _check(data)
