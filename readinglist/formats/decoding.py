"""Turn a digest's bytes into text once, before any reader sees it.

Handles byte-order marks (UTF-8, UTF-16 LE/BE, UTF-32), an ``% Encoding:`` header (JabRef),
UTF-8, and falls back to charset-normalizer for legacy 8-bit files. Line ends become ``\\n``.
Binary data is refused. A lone UTF-16 surrogate (which no database or file can store) becomes
U+FFFD here, once, whatever the reader; :func:`replace_lone_surrogates` does it.
"""

from __future__ import annotations

import codecs
import re

from readinglist.domain.errors import DigestFormatError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ENCODING_HEADER = re.compile(rb"^%\s*Encoding:\s*([A-Za-z0-9_.:-]+)", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_RATIO = 0.01
_SURROGATE = re.compile("[\ud800-\udfff]")
# Surrogates are let through the UTF decoders (then replaced), never other invalid bytes.
_UTF_ERRORS = "surrogatepass"


def decode_text(data: bytes) -> str:
    """Decode ``data`` to text with ``\\n`` line ends; raise DigestFormatError if binary."""
    text = replace_lone_surrogates(_decode(data))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > _MAX_CONTROL_RATIO * len(sample):
        raise DigestFormatError("this is binary data, not a text digest")
    return text


def replace_lone_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD; a well-formed surrogate pair
    (as CESU-8 or JSON escapes write characters beyond U+FFFF) becomes its character."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", _UTF_ERRORS).decode("utf-16-le", "replace")


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding, _UTF_ERRORS)
            except UnicodeDecodeError as exc:
                raise DigestFormatError(
                    f"the file starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {exc.start + len(bom)})"
                ) from exc
    if b"\x00" in data[:65536]:
        utf16 = _guess_utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise DigestFormatError("this is binary data, not a text digest")
    candidates = [_declared_encoding(data), "utf-8"]
    for candidate in candidates:
        if candidate:
            try:
                errors = _UTF_ERRORS if candidate.startswith("utf") else "strict"
                return data.decode(candidate, errors)
            except (UnicodeDecodeError, LookupError):
                continue
    return _guess_legacy_encoding(data)


def _declared_encoding(data: bytes) -> str | None:
    match = _ENCODING_HEADER.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _guess_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has a NUL in every other byte of ASCII content."""
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    for nuls, encoding in ((odd_nuls, "utf-16-le"), (even_nuls, "utf-16-be")):
        if half and nuls > 0.6 * half:
            try:
                return data.decode(encoding, _UTF_ERRORS)
            except UnicodeDecodeError:
                return None
    return None


def _guess_legacy_encoding(data: bytes) -> str:
    """Ask charset-normalizer; among equally good guesses prefer windows-1252, the most
    common legacy encoding of the Latin-script files digests come in."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:262144]))
    if matches:
        best = matches[0]
        ties = [
            m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)
        ]
        for encoding in (*(["cp1252"] if "cp1252" in ties else []), best.encoding):
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DigestFormatError("the text encoding could not be recognised") from exc
