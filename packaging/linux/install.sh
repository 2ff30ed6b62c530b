#!/bin/sh
# Install GluteDesk for this user (no root needed): the folder goes to ~/.local/opt/GluteDesk,
# `glutedesk` to ~/.local/bin, and GluteDesk appears in the applications menu.
# Remove it again with:  ./install.sh --uninstall
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest="$HOME/.local/opt/GluteDesk"
apps="$HOME/.local/share/applications"
icons="$HOME/.local/share/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$dest" "$HOME/.local/bin/glutedesk" "$apps/glutedesk.desktop" "$icons/glutedesk.png"
  echo "GluteDesk removed (your records were not touched)."
  exit 0
fi
sh "$here/check-qt-libs.sh" "$here/_internal/PySide6/Qt" || exit 1
mkdir -p "$dest" "$HOME/.local/bin" "$apps" "$icons"
[ "$here" = "$dest" ] || { rm -rf "$dest"; cp -a "$here" "$dest"; }
ln -sf "$dest/glutedesk" "$HOME/.local/bin/glutedesk"
cp "$dest/glutedesk.png" "$icons/glutedesk.png"
sed "s|^Exec=.*|Exec=$dest/glutedesk|" "$dest/glutedesk.desktop" > "$apps/glutedesk.desktop"
echo "GluteDesk installed: open it from your applications menu, or run: glutedesk"
