"""Smoke-test a frozen build of Reading List: the command line and the window.

    python packaging/smoke_test.py [EXECUTABLE] [--example FILE] [--timeout SECONDS]

EXECUTABLE is the console ``readinglist`` program of the build (default: found in ``dist/``
for this OS). In a fresh temporary library folder it runs

1. ``readinglist --version``;
2. ``readinglist --data-dir D import EXAMPLE`` with the example digest bundled in the build
   (its copy in the checkout only with ``--example``);
3. ``readinglist --data-dir D list --json``, which must list the digest's 114 papers;
4. ``readinglist --data-dir D mark ID... --star`` on the papers about reinforcement learning, then
   ``rank --json`` and ``list --sort for-you --json``: the frozen app must train its "For
   you" model (numpy, scipy and scikit-learn bundled) and put a starred paper first;
5. ``readinglist --data-dir D`` with QT_QPA_PLATFORM=offscreen and
   READINGLIST_QUIT_AFTER_PAINT=1: the window must print "readinglist: painted" and exit 0;
   the time from start to exit is the window's cold start;
6. the same with the windowed ``readinglist-gui`` next to it (on Windows only its exit code is
   checked: a windowed program may have no stdout).

Every step must exit 0 within the timeout and write nothing to stderr, except the lines in
HARMLESS_STDERR. Needs only the Python standard library.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
EXAMPLE = Path("readinglist") / "resources" / "examples" / "daily_papers_sep9.txt"
ICON = Path("readinglist") / "resources" / "icons" / "readinglist.svg"
EXPECTED_PAPERS = 114
RANKING_TOPIC = "reinforcement"  # 11 papers of the example digest have it in the title
RANKING_MIN_STARS = 5  # the ranking learns from this many positives on (core.ranking)
PAINTED = "readinglist: painted"
IS_WINDOWS = sys.platform == "win32"

# Lines Qt may print to stderr that say nothing about the app. Each must be matched in full
# (after stripping); anything else on stderr fails the test.
HARMLESS_STDERR = (
    # The offscreen platform cannot resize native windows (Qt prints it once per window).
    "This plugin does not support propagateSizeHints()",
)


class SmokeFailure(Exception):
    pass


def default_executable() -> Path:
    name = "readinglist.exe" if IS_WINDOWS else "readinglist"
    candidates = [DIST / "readinglist" / name]
    if sys.platform == "darwin":
        candidates.insert(0, DIST / "Reading List.app" / "Contents" / "MacOS" / name)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise SmokeFailure(
        "no build found (looked for "
        + ", ".join(str(c.relative_to(ROOT)) for c in candidates)
        + "); run python packaging/build.py first, or name the executable"
    )


def bundled_example(executable: Path) -> Path:
    """The example digest inside the build: next to the executable in _internal/, or in the
    app bundle's Resources/ or Frameworks/ on macOS."""
    folder = executable.resolve().parent
    for base in (folder / "_internal", folder.parent / "Resources", folder.parent / "Frameworks"):
        if (base / EXAMPLE).is_file():
            if not (base / ICON).is_file():
                raise SmokeFailure(f"the app icon {ICON} is not in the build ({base})")
            return base / EXAMPLE
    raise SmokeFailure(f"the example digest {EXAMPLE} is not in the build next to {executable}")


def isolated_environment(home: Path) -> dict[str, str]:
    """The current environment with the per-user folders (settings, caches, logs) moved
    into ``home``, and the windows drawn offscreen."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("READINGLIST_DATA_DIR", None)
    if sys.platform.startswith("linux"):
        for variable, sub in (
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_RUNTIME_DIR", "runtime"),
        ):
            path = home / sub
            path.mkdir(mode=0o700, exist_ok=True)
            env[variable] = str(path)
    return env


def unexpected_stderr(stderr: str) -> list[str]:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return [line for line in lines if line not in HARMLESS_STDERR]


def run_step(
    title: str,
    command: list[str],
    env: dict[str, str],
    timeout: float,
    check_stdout: bool = True,
) -> tuple[str, float]:
    """Run one command; fail unless it exits 0 in time with a clean stderr. Returns its
    stdout and the seconds it took."""
    started = time.perf_counter()
    try:
        result = subprocess.run(  # noqa: S603
            command,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SmokeFailure(f"{title}: no exit after {timeout:.0f} s") from exc
    elapsed = time.perf_counter() - started
    problems = unexpected_stderr(result.stderr)
    tolerated = [
        line.strip() for line in result.stderr.splitlines() if line.strip() in HARMLESS_STDERR
    ]
    if result.returncode != 0 or problems:
        details = "\n".join(
            [f"  exit code {result.returncode}"]
            + [f"  stderr: {line}" for line in result.stderr.splitlines()]
            + ([f"  stdout: {line}" for line in result.stdout.splitlines()[-20:]])
        )
        raise SmokeFailure(f"{title} failed:\n{details}")
    print(f"ok   {title} ({elapsed:.2f} s)", flush=True)
    for line in tolerated:
        print(f"     (tolerated on stderr: {line})")
    return (result.stdout if check_stdout else ""), elapsed


def smoke_test(executable: Path, example: Path | None, timeout: float) -> None:
    executable = executable.resolve()
    print(f"executable: {executable}")
    example = example.resolve() if example else bundled_example(executable)
    print(f"example digest: {example}")
    with tempfile.TemporaryDirectory(prefix="readinglist-smoke-") as temp:
        home = Path(temp)
        data = home / "library"
        env = isolated_environment(home)
        cli = [str(executable), "--data-dir", str(data)]

        version, _ = run_step("readinglist --version", [str(executable), "--version"], env, timeout)
        print(f"     {version.strip()}")

        report, _ = run_step(
            "import the example digest", [*cli, "import", str(example)], env, timeout
        )
        print(f"     {report.strip()}")

        listing, _ = run_step("list --json", [*cli, "list", "--json"], env, timeout)
        try:
            papers = json.loads(listing)
        except json.JSONDecodeError as exc:
            raise SmokeFailure(f"list --json printed no JSON: {exc}") from exc
        if len(papers) != EXPECTED_PAPERS:
            raise SmokeFailure(f"list --json: {len(papers)} papers, expected {EXPECTED_PAPERS}")
        print(f"     {len(papers)} papers in the library")

        check_ranking(cli, papers, env, timeout)

        window_env = dict(env, READINGLIST_QUIT_AFTER_PAINT="1")
        timings = []
        gui_name = "readinglist-gui.exe" if IS_WINDOWS else "readinglist-gui"
        windows = [("window (readinglist)", executable, True)]
        gui = executable.parent / gui_name
        if gui.is_file():
            windows.append(("window (readinglist-gui)", gui, not IS_WINDOWS))
        else:
            print(f"note: {gui} not found; skipping the windowed executable")
        for title, program, expect_output in windows:
            output, seconds = run_step(
                title, [str(program), "--data-dir", str(data)], window_env, timeout
            )
            if expect_output and PAINTED not in output:
                raise SmokeFailure(f'{title}: exited without printing "{PAINTED}"')
            timings.append((title, seconds))
        # The first window start is the cold one (nothing of Qt in the file cache yet).
        for index, (title, seconds) in enumerate(timings):
            kind = "cold start" if index == 0 else "warm start"
            print(f"{kind}, {title}: {seconds:.2f} s (process start to exit after first paint)")


def check_ranking(
    cli: list[str], papers: list[dict[str, object]], env: dict[str, str], timeout: float
) -> None:
    """Star the papers about RANKING_TOPIC; the frozen app must then rank "For you" with a
    trained model (not the similarity fallback) and put a starred paper first."""
    starred = [
        int(p["id"])  # type: ignore[call-overload]
        for p in papers
        if RANKING_TOPIC in str(p["title"]).casefold()
    ]
    if len(starred) < RANKING_MIN_STARS:
        raise SmokeFailure(f"only {len(starred)} example papers about {RANKING_TOPIC!r}")
    run_step(
        f"star the {len(starred)} papers about {RANKING_TOPIC}",
        [*cli, "mark", *map(str, starred), "--star"],
        env,
        timeout,
    )
    output, _ = run_step("rank --json (trains the model)", [*cli, "rank", "--json"], env, timeout)
    try:
        ranking = json.loads(output)
    except json.JSONDecodeError as exc:
        raise SmokeFailure(f"rank --json printed no JSON: {exc}") from exc
    results = ranking.get("results") or []
    if ranking.get("mode") != "learned" or not results:
        raise SmokeFailure(f"rank: no learned ranking ({ranking.get('explain')!r})")
    top = results[0]
    if top["id"] not in starred or not top["reasons"]:
        raise SmokeFailure(f"rank: the first paper is not a starred one with reasons: {top}")
    print(f"     {ranking['explain']} First: {top['title'][:50]!r} ({', '.join(top['reasons'])})")
    output, _ = run_step(
        "list --sort for-you --json", [*cli, "list", "--sort", "for-you", "--json"], env, timeout
    )
    listed = json.loads(output)
    if len(listed) != EXPECTED_PAPERS or listed[0]["id"] not in starred:
        raise SmokeFailure("list --sort for-you: a starred paper is not first")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke-test a frozen build of Reading List.")
    parser.add_argument("executable", nargs="?", type=Path, help="the console readinglist program")
    parser.add_argument("--example", type=Path, help="digest to import (default: the bundled one)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per step (60)")
    args = parser.parse_args(argv)
    try:
        smoke_test(args.executable or default_executable(), args.example, args.timeout)
    except SmokeFailure as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
