#!/usr/bin/env bash
# The README's test command: installs missing system packages, then runs every test.
# Tests that read ../shared (real solar files beside the checkout) skip when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup-system.sh
swift build --build-tests
swift test --skip-build "$@"
