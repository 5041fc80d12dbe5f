#!/usr/bin/env bash
# No page of a built site scrolls sideways and no table is clipped or
# scrolls, at phone, tablet and desktop widths: runs the shared checker
# shared/tools/width_check.mjs (headless Chromium; for every page and width,
# the document's scrollWidth against the viewport, and every element that
# hides or scrolls overflowing content) over each SITE_DIR.
#
#   bash bench/width_check.sh SITE_DIR...      # SHARED=../shared by default
#
# Widths: WIDTHS, default 360,390,768,1280,1920 (the smallest phone we
# support, a common phone, a tablet, a laptop, a desktop).
#
# No exception: the Gantt chart too is drawn to fit its column when it is
# wider (labels and chart shrunk alike; see .gantt-grid in the theme's CSS).
#
# Ends with "N passed, N failed" (one per site); exit 1 when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-$PWD/../shared}"
WIDTHS="${WIDTHS:-360,390,768,1280,1920}"
[ $# -gt 0 ] || { echo "usage: bench/width_check.sh SITE_DIR..." >&2; exit 2; }
passed=0
failed=0
for site in "$@"; do
    json=$(mktemp "${TMPDIR:-/tmp}/width-check.XXXXXX")
    node "$SHARED/tools/width_check.mjs" "$site" --widths "$WIDTHS" --json >"$json"
    rc=$?
    if [ $rc -gt 1 ]; then
        echo "FAIL $site: the checker did not run (exit $rc)" >&2
        failed=$((failed + 1))
        rm -f "$json"
        continue
    fi
    if python3 - "$json" "$site" <<'PY'; then
import json, sys
problems = json.load(open(sys.argv[1]))
site = sys.argv[2]
bad = problems
for p in bad:
    text = f' ("{p["text"]}")' if p.get("text") else ""
    print(f'{site}/{p["page"]} @{p["width"]}px: {p["what"]} overflows by {p["by"]}px{text}')
print(f"{site}: {len(bad)} overflow(s)")
sys.exit(1 if bad else 0)
PY
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
    rm -f "$json"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
