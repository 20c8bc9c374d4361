#!/usr/bin/env bash
# Side-by-side timing of recsys-cf against Surprise and implicit on MovieLens 100K (u1 split),
# for docs/BENCHMARKS.md. Prints a markdown table of fit + test seconds and the speed ratio.
#
#   crates/recsys-cf/benches/reference/compare.sh path/to/ml-100k [rust_repeats] [python_repeats]
#
# With RETAIL_CSV=path/to/purchases_customer_item.csv (UCI Online Retail, derived customer x
# product matrix) it also times implicit ALS and item-item cosine on that shop data.
#
# Needs a Python with scikit-surprise, implicit, numpy and scipy (set PYTHON, default python3).
# Both sides get 2 threads (RAYON_NUM_THREADS, implicit's num_threads; Surprise is single-
# threaded). The Rust example runs twice, before and after the Python side, and the slower of
# its two best times is reported, so load drift during the run does not favour Rust.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
data="${1:-${ECOM_MOVIELENS_DIR:-}}"
rust_repeats="${2:-5}"
py_repeats="${3:-3}"
python="${PYTHON:-python3}"
threads="${THREADS:-2}"
if [ -z "$data" ]; then
  echo "usage: $0 path/to/ml-100k [rust_repeats] [python_repeats]" >&2
  exit 2
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd "$root" && cargo build --release -q -p recsys-cf --example compare_surprise)
bin="$root/target/release/examples/compare_surprise"
retail=()
if [ -n "${RETAIL_CSV:-}" ]; then retail=(--retail "$RETAIL_CSV"); fi
RAYON_NUM_THREADS="$threads" "$bin" --data "$data" --repeats "$rust_repeats" ${retail[@]+"${retail[@]}"} > "$out/rust1.jsonl"
"$python" "$here/surprise_timing.py" --data "$data" --repeats "$py_repeats" --threads "$threads" ${retail[@]+"${retail[@]}"} \
  > "$out/python.jsonl" 2> "$out/python.err" || { cat "$out/python.err" >&2; exit 1; }
RAYON_NUM_THREADS="$threads" "$bin" --data "$data" --repeats "$rust_repeats" ${retail[@]+"${retail[@]}"} > "$out/rust2.jsonl"
"$python" - "$out" <<'PY'
import json, os, platform, sys
out = sys.argv[1]
def load(name):
    return {d["model"].replace("alpha1.0", "alpha1").replace("alpha10.0", "alpha10"): d
            for d in map(json.loads, open(os.path.join(out, name)))}
r1, r2, py = load("rust1.jsonl"), load("rust2.jsonl"), load("python.jsonl")
print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores visible")
print("| model | reference (s) | recsys-cf (s) | speed-up | RMSE ref / ours |")
print("|---|---:|---:|---:|---|")
knn = []
for name, p in py.items():
    if name not in r1:
        continue
    ours = max(r1[name]["seconds"], r2[name]["seconds"])
    ratio = p["seconds"] / ours
    if name.startswith("KNN"):
        knn.append(ratio)
    rm = "" if p["rmse"] != p["rmse"] else f'{p["rmse"]:.4f} / {r1[name]["rmse"]:.4f}'
    print(f"| {name} | {p['seconds']:.3f} | {ours:.4f} | {ratio:.1f}x | {rm} |")
if knn:
    print(f"\nKNN fit + test speed-up over Surprise: min {min(knn):.1f}x, median {sorted(knn)[len(knn)//2]:.1f}x, max {max(knn):.1f}x")
als = [py[n]["seconds"] / max(r1[n]["seconds"], r2[n]["seconds"]) for n in py if "ImplicitAls" in n and n in r1]
if als:
    print(f"implicit ALS fit speed-up over implicit: min {min(als):.1f}x, max {max(als):.1f}x")
PY
