"""Side-by-side timing of forecast-arima's AutoEts and statsforecast 2.1.1's AutoETS
(season_length=7) on the 40 SKUs of the Online Retail daily sales
(examples/data/online-retail/daily_sales_top40.csv, 374 days each, zeros on Saturdays and
over Christmas), in one run, single-threaded.

    python time_ets.py [path/to/daily_sales.csv]
    # builds and runs `cargo run --release --example ets_speed` on the same file

statsforecast is warmed up (one full AutoETS fit, so any JIT compilation and first-call costs
are paid) before anything is timed, and every series is fitted once more before its timing;
each side reports the median and the fastest of repeated fits (the fastest is steadier when
other jobs share the machine). Both sides fit the same values (one per calendar
day, in date order) with period 7. Also prints how often both choose the same model.
"""

import json
import os
import pathlib
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd
from statsforecast.models import AutoETS

warnings.filterwarnings("ignore")
here = pathlib.Path(__file__).resolve().parent
crate = here.parents[1]
default = crate.parents[1] / "examples" / "data" / "online-retail" / "daily_sales_top40.csv"
path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default
sales = pd.read_csv(path, dtype={"sku": str}, parse_dates=["date"])
series = {
    sku: g.sort_values("date")["units"].to_numpy(float)
    for sku, g in sales.groupby("sku", sort=False)
}

env = dict(os.environ, RAYON_NUM_THREADS="1")
out = subprocess.run(
    ["cargo", "run", "--release", "--quiet", "-p", "forecast-arima", "--example", "ets_speed",
     "--", str(path)],
    cwd=crate,
    env=env,
    check=True,
    capture_output=True,
    text=True,
).stdout
rust = {r["series"]: r for r in map(json.loads, out.splitlines())}

# Warm-up: a full fit on the first series before any timing.
AutoETS(season_length=7).fit(next(iter(series.values())))


def seconds(f):
    """Median and fastest of repeated calls, after one untimed call."""
    f()
    reps = []
    start = time.perf_counter()
    while len(reps) < 3 or time.perf_counter() - start < 0.5:
        t = time.perf_counter()
        f()
        reps.append(time.perf_counter() - t)
    return float(np.median(reps)), float(min(reps))


print(f"{'sku':8} {'n':>4} {'statsforecast':>14} {'forecast-arima':>15} {'ratio':>7}  models (sf / ours), AICc")
ratios, min_ratios, same, t_sf_all, t_rs_all, m_sf_all, m_rs_all = [], [], 0, 0.0, 0.0, 0.0, 0.0
for sku, y in series.items():
    model = {}

    def fit():
        model["m"] = AutoETS(season_length=7).fit(y).model_

    t_sf, m_sf = seconds(fit)
    r = rust[sku]
    ratio = t_sf / r["seconds"]
    ratios.append(ratio)
    min_ratios.append(m_sf / r["min_seconds"])
    t_sf_all += t_sf
    t_rs_all += r["seconds"]
    m_sf_all += m_sf
    m_rs_all += r["min_seconds"]
    sf = model["m"]
    match = sf["method"] == r["model"]
    same += match
    print(
        f"{sku:8} {len(y):4d} {t_sf * 1e3:11.2f} ms {r['seconds'] * 1e3:12.3f} ms {ratio:6.1f}x"
        f"  {sf['method']} {sf['aicc']:.2f} / {r['model']} {r['aicc']:.2f}{'' if match else '  DIFFERENT'}"
    )
print(f"all {len(series)} series (sum of medians): statsforecast {t_sf_all:.3f} s, "
      f"forecast-arima {t_rs_all:.3f} s, ratio {t_sf_all / t_rs_all:.1f}x")
print(f"all {len(series)} series (sum of fastest): statsforecast {m_sf_all:.3f} s, "
      f"forecast-arima {m_rs_all:.3f} s, ratio {m_sf_all / m_rs_all:.1f}x")
print(f"per-series ratio of fastest: median {np.median(min_ratios):.1f}x, smallest {min(min_ratios):.1f}x")
print(f"per-series ratio of medians: median {np.median(ratios):.1f}x, smallest {min(ratios):.1f}x, "
      f"geometric mean {np.exp(np.mean(np.log(ratios))):.1f}x")
print(f"same model chosen on {same} of {len(series)} SKUs")
