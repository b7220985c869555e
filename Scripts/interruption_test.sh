#!/usr/bin/env bash
# Kills a training run with SIGKILL at random points while it writes its checkpoint, RUNS times,
# and checks each time that the checkpoint left on disk loads and that resuming from it
# (`fit(..., resumingFrom:)`) ends with exactly the weights of an uninterrupted run.
#
#   bash Scripts/interruption_test.sh [RUNS] [SEED]      (defaults: 20 runs, seed 2024)
#
# The run is Fuzz/Tools/interruption-trainer (a 2.1-million-parameter network with dropout and
# Adam, 6 epochs, a 34 MB checkpoint written atomically after every epoch). For each run an epoch
# E in 2...5 and a delay are drawn (bash RANDOM seeded with SEED). Odd runs: when the trainer
# reports that epoch E ended (its checkpoint is being built and written) the script waits the
# delay, uniform in [0, 1.2 x the median checkpoint time of the reference run], and sends SIGKILL.
# Even runs aim inside the file write itself: the script waits until the checkpoint's temporary
# file (`.checkpoint.safetensors.tmp-*`) appears, then a delay uniform in [0, 40] ms. Each kill
# is classified by what it left: a temporary file (inside the write), the previous epoch's
# checkpoint (while the checkpoint was being built), or epoch E's (after the rename). The run
# then resumes with --resume and final.safetensors is compared with the reference byte for byte.
# Not part of the normal test run; under `nice -n 19`. Results: Documentation/Reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
seed=${2:-2024}
epochs=6
RANDOM=$seed

nice -n 19 swift build --package-path Fuzz --scratch-path Fuzz/.build-fuzz-plain --product interruption-trainer \
    2>&1 | grep -v '^\[' || true
trainer=$PWD/Fuzz/.build-fuzz-plain/debug/interruption-trainer
[ -x "$trainer" ] || { echo "interruption_test.sh: the trainer did not build" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/flarekit-interruption.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The uninterrupted reference, and how long its checkpoint writes take.
nice -n 19 "$trainer" "$work/reference" --epochs $epochs > "$work/reference.log"
# The median checkpoint time (robust to one slow write on a busy machine).
longest=$(awk '$1 == "checkpoint-done" { print $3 }' "$work/reference.log" | sort -n \
    | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] + 0 }')
echo "reference: $epochs epochs, median checkpoint time ${longest} ms" >&2
window=$(( longest * 12 / 10 ))

printf '%-4s %-10s %-6s %-9s %-24s %-14s %-9s %s\n' run aim epoch delay_ms killed_while on_disk_epoch resumed final_weights
failures=0
mid_write=0
retries=0
run=0
while [ $run -lt "$runs" ]; do
    run=$((run + 1))
    directory=$work/run-$run
    rm -rf "$directory"
    epoch=$(( 2 + RANDOM % (epochs - 2) ))
    if [ $(( run % 2 )) -eq 1 ]; then
        aim=checkpoint
        delay=$(( (RANDOM * 32768 + RANDOM) % (window + 1) ))
    else
        aim=write
        delay=$(( RANDOM % 41 ))
    fi
    coproc TRAINER { exec nice -n 19 "$trainer" "$directory" --epochs $epochs; }
    pid=$TRAINER_PID
    killed=no
    while IFS= read -r line <&"${TRAINER[0]}"; do
        if [ "$line" = "checkpoint-begin $epoch" ]; then
            if [ $aim = write ]; then
                # Poll for the temporary file (for at most twice the reference's checkpoint time).
                for _ in $(seq 1 $(( 2 * longest + 100 ))); do
                    compgen -G "$directory/.checkpoint.safetensors.tmp-*" > /dev/null && break
                    sleep 0.001
                done
            fi
            sleep "$(printf '%d.%03d' $(( delay / 1000 )) $(( delay % 1000 )))"
            kill -KILL "$pid" 2>/dev/null && killed=yes
            break
        fi
    done
    wait "$pid" 2>/dev/null || true
    # A run that got to write its final weights was not interrupted (the kill hit a finished process).
    [ -e "$directory/final.safetensors" ] && killed=no
    if [ "$killed" != yes ]; then
        # The drawn delay outlasted the rest of the run: draw again (at most 20 times in all).
        echo "run $run: the trainer finished before the kill; drawing again" >&2
        retries=$((retries + 1))
        [ $retries -le 20 ] || { echo "interruption_test.sh: too many redraws" >&2; exit 1; }
        run=$((run - 1))
        continue
    fi

    # A leftover `.checkpoint.safetensors.tmp-*` means the kill landed inside the atomic write.
    leftover=no
    compgen -G "$directory/.checkpoint.safetensors.tmp-*" > /dev/null && leftover=yes
    if output=$(nice -n 19 "$trainer" "$directory" --epochs $epochs --resume 2>&1); then
        on_disk=$(printf '%s\n' "$output" | awk '$1 == "resumed-after" { print $2 }')
        if [ $leftover = yes ]; then
            where="inside the file write"
            mid_write=$((mid_write + 1))
        elif [ "$on_disk" = "$epoch" ]; then
            where="after the rename"
        else
            where="building the checkpoint"
        fi
        resumed=yes
        if cmp -s "$directory/final.safetensors" "$work/reference/final.safetensors"; then
            weights=identical
        else
            weights=DIFFERENT
            failures=$((failures + 1))
        fi
    else
        where="?"
        on_disk="?"
        resumed=NO
        weights="-"
        failures=$((failures + 1))
        printf '%s\n' "$output" | tail -3 >&2
    fi
    printf '%-4s %-10s %-6s %-9s %-24s %-14s %-9s %s\n' "$run" "$aim" "$epoch" "$delay" "$where" "$on_disk" "$resumed" "$weights"
done
echo "interruption test: $((runs - failures))/$runs resumed to the reference weights; $mid_write kills landed inside the checkpoint's file write (seed $seed)"
echo "$((runs - failures)) passed, $failures failed"
[ $failures -eq 0 ]
