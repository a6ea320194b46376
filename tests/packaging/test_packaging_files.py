"""The packaging files agree with each other and with the app: one name, one id, one version,
the icon in every size, the resources inside the wheel."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree

from readinglist import APP_NAME, DESKTOP_ID, __version__
from readinglist.resources import example_digest, resources_dir
from tests.conftest import PROJECT_ROOT

PACKAGING = PROJECT_ROOT / "packaging"
LINUX = PACKAGING / "linux"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def test_the_version_is_the_projects_everywhere() -> None:
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as stream:
        assert tomllib.load(stream)["project"]["version"] == __version__
    metainfo = ElementTree.parse(LINUX / f"{DESKTOP_ID}.metainfo.xml").getroot()
    newest = metainfo.find("releases/release")
    assert newest is not None and newest.get("version") == __version__


def test_the_desktop_entry_and_metainfo_name_the_same_app() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(LINUX / f"{DESKTOP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Name"] == APP_NAME
    assert desktop["Icon"] == DESKTOP_ID
    assert desktop["Exec"].split()[0] == "readinglist"
    mime_types = set(filter(None, desktop["MimeType"].split(";")))
    assert {"text/x-bibtex", "application/x-research-info-systems", "text/markdown"} <= mime_types
    metainfo = ElementTree.parse(LINUX / f"{DESKTOP_ID}.metainfo.xml").getroot()
    assert metainfo.findtext("id") == DESKTOP_ID
    assert metainfo.findtext("name") == APP_NAME
    assert metainfo.findtext("launchable") == f"{DESKTOP_ID}.desktop"


def test_windows_and_macos_builds_use_the_same_name_and_id() -> None:
    installer = (PACKAGING / "windows" / "readinglist.iss").read_text(encoding="utf-8")
    assert f'#define AppName "{APP_NAME}"' in installer
    for extension in (".bib", ".ris"):
        assert f"Software\\Classes\\{extension}" in installer
    spec = (PACKAGING / "readinglist.spec").read_text(encoding="utf-8")
    assert f'BUNDLE_ID = "{DESKTOP_ID}"' in spec
    assert f'DISPLAY_NAME = "{APP_NAME}"' in spec
    assert re.search(r'"CFBundleTypeExtensions":', spec)


def test_the_icon_exists_in_every_size_and_format() -> None:
    icons = resources_dir() / "icons"
    assert (icons / "readinglist.svg").is_file()
    for size in ICON_SIZES:
        png = icons / "hicolor" / f"{size}x{size}" / "apps" / f"{DESKTOP_ID}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", png
    assert (PACKAGING / "icons" / "readinglist.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (PACKAGING / "icons" / "readinglist.icns").read_bytes()[:4] == b"icns"
    assert example_digest().is_file()


def test_the_resources_live_once_at_the_top_level() -> None:
    assert resources_dir() == PROJECT_ROOT / "resources"  # a checkout reads them there
    assert not (PROJECT_ROOT / "readinglist" / "resources").exists()  # and nowhere else
    spec = (PACKAGING / "readinglist.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "readinglist/resources")' in spec  # the frozen build


def _source_copy(target: Path) -> Path:
    """The project's sources without build leftovers (a stale ``build/`` would leak into
    the wheel), so the wheel is built from exactly what a checkout holds."""
    leftovers = shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
    )
    return Path(shutil.copytree(PROJECT_ROOT, target, ignore=leftovers))


@pytest.mark.slow
def test_the_wheel_carries_the_resources_once(tmp_path: Path) -> None:
    source = _source_copy(tmp_path / "source")
    built = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(built), source],
        check=True,
        capture_output=True,
    )
    (wheel,) = built.glob("readinglist-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert len(names) == len(set(names))
    shipped = {name for name in names if name.startswith("readinglist/resources/")}
    ours = PROJECT_ROOT / "resources"
    expected = {
        f"readinglist/resources/{path.relative_to(ours).as_posix()}"
        for path in ours.rglob("*")
        if path.is_file()
    }
    assert shipped == expected  # every resource, no stale or extra file
    assert {
        "readinglist/resources/examples/daily_papers_sep9.txt",
        "readinglist/resources/icons/readinglist.svg",
        "readinglist/resources/icons/actions/star.svg",
        *(f"readinglist/resources/icons/hicolor/{s}x{s}/apps/{DESKTOP_ID}.png" for s in ICON_SIZES),
    } <= shipped
    assert not [name for name in names if name.startswith("resources/")]  # no second copy
