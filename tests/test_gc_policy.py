"""The garbage collector's policy (``readinglist.gc_policy``): the app's start-up applies
it, and pauses of the collector, in any number of threads at once, never undo it."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist import gc_policy
from tests.conftest import PROJECT_ROOT


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector as this test process had it, back after the test."""
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.set_threshold(*thresholds)
    if enabled:
        gc.enable()


def test_the_app_start_up_applies_the_policy_and_freezes_what_it_loaded(
    data_dir: Path,
) -> None:
    code = (
        "import gc, sys\n"
        "from readinglist.app import run_app\n"
        "code = run_app(sys.argv[1])\n"
        "print(code, gc.isenabled(), gc.get_threshold(), gc.get_freeze_count() > 0)\n"
    )
    env = dict(os.environ, READINGLIST_QUIT_AFTER_PAINT="1", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env=env,
        timeout=300,
        check=True,
    )
    assert result.stdout.splitlines() == [
        "readinglist: painted",
        f"0 True {gc_policy.WINDOW_THRESHOLDS} True",
    ]


def test_pauses_in_two_threads_end_with_the_collector_on_when_both_are_done(
    collector: None,
) -> None:
    gc_policy.apply()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:  # an import's reader
        with gc_policy.paused():
            first_in.set()
            second_in.wait(10)
        first_out.set()

    def second() -> None:  # a fetch, still running when the import is done
        first_in.wait(10)
        with gc_policy.paused():
            second_in.set()
            first_out.wait(10)
            seen.append(gc.isenabled())  # the first pause is over, this one is not

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == [False]
    assert gc.isenabled() and gc.get_threshold() == gc_policy.WINDOW_THRESHOLDS


def test_a_pause_leaves_a_collector_the_caller_turned_off_off(collector: None) -> None:
    gc.disable()
    with gc_policy.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
