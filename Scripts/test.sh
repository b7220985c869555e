#!/usr/bin/env bash
# The README's test command: installs missing system packages, then runs every test.
# Tests that read ../shared (real solar files beside the checkout) skip when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup-system.sh
# Scripts/download_sharp.py, offline against stand-ins for drms and sunpy (needs python3 only).
PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -s Scripts/tests -v
swift build --build-tests
swift test --skip-build "$@"
