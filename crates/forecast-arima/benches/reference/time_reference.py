"""Times the reference libraries on the workloads that examples/speed.rs times for
forecast-arima, on the same data, and prints the ratios. Run through compare.sh.

AICc comparisons use the value each library reports. statsforecast evaluates the likelihood
with an approximate diffuse prior (kappa = 1e6) when d + D > 0, which can read a few tenths
higher than the exact value forecast-arima (and statsmodels' exact diffuse filter) computes.

    python time_reference.py OUT_DIR

OUT_DIR holds series.csv and rust.json written by `cargo run --release --example speed`.
statsforecast is timed after its numba JIT warm-up (one full AutoARIMA fit beforehand).
"""

import json
import math
import pathlib
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
out = pathlib.Path(sys.argv[1])
data = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data"
rust = json.loads((out / "rust.json").read_text())


def values(name):
    return np.array(json.loads((data / f"{name}.json").read_text())["values"], dtype=float)


def median_time(fn, reps):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times))


from statsmodels.tsa.arima.model import ARIMA  # noqa: E402

nile = values("nile")
air = values("airpassengers_log")
ARIMA(nile, order=(1, 1, 1)).fit()
sm_111 = median_time(lambda: ARIMA(nile, order=(1, 1, 1)).fit(), 20)
sm_air = median_time(
    lambda: ARIMA(air, order=(0, 1, 1), seasonal_order=(0, 1, 1, 12)).fit(), 10)

from statsforecast.arima import auto_arima_f  # noqa: E402

series = np.loadtxt(out / "series.csv", delimiter=",", ndmin=2)
n_series = series.shape[0]
auto_arima_f(series[0], period=12)  # numba JIT warm-up
t = time.perf_counter()
sf_fits = [auto_arima_f(y, period=12) for y in series]
sf_seq = time.perf_counter() - t

retail = np.loadtxt(out / "retail.csv", delimiter=",", ndmin=2)
t = time.perf_counter()
sf_retail = [auto_arima_f(y, period=7) for y in retail]
sf_retail_s = time.perf_counter() - t


def compare(models, fits):
    """AICc differences (ours - statsforecast), as each library reports it, and order matches."""
    ours = np.array([m["aicc"] if m else math.inf for m in models])
    theirs = np.array([f["aicc"] for f in fits])
    diff = ours - theirs
    same = sum(
        1 for m, f in zip(models, fits)
        if m and tuple(m["order"]) == (f["arma"][0], f["arma"][5], f["arma"][1])
        and tuple(m["seasonal"]) == (f["arma"][2], f["arma"][6], f["arma"][3]))
    # Criteria are comparable only between models with the same differencing orders.
    same_d = np.array([
        bool(m) and m["order"][1] == f["arma"][5] and m["seasonal"][1] == f["arma"][6]
        for m, f in zip(models, fits)])
    return diff, np.abs(theirs), same, same_d

print(f"machine: {rust['threads']} threads; {n_series} simulated monthly series of length 120")
print(f"{'workload':44} {'reference':>12} {'forecast-arima':>15} {'ratio':>8}")
rows = [
    ("ARIMA(1,1,1) fit, Nile (statsmodels)", sm_111, rust["arima111_nile_s"]),
    ("airline (0,1,1)(0,1,1)12, log AirPassengers", sm_air, rust["airline_s"]),
    (f"AutoARIMA x{n_series}, one thread (statsforecast)", sf_seq, rust["auto_seq_s"]),
    (f"AutoARIMA x{len(retail)} retail SKUs, daily, m=7", sf_retail_s, rust["retail_s"]),
]
for name, ref, ours_t in rows:
    print(f"{name:44} {ref:11.4f}s {ours_t:14.5f}s {ref / ours_t:7.1f}x")
print(f"{'AutoARIMA, forecast-arima on all threads':44} {'':12} {rust['auto_par_s']:14.5f}s "
      f"{sf_seq / rust['auto_par_s']:7.1f}x vs one-thread statsforecast")
for label, models, fits in [("simulated", rust["models"], sf_fits),
                             ("retail", rust["retail_models"], sf_retail)]:
    diff, scale, same, same_d = compare(models, fits)
    print(f"AICc on {label} ({len(fits)} series, ours - statsforecast): "
          f"lower by > 0.01 on {int(np.sum(diff < -0.01))}, within 0.01 on "
          f"{int(np.sum(np.abs(diff) <= 0.01))}, higher on {int(np.sum(diff > 0.01))} "
          f"(of which beyond 1e-3 relative: {int(np.sum(diff > 1e-3 * scale))}); "
          f"median {np.median(diff):+.3f}, worst {np.max(diff):+.3f}; same order on {same}")
    comparable = int(np.sum(same_d))
    not_worse = int(np.sum(same_d & (diff <= 0.01)))
    print(f"  same d and D on {comparable}: AICc not worse (within 0.01) on {not_worse} "
          f"({100.0 * not_worse / max(comparable, 1):.1f} %)")
(out / "python.json").write_text(json.dumps({
    "statsmodels_arima111_s": sm_111, "statsmodels_airline_s": sm_air,
    "statsforecast_auto_seq_s": sf_seq, "statsforecast_retail_s": sf_retail_s,
    # The chosen models, to compare another build's rust.json without rerunning statsforecast.
    "statsforecast_models": [{"aicc": f["aicc"], "arma": list(map(int, f["arma"]))}
                             for f in sf_fits],
    "statsforecast_retail_models": [{"aicc": f["aicc"], "arma": list(map(int, f["arma"]))}
                                    for f in sf_retail]}))
