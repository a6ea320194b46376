"""Cancel fetch in the window while a subscription's server never accepts the connection,
or while its name is being resolved by a resolver that does not answer: the fetch stops at
once (not when the download's deadline passes), nothing is stored and the subscription
stays due, without an error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from readinglist.domain.subscriptions import FEED_URL
from readinglist.ui.main_window import MainWindow
from readinglist.ui.subscriptions_panel import SUBSCRIPTION
from tests.blackhole import blackhole
from tests.core.test_download_resolve import STUCK_HOST, StuckResolver, resolver  # noqa: F401
from tests.ui.test_window_subscriptions import script, server, window  # noqa: F401
from tests.ui.user import WAIT_MS, click, is_seen, press


@pytest.fixture
def dead_host() -> Iterator[str]:
    with blackhole() as base:
        yield base


def test_cancel_fetch_while_a_server_never_accepts(
    qtbot,
    window: MainWindow,  # noqa: F811
    dead_host: str,
) -> None:
    qtbot.waitUntil(lambda: bool(window.feeds.notifier.messages), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    dead = window.library.subscriptions.subscribe("Dead feed", FEED_URL, f"{dead_host}/a.xml")
    press(window, Qt.Key.Key_F5)  # "Dead feed" comes first (by name), then HF
    qtbot.waitUntil(lambda: window.feeds.progress.toolTip() == "Dead feed", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: is_seen(window.feeds.cancel_button), timeout=WAIT_MS)
    click(window.feeds.cancel_button)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    assert window.message.text() == (
        "Fetch cancelled: 0 subscriptions fetched (0 new papers); the rest stay due."
    )
    assert window.model.rowCount() == 17  # nothing lost, nothing added
    entry = window.feeds.panel.item_for(SUBSCRIPTION, dead.id)
    assert entry.text(0) == "Dead feed" and "not fetched yet" in entry.toolTip(0)


def test_cancel_fetch_while_the_resolver_does_not_answer(
    qtbot,
    window: MainWindow,  # noqa: F811
    resolver: StuckResolver,  # noqa: F811
) -> None:
    qtbot.waitUntil(lambda: bool(window.feeds.notifier.messages), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    stuck = window.library.subscriptions.subscribe(
        "Dead resolver", FEED_URL, f"http://{STUCK_HOST}/a.xml"
    )
    press(window, Qt.Key.Key_F5)  # "Dead resolver" comes first (by name), then HF
    qtbot.waitUntil(resolver.asked.is_set, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: is_seen(window.feeds.cancel_button), timeout=WAIT_MS)
    click(window.feeds.cancel_button)
    qtbot.waitUntil(lambda: window.feeds.job is None, timeout=WAIT_MS)
    assert not resolver.answered.is_set()  # the lookup is abandoned, not waited for
    assert window.message.text() == (
        "Fetch cancelled: 0 subscriptions fetched (0 new papers); the rest stay due."
    )
    assert window.model.rowCount() == 17  # nothing lost, nothing added
    entry = window.feeds.panel.item_for(SUBSCRIPTION, stuck.id)
    assert entry.text(0) == "Dead resolver" and "not fetched yet" in entry.toolTip(0)
