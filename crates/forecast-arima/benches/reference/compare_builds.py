"""Compares the automatic-ARIMA choices of several builds against the statsforecast fits of
one time_reference.py run, without rerunning statsforecast (docs/BENCHMARKS.md, "second
climb" table).

    python compare_builds.py REF_DIR BUILD_DIR [BUILD_DIR ...]

REF_DIR holds python.json written by time_reference.py (statsforecast's chosen models); each
BUILD_DIR holds the rust.json that `cargo run --release -p forecast-arima --example speed --
BUILD_DIR N` wrote for the same N (the series are seeded, so every build sees the same data).
"""

import json
import pathlib
import sys

import numpy as np

ref = json.loads((pathlib.Path(sys.argv[1]) / "python.json").read_text())
for build in sys.argv[2:]:
    rust = json.loads((pathlib.Path(build) / "rust.json").read_text())
    for label, ours_key, ref_key in [("simulated", "models", "statsforecast_models"),
                                     ("retail", "retail_models", "statsforecast_retail_models")]:
        ours, theirs = rust[ours_key], ref[ref_key]
        diff = np.array([(m["aicc"] if m else np.inf) - f["aicc"] for m, f in zip(ours, theirs)])
        same_d = np.array([bool(m) and m["order"][1] == f["arma"][5]
                           and m["seasonal"][1] == f["arma"][6] for m, f in zip(ours, theirs)])
        not_worse = int(np.sum(same_d & (diff <= 0.01)))
        print(f"{build} {label}: same d and D on {int(same_d.sum())}, AICc not worse on "
              f"{not_worse} ({100 * not_worse / max(int(same_d.sum()), 1):.1f} %), higher on "
              f"{int(np.sum(diff > 0.01))}, median {np.median(diff):+.3f}; time one thread "
              f"{rust['auto_seq_s']:.2f} s, retail {rust['retail_s']:.2f} s")
