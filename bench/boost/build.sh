#!/usr/bin/env bash
# Builds the Boost.Odeint reference of the benchmark report (bench/boost/odeint_reference.cpp) with the flags of the
# comparison (g++ -O3 -march=native -std=c++17) and prints the binary's path.
#
#   bench/boost/build.sh [--install] [--no-contract] [output]     default output: $TMPDIR/odekernels-bench-boost/odeint_reference
#
# --no-contract adds -ffp-contract=off: GCC then does not fuse a·b + c into one multiply-add, the arithmetic class of
# OdeKernels' default (unfused) solves; without it GCC fuses them, the class of SolverOptions.FusedMultiplyAdd.
#
# Needs g++ and the Boost headers (header-only; Debian/Ubuntu package libboost-dev, 1.74 on Debian 12). With
# --install, a missing libboost-dev is installed with apt-get (needs root); without it the script says what is missing.
set -euo pipefail

install=0
contract=()
while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=1; shift ;;
    --no-contract) contract=(-ffp-contract=off); shift ;;
    *) break ;;
  esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-${TMPDIR:-/tmp}/odekernels-bench-boost/odeint_reference}"

if ! command -v g++ >/dev/null 2>&1; then
  echo "g++ not found: install it (Debian/Ubuntu: apt-get install g++)" >&2
  exit 2
fi

has_odeint() { echo '#include <boost/numeric/odeint.hpp>' | g++ -std=c++17 -E -x c++ - >/dev/null 2>&1; }
if ! has_odeint; then
  if [ "$install" = 1 ]; then
    apt-get update -qq
    apt-get install -y -qq libboost-dev
  else
    echo "Boost.Odeint headers not found: run bench/boost/build.sh --install (apt-get install libboost-dev, as root)" >&2
    exit 2
  fi
fi

mkdir -p "$(dirname "$out")"
g++ -O3 -march=native -std=c++17 "${contract[@]}" -o "$out" "$here/odeint_reference.cpp"
echo "$out"
