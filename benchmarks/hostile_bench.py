"""Hostile-input benchmark: every reader and text helper on pathological input at 1 and 10 MB.

    .venv/bin/python benchmarks/hostile_bench.py [--only TEXT] [--sizes 1,10] [--timeout 60]

Each case builds an input of the given size (a run of dots after a link, brackets, asterisks,
backslashes, whitespace, many links, deep nesting, one huge line, many entries ...) inside a
document of the reader's format, and times ``read_digest`` on its bytes: decoding, detection
and reading, as an import does (the database is not involved). A refusal is a fine outcome;
it is timed too. Text helpers are timed on the bare payload.

Times are CPU seconds of the process (``time.process_time``), best of two (below 5 s), so
that other work on a shared machine does not count. Prints one row per case: seconds at
each size, the ratio of the largest to the smallest size, and what came out. Linear code
gives a 10 MB / 1 MB ratio near 10; the target is <= 12 for every case. A case over it is
measured once more, keeping the best time at each size. A case that takes under 0.2 s at
the largest size is marked ``(fast)`` whatever its ratio: see ``FAST``. Each case runs in a
child process killed after ``--timeout`` seconds (then shown as ``>T``). Exits 1 if any
ratio is over 12 or any case timed out.
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from readinglist.domain.errors import DigestFormatError, ImportFailedError  # noqa: E402
from readinglist.formats import detect, read_digest  # noqa: E402
from readinglist.formats.arxiv_feed_entries import _plain as feed_plain_text  # noqa: E402
from readinglist.formats.bibtex import _decode_chunk  # noqa: E402
from readinglist.formats.decoding import decode_text, replace_lone_surrogates  # noqa: E402
from readinglist.formats.hf_daily_json import clean_title  # noqa: E402
from readinglist.formats.json_text import load_json  # noqa: E402
from readinglist.formats.text_utils import collapse_whitespace, find_links  # noqa: E402

MB = 1_000_000
LIMIT = 12.0
# Under this many seconds at the largest size (50 MB/s and more at 10 MB) a case is memory
# traffic, not work that grows with its input: a 1 MB string sits in the CPU cache and a
# 10 MB one does not, so the ratio of such tiny times says nothing. Shown, not failed.
FAST = 0.2
TODAY = date(2026, 1, 1)
LINK = "https://example.org/code"


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# Pathological payloads: text of ``size`` characters meant to hurt a parser.
PAYLOADS: dict[str, Callable[[int], str]] = {
    "dots after a link": lambda n: LINK + "." * n,
    "')' after a link": lambda n: LINK + ")" * n,
    "'(' run": lambda n: "(" * n,
    "'[' run": lambda n: "[" * n,
    "'[x](' run": lambda n: _repeat("[x](", n),
    "'*' run": lambda n: "*" * n,
    "'**a ' run": lambda n: _repeat("**a ", n),
    "'_' run": lambda n: "_" * n,
    "backslashes": lambda n: "\\" * n,
    "'{' run": lambda n: "{" * n,
    "'<' run": lambda n: "<" * n,
    "'&#' entities": lambda n: _repeat("&amp;&#x41;&#", n),
    "'</' run": lambda n: _repeat("</", n),
    "'<a b='' run": lambda n: _repeat("<a b='", n),
    "'$' run": lambda n: "$" * n,
    "spaces": lambda n: "a" + " " * n + "b",
    "newlines": lambda n: "a" + "\n" * n + "b",
    "tabs and spaces": lambda n: "a" + " \t" * (n // 2) + "b",
    "many links": lambda n: _repeat(" ".join(f"https://e.org/{i}" for i in range(n // 16)), n),
    "one long word": lambda n: "x" * n,
    "prose": lambda n: _repeat("We propose a model, see arXiv:2401.00001 (Fig. 2). ", n),
    "lone surrogates": lambda n: _repeat("a\ud800", n),
}


def _hf_item(text: str, number: int = 1) -> dict[str, object]:
    return {
        "paper": {
            "id": f"2401.{number:05d}",
            "title": f"Paper {number}",
            "summary": text,
            "authors": [{"name": "Ada Lovelace"}],
            "upvotes": 1,
            "publishedAt": "2024-01-01T00:00:00.000Z",
        },
        "title": f"Paper {number}",
    }


def _backup(text: str) -> str:
    paper = {"title": "T", "abstract": text, "authors": ["A"], "tags": [], "arxiv_id": "2401.00001"}
    doc = {"format": "readinglist-library", "version": 1, "digests": [], "papers": [paper]}
    return json.dumps(doc, ensure_ascii=False)


def _page(text: str) -> str:
    props = html.escape(json.dumps({"dailyPapers": [_hf_item(text)]}, ensure_ascii=False))
    return (
        "<html><head><title>Daily Papers - Hugging Face</title></head><body>"
        f'<div data-target="DailyPapers" data-props="{props}"></div></body></html>'
    )


def _rss(text: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>arXiv cs.CL</title><item>'
        "<title>Paper (arXiv:2401.00001v1 [cs.CL])</title>"
        "<link>https://arxiv.org/abs/2401.00001</link><description>arXiv:2401.00001v1 "
        f"Announce Type: new Abstract: {text}</description></item></channel></rss>"
    )


def _email_entry(text: str, number: int = 1) -> str:
    return (
        f"\\\\\narXiv:2401.{number:05d}\nDate: Mon, 1 Jan 2024 10:00:00 GMT   (10kb)\n\n"
        f"Title: Paper {number}\nAuthors: Ada Lovelace\nCategories: cs.CL\n\\\\\n"
        f"  {text}\n\\\\ ( https://arxiv.org/abs/2401.{number:05d} ,  10kb)\n"
        "------------------------------------------------------------------------------\n"
    )


_EMAIL_HEAD = (
    "From: no-reply@arxiv.org\nSubject: cs daily Subj-class mailing\n\n"
    "------------------------------------------------------------------------------\n"
)

# For each reader: (file name, the payload inside a document, one of many entries).
FORMATS: dict[str, tuple[str, Callable[[str], str], Callable[[int], str]]] = {
    "readinglist-json": (
        "backup.json",
        _backup,
        lambda i: json.dumps({"title": f"Paper {i}", "abstract": "x y", "tags": ["t"]}),
    ),
    "hf-daily-json": (
        "daily.json",
        lambda t: json.dumps([_hf_item(t)], ensure_ascii=False),
        lambda i: json.dumps(_hf_item("An abstract.", i)),
    ),
    "hf-papers-html": (
        "page.html",
        _page,
        lambda i: (
            f'<article><h3><a href="/papers/2401.{i % 99999:05d}">Paper {i}</a></h3></article>'
        ),
    ),
    "hf-papers-html (cards)": (
        "page.html",
        lambda t: (
            "<html><title>Daily Papers - Hugging Face</title><body><article><h3>Paper"
            f"</h3>{t}</article></body></html>"
        ),
        lambda i: f'<article><h3><a href="/papers/2401.{i % 99999:05d}">P{i}</a></h3></article>',
    ),
    "arxiv-feed (RSS)": (
        "feed.rss",
        lambda t: _rss(html.escape(t)),
        lambda i: (
            f"<item><title>Paper {i}</title><link>https://arxiv.org/abs/2401.{i % 99999:05d}"
            "</link><description>Abstract: x</description></item>"
        ),
    ),
    "arxiv-feed (malformed)": ("feed.rss", _rss, lambda i: f"<item><title>P{i} &</title></item>"),
    "csl-json": (
        "items.json",
        lambda t: json.dumps(
            [{"type": "article", "title": "Paper", "abstract": t, "author": [{"family": "L"}]}],
            ensure_ascii=False,
        ),
        lambda i: json.dumps({"type": "article", "title": f"P{i}"}),
    ),
    "arxiv-email": (
        "mail.txt",
        lambda t: _EMAIL_HEAD + _email_entry(t),
        lambda i: _email_entry("An abstract.", i % 99999),
    ),
    "bibtex": (
        "refs.bib",
        lambda t: (
            "@article{k, title = {Paper}, author = {Lovelace, Ada}, abstract = {"
            + t
            + "}, year = {2024}}\n"
        ),
        lambda i: f"@article{{k{i}, title = {{Paper {i}}}, author = {{Lovelace, Ada}}}}\n",
    ),
    "ris": (
        "refs.ris",
        lambda t: f"TY  - JOUR\nTI  - Paper\nAU  - Lovelace, Ada\nAB  - {t}\nER  - \n",
        lambda i: f"TY  - JOUR\nTI  - Paper {i}\nAU  - Lovelace, Ada\nER  - \n",
    ),
    "markdown": (
        "list.md",
        lambda t: (
            "# Papers\n\n- **Paper**, Ada Lovelace, "
            f"[arXiv](https://arxiv.org/abs/2401.00001) {t}\n"
        ),
        lambda i: (
            f"- **Paper {i}**, Ada Lovelace, [arXiv](https://arxiv.org/abs/2401.{i % 99999:05d})\n"
        ),
    ),
    "text-blocks": (
        "blocks.txt",
        lambda t: f"Title: Paper\nPDF: https://arxiv.org/pdf/2401.00001\nSummary: {t}\n",
        lambda i: (
            f"Title: Paper {i}\nPDF: https://arxiv.org/pdf/2401.{i % 99999:05d}\nSummary: x\n---\n"
        ),
    ),
    "arxiv-ids": (
        "ids.txt",
        lambda t: f"2401.00001\n2401.00002\n2401.00003\n{t}\n",
        lambda i: f"2401.{i % 99999:05d}\n",
    ),
    "hf-daily-text": (
        "daily.txt",
        lambda t: f"Daily Papers\n\nA paper title\n\n{t}\n",
        lambda i: f"A paper title {i}\n\n{'Words of an abstract. ' * 15}\n\n",
    ),
    "title-list": (
        "titles.txt",
        lambda t: f"A first title\n{t}\n",
        lambda i: f"A paper title number {i}\n",
    ),
}

# Structure, not text: deep nesting of the format's own syntax.
NESTING: dict[str, tuple[str, Callable[[int], str]]] = {
    "readinglist-json": (
        "backup.json",
        lambda n: '{"format": "readinglist-library", "x": ' + "[" * n,
    ),
    "hf-daily-json": ("daily.json", lambda n: '[{"paper": {}}, ' + "[" * n),
    "csl-json": ("items.json", lambda n: '[{"type": "article", "title": "T", "x": ' + "[" * n),
    "hf-papers-html": ("page.html", lambda n: "<html><article>" + "<div>" * (n // 5)),
    "arxiv-feed (RSS)": ("feed.rss", lambda n: _rss("") + "<a>" * (n // 3)),
    "bibtex": ("refs.bib", lambda n: "@article{k, title = " + "{" * n),
    "markdown": (
        "list.md",
        lambda n: (
            "# P\n\n"
            + "".join(
                f"{' ' * (i % 200)}- **T{i}**, https://arxiv.org/abs/2401.00001\n"
                for i in range(n // 130)
            )
        ),
    ),
}


def _many(entry: Callable[[int], str], size: int) -> str:
    parts, total, number = [], 0, 0
    while total < size:
        number += 1
        part = entry(number)
        parts.append(part)
        total += len(part)
    return "".join(parts)


def _entries_document(name: str, size: int) -> str:
    entry = FORMATS[name][2]
    if name == "readinglist-json":
        body = ", ".join(entry(i) for i in range(1, size // 50 + 1))
        return '{"format": "readinglist-library", "version": 1, "papers": [' + body + "]}"
    if name == "hf-daily-json":
        return "[" + ", ".join(entry(i) for i in range(1, size // 230 + 1)) + "]"
    if name == "csl-json":
        return "[" + ", ".join(entry(i) for i in range(1, size // 40 + 1)) + "]"
    if name.startswith("hf-papers-html"):
        head = "<html><head><title>Daily Papers - Hugging Face</title></head><body>"
        return head + _many(entry, size) + "</body></html>"
    if name.startswith("arxiv-feed"):
        return '<?xml version="1.0"?><rss version="2.0"><channel><title>arXiv</title>' + (
            _many(entry, size) + "</channel></rss>"
        )
    if name == "arxiv-email":
        return _EMAIL_HEAD + _many(entry, size)
    return _many(entry, size)


# ------------------------------------------------------------------------------ the cases


def _read(filename: str, text: str) -> Callable[[], str]:
    data = text.encode("utf-8", "surrogatepass")

    def run() -> str:
        _decode_chunk.cache_clear()  # every run decodes its LaTeX afresh
        try:
            digest = read_digest(data, filename, TODAY)
        except ImportFailedError as exc:
            return f"refused: {exc.reason[:50]}"
        return f"{digest.format}: {len(digest.records)} records"

    return run


def _helper(function: Callable[[str], object], text: str) -> Callable[[], str]:
    def run() -> str:
        result = function(text)
        return f"{type(result).__name__} of {len(result)}" if hasattr(result, "__len__") else ""

    return run


def _detected(text: str) -> str:
    try:
        return detect(text, "x.txt").name
    except DigestFormatError:
        return "none"


HELPERS: dict[str, Callable[[str], object]] = {
    "find_links": find_links,
    "collapse_whitespace": collapse_whitespace,
    "replace_lone_surrogates": replace_lone_surrogates,
    "clean_title": clean_title,
    "feed text (HTML to plain)": feed_plain_text,
    "decode_text": lambda t: decode_text(t.encode("utf-8", "surrogatepass")),
    "detect": lambda t: _detected(t),
    "load_json": lambda t: load_json(json.dumps(t)),
}


def cases() -> dict[str, Callable[[int], Callable[[], str]]]:
    """Case name -> (size -> a prepared call returning what came out)."""
    found: dict[str, Callable[[int], Callable[[], str]]] = {}
    for helper, function in HELPERS.items():
        for payload, make in PAYLOADS.items():
            found[f"{helper} / {payload}"] = lambda n, f=function, m=make: _helper(f, m(n))
    for reader, (filename, wrap, _) in FORMATS.items():
        for payload, make in PAYLOADS.items():
            found[f"{reader} / {payload}"] = lambda n, fn=filename, w=wrap, m=make: _read(
                fn, w(m(n))
            )
        found[f"{reader} / many entries"] = lambda n, fn=filename, r=reader: _read(
            fn, _entries_document(r, n)
        )
    for reader, (filename, nest) in NESTING.items():
        found[f"{reader} / deep nesting"] = lambda n, fn=filename, m=nest: _read(fn, m(n))
    found["markdown / indented continuation lines"] = lambda n: _read(
        "list.md",
        "# P\n\n- **Paper**, [arXiv](https://arxiv.org/abs/2401.00001)\n"
        + _repeat("  continued words of the item\n", n),
    )
    found["hf-daily-text / hard-wrapped abstract"] = lambda n: _read(
        "daily.txt", "Daily Papers\n\nA paper title\n\n" + _repeat("wrapped line of text\n", n)
    )
    return found


def _measure(name: str, size: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    call = cases()[name](size)
    timings, outcome = [], ""
    repeats = 2 if size <= MB else 1
    for _ in range(repeats):
        start = time.process_time()
        outcome = call()
        timings.append(time.process_time() - start)
    if size > MB and timings[0] < 5:
        start = time.process_time()
        call()
        timings.append(time.process_time() - start)
    queue.put((min(timings), outcome))


def measure(name: str, size: int, timeout: float) -> tuple[float | None, str]:
    """Best seconds of a case at one size (``None`` after ``timeout``), and its outcome."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_measure, args=(name, size, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return None, "timed out"
    if queue.empty():
        return None, f"crashed (exit {child.exitcode})"
    seconds, outcome = queue.get()
    return seconds, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--sizes", default="1,10", help="sizes in MB, smallest first")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per case")
    args = parser.parse_args()
    sizes = [int(float(s) * MB) for s in args.sizes.split(",")]
    names = [n for n in cases() if args.only.lower() in n.lower()]
    header = " | ".join(f"{s / MB:g} MB s" for s in sizes)
    print(f"| case | {header} | ratio | outcome at the largest size |")
    print("|---|" + "---|" * len(sizes) + "---|---|")
    bad: list[str] = []
    for name in names:
        cells, first, last, outcome = [], None, None, ""
        for size in sizes:
            seconds, outcome = measure(name, size, args.timeout)
            if seconds is None:
                cells.append(f">{args.timeout:g}")
                break
            cells.append(f"{seconds:.3f}")
            first = seconds if first is None else first
            last = seconds
        if len(cells) == len(sizes) and first and last and last / first > LIMIT:
            # One more round for a case over the limit (other processes share the CPU
            # caches); the best time at each size is kept.
            again = [measure(name, size, args.timeout)[0] for size in (sizes[0], sizes[-1])]
            if again[0] is not None and again[1] is not None:
                first, last = min(first, again[0]), min(last, again[1])
                cells[0], cells[-1] = f"{first:.3f}", f"{last:.3f}"
        cells += [""] * (len(sizes) - len(cells))
        if len(cells) == len(sizes) and cells[-1] and first and last is not None:
            ratio = last / max(first, 1e-4)
            flag = "" if ratio <= LIMIT else " (fast)" if last < FAST else " **over**"
        else:
            ratio, flag = float("inf"), " **timed out**"
        if flag and flag != " (fast)":
            bad.append(name)
        print(f"| {name} | {' | '.join(cells)} | {ratio:.1f}{flag} | {outcome} |", flush=True)
    print(f"\n{len(names) - len(bad)} of {len(names)} cases linear (ratio <= {LIMIT:g}).")
    for name in bad:
        print(f"not linear: {name}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
