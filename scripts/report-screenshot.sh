#!/usr/bin/env bash
# Takes a screenshot of a report page the way a person would see it: headless Chromium opens
# index.html from disk (file://, no server, no network) and saves a PNG of the window.
#
#   scripts/report-screenshot.sh results/quickstart/report/index.html /tmp/report.png [WIDTH HEIGHT]
#
# Needs Debian's chromium (apt-get install chromium). Exits 3 when it is missing, so callers can skip.
set -euo pipefail

page="${1:?usage: report-screenshot.sh INDEX_HTML OUT_PNG [WIDTH HEIGHT]}"
out="${2:?usage: report-screenshot.sh INDEX_HTML OUT_PNG [WIDTH HEIGHT]}"
width="${3:-1400}"
height="${4:-2000}"

browser=""
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null; then browser="$(command -v "$name")"; break; fi
done
if [ -z "$browser" ]; then
  echo "report-screenshot: no chromium found; install it with: sudo apt-get install chromium" >&2
  exit 3
fi
[ -f "$page" ] || { echo "report-screenshot: '$page' does not exist" >&2; exit 2; }

profile="$(mktemp -d "${TMPDIR:-/tmp}/hdc-screenshot-XXXXXX")"
trap 'rm -rf "$profile"' EXIT
page_url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
mkdir -p "$(dirname "$out")"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$out_abs"

# A fresh profile and no background services: the page must render from the files alone.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --disable-background-networking --disable-component-update --disable-sync --no-first-run \
  --user-data-dir="$profile" --window-size="$width,$height" --screenshot="$out_abs" "$page_url" \
  >"$profile/chromium.log" 2>&1 || { tail -20 "$profile/chromium.log" >&2; exit 1; }

[ -s "$out_abs" ] || { echo "report-screenshot: chromium wrote no screenshot" >&2; tail -20 "$profile/chromium.log" >&2; exit 1; }
echo "$out_abs"
