#!/usr/bin/env python3
"""Set up a virtual environment in .venv and run Reading List or its tests.

    python3 bootstrap.py app  [readinglist arguments...]   # set up, then open the window
    python3 bootstrap.py test [pytest arguments...]        # set up, then run the tests
    python3 bootstrap.py package [build.py arguments...]   # build the app for this OS and
                                                           # smoke-test the build

Works the same on Linux, macOS and Windows (``py bootstrap.py ...``). The environment is
(re)installed only when pyproject.toml changed since the last run.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".readinglist-installed"


def venv_python() -> Path:
    """The interpreter inside .venv."""
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_environment(extra: str) -> Path:
    """Create .venv and install the project (with ``extra``) when anything changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - runs under any python3 the user has
        sys.exit("Reading List needs Python 3.11 or newer.")
    python = venv_python()
    if not python.exists():
        print("bootstrap: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extra.encode()).hexdigest()
    installed = STAMP.read_text().split() if STAMP.exists() else []
    if wanted not in installed:
        print(f"bootstrap: installing Reading List{f' [{extra}]' if extra else ''}", flush=True)
        target = f"{ROOT}[{extra}]" if extra else str(ROOT)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--editable", target], check=True
        )
        STAMP.write_text(" ".join([*installed, wanted]))
    return python


def main(argv: list[str]) -> int:
    """Dispatch ``app``, ``test`` or ``package``."""
    if not argv or argv[0] not in ("app", "test", "package"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "app":
        python = ensure_environment("")
        return subprocess.call([str(python), "-m", "readinglist", *rest])
    if command == "package":
        python = ensure_environment("package")
        build = [str(python), str(ROOT / "packaging" / "build.py"), *rest]
        smoke = [str(python), str(ROOT / "packaging" / "smoke_test.py")]
        return subprocess.call(build, cwd=ROOT) or subprocess.call(smoke, cwd=ROOT)
    python = ensure_environment("test")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
