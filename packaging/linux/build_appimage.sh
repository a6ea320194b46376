#!/usr/bin/env bash
# Turn the PyInstaller one-folder build into an AppDir, then into an AppImage.
#
#     packaging/linux/build_appimage.sh [--dist DIR] [--version X.Y.Z]
#
# Needs dist/readinglist/ (python packaging/build.py makes it). Builds
# dist/ReadingList.AppDir, then runs appimagetool if it is on PATH, giving
# dist/ReadingList-<version>-<arch>.AppImage. This script never downloads anything: without
# appimagetool it stops with an error after building the AppDir, which can then be packed by
# hand with `appimagetool dist/ReadingList.AppDir`.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dist="$root/dist"
version=""
app_id="io.github.readinglist.ReadingList"

while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    -h|--help) sed -n "2,9p" "$0"; exit 0 ;;
    *) echo "build_appimage: unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [ -z "$version" ]; then
  version="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$root/pyproject.toml" | head -n 1)"
fi
build="$dist/readinglist"
if [ ! -x "$build/readinglist" ]; then
  echo "build_appimage: $build/readinglist not found; run python packaging/build.py first" >&2
  exit 1
fi

arch="$(uname -m)"
appdir="$dist/ReadingList.AppDir"
rm -rf "$appdir"
mkdir -p "$appdir/usr/bin" "$appdir/usr/lib" "$appdir/usr/share/applications" \
  "$appdir/usr/share/metainfo" "$appdir/usr/share/mime/packages" "$appdir/usr/share/icons"

# The application: the whole one-folder build, with the commands linked into usr/bin.
cp -a "$build" "$appdir/usr/lib/readinglist"
ln -s ../lib/readinglist/readinglist "$appdir/usr/bin/readinglist"
ln -s ../lib/readinglist/readinglist-gui "$appdir/usr/bin/readinglist-gui"

# Desktop integration, in the usual places and (desktop entry, icon) at the top of the AppDir.
cp "$here/$app_id.desktop" "$appdir/usr/share/applications/"
cp "$here/$app_id.metainfo.xml" "$appdir/usr/share/metainfo/"
cp "$here/$app_id.mime.xml" "$appdir/usr/share/mime/packages/$app_id.xml"
cp -r "$root/resources/icons/hicolor" "$appdir/usr/share/icons/"
mkdir -p "$appdir/usr/share/icons/hicolor/scalable/apps"
cp "$root/resources/icons/readinglist.svg" \
  "$appdir/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
cp "$here/$app_id.desktop" "$appdir/"
cp "$root/resources/icons/hicolor/256x256/apps/$app_id.png" "$appdir/"
ln -s "$app_id.png" "$appdir/.DirIcon"

# Without arguments the AppImage opens the window; with arguments it is the command line
# (./ReadingList.AppImage list --json), exactly like the readinglist command.
cat > "$appdir/AppRun" <<'EOF'
#!/bin/sh
here="$(dirname "$(readlink -f "$0")")"
exec "$here/usr/lib/readinglist/readinglist" "$@"
EOF
chmod 755 "$appdir/AppRun"
echo "build_appimage: AppDir ready: $appdir ($(du -sh "$appdir" | cut -f1))"

if ! command -v appimagetool >/dev/null 2>&1; then
  echo "build_appimage: error: appimagetool is not on PATH, so no AppImage was made." >&2
  echo "build_appimage: install it (https://github.com/AppImage/appimagetool), then run:" >&2
  echo "    ARCH=$arch appimagetool '$appdir' '$dist/ReadingList-$version-$arch.AppImage'" >&2
  exit 3
fi
output="$dist/ReadingList-$version-$arch.AppImage"
ARCH="$arch" appimagetool "$appdir" "$output"
echo "build_appimage: wrote $output ($(du -sh "$output" | cut -f1))"
