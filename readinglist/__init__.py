"""Reading List: triage daily research-paper digests in one local, searchable library."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Reading List"
APP_ID = "readinglist"
DESKTOP_ID = "io.github.readinglist.ReadingList"
"""Reverse-DNS id of the desktop entry, AppStream file, macOS bundle and icons."""
