"""UI test isolation: every test gets its own, empty QSettings store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path: Path) -> None:
    """Qt caches where settings live for the whole process; point it at this test's folder."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
