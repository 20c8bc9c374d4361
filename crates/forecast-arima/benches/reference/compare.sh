#!/usr/bin/env bash
# Side-by-side timing of forecast-arima against statsmodels and statsforecast on the same data,
# printing the ratios (docs/BENCHMARKS.md). Usage, from anywhere in the workspace:
#
#   crates/forecast-arima/benches/reference/compare.sh [N_SERIES] [PYTHON]
#
# N_SERIES: simulated monthly series for the auto-selection workload (default 1000);
# PYTHON: interpreter with statsmodels and statsforecast (default /work/refvenv/bin/python).
# Both sides run single-threaded where the comparison says "one thread" (BLAS pinned to one
# thread on the Python side).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-1000}"
py="${2:-/work/refvenv/bin/python}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$here/../.."
cargo run --release --quiet -p forecast-arima --example speed -- "$out" "$n"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMBA_NUM_THREADS=1 \
  "$py" "$here/time_reference.py" "$out"
