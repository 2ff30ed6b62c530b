#!/bin/sh
# Check that the system libraries Qt needs to open a window on Linux are installed, and name the
# exact Debian/Ubuntu packages for any that are missing. `make run` calls it; the Linux release
# folder ships it too (run ./check-qt-libs.sh there). Exit 0: all present; 1: some missing.
#
#   sh packaging/linux/check-qt-libs.sh [QT_DIR]
#
# QT_DIR is searched for Qt's X11 platform plugin (libqxcb.so); default: the PySide6 of
# .venv/bin/python. The table below was made on Debian 12 by running ldd on libqxcb.so, the
# xcbglintegrations plugins and PySide6's Qt libraries, then `dpkg -S` on every library found.
set -u
[ "$(uname -s)" = "Linux" ] || exit 0

qt_dir=${1:-}
if [ -z "$qt_dir" ]; then
  py=${PYTHON:-.venv/bin/python}
  qt_dir=$("$py" -c 'import os, PySide6; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt"))' 2>/dev/null) || {
    echo "check-qt-libs: PySide6 is not installed in $py" >&2; exit 1; }
fi
xcb=$(find "$qt_dir" -name 'libqxcb.so' 2>/dev/null | head -n 1)
if [ -z "$xcb" ]; then
  echo "check-qt-libs: Qt's X11 plugin (libqxcb.so) was not found under $qt_dir" >&2
  exit 1
fi
plugins=$(dirname "$(dirname "$xcb")")
libs=$(find "$qt_dir" "$plugins/.." -maxdepth 3 -name 'libQt6*.so.6' 2>/dev/null | sort -u)

package_of() {
  case "$1" in
    libbrotlicommon.so.1) echo libbrotli1 ;;
    libbrotlidec.so.1) echo libbrotli1 ;;
    libbsd.so.0) echo libbsd0 ;;
    libc.so.6) echo libc6 ;;
    libdl.so.2) echo libc6 ;;
    libm.so.6) echo libc6 ;;
    libpthread.so.0) echo libc6 ;;
    libcap.so.2) echo libcap2 ;;
    libdbus-1.so.3) echo libdbus-1-3 ;;
    libEGL.so.1) echo libegl1 ;;
    libexpat.so.1) echo libexpat1 ;;
    libffi.so.8) echo libffi8 ;;
    libfontconfig.so.1) echo libfontconfig1 ;;
    libfreetype.so.6) echo libfreetype6 ;;
    libgcc_s.so.1) echo libgcc-s1 ;;
    libgcrypt.so.20) echo libgcrypt20 ;;
    libGL.so.1) echo libgl1 ;;
    libglib-2.0.so.0) echo libglib2.0-0 ;;
    libgthread-2.0.so.0) echo libglib2.0-0 ;;
    libGLdispatch.so.0) echo libglvnd0 ;;
    libGLX.so.0) echo libglx0 ;;
    libgpg-error.so.0) echo libgpg-error0 ;;
    liblz4.so.1) echo liblz4-1 ;;
    liblzma.so.5) echo liblzma5 ;;
    libmd.so.0) echo libmd0 ;;
    libpcre2-8.so.0) echo libpcre2-8-0 ;;
    libpng16.so.16) echo libpng16-16 ;;
    libstdc++.so.6) echo libstdc++6 ;;
    libsystemd.so.0) echo libsystemd0 ;;
    libwayland-client.so.0) echo libwayland-client0 ;;
    libwayland-cursor.so.0) echo libwayland-cursor0 ;;
    libX11.so.6) echo libx11-6 ;;
    libX11-xcb.so.1) echo libx11-xcb1 ;;
    libXau.so.6) echo libxau6 ;;
    libxcb-cursor.so.0) echo libxcb-cursor0 ;;
    libxcb-glx.so.0) echo libxcb-glx0 ;;
    libxcb-icccm.so.4) echo libxcb-icccm4 ;;
    libxcb-image.so.0) echo libxcb-image0 ;;
    libxcb-keysyms.so.1) echo libxcb-keysyms1 ;;
    libxcb-randr.so.0) echo libxcb-randr0 ;;
    libxcb-render-util.so.0) echo libxcb-render-util0 ;;
    libxcb-render.so.0) echo libxcb-render0 ;;
    libxcb-shape.so.0) echo libxcb-shape0 ;;
    libxcb-shm.so.0) echo libxcb-shm0 ;;
    libxcb-sync.so.1) echo libxcb-sync1 ;;
    libxcb-util.so.1) echo libxcb-util1 ;;
    libxcb-xfixes.so.0) echo libxcb-xfixes0 ;;
    libxcb-xkb.so.1) echo libxcb-xkb1 ;;
    libxcb.so.1) echo libxcb1 ;;
    libXdmcp.so.6) echo libxdmcp6 ;;
    libxkbcommon-x11.so.0) echo libxkbcommon-x11-0 ;;
    libxkbcommon.so.0) echo libxkbcommon0 ;;
    libzstd.so.1) echo libzstd1 ;;
    libz.so.1) echo zlib1g ;;
    *) echo "" ;;
  esac
}

missing=$(for f in "$xcb" "$plugins"/xcbglintegrations/*.so $libs; do
  [ -f "$f" ] && LD_LIBRARY_PATH="$qt_dir/lib:$(dirname "$xcb")/../../lib:${LD_LIBRARY_PATH:-}" ldd "$f" 2>/dev/null
done | awk '/not found/ {print $1}' | grep -v '^libQt6' | sort -u)

if [ -z "$missing" ]; then
  echo "Qt's system libraries: all present"
  exit 0
fi

packages=""
unknown=""
for so in $missing; do
  pkg=$(package_of "$so")
  if [ -n "$pkg" ]; then packages="$packages $pkg"; else unknown="$unknown $so"; fi
done
packages=$(echo $packages | tr ' ' '\n' | sort -u | tr '\n' ' ')
echo "GluteDesk needs system libraries that Qt uses to open its window; missing:" >&2
for so in $missing; do echo "  $so" >&2; done
[ -n "$packages" ] && echo "Install them with:  sudo apt-get install $packages" >&2
[ -n "$unknown" ] && echo "Find the package for:$unknown  (apt-file search NAME)" >&2
exit 1
