#!/usr/bin/env bash
# Side-by-side timing of inventory-eoq against stockpyl 1.0.2 on the same instances, in one run.
# Prints a table with the speed-up of each workload. Set PYTHON to an interpreter with stockpyl,
# scipy and numpy installed (default: python3).
set -euo pipefail
cd "$(dirname "$0")/../../../.."
PYTHON="${PYTHON:-python3}"
json="$(mktemp)"
trap 'rm -f "$json"' EXIT
"$PYTHON" crates/inventory-eoq/benches/reference/stockpyl_timing.py > "$json"
cargo run --release --quiet -p inventory-eoq --example bench_compare -- "$json"
