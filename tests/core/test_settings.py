"""The preferences file (core/settings.py): defaults, a round trip, unknown keys ignored,
a damaged file falling back to the defaults with a warning, values checked."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from readinglist.core.settings import (
    Settings,
    keys,
    load_settings,
    save_settings,
    settings_path,
)
from readinglist.domain.errors import InvalidInputError


def test_the_defaults_keep_the_app_offline(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings == Settings()
    assert not settings.complete_after_import
    assert settings.contact_email == ""
    assert settings.enrich_settings().mailto == ""
    assert not settings_path(tmp_path).exists()  # reading writes nothing


def test_saved_preferences_come_back_and_unknown_keys_are_ignored(tmp_path: Path) -> None:
    save_settings(tmp_path, Settings(complete_after_import=True, contact_email="a@b.org"))
    stored = json.loads(settings_path(tmp_path).read_text("utf-8"))
    stored["from_a_newer_version"] = {"x": 1}
    stored["contact_email"] = " a@b.org "
    settings_path(tmp_path).write_text(json.dumps(stored), "utf-8")
    settings = load_settings(tmp_path)
    assert settings == Settings(complete_after_import=True, contact_email="a@b.org")
    assert settings.enrich_settings().mailto == "a@b.org"


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2]", b'{"contact_email": "no at sign"}', b""],
)
def test_a_damaged_file_falls_back_to_the_defaults_with_a_warning(
    tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    settings_path(tmp_path).write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="readinglist.core.settings"):
        assert load_settings(tmp_path) == Settings()
    assert "damaged" in caplog.text
    assert settings_path(tmp_path).read_bytes() == content  # left for the user


def test_a_value_of_the_wrong_type_is_ignored(tmp_path: Path) -> None:
    settings_path(tmp_path).write_text('{"complete_after_import": "yes", "contact_email": 3}')
    assert load_settings(tmp_path) == Settings()


def test_values_are_set_by_name_and_checked() -> None:
    assert keys() == ["complete-after-import", "contact-email"]
    on = Settings().with_value("complete-after-import", "on")
    assert on.complete_after_import and on.value_text("complete-after-import") == "on"
    assert not on.with_value("complete-after-import", "OFF").complete_after_import
    assert Settings().with_value("contact-email", " me@lab.edu ").contact_email == "me@lab.edu"
    assert Settings(contact_email="x@y.z").with_value("contact-email", "").contact_email == ""
    with pytest.raises(InvalidInputError, match="not on or off"):
        Settings().with_value("complete-after-import", "maybe")
    for bad in ("me", "me@", "@lab.edu", "me@lab", "a b@lab.edu", "me@lab.edu&x=1"):
        with pytest.raises(InvalidInputError, match="not an e-mail address"):
            Settings().with_value("contact-email", bad)
    with pytest.raises(InvalidInputError, match="no preference 'colour'"):
        Settings().with_value("colour", "blue")
