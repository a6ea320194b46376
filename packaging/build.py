"""Build Reading List for the current operating system.

    python packaging/build.py [--skip-installer] [--appimage] [--archive] [--no-clean]

Needs the project and its packaging tools installed in the running Python
(``pip install .[package]``: PyInstaller and Pillow); installs nothing itself.

1. PyInstaller runs ``packaging/readinglist.spec``: a one-folder build in ``dist/readinglist/``
   with the ``readinglist`` command and the windowed ``readinglist-gui`` (and, on macOS,
   ``dist/Reading List.app``). Intermediate files go to ``build/pyinstaller/``.
2. Per OS:
   - Linux: the desktop entry, AppStream metainfo, MIME type and hicolor icons laid out in
     ``dist/linux-integration/share/`` (checked with desktop-file-validate and appstreamcli
     when they are installed); with ``--appimage``, ``packaging/linux/build_appimage.sh``.
   - Windows: the Inno Setup installer ``dist/ReadingList-<version>-setup.exe`` when ISCC is
     found (on PATH or in its usual install folders).
   - macOS: ``dist/ReadingList-<version>-macos.dmg`` with ``packaging/macos/make_dmg.sh``.
   ``--skip-installer`` skips the Windows installer and the macOS disk image.
3. With ``--archive``, a portable archive of the one-folder build
   (``dist/readinglist-<version>-<os>-<arch>.tar.gz``, ``.zip`` on Windows).

Prints the time PyInstaller took and the size of the one-folder build.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "readinglist.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP_ID = "io.github.readinglist.ReadingList"
DISPLAY_NAME = "Reading List"
ICONS = ROOT / "resources" / "icons"

IS_WINDOWS = sys.platform == "win32"
IS_MACOS = sys.platform == "darwin"
IS_LINUX = sys.platform.startswith("linux")


class BuildError(Exception):
    """A step failed; the message says which and why."""


def say(message: str) -> None:
    print(f"build: {message}", flush=True)


def project() -> dict[str, object]:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]


def run(command: list[str], **kwargs: object) -> None:
    say("$ " + " ".join(f'"{part}"' if " " in part else part for part in command))
    result = subprocess.run(command, check=False, **kwargs)  # noqa: S603
    if result.returncode != 0:
        program = Path(command[1] if Path(command[0]).stem == "bash" else command[0]).name
        raise BuildError(f"{program} failed with exit code {result.returncode}")


def folder_size(path: Path) -> int:
    """Bytes in the files under ``path`` (symbolic links count as nothing)."""
    total = 0
    for entry in path.rglob("*"):
        if entry.is_file() and not entry.is_symlink():
            total += entry.stat().st_size
    return total


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


# --- PyInstaller -------------------------------------------------------------------------------


def run_pyinstaller(clean: bool) -> float:
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise BuildError(
            "PyInstaller is not installed in this Python; run: pip install .[package]"
        ) from exc
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
    ]
    if clean:
        command.append("--clean")
    command.append(str(SPEC))
    started = time.perf_counter()
    run(command, cwd=ROOT)
    elapsed = time.perf_counter() - started
    suffix = ".exe" if IS_WINDOWS else ""
    for name in ("readinglist", "readinglist-gui"):
        if not (DIST / "readinglist" / f"{name}{suffix}").is_file():
            raise BuildError(f"PyInstaller did not produce dist/readinglist/{name}{suffix}")
    return elapsed


# --- Linux -------------------------------------------------------------------------------------


def linux_integration(version: str) -> Path:
    """Lay out the freedesktop files under dist/linux-integration/share, ready to be copied
    to /usr/share, /usr/local/share or ~/.local/share."""
    linux = PACKAGING / "linux"
    share = DIST / "linux-integration" / "share"
    if share.parent.exists():
        shutil.rmtree(share.parent)
    copies = {
        linux / f"{APP_ID}.desktop": share / "applications" / f"{APP_ID}.desktop",
        linux / f"{APP_ID}.metainfo.xml": share / "metainfo" / f"{APP_ID}.metainfo.xml",
        linux / f"{APP_ID}.mime.xml": share / "mime" / "packages" / f"{APP_ID}.xml",
        ICONS / "readinglist.svg": share
        / "icons"
        / "hicolor"
        / "scalable"
        / "apps"
        / f"{APP_ID}.svg",
    }
    for png in sorted((ICONS / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        copies[png] = share / "icons" / "hicolor" / png.relative_to(ICONS / "hicolor")
    for source, target in copies.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    metainfo = (linux / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    if f'<release version="{version}"' not in metainfo:
        say(f"warning: the metainfo file has no <release> entry for version {version}")
    validate_linux_files(share)
    say(f"desktop integration files in {share.relative_to(ROOT)} ({len(copies)} files)")
    return share


def validate_linux_files(share: Path) -> None:
    """Check the desktop entry and metainfo with the freedesktop tools, when installed."""
    checks = [
        ("desktop-file-validate", [str(share / "applications" / f"{APP_ID}.desktop")]),
        (
            "appstreamcli",
            ["validate", "--no-net", str(share / "metainfo" / f"{APP_ID}.metainfo.xml")],
        ),
    ]
    for tool, arguments in checks:
        path = shutil.which(tool)
        if path is None:
            say(f"note: {tool} not installed, skipping that check")
            continue
        run([path, *arguments])


def build_appimage(version: str) -> None:
    run(
        [
            "bash",
            str(PACKAGING / "linux" / "build_appimage.sh"),
            "--dist",
            str(DIST),
            "--version",
            version,
        ]
    )


# --- Windows -----------------------------------------------------------------------------------


def find_iscc() -> Path | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for variable in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        base = os.environ.get(variable)
        if not base:
            continue
        for relative in ("Inno Setup 6/ISCC.exe", "Programs/Inno Setup 6/ISCC.exe"):
            candidate = Path(base) / relative
            if candidate.is_file():
                return candidate
    return None


def windows_installer(version: str) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        say("note: Inno Setup (ISCC.exe) not found, so no installer was made")
        return None
    run(
        [
            str(iscc),
            f"/DAppVersion={version}",
            f"/DSourceDir={DIST / 'readinglist'}",
            f"/DOutputDir={DIST}",
            str(PACKAGING / "windows" / "readinglist.iss"),
        ]
    )
    return DIST / f"ReadingList-{version}-setup.exe"


# --- macOS -------------------------------------------------------------------------------------


def macos_dmg(version: str) -> Path:
    app = DIST / f"{DISPLAY_NAME}.app"
    if not app.is_dir():
        raise BuildError(f"PyInstaller did not produce {app.relative_to(ROOT)}")
    dmg = DIST / f"ReadingList-{version}-macos.dmg"
    run(["bash", str(PACKAGING / "macos" / "make_dmg.sh"), str(app), str(dmg), DISPLAY_NAME])
    return dmg


# --- portable archive --------------------------------------------------------------------------


def portable_archive(version: str) -> Path:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    machine = platform.machine().lower().replace("amd64", "x86_64")
    base = DIST / f"readinglist-{version}-{system}-{machine}"
    archive_format = "zip" if IS_WINDOWS else "gztar"
    # tar keeps the symbolic links and the executable bits of the one-folder build.
    return Path(shutil.make_archive(str(base), archive_format, DIST, "readinglist"))


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build Reading List for this operating system (see the module docstring)."
    )
    parser.add_argument(
        "--skip-installer", action="store_true", help="no Windows installer, no macOS .dmg"
    )
    parser.add_argument(
        "--appimage", action="store_true", help="Linux: also make an AppImage (needs appimagetool)"
    )
    parser.add_argument(
        "--archive", action="store_true", help="also pack the one-folder build (.tar.gz / .zip)"
    )
    parser.add_argument(
        "--no-clean", action="store_true", help="reuse PyInstaller's cache from the last build"
    )
    args = parser.parse_args(argv)

    version = str(project()["version"])
    say(
        f"Reading List {version} on {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    outputs: list[Path] = []
    try:
        seconds = run_pyinstaller(clean=not args.no_clean)
        folder = DIST / "readinglist"
        say(f"PyInstaller took {seconds:.1f} s")
        say(f"one-folder build: {folder.relative_to(ROOT)} = {megabytes(folder_size(folder))}")
        outputs.append(folder)
        if IS_MACOS:
            app = DIST / f"{DISPLAY_NAME}.app"
            say(f"app bundle: {app.relative_to(ROOT)} = {megabytes(folder_size(app))}")
            outputs.append(app)
        if IS_LINUX:
            outputs.append(linux_integration(version))
            if args.appimage:
                build_appimage(version)
                outputs.extend(DIST.glob(f"ReadingList-{version}-*.AppImage"))
        if IS_WINDOWS and not args.skip_installer:
            installer = windows_installer(version)
            if installer is not None:
                outputs.append(installer)
        if IS_MACOS and not args.skip_installer:
            outputs.append(macos_dmg(version))
        if args.archive:
            outputs.append(portable_archive(version))
    except BuildError as exc:
        say(f"error: {exc}")
        return 1
    for output in outputs:
        size = folder_size(output) if output.is_dir() else output.stat().st_size
        say(f"output: {output.relative_to(ROOT)} ({megabytes(size)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
