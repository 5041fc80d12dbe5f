#!/usr/bin/env bash
# Proves that the XSS cases of the hostile suite are inert in a real browser:
# builds every tests/hostile/xss-* and resource-url-* case (over
# tests/hostile/_base) plus a project whose Markdown file names carry
# payloads, loads every built page in headless Chromium, and checks that no
# script ran.
#
#   bash bench/xss_chromium.sh            # needs /usr/bin/chromium (Debian)
#
# How "no script ran" is seen: every payload does document.title='XSS'
# (payloads written as alert(...)/msgbox(...) are rewritten to it before the
# build), Chromium runs each page with a virtual time budget (so onload,
# onerror, autofocus/onfocus, ontoggle and SVG animation handlers fire), and
# --dump-dom prints the DOM after that: its <title> must not be "XSS". A
# control page with a real handler must turn "XSS", or the check itself is
# broken. Handlers that need a user (onclick, onmouseover) cannot fire here;
# tests/hostile.rs checks statically that no on*= attribute survives at all.
#
# Ends with "N passed, N failed"; exit 1 when anything failed.
set -euo pipefail

cd "$(dirname "$0")/.."
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then
    echo "xss_chromium: no chromium (apt-get install chromium, or shared/tools/setup.sh)" >&2
    exit 2
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/migplan-xss.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet --bin migplan
BIN=$PWD/target/release/migplan
passed=0
failed=0

title_after_load() {
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --allow-file-access-from-files --virtual-time-budget=3000 --dump-dom "file://$1" 2>/dev/null |
        tr '\n' ' ' | sed -n 's:.*<title>\([^<]*\)</title>.*:\1:p'
}

# The control: a handler that does run.
printf '<!DOCTYPE html><title>clean</title><img src="x" onerror="document.title=%sXSS%s">' "'" "'" >"$WORK/control.html"
if [ "$(title_after_load "$WORK/control.html")" = XSS ]; then
    passed=$((passed + 1))
else
    echo "FAIL control page: Chromium did not run its handler, so this check proves nothing" >&2
    failed=$((failed + 1))
fi

build_case() { # NAME SOURCE_CONTENT_DIR...
    local name=$1 root=$WORK/$1
    shift
    mkdir -p "$root/content"
    cp -r tests/hostile/_base/content/. "$root/content/"
    for src in "$@"; do cp -r "$src/." "$root/content/"; done
    # Make every payload observable.
    find "$root/content" -type f \( -name '*.md' -o -name '*.yaml' \) -exec \
        sed -i -E "s/alert\((1|document\.domain)\)/document.title='XSS'/g; s/msgbox\(1\)/document.title='XSS'/g" {} +
    "$BIN" build --root "$root" --as-of 2026-11-22 >/dev/null 2>"$root/build.err" || {
        echo "FAIL $name: build failed" >&2
        cat "$root/build.err" >&2
        failed=$((failed + 1))
        return
    }
}

cases=()
for dir in tests/hostile/xss-* tests/hostile/resource-url-*; do
    name=$(basename "$dir")
    # Cases that are meant to fail to build have nothing to load.
    grep -q '^exit: 0' "$dir/expected.txt" || continue
    build_case "$name" "$dir/content"
    cases+=("$name")
done
mkdir -p "$WORK/names-src"
for f in "a\" onmouseover=\"document.title='XSS'" "<img src=x onerror=document.title='XSS'>" "javascript:document.title='XSS'"; do
    printf -- '---\ntitle: Named\n---\nText.\n' >"$WORK/names-src/$f.md"
done
build_case xss-in-file-names "$WORK/names-src"
cases+=(xss-in-file-names)

pages=()
for name in "${cases[@]}"; do
    [ -d "$WORK/$name/output" ] || continue
    while IFS= read -r -d '' page; do
        pages+=("$page")
    done < <(find "$WORK/$name/output" -name '*.html' -not -path '*/latest/*' -print0 | sort -z)
done

# One browser for every page when playwright-core is there (../shared/tools/
# setup.sh installs it): seconds instead of one Chromium start per page.
if command -v node >/dev/null && node bench/xss_pages.mjs "$WORK/control.html" >"$WORK/probe.txt" 2>/dev/null &&
    [ "$(cut -f1 "$WORK/probe.txt")" = XSS ]; then
    node bench/xss_pages.mjs "${pages[@]}" >"$WORK/titles.txt"
else
    : >"$WORK/titles.txt"
    for page in "${pages[@]}"; do
        printf '%s\t%s\n' "$(title_after_load "$page")" "$page" >>"$WORK/titles.txt"
    done
fi
checked=0
while IFS=$'\t' read -r title page; do
    checked=$((checked + 1))
    rel=${page#"$WORK/"}
    if [ "$title" = XSS ]; then
        echo "FAIL $rel: a script ran (title is XSS)" >&2
        failed=$((failed + 1))
    elif [ -z "$title" ]; then
        echo "FAIL $rel: could not load the page" >&2
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done <"$WORK/titles.txt"
if [ "$checked" -ne "${#pages[@]}" ]; then
    echo "FAIL checked $checked of ${#pages[@]} pages" >&2
    failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
