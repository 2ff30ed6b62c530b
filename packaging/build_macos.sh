#!/bin/sh
# Build GluteDesk for macOS: GluteDesk.app (PyInstaller, the same spec as Linux) inside a .dmg.
# UNTESTED: written on Linux; run it on macOS 12+ with Python 3.11 (python.org build).
# .github/workflows/release-macos.yml runs it.
#
#   sh packaging/build_macos.sh   -> dist/GluteDesk.app and dist/GluteDesk-<version>-macos.dmg
#
# Signing and notarisation (docs/packaging.md) run only when these are set, from the CI's
# secret store, never written here:
#   MACOS_SIGN_IDENTITY   "Developer ID Application: <NAME> (<TEAM_ID>)"
#   MACOS_NOTARY_PROFILE  a keychain profile made with `xcrun notarytool store-credentials`
set -eu
cd "$(dirname "$0")/.."
lock=requirements-macos-bundle.lock  # macOS needs its own lock (docs/packaging.md)
[ -f "$lock" ] || { echo "$lock is missing: make it on macOS (docs/packaging.md)" >&2; exit 1; }

python3.11 -m venv .venv-mac
.venv-mac/bin/python -m pip install --require-hashes -r "$lock"
.venv-mac/bin/python -m pip install --no-deps .
QT_QPA_PLATFORM=offscreen .venv-mac/bin/python packaging/make_icons.py build/icons
.venv-mac/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
  packaging/glutedesk.spec
cp packaging/licenses/THIRD-PARTY.txt dist/GluteDesk.app/Contents/Resources/
version=$(python3 packaging/bundle_info.py --version)

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp \
    --entitlements packaging/macos/entitlements.plist \
    --sign "$MACOS_SIGN_IDENTITY" dist/GluteDesk.app
  codesign --verify --deep --strict dist/GluteDesk.app
fi

dmg="dist/GluteDesk-$version-macos.dmg"
staging=build/dmg
rm -rf "$staging" "$dmg"
mkdir -p "$staging"
cp -R dist/GluteDesk.app "$staging/"
ln -s /Applications "$staging/Applications"  # drag GluteDesk onto Applications to install
hdiutil create -volname "GluteDesk $version" -srcfolder "$staging" -ov -format UDZO "$dmg"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ] && [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
  codesign --sign "$MACOS_SIGN_IDENTITY" --timestamp "$dmg"
  xcrun notarytool submit "$dmg" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
  xcrun stapler staple "$dmg"
fi
echo "Built $dmg"
