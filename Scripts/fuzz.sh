#!/usr/bin/env bash
# Builds and runs one libFuzzer target of the Fuzz/ package (never part of the normal test run).
#
#   bash Scripts/fuzz.sh TARGET [BUDGET]     run TARGET (see the list below)
#   bash Scripts/fuzz.sh build TARGET        build it only
#   bash Scripts/fuzz.sh list                the targets
#
# BUDGET: a number of executions (1000000), or a time with a unit (600s, 20m). Default: one
# million executions or 20 minutes, whichever comes first. Everything runs under `nice -n 19`.
# Extra libFuzzer flags can be passed in FUZZ_FLAGS (e.g. FUZZ_FLAGS="-seed=1 -jobs=1").
#
# Layout (all git-ignored): Fuzz/.build-fuzz (the sanitizer build), Fuzz/corpus/TARGET (the
# growing corpus), Fuzz/findings/TARGET (crash-*, timeout-*, oom-*, leak-* inputs),
# Fuzz/logs/TARGET.log (the run's output). The seeds are Fuzz/Seeds/, the real files in
# ../shared/data when present, and Tests/Fixtures; see Documentation/Reliability.md.
#
# The fuzz package is compiled with SwiftPM's --sanitize=fuzzer --sanitize=address plus
# `-Xswiftc -sanitize=fuzzer,address`: swiftc keeps only the last of several `-sanitize=` flags,
# so without the combined flag the Swift code would get AddressSanitizer but no coverage
# instrumentation (Swift 6.3, Linux).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
fuzz=$root/Fuzz
shared=$root/../shared/data
targets=(fits-memory fits-file swpc plain-csv harp-noaa goes-xrs safetensors npy)

usage() {
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
    echo "targets: ${targets[*]}" >&2
    exit 2
}

# (After adding a source file to the library, `touch Fuzz/Package.swift` once: SwiftPM keeps the
# file list of a path dependency until the depending manifest changes.)
# FUZZ_CONFIGURATION=release builds with optimisation (Swift's overflow and bounds checks stay
# on; only `assert` goes): 5-30 times the executions per second of a debug build.
configuration=${FUZZ_CONFIGURATION:-debug}
build() {
    nice -n 19 swift build --package-path "$fuzz" --scratch-path "$fuzz/.build-fuzz" -c "$configuration" \
        --product "fuzz-$1" --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address \
        2>&1 | grep -v -e 'ld.gold: warning: Cannot export local symbol' -e '^\[' || true
    test -x "$fuzz/.build-fuzz/$configuration/fuzz-$1" || { echo "fuzz.sh: build of fuzz-$1 failed" >&2; exit 1; }
}

# Copies the existing files among "$@" into the seed folder $seeds.
add_seeds() {
    local file
    for file in "$@"; do
        if [ -f "$file" ]; then cp "$file" "$seeds/"; fi
    done
}

[ $# -ge 1 ] || usage
case "$1" in
    list) printf '%s\n' "${targets[@]}"; exit 0 ;;
    build) [ $# -eq 2 ] || usage; build "$2"; exit 0 ;;
esac
target=$1
budget=${2:-}
[[ " ${targets[*]} " == *" $target "* ]] || usage

# Budget: runs, or seconds.
runs=1000000
seconds=1200
case "$budget" in
    "") ;;
    *s) seconds=${budget%s}; runs=-1 ;;
    *m) seconds=$(( ${budget%m} * 60 )); runs=-1 ;;
    *[!0-9]*) usage ;;
    *) runs=$budget; seconds=0 ;;
esac

build "$target"

# Seeds for this target, fresh each run (the corpus folder keeps what the fuzzer found).
seeds=$fuzz/corpus/$target-seeds
rm -rf "$seeds"
mkdir -p "$seeds" "$fuzz/corpus/$target" "$fuzz/findings/$target" "$fuzz/logs"
bad=$root/Tests/Fixtures/bad-inputs
case "$target" in
    fits-memory | fits-file)
        add_seeds "$fuzz"/Seeds/fits/* "$shared"/fits_conformance/* "$shared"/sharp/* "$shared"/fulldisk/* \
            "$fuzz"/Seeds/goes-xrs/* "$bad"/*.fits "$bad"/*.fits.gz
        dictionary=fits.dict max_len=100000 ;;
    goes-xrs)
        add_seeds "$fuzz"/Seeds/goes-xrs/* "$shared"/goes_xrs/* "$fuzz"/Seeds/fits/int16_scaled.fits "$bad"/xrs-*.fits
        dictionary=fits.dict max_len=100000 ;;
    swpc)
        add_seeds "$fuzz"/Seeds/swpc/* "$root"/Tests/Fixtures/catalogs/*.csv "$shared"/catalogs/*.csv "$bad"/swpc-*
        dictionary=catalogs.dict max_len=4096 ;;
    plain-csv)
        add_seeds "$fuzz"/Seeds/plain-csv/* "$bad"/plain-*
        dictionary=catalogs.dict max_len=4096 ;;
    harp-noaa)
        add_seeds "$fuzz"/Seeds/harp-noaa/* "$shared"/catalogs/all_harps_with_noaa_ars.txt "$bad"/harp-*
        dictionary=catalogs.dict max_len=4096 ;;
    safetensors)
        add_seeds "$fuzz"/Seeds/safetensors/* "$root"/Tests/Fixtures/io/*.safetensors "$bad"/*.safetensors
        dictionary=safetensors.dict max_len=16384 ;;
    npy)
        add_seeds "$root"/Tests/Fixtures/io/*.npy "$root"/Tests/Fixtures/evaluation/*.npy "$bad"/*.npy
        dictionary=npy.dict max_len=16384 ;;
esac

# ASan options: allocator_may_return_null=1 makes an impossible allocation (cfitsio sizing a
# buffer from a corrupt header, say 2^54 bytes) return NULL as glibc does, so cfitsio reports
# MEMORY_ALLOCATION and FlareKit a typed error. Memory actually used beyond -rss_limit_mb (3 GiB)
# is reported by libFuzzer as out-of-memory; single allocations up to -malloc_limit_mb (4.5 GiB)
# are let through, because cfitsio reserves 4 GiB + N (virtual, untouched) for a .fits.gz whose
# trailer records fewer bytes than the compressed file (it takes the size as wrapped), which
# glibc grants without using memory. SWIFT_BACKTRACE is off so that crashes print ASan's report.
# LeakSanitizer suppressions: Fuzz/lsan.supp.
#
# Readers that take a path get a per-process scratch file on a RAM disk when there is one;
# FITSReader.readImage(bytes:) stages its bytes under TMPDIR, so that goes there too.
scratch_base=/dev/shm
[ -d "$scratch_base" ] && [ -w "$scratch_base" ] || scratch_base=${TMPDIR:-/tmp}
scratch=$(mktemp -d "$scratch_base/flarekit-fuzz-$target.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

log=$fuzz/logs/$target.log
echo "fuzz.sh: $target ($configuration), runs=$runs max_total_time=$seconds, log $log" >&2
set +e
FLAREKIT_FUZZ_SCRATCH=$scratch TMPDIR=$scratch SWIFT_BACKTRACE=enable=no \
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1} \
    LSAN_OPTIONS=suppressions=$fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS} \
    nice -n 19 "$fuzz/.build-fuzz/$configuration/fuzz-$target" \
    "$fuzz/corpus/$target" "$seeds" \
    -dict="$fuzz/Dictionaries/$dictionary" -max_len=$max_len -runs=$runs -max_total_time=$seconds \
    -timeout=30 -rss_limit_mb=3072 -malloc_limit_mb=4608 -print_final_stats=1 \
    -artifact_prefix="$fuzz/findings/$target/" ${FUZZ_FLAGS:-} >"$log" 2>&1
status=$?
set -e

# A summary: the final statistics and the corpus size.
grep -E '^(#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" >&2 || true
corpus_files=$(find "$fuzz/corpus/$target" -type f | wc -l)
corpus_bytes=$(du -sb "$fuzz/corpus/$target" | cut -f1)
echo "fuzz.sh: $target exit $status; corpus $corpus_files files, $corpus_bytes bytes" >&2
if [ $status -ne 0 ]; then
    echo "fuzz.sh: $target FOUND A PROBLEM (see $log and $fuzz/findings/$target/)" >&2
fi
exit $status
