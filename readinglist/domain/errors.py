"""Typed exceptions whose messages are written for the user.

Every error the command line or the window shows comes from this module, so a front end
can print ``str(error)`` and never a traceback.
"""

from __future__ import annotations


class ReadingListError(Exception):
    """Base class of every error Reading List reports to the user."""


class ImportFailedError(ReadingListError):
    """A digest could not be read; the library was left unchanged.

    ``source`` names the file (or URL, or ``<stdin>``) and ``reason`` says why.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotFoundError(ReadingListError):
    """A paper or digest the user named does not exist."""


class PaperNotFoundError(NotFoundError):
    """No paper has the given id."""

    def __init__(self, paper_id: int) -> None:
        super().__init__(f"no paper with id {paper_id}")
        self.paper_id = paper_id


class DigestNotFoundError(NotFoundError):
    """No digest has the given id."""

    def __init__(self, digest_id: int) -> None:
        super().__init__(f"no digest with id {digest_id}")
        self.digest_id = digest_id


class StorageError(ReadingListError):
    """The library database could not be opened, read or written."""


class LibraryBusyError(StorageError):
    """Another Reading List process held the library for too long."""


class DatabaseTooNewError(StorageError):
    """The database was written by a newer Reading List; it is left untouched."""

    def __init__(self, path: str, found: int, supported: int) -> None:
        super().__init__(
            f"{path}: the library was created by a newer Reading List "
            f"(schema {found}, this version understands up to {supported}); "
            "it was not changed. Please update Reading List."
        )
        self.found = found
        self.supported = supported


class OutputError(ReadingListError):
    """The command line could not write its output (a full disk, an I/O error)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(f"cannot write output: {error.strerror or error}")


class DigestFormatError(ReadingListError):
    """A reader could not make sense of its input. ``str(error)`` is the reason.

    Readers raise it without knowing the file's name; the importer adds the name by
    turning it into :class:`ImportFailedError`.
    """


class ImportCancelledError(ReadingListError):
    """The user cancelled an import; nothing of it was kept."""

    def __init__(self, source: str) -> None:
        super().__init__(f"{source}: import cancelled; the library was not changed")
        self.source = source


class ExportCancelledError(ReadingListError):
    """The user cancelled an export; the target was left as it was."""

    def __init__(self, target: str) -> None:
        super().__init__(f"Export cancelled; {target} was not written")
        self.target = target


class InvalidInputError(ReadingListError):
    """An argument the user gave (a tag, a note, an id) is not acceptable."""


class BackupRejectedError(StorageError):
    """A file given to restore is not a backup this version can trust; nothing changed."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: not restored: {reason}; the library was not changed")
        self.path = path
        self.reason = reason


class UnsafeTargetError(ReadingListError):
    """A file to write (an export, a backup) would replace something it must not: a
    special file, a symbolic link, a folder, or an existing file without ``--force``."""


class MissingFolderError(ReadingListError):
    """A file to write where the user said would go into a folder that does not exist (a
    mistyped path): refused, as ``cp`` does, rather than made."""


class QueryTooComplexError(InvalidInputError):
    """A search beyond the limits that keep every search quick (too long, too many words,
    nested too deeply); ``str(error)`` says which limit and what to do."""


class SubscriptionNotFoundError(NotFoundError):
    """No subscription (or rule) has the given name or id."""

    def __init__(self, what: str) -> None:
        super().__init__(f"no {what}")
        self.what = what
