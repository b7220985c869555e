#!/usr/bin/env bash
# The README's first command. Installs missing system packages, builds the release
# `flarekit` and runs it on data shipped with the repository. (When `flarekit demo` lands,
# this runs the full demo on the embedded default instead.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup-system.sh
swift build -c release --product flarekit
fixtures=Tests/Fixtures/score
.build/release/flarekit score \
    --predictions "$fixtures/mixed_f64_i64_predictions.npy" \
    --labels "$fixtures/mixed_f64_i64_labels.npy" "$@"
