#!/bin/sh
# Run the built app the way a therapist's machine would: a copy of the folder outside the source
# tree, a clean environment (no Python on PATH, a fresh HOME), Qt's offscreen platform. Checks
# the version, `demo`, a progress report PDF and the main window opening, then a client's
# timeline charts (glutedesk/ui/smoke.py watches and drives the real window code). Prints
# timings and sizes. Exit 0 only if every check passes.
#
#   sh packaging/check_bundle.sh dist/GluteDesk/glutedesk
set -eu
app=${1:-dist/GluteDesk/glutedesk}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$app" in
  *.app/Contents/MacOS/*) folder=$(cd "${app%%.app/*}.app" && pwd); rel=${app#*.app/} ;;
  *) folder=$(cd "$(dirname "$app")" && pwd); rel=$(basename "$app") ;;
esac
want_version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/glutedesk/__init__.py")

work=$(mktemp -d /tmp/glutedesk-bundle-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/nobin" "$work/run"
cp -a "$folder" "$work/GluteDesk"
exe="$work/GluteDesk/$rel"
cd "$work/run"
clean() { env -i HOME="$work/home" PATH="$work/nobin" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"; }
fail() { echo "bundle check FAILED: $*" >&2; exit 1; }
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f s", b - a }'; }

echo "bundle: $(du -sh "$folder" | cut -f1) in $(find "$folder" -type f | wc -l) files; copied to $work/GluteDesk"

t=$(now); out=$(clean "$exe" --version) || fail "--version exited $?"
echo "--version: $out ($(took "$t"))"
case "$out" in *"$want_version"*) ;; *) fail "--version says '$out', glutedesk/__init__.py says $want_version" ;; esac

help=$(clean "$exe" --help) || fail "--help exited $?"
for command in demo clients report backup restore check export import bench; do
  echo "$help" | grep -q "^  $command " || fail "command '$command' is missing from --help"
done
echo "--help: every command present"

t=$(now); clean "$exe" --db "$work/run/clinic.sqlite3" demo || fail "demo exited $?"
echo "demo: ok ($(took "$t"))"

id=$(clean "$exe" --db "$work/run/clinic.sqlite3" clients --json \
  | sed -n 's/^ *"id": "\([^"]*\)".*/\1/p' | head -n 1)
[ -n "$id" ] || fail "clients --json listed no client"

t=$(now)
clean "$exe" --db "$work/run/clinic.sqlite3" report --client "$id" --kind progress \
  --out "$work/run/progress.pdf" || fail "report exited $?"
[ "$(head -c 5 "$work/run/progress.pdf")" = "%PDF-" ] || fail "progress.pdf is not a PDF"
size=$(wc -c < "$work/run/progress.pdf")
[ "$size" -gt 10000 ] || fail "progress.pdf is only $size bytes"
echo "report --kind progress: %PDF, $size bytes ($(took "$t"))"

t=$(now)
clean GLUTEDESK_SMOKE_REPORT="$work/run/window.json" GLUTEDESK_SMOKE_PDF="$work/run/progress.pdf" \
  GLUTEDESK_SMOKE_SCREENSHOT="${GLUTEDESK_SCREENSHOT:-$work/run/window.png}" \
  "$exe" --db "$work/run/clinic.sqlite3" || fail "the window run exited $?"
[ -f "$work/run/window.json" ] || fail "the window never reported (no window.json)"
report=$(cat "$work/run/window.json")
echo "$report" | grep -q '"window": "up"' || fail "the window did not come up: $report"
echo "$report" | grep -q '"clients_listed": 0' && fail "the window listed no clients"
echo "$report" | grep -q '"has_icon": true' || fail "the window has no icon: $report"
echo "$report" | grep -q '"charts_drawn": [1-9]' || fail "the timeline drew no charts: $report"
echo "$report" | grep -q '"pdf_pages_rendered": [1-9]' || fail "PDFium rendered no page of progress.pdf (print preview): $report"
echo "print preview: PDFium rendered $(echo "$report" | sed -n 's/.*"pdf_pages_rendered": \([0-9]*\).*/\1/p') pages of progress.pdf"
echo "window: up, $(echo "$report" | sed -n 's/.*"clients_listed": \([0-9]*\).*/\1/p') clients listed, $(echo "$report" | sed -n 's/.*"charts_drawn": \([0-9]*\).*/\1/p') timeline charts drawn, icon set ($(took "$t") to open, chart and close)"
find "$work/home" -path '*GluteDesk*' -name 'fontlist-*.json' | grep -q . \
  || fail "matplotlib's font cache was not kept in the user cache folder"
echo "matplotlib font cache: kept in the user cache folder"
echo "bundle check passed"
