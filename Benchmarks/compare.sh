#!/usr/bin/env bash
# Measures Keras/TensorFlow and FlareKit on this machine in one run, one after the other, and
# prints FlareKit's table with the FlareKit/Keras ratios. Needs a virtualenv with
# tensorflow-cpu (VENV, default ~/venv). Usage: bash Benchmarks/compare.sh [threads] [steps]
# TensorFlow's own settings pass through the environment: TF_ENABLE_ONEDNN_OPTS=1 compares against
# its oneDNN operations on CPUs where it leaves them off by default (Documentation/Benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
steps=${2:-7}
venv=${VENV:-$HOME/venv}
bash Scripts/setup-system.sh
swift build -c release --product flarekit-bench
"$venv/bin/python" Benchmarks/keras_reference.py --threads "$threads" --steps "$steps" \
    --output Benchmarks/keras_reference.jsonl
.build/release/flarekit-bench --threads "$threads" --steps "$steps" --keras Benchmarks/keras_reference.jsonl
