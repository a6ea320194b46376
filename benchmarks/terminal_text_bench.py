"""Terminal-safe output benchmark: ``terminal_text`` and ``json_text`` on hostile text.

    .venv/bin/python benchmarks/terminal_text_bench.py [--small 1000000] [--large 10000000]

Prints milliseconds (best of 3) at the small and the large size for each pathological
input and the ratio large/small. Linear time: the ratio stays near 10 (the default sizes'
ratio); the issue's bar is 12.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from readinglist.cli_output import json_text, terminal_text  # noqa: E402

INPUTS: dict[str, Callable[[int], str]] = {
    "plain text": lambda n: "word " * (n // 5),
    "escape-free accents and CJK": lambda n: "é日" * (n // 2),
    "many unterminated OSC openers": lambda n: "\x1b]" * (n // 2),
    "one OSC, never terminated": lambda n: "\x1b]" + "a" * n,
    "CSI without a final byte": lambda n: "\x1b[" + "1" * n,
    "ESC then only intermediates": lambda n: "\x1b" + " " * n,
    "OSC cut by ESC, repeated": lambda n: "\x1b]ab\x1bx" * (n // 6),
    "complete sequences": lambda n: "\x1b[31mred\x1b]0;t\x07" * (n // 16),
    "controls everywhere": lambda n: "\x00\r\u202e" * (n // 3),
}


def _time(function: Callable[[str], object], text: str, repeat: int = 3) -> float:
    """The best of ``repeat`` runs (the machine is shared: the best is the least noisy)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000_000)
    parser.add_argument("--large", type=int, default=10_000_000)
    args = parser.parse_args()
    print(f"{'input':32} {'helper':14} {'small ms':>9} {'large ms':>9} {'ratio':>6}")
    worst = 0.0
    for name, make in INPUTS.items():
        small, large = make(args.small), make(args.large)
        for label, function in (("terminal_text", terminal_text), ("json_text", json_text)):
            a, b = _time(function, small), _time(function, large)
            ratio = b / max(a, 1e-9)
            worst = max(worst, ratio)
            print(f"{name:32} {label:14} {a * 1000:9.1f} {b * 1000:9.1f} {ratio:6.1f}")
    print(f"worst ratio {worst:.1f} for sizes x{args.large / args.small:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
