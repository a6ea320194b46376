"""The "why" words of the detail pane come from the ranking process: a window that ranks
and shows a paper's words never loads scikit-learn itself. Checked in a Python process of
its own (``why_words_probe.py``), since other tests load scikit-learn into this one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from readinglist.core.library import Library
from tests.conftest import PROJECT_ROOT
from tests.ranking_fixtures import VISION, import_small_set

PROBE = Path(__file__).with_name("why_words_probe.py")


def test_the_why_words_are_shown_without_scikit_learn_in_the_window(
    library: Library, data_dir: Path, tmp_path: Path
) -> None:
    categories = import_small_set(library)  # here: an import computes features in-process
    vision = sorted(pid for pid, c in categories.items() if c == VISION)[:10]
    library.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run(
        [sys.executable, str(PROBE), str(data_dir), str(tmp_path), *map(str, vision)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["seen"]
    why = shown["why"]
    assert why.startswith("For you 0.") and " — why: " in why
    words = why.split(" — why: ", 1)[1]
    assert words and words != "nothing stands out"
    assert shown["sklearn"] == []
