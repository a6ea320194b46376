#!/usr/bin/env bash
# Pack the macOS app bundle into a compressed disk image with an /Applications shortcut,
# so that installing is dragging the app onto it.
#
#     packaging/macos/make_dmg.sh "dist/Reading List.app" dist/ReadingList-0.1.0-macos.dmg
#
# (python packaging/build.py runs it on macOS.) Needs hdiutil and ditto, which every macOS has.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 APP_BUNDLE OUTPUT.dmg [VOLUME_NAME]" >&2
  exit 2
fi
app="${1%/}"
output="$2"
volume="${3:-$(basename "$app" .app)}"

if [ ! -d "$app/Contents/MacOS" ]; then
  echo "make_dmg: $app is not an app bundle" >&2
  exit 1
fi
if ! command -v hdiutil >/dev/null 2>&1; then
  echo "make_dmg: hdiutil not found (it only exists on macOS)" >&2
  exit 1
fi

staging="$(mktemp -d "${TMPDIR:-/tmp}/readinglist-dmg.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

# ditto keeps the bundle's symbolic links, permissions and extended attributes (signatures).
ditto "$app" "$staging/$(basename "$app")"
ln -s /Applications "$staging/Applications"

mkdir -p "$(dirname "$output")"
rm -f "$output"
hdiutil create -volname "$volume" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$output"
echo "make_dmg: wrote $output ($(du -sh "$output" | cut -f1))"
