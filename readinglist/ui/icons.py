"""The app icon and the action icons, loaded once from ``resources/icons``."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from readinglist.resources import resources_dir


@cache
def app_icon() -> QIcon:
    """Reading List's icon: the SVG, with the rendered PNGs for small sizes."""
    icons = resources_dir() / "icons"
    icon = QIcon(str(icons / "readinglist.svg"))
    for png in sorted((icons / "hicolor").glob("*/apps/*.png")):
        icon.addFile(str(png))
    return icon


@cache
def action_icon(name: str) -> QIcon:
    """One of the monochrome action icons (``import``, ``star``, ``tag``…); empty if absent."""
    path = resources_dir() / "icons" / "actions" / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()
