#!/usr/bin/env bash
# Installs the Debian packages dbcost builds and tests with; quiet and quick when none is missing.
# Arguments name extra packages (`make fuzz` adds clang and libclang-rt-14-dev).
set -euo pipefail
packages=(
  build-essential cmake g++ make git pkg-config clang-format clang-tidy
  libeigen3-dev libboost-random-dev libfccp-dev pybind11-dev libgtest-dev libgmock-dev
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libhowardhinnant-date-dev zlib1g-dev libre2-dev
  python3 python3-dev python3-numpy python3-pandas python3-matplotlib python3-nbclient
  python3-ipykernel python3-pytest python3-yaml python3-distributed tzdata
  python3-pip python3-setuptools python3-wheel  # `pip install .` offline (tests/python/pip_install.py)
  libquartz2-java  # Quartz 2.3.2 for the schedule differential test (~1.5 MB; needs a JDK, else the test skips)
)
packages+=("$@")
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "error: missing packages and not root; run: sudo apt-get install ${missing[*]}" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
