#!/usr/bin/env bash
# Benchmark: generated plans of N = 100, 1,000 and 10,000 tasks; wall time
# and peak memory (RSS) of `migplan check` and of a full `migplan build`,
# median of RUNS runs each, as a Markdown table (docs/performance.md).
#
#   bash bench/run.sh                  # RUNS=5, sizes 100 1000 10000
#   RUNS=9 SIZES="1000 10000" bash bench/run.sh
#   BENCH_DIR=/tmp/bench bash bench/run.sh
#
# Needs GNU time (/usr/bin/time; Debian package `time`, installed here when
# missing and running as root). Wall time is measured by the shell
# ($EPOCHREALTIME) around `/usr/bin/time`, whose own %e has only 10 ms
# resolution; peak memory is time's %M (maximum resident set size).
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-"100 1000 10000"}
AS_OF=${AS_OF:-2026-05-20}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/migplan-bench}

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
    else
        echo "bench: /usr/bin/time (GNU time) is missing: apt-get install time" >&2
        exit 2
    fi
fi

cargo build --release --quiet --bin migplan --example gen_plan
BIN=$PWD/target/release/migplan
GEN=$PWD/target/release/examples/gen_plan

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# measure ROOT CMD: prints "<median seconds> <median peak MB>"
measure() {
    local root=$1 cmd=$2 times=() mems=() i t0 t1 mem
    for ((i = 0; i < RUNS; i++)); do
        rm -rf "$root/output"
        t0=$EPOCHREALTIME
        /usr/bin/time -f %M -o "$root/.mem" "$BIN" "$cmd" --root "$root" --as-of "$AS_OF" >/dev/null 2>"$root/.err" || {
            echo "bench: migplan $cmd failed on $root:" >&2
            cat "$root/.err" >&2
            exit 1
        }
        t1=$EPOCHREALTIME
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}')")
        mem=$(tail -n 1 "$root/.mem")
        mems+=("$(awk -v k="$mem" 'BEGIN {printf "%.1f", k / 1024}')")
    done
    printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${mems[@]}" | median)"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "migplan: release build, median of $RUNS runs, --as-of $AS_OF"
echo
echo "| tasks | check (s) | check peak (MB) | build (s) | build peak (MB) | output files | output (MB) |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
declare -A BUILD_TIME
for n in $SIZES; do
    root=$BENCH_DIR/plan-$n
    "$GEN" "$n" "$root" 2>/dev/null
    read -r ct cm < <(measure "$root" check)
    read -r bt bm < <(measure "$root" build)
    BUILD_TIME[$n]=$bt
    files=$(find "$root/output" -type f | wc -l)
    size=$(du -sb "$root/output" | awk '{printf "%.1f", $1 / 1e6}')
    echo "| $n | $ct | $cm | $bt | $bm | $files | $size |"
done

# Growth: time(10x tasks) / time(x tasks); the target is at most 11.
prev=
for n in $SIZES; do
    if [ -n "$prev" ] && [ $((n / prev)) -eq 10 ]; then
        awk -v a="${BUILD_TIME[$prev]}" -v b="${BUILD_TIME[$n]}" -v p="$prev" -v n="$n" \
            'BEGIN {printf "build time %s -> %s tasks: x%.1f\n", p, n, b / a}'
    fi
    prev=$n
done
