"""Terminal-safe text, JSON and output errors of the command line."""

from __future__ import annotations

import errno
import io
import json

import pytest

from readinglist.cli_output import TerminalOutput, json_text, one_line, terminal_text
from readinglist.domain.errors import OutputError


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text, naïve façade, 日本語, emoji 🎉, tab\there", None),
        ("line one\nline two", None),
        ("a\x1b]0;new window title\x07b", "ab"),  # OSC ended by BEL
        ("a\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 + ST
        ("a\x1b[2Jb\x1b[1;31mred\x1b[0m", "abred"),  # CSI
        ("a\x9b2Jb", "ab"),  # 8-bit CSI
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x1b(0b\x1bcc", "abc"),  # charset switch, full reset
        ("a\x1b]0;unterminated", "a0;unterminated"),  # no terminator: only ESC ] goes
        ("windows\r\nline", "windows\nline"),
        ("over\rwrite", "over\nwrite"),
        ("nul\x00bell\x07del\x7fc1\x85x\x8d", "nul\ufffdbell\ufffddel\ufffdc1\nx\ufffd"),
        ("abc\u202edcba\u202c \u2067iso\u2069", "abc\ufffddcba\ufffd \ufffdiso\ufffd"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("a\x1b", "a\ufffd"),  # a lone ESC at the end
    ],
)
def test_terminal_text(raw: str, shown: str | None) -> None:
    assert terminal_text(raw) == (raw if shown is None else shown)


def test_one_line_keeps_spacing_but_no_line_break() -> None:
    assert one_line("     7 *  Title\nForged line\r\nmore") == "     7 *  Title Forged line more"


def test_json_text_is_terminal_safe_and_reads_back_the_same() -> None:
    value = {"title": 'a\x1b[2J\x9b\u202e\u2028\x7f\ud800"\\ ok é'}
    text = json_text(value)
    assert json.loads(text) == value
    assert terminal_text(text) == text  # nothing left for the terminal to act on
    assert "é" in text  # readable text stays readable


def test_output_errors_are_typed_and_a_closed_pipe_is_not() -> None:
    class Failing(io.StringIO):
        def __init__(self, error: OSError) -> None:
            super().__init__()
            self.error = error

        def write(self, text: str) -> int:
            raise self.error

        def flush(self) -> None:
            raise self.error

    out = TerminalOutput(Failing(OSError(errno.EIO, "Input/output error")))  # type: ignore[arg-type]
    with pytest.raises(OutputError, match="^cannot write output: Input/output error$"):
        out.write("x")
    with pytest.raises(OutputError):
        out.flush()
    out = TerminalOutput(Failing(BrokenPipeError(errno.EPIPE, "Broken pipe")))  # type: ignore[arg-type]
    with pytest.raises(BrokenPipeError):
        out.write("x")


def test_raw_output_and_a_terminal_that_cannot_show_everything() -> None:
    stream = io.StringIO()
    TerminalOutput(stream, raw=True).write("keep \x1b[2J as is")  # type: ignore[arg-type]
    assert stream.getvalue() == "keep \x1b[2J as is"
    ascii_stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    TerminalOutput(ascii_stream).write("café \ud800\n")  # type: ignore[arg-type]
    ascii_stream.flush()
    assert ascii_stream.buffer.getvalue() == b"caf? ?\n"  # type: ignore[attr-defined]
