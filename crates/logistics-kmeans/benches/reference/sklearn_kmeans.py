"""scikit-learn side of the k-means timing comparison (see docs/BENCHMARKS.md).

Generates the same data as the Rust side (`make_blobs`, rounded to float32 then widened, exactly
what `examples/bench_vs_sklearn.rs` regenerates bit for bit), times `KMeans.fit` and prints one
JSON line per algorithm. Usage: sklearn_kmeans.py DATASET K N_INIT REPEATS [ALGORITHMS...]
"""

import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import make_blobs
from threadpoolctl import threadpool_info

DATASETS = {"1m_2d": (1_000_000, 2, 16, 1), "100k_16d": (100_000, 16, 20, 7)}


def xor_fingerprint(x):
    bits = np.ascontiguousarray(x, dtype=np.float64).ravel().view(np.uint64)
    idx = np.arange(bits.size, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return int(np.bitwise_xor.reduce(bits ^ idx))


def main():
    dataset, k, n_init, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    algorithms = sys.argv[5:] or ["lloyd", "elkan"]
    # The fit's random_state (the data's seed is fixed per data set); SEED=3 sweeps it.
    fit_seed = int(os.environ.get("SEED", "0"))
    n, d, centers, seed = DATASETS[dataset]
    x, _ = make_blobs(n, d, centers=centers, cluster_std=1.0, random_state=seed)
    x = x.astype(np.float32).astype(np.float64)
    threads = max((p.get("num_threads", 1) for p in threadpool_info() if p.get("user_api") == "openmp"), default=1)
    for algorithm in algorithms:
        times, cpus, model = [], [], None
        for _ in range(repeats):
            if algorithm == "minibatch":
                est = MiniBatchKMeans(k, n_init=n_init, random_state=fit_seed)
            else:
                est = KMeans(k, n_init=n_init, random_state=fit_seed, algorithm=algorithm)
            t, c = time.perf_counter(), time.process_time()
            model = est.fit(x)
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        times.sort()
        cpus.sort()
        print(json.dumps({
            "side": "sklearn", "version": sklearn.__version__, "dataset": dataset, "k": k,
            "n_init": n_init, "algorithm": algorithm, "threads": threads,
            "best_s": times[0], "median_s": times[len(times) // 2], "cpu_s": cpus[0],
            "inertia": float(model.inertia_), "n_iter": int(model.n_iter_),
            "fingerprint": format(xor_fingerprint(x), "x"),
        }), flush=True)


if __name__ == "__main__":
    main()
