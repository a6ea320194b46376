"""What the command line writes: text made safe for a terminal, JSON that stays JSON.

Titles, abstracts, notes and tags are stored exactly as imported, so they may hold escape
sequences (``ESC ] 0 ; … BEL`` retitles the terminal, ``ESC [ 2 J`` clears it), carriage
returns that overwrite a line, or bidirectional overrides that reorder it. Every line the
command line prints for a person goes through :func:`terminal_text`; file exports keep
the text as it is unless they are written to a terminal.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
from typing import Any, TextIO

from readinglist.domain.errors import OutputError

# ECMA-48: a control sequence (CSI), a control string (OSC, DCS, SOS, PM, APC) with its
# terminator, or ESC with intermediate bytes and a final byte (which also takes the opener
# of an unterminated string, leaving its text visible). No part can scan past an ESC, so
# the work stays linear in the text's length.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)|[ -/]*[0-~])"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
)
_LINE_BREAK = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# C0 but tab and newline, DEL, C1, bidirectional embeddings/overrides/isolates, and lone
# surrogates (which no terminal encoding can carry).
_UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What JSON leaves raw that a terminal may still act on; escaped as \uXXXX it reads back
# as the same text.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SPECIAL = re.compile("[^\t\n -~\xa0-\u2027\u202f-\u2065\u206a-\ud7ff\ue000-\U0010ffff]")
REPLACEMENT = "\ufffd"


def terminal_text(text: str) -> str:
    """``text`` without escape sequences; line breaks as ``\\n``; other control, bidi-override
    and surrogate characters as U+FFFD. Printable text (any script, tabs) is unchanged."""
    if not _SPECIAL.search(text):
        return text  # the common case, at the speed of one scan
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_BREAK.sub("\n", text)
    return _UNSAFE.sub(REPLACEMENT, text)


def one_line(text: str) -> str:
    """``text`` safe for a terminal and on one line (each line break becomes a space), for
    fields shown side by side: a title cannot forge a line of its own."""
    return terminal_text(text).replace("\n", " ")


def json_text(value: Any) -> str:
    """``value`` as indented JSON whose strings carry no raw character a terminal acts on."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class TerminalOutput(io.TextIOBase):
    """A text stream over ``stream`` that writes :func:`terminal_text` (or, with ``raw``,
    the text as given) and reports a failed write as :class:`OutputError`.

    A closed pipe stays a ``BrokenPipeError``: the caller exits quietly on it.
    """

    def __init__(self, stream: TextIO, *, raw: bool = False) -> None:
        super().__init__()
        self._stream = stream
        self._raw = raw
        encoding = getattr(stream, "encoding", None) or "utf-8"
        self._encoding = None if codecs.lookup(encoding).name == "utf-8" else encoding

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not self._raw:
            text = terminal_text(text)
            if self._encoding:  # a terminal that cannot show every character
                text = text.encode(self._encoding, "replace").decode(self._encoding)
        try:
            self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from exc
        return len(text)

    def close(self) -> None:
        """Nothing to do: the wrapped stream is not this object's to flush or close (and
        a flush when garbage collected could only fail again, out of anyone's reach)."""

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from exc


def is_terminal(stream: TextIO) -> bool:
    """True when ``stream`` is an interactive terminal."""
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def discard_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush of what is
    still buffered cannot fail again (after a closed pipe or a full disk)."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a real file (a test's capture): nothing will be flushed to a descriptor
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)
