#!/usr/bin/env bash
# The README's first command: installs missing system packages (apt-get, as root or through
# sudo), builds the release `flarekit` tool and runs `flarekit demo`: both papers' pipelines on
# the generated SHARP archive, into ./flarekit-demo (report.md, summary.json, figures, tables,
# weights). Extra arguments go to `flarekit demo` (e.g. --output DIR, --seed N).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup-system.sh
swift build -c release --product flarekit
output=flarekit-demo
for argument in "$@"; do
    if [ "$argument" = "--output" ]; then output=""; fi
done
if [ -n "$output" ]; then
    exec .build/release/flarekit demo --output "$output" "$@"
else
    exec .build/release/flarekit demo "$@"
fi
