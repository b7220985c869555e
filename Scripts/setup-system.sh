#!/usr/bin/env bash
# Installs the system libraries FlareKit links against (OpenBLAS, LAPACKE, cfitsio, LIBSVM,
# OpenMPI with its mpirun for the Distributed module and its tests, librsvg and cairo for PNG
# and PDF figures, HDF5 for the prepared data sets), pkg-config and python3 (the
# download script's offline tests), with apt-get, when any of them is missing. Safe to run
# repeatedly.
set -euo pipefail

packages=(libopenblas-dev liblapacke-dev libcfitsio-dev libsvm-dev libopenmpi-dev openmpi-bin librsvg2-dev libhdf5-dev pkg-config python3)
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "FlareKit setup: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
    apt_get() { apt-get "$@"; }
elif command -v sudo >/dev/null 2>&1; then
    apt_get() { sudo apt-get "$@"; }
else
    echo "FlareKit setup: missing ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt_get update -qq
apt_get install -y -qq --no-install-recommends "${missing[@]}"
