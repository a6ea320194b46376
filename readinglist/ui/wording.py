"""Counts of papers as a sentence says them: "1 paper", "3 papers", "5,000 papers"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def papers(count: int) -> str:
    """``count`` papers in words, singular for one, with thousands separated."""
    if count == 1:
        return QCoreApplication.translate("wording", "1 paper")
    return QCoreApplication.translate("wording", "{0} papers").format(f"{count:,}")


def them(count: int) -> str:
    """The pronoun for ``count`` papers: "it" for one, "them" for more."""
    return QCoreApplication.translate("wording", "it" if count == 1 else "them")
