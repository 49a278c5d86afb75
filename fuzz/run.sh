#!/bin/sh
# Runs the fuzz targets ($2…, default both) for $1 seconds each (default 600), seeded from the
# fixtures (and from ../shared's seeds and real corpus when they are there). Needs
# `rustup toolchain install nightly` and `cargo install cargo-fuzz`. A crash stops that target
# (the others still run); it lands in fuzz/artifacts/<target>/. Mutations use the tokens in
# pmlint.dict (times, zones, digits of other scripts, Markdown structure).
set -u
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=${*:-lint time_duration block_text}
shared=../../shared
status=0
for target in $targets; do
    mkdir -p "corpus/$target"
    seeds="../fixtures"
    for d in "$shared/seeds" "$shared/corpus/real"; do
        [ -d "$d" ] && seeds="$seeds $d"
    done
    case $target in
        lint | block_text) max_len=32768 ;;
        *) max_len=4096 ;;
    esac
    # -s none: pmlint's one unsafe block is SSE2 arithmetic on values (facts/word.rs, no pointers),
    # so the sanitizer buys little and costs most of the speed;
    # -a keeps debug assertions and overflow checks on.
    cargo +nightly fuzz run -s none -a -O "$target" "corpus/$target" $seeds -- \
        -max_total_time="$secs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -dict=pmlint.dict || { status=1; echo "fuzz target $target found a crash: see artifacts/$target/"; }
done
exit $status
