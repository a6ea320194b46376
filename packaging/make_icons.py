"""Render the app icon from its SVG source into every raster format the packages need.

    python packaging/make_icons.py

Writes, from ``resources/icons/readinglist.svg``:

- ``resources/icons/hicolor/<N>x<N>/apps/io.github.readinglist.ReadingList.png``
  for N in 16, 24, 32, 48, 64, 128, 256, 512 (the freedesktop icon-theme layout, shipped in
  the package so the window can use them and copied as-is by ``build.py`` on Linux);
- ``packaging/icons/readinglist.ico`` (16-256 px, Windows executables and installer);
- ``packaging/icons/readinglist.icns`` (16-1024 px, the macOS app bundle).

Every size is rendered from the vector source (no downscaling of a big bitmap), with
Qt's SVG renderer; Pillow only assembles the ``.ico`` and ``.icns`` containers. Needs
PySide6 (QtSvg is part of PySide6-Essentials) and Pillow. The outputs are committed: run
this again only after changing the SVG.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS_DIR = ROOT / "resources" / "icons"
SVG_SOURCE = ICONS_DIR / "readinglist.svg"
HICOLOR_DIR = ICONS_DIR / "hicolor"
PACKAGING_ICONS = ROOT / "packaging" / "icons"
ICON_NAME = "io.github.readinglist.ReadingList"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent ``size`` x ``size`` canvas, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
        raise SystemExit(f"make_icons: cannot encode the {size} px icon")
    buffer.close()
    return bytes(data.data())


def hicolor_path(size: int) -> Path:
    return HICOLOR_DIR / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds exactly it; True when written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=SVG_SOURCE, help="icon source (SVG)")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])

    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))
    rendered = {size: render_png(args.svg, size) for size in sizes}
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in rendered.items()}

    written = [
        hicolor_path(size)
        for size in PNG_SIZES
        if write_if_changed(hicolor_path(size), rendered[size])
    ]

    ico = io.BytesIO()
    largest_ico = images[max(ICO_SIZES)]
    largest_ico.save(
        ico,
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES if size != max(ICO_SIZES)],
    )
    if write_if_changed(PACKAGING_ICONS / "readinglist.ico", ico.getvalue()):
        written.append(PACKAGING_ICONS / "readinglist.ico")

    icns = io.BytesIO()
    images[max(ICNS_SIZES)].save(
        icns,
        format="ICNS",
        append_images=[images[size] for size in ICNS_SIZES if size != max(ICNS_SIZES)],
    )
    if write_if_changed(PACKAGING_ICONS / "readinglist.icns", icns.getvalue()):
        written.append(PACKAGING_ICONS / "readinglist.icns")

    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"make_icons: {len(written)} file(s) written, the others were up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
