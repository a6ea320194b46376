"""The user's preferences, kept as a small JSON file in the library folder.

``settings.json`` is written atomically (``domain.files.write_atomically``); keys this
version does not know are ignored, and a damaged file falls back to the defaults with a
logged warning (the file is left for the user, and replaced only by the next save).

Defaults keep the app offline: nothing is completed online unless the user asks.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from readinglist.core.enrich_http import EnrichSettings
from readinglist.domain.errors import InvalidInputError
from readinglist.domain.files import write_text_atomically

logger = logging.getLogger(__name__)

SETTINGS_NAME = "settings.json"
_MAX_BYTES = 64 * 1024  # a settings file is a few hundred bytes; anything larger is damage
_MAX_EMAIL = 254
_TRUE = ("1", "true", "on", "yes")
_FALSE = ("0", "false", "off", "no")


@dataclass(frozen=True, slots=True)
class Settings:
    """Preferences: complete each import's papers online afterwards (off by default), and
    the contact e-mail sent to OpenAlex as ``mailto`` (empty: not sent)."""

    complete_after_import: bool = False
    contact_email: str = ""

    def enrich_settings(self) -> EnrichSettings:
        """The online services' settings these preferences imply (URLs from the environment)."""
        return EnrichSettings(mailto=self.contact_email)

    def with_value(self, key: str, text: str) -> Settings:
        """A copy with ``key`` (as :func:`keys` names it) set from ``text``; raises
        InvalidInputError for an unknown key or an unacceptable value."""
        name = _attribute(key)
        if name == "complete_after_import":
            return replace(self, complete_after_import=parse_bool(text))
        return replace(self, contact_email=check_email(text))

    def value_text(self, key: str) -> str:
        """``key``'s value as ``readinglist config`` prints it."""
        value = getattr(self, _attribute(key))
        if isinstance(value, bool):
            return "on" if value else "off"
        return str(value)


def keys() -> list[str]:
    """The preference names the command line takes (``complete-after-import`` …)."""
    return [f.name.replace("_", "-") for f in fields(Settings)]


def settings_path(directory: Path) -> Path:
    """Where a library folder keeps its preferences."""
    return directory / SETTINGS_NAME


def load_settings(directory: Path) -> Settings:
    """The preferences saved in ``directory``, or the defaults (missing or damaged file)."""
    path = settings_path(directory)
    try:
        with open(path, "rb") as stream:
            data = stream.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        logger.warning("cannot read %s (%s); using the default preferences", path, exc)
        return Settings()
    try:
        if len(data) > _MAX_BYTES:
            raise ValueError("the file is too large")
        stored = json.loads(data.decode("utf-8"))
        if not isinstance(stored, dict):
            raise ValueError("not a JSON object")
        return _from_dict(stored)
    except (ValueError, UnicodeDecodeError, RecursionError, InvalidInputError) as exc:
        logger.warning("%s is damaged (%s); using the default preferences", path, exc)
        return Settings()


def save_settings(directory: Path, settings: Settings) -> None:
    """Write the preferences atomically; raises ReadingListError when it cannot."""
    text = json.dumps(asdict(settings), indent=2, ensure_ascii=False) + "\n"
    write_text_atomically(settings_path(directory), text)


def parse_bool(text: str) -> bool:
    """``on``/``off``, ``true``/``false``, ``yes``/``no``, ``1``/``0``."""
    word = text.strip().casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidInputError(f"'{text}' is not on or off")


def check_email(text: str) -> str:
    """A contact e-mail address (trimmed), or "" for none."""
    address = text.strip()
    if not address:
        return ""
    local, at, domain = address.rpartition("@")
    if (
        not at
        or not local
        or "." not in domain.strip(".")
        or len(address) > _MAX_EMAIL
        or any(c.isspace() or not c.isprintable() or c in "<>,;\"'&?#/\\" for c in address)
    ):
        raise InvalidInputError(f"'{text}' is not an e-mail address")
    return address


def _attribute(key: str) -> str:
    name = key.strip().replace("-", "_")
    if name not in {f.name for f in fields(Settings)}:
        raise InvalidInputError(f"no preference '{key}' (known: {', '.join(keys())})")
    return name


def _from_dict(stored: dict[str, object]) -> Settings:
    """Known keys with values of the right type; anything else is ignored."""
    settings = Settings()
    flag = stored.get("complete_after_import")
    if isinstance(flag, bool):
        settings = replace(settings, complete_after_import=flag)
    email = stored.get("contact_email")
    if isinstance(email, str):
        settings = replace(settings, contact_email=check_email(email))
    return settings
