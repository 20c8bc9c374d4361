#!/usr/bin/env bash
# Side-by-side timing of logistics-kmeans against scikit-learn's KMeans on the same data, k and
# n_init, both limited to the same number of threads. The two sides run alternately, one fit at
# a time, REPEATS times, so both see the same machine load; the best wall time of each is
# compared (and CPU time, all threads, reported too). Prints every run, then a table with the
# speed-up over sklearn's faster algorithm and both inertias. See docs/BENCHMARKS.md.
#
#   crates/logistics-kmeans/benches/reference/compare.sh [python] [threads] [repeats]
#
# python: an interpreter with scikit-learn, numpy and threadpoolctl (default /work/refvenv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/../../../.."
PY="${1:-/work/refvenv/bin/python}"
THREADS="${2:-2}"
REPEATS="${3:-3}"
export RAYON_NUM_THREADS="$THREADS" OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS"

cargo build --release -q -p logistics-kmeans --example bench_vs_sklearn
RUST=target/release/examples/bench_vs_sklearn
REF=crates/logistics-kmeans/benches/reference/sklearn_kmeans.py
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

echo "machine: $(nproc --all) cores, load $(cut -d' ' -f1-3 /proc/loadavg); threads $THREADS; best of $REPEATS alternating runs"
"$PY" -c 'import sklearn, numpy; print("scikit-learn", sklearn.__version__, "numpy", numpy.__version__)'
for cfg in "1m_2d 16 1" "1m_2d 16 10" "100k_16d 20 1" "100k_16d 20 10" "1m_2d 16 1 minibatch"; do
  set -- $cfg
  if [ "${4:-}" = minibatch ]; then ALGOS="minibatch"; OURS=minibatch; else ALGOS="lloyd elkan"; OURS=auto; fi
  for _ in $(seq "$REPEATS"); do
    "$RUST" "$1" "$2" "$3" "$OURS" 1 | sed 's/"algorithm":"MiniBatch"/"algorithm":"minibatch"/' | tee -a "$OUT"
    "$PY" "$REF" "$1" "$2" "$3" 1 $ALGOS | tee -a "$OUT"
  done
done
echo "machine load after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PY" - "$OUT" <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
key = lambda r: (r["dataset"], r["k"], r["n_init"], r["algorithm"] == "minibatch")
print()
print(f"{'data':9} {'k':>3} {'n_init':>6} {'ours (s)':>9} {'sklearn (s)':>11} {'which':>9} {'speed-up':>8}"
      f" {'cpu ratio':>9} {'our inertia':>13} {'sklearn':>13}")
for cfg in dict.fromkeys(key(r) for r in rows):
    ours = [r for r in rows if key(r) == cfg and r["side"] == "rust"]
    ref = [r for r in rows if key(r) == cfg and r["side"] == "sklearn"]
    if not ours or not ref:
        continue
    assert len({r["fingerprint"] for r in ours + ref}) == 1, f"different data for {cfg}"
    o = min(ours, key=lambda r: r["best_s"])
    best_algo = {}
    for r in ref:
        if r["algorithm"] not in best_algo or r["best_s"] < best_algo[r["algorithm"]]["best_s"]:
            best_algo[r["algorithm"]] = r
    s = min(best_algo.values(), key=lambda r: r["best_s"])
    o_cpu = min(r["cpu_s"] for r in ours)
    s_cpu = min(r["cpu_s"] for r in ref if r["algorithm"] == s["algorithm"])
    print(f"{cfg[0]:9} {cfg[1]:>3} {cfg[2]:>6} {o['best_s']:>9.3f} {s['best_s']:>11.3f} {s['algorithm']:>9} "
          f"{s['best_s'] / o['best_s']:>7.1f}x {s_cpu / o_cpu:>8.1f}x {o['inertia']:>13.6e} {s['inertia']:>13.6e}")
PYEOF
