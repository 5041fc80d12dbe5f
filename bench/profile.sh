#!/usr/bin/env bash
# Where the time of `migplan build` goes, per pipeline stage: a release
# binary with line tables (built into target/profiling, so the normal
# release build is untouched), a generated plan of N tasks, `perf record`
# with DWARF call graphs, and the inclusive share of each stage's function.
#
#   bash bench/profile.sh [N] [check|build]        # default: 10000 build
#
# Needs `perf` (Debian: linux-perf). Without it, falls back to
# `valgrind --tool=callgrind` (much slower; read the result with
# callgrind_annotate --inclusive=yes). The per-stage milliseconds are the
# stage's share of the samples times the wall time of an unprofiled run.
# Shares of nested functions overlap (render_site includes prose lookups).
set -euo pipefail

cd "$(dirname "$0")/.."
N=${1:-10000}
CMD=${2:-build}
AS_OF=${AS_OF:-2026-05-20}
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/migplan-bench}/profile-$N
TARGET=$PWD/target/profiling

CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build --release --quiet \
    --target-dir "$TARGET" --bin migplan --example gen_plan
BIN=$TARGET/release/migplan
"$TARGET/release/examples/gen_plan" "$N" "$WORK" 2>/dev/null

rm -rf "$WORK/output"
t0=$EPOCHREALTIME
"$BIN" "$CMD" --root "$WORK" --as-of "$AS_OF" >/dev/null 2>&1
t1=$EPOCHREALTIME
wall_ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", (b - a) * 1000}')
rm -rf "$WORK/output"

if ! command -v perf >/dev/null; then
    echo "profile: no perf; running callgrind (slow)" >&2
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
        "$BIN" "$CMD" --root "$WORK" --as-of "$AS_OF" >/dev/null 2>&1
    callgrind_annotate --inclusive=yes "$WORK/callgrind.out" | grep -E 'migplan::' | head -40
    exit 0
fi

perf record -q --call-graph dwarf,32768 -F 499 -o "$WORK/perf.data" \
    "$BIN" "$CMD" --root "$WORK" --as-of "$AS_OF" >/dev/null 2>&1
perf report -i "$WORK/perf.data" --children --stdio --no-call-graph --percent-limit 0.05 \
    2>/dev/null >"$WORK/perf.txt"

echo "migplan $CMD, $N tasks: ${wall_ms} ms wall (unprofiled run)"
echo
echo "| stage | function | share | ~ms |"
echo "| --- | --- | ---: | ---: |"
stage() { # LABEL FUNCTION
    local share
    # The line whose symbol is exactly $2 (not a closure or an inlined copy).
    share=$(awk -v f="] $2" 'substr($0, length($0) - length(f) + 1) == f {print $1; exit}' "$WORK/perf.txt" | tr -d '%')
    [ -n "$share" ] || share=0
    awk -v l="$1" -v f="$2" -v s="$share" -v w="$wall_ms" \
        'BEGIN {printf "| %s | `%s` | %.1f%% | %.0f |\n", l, f, s, s * w / 100}'
}
stage "compile (load + validate + schedule + prose check)" "migplan::compile"
stage "  load (read + YAML)" "migplan::load::load_project"
stage "  validate" "migplan::validate::validate"
stage "  schedule" "migplan::schedule::schedule"
stage "  prose check (expressions)" "migplan::prose::check"
stage "HTML site" "migplan::render::html::render_site"
stage "  prose anchors (Schedule::lookup)" "migplan::schedule::lookup::<impl migplan::schedule::Schedule>::lookup"
stage "  schedule page" "migplan::render::html::schedule::build"
stage "  Gantt page" "migplan::render::html::gantt::build"
stage "  templates (Tera)" "migplan::theme::Theme::render"
stage "PDF" "migplan::pdf::render_pdf_as"
stage "  document model" "migplan::render::pdf::document"
stage "  layout + pagination" "migplan::pdf::layout::layout"
stage "  writing (krilla)" "migplan::pdf::backend::write"
stage "  of which deflate" "krilla::stream::deflate_encode"
stage "ICS" "migplan::render::ics::render"
stage "CSV" "migplan::render::csv::render"
stage "JSON" "migplan::render::json::plan"
stage "publish (write output/)" "migplan::publish::publish_folder"
echo
echo "Top functions by own time (self %):"
perf report -i "$WORK/perf.data" --no-children --stdio --no-call-graph --percent-limit 1.5 2>/dev/null |
    grep -E '^ +[0-9]' | head -15 | sed -E 's/ +/ /g'
echo
echo "(full report: perf report -i $WORK/perf.data)"
