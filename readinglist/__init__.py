"""Reading List: triage daily research-paper digests in one local, searchable library."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Reading List"
APP_ID = "readinglist"
