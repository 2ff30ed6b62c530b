#!/bin/sh
# Add the Linux desktop pieces to the built folder: the .desktop entry, the icon, the Qt
# system-library check and a per-user installer. The folder is then the Linux release
# (tar it: GluteDesk-VERSION-linux-x86_64.tar.gz).
#
#   sh packaging/linux/finish_folder.sh dist/GluteDesk build/icons
set -eu
folder=$1
icons=$2
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/glutedesk.desktop" "$folder/glutedesk.desktop"
cp "$icons/glutedesk-256.png" "$folder/glutedesk.png"
cp "$here/check-qt-libs.sh" "$folder/check-qt-libs.sh"
cp "$here/install.sh" "$folder/install.sh"
chmod +x "$folder/check-qt-libs.sh" "$folder/install.sh"
cp "$here/../licenses/THIRD-PARTY.txt" "$folder/THIRD-PARTY.txt"
