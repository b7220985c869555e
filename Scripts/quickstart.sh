#!/usr/bin/env bash
# The README's first command. Installs missing system packages, builds the release
# `flarekit` and runs it on data shipped with the repository: CNN-2 (converted from Keras)
# on two 256x256 fields, then the scores of shipped predictions. (When `flarekit demo`
# lands, this runs the full demo on the embedded default instead.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup-system.sh
swift build -c release --product flarekit
flarekit=.build/release/flarekit
output=$(mktemp -d)
trap 'rm -rf "$output"' EXIT
keras=Tests/Fixtures/keras/cnn2
"$flarekit" predict --arch cnn2 --weights "$keras/weights.safetensors" \
    --input "$keras/input_256.npy" --output "$output/probabilities.npy"
echo "flarekit predict: CNN-2 probabilities for two 256x256 fields written (the parity test compares them with Keras)"
fixtures=Tests/Fixtures/score
"$flarekit" score \
    --predictions "$fixtures/mixed_f64_i64_predictions.npy" \
    --labels "$fixtures/mixed_f64_i64_labels.npy" "$@"
