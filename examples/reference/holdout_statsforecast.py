"""The holdout protocol of examples/holdout_study.rs, run with statsforecast, side by side.

    python3 -m venv venv && venv/bin/pip install statsforecast==2.1.1 pandas
    venv/bin/python examples/reference/holdout_statsforecast.py

Same data, same five 28-day holdouts ending 28, 21, 14, 7 and 0 days before 2011-12-09, the
same scoring: forecasts clipped at 0, MASE scaled by the in-sample seasonal-naive error
(m = 7), 95 % interval coverage over all SKUs and days. statsforecast sees every calendar day
(it has no trading calendar), as a user of it would. Times are the fit + forecast of all 40
SKUs on one core after a warm-up run (numba compiles on first use).
"""

import os
import sys
import time

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoARIMA, AutoETS

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "online-retail", "daily_sales_top40.csv")
HORIZON = 28
OFFSETS = [28, 21, 14, 7, 0]


def dense(df):
    """One row per SKU and day from the first sale to the file's last day; gaps are 0."""
    last = df["ds"].max()
    out = []
    for sku, g in df.groupby("unique_id", sort=False):
        days = pd.date_range(g["ds"].min(), last, freq="D")
        s = g.set_index("ds")["y"].reindex(days, fill_value=0.0)
        out.append(pd.DataFrame({"unique_id": sku, "ds": days, "y": s.values}))
    return pd.concat(out, ignore_index=True)


def mase_scale(train, m=7):
    d = np.abs(train[m:] - train[:-m])
    return d.mean()


def main():
    raw = pd.read_csv(DATA, dtype={"sku": str})
    raw = raw.rename(columns={"sku": "unique_id", "date": "ds", "units": "y"})
    raw["ds"] = pd.to_datetime(raw["ds"])
    df = dense(raw.groupby(["unique_id", "ds"], as_index=False)["y"].sum())
    print("origin       method         median_mase  coverage95  seconds")
    for offset in OFFSETS:
        trains, tests = [], {}
        for sku, g in df.groupby("unique_id", sort=False):
            g = g.reset_index(drop=True)
            cut = len(g) - offset - HORIZON
            trains.append(g.iloc[:cut])
            tests[sku] = (g["y"].values[:cut], g["y"].values[cut:cut + HORIZON])
        train = pd.concat(trains, ignore_index=True)
        origin = trains[0]["ds"].iloc[-1].date()
        for name, model in [("AutoARIMA", AutoARIMA(season_length=7)), ("AutoETS", AutoETS(season_length=7))]:
            sf = StatsForecast(models=[model], freq="D", n_jobs=1)
            sf.forecast(df=train.groupby("unique_id").head(60), h=2, level=[95])  # warm-up
            start = time.perf_counter()
            fc = sf.forecast(df=train, h=HORIZON, level=[95])
            seconds = time.perf_counter() - start
            col = [c for c in fc.columns if c not in ("unique_id", "ds") and "-" not in c][0]
            mases, inside, total = [], 0, 0
            for sku, g in fc.groupby("unique_id", sort=False):
                y_train, y_test = tests[sku]
                mean = np.maximum(g[col].values, 0.0)
                lo = np.maximum(g[f"{col}-lo-95"].values, 0.0)
                hi = np.maximum(g[f"{col}-hi-95"].values, 0.0)
                mases.append(np.mean(np.abs(y_test - mean)) / mase_scale(y_train))
                inside += int(np.sum((lo <= y_test) & (y_test <= hi)))
                total += len(y_test)
            print(f"{origin}   {name:<14} {np.median(mases):>11.4f} {inside / total:>11.3f} {seconds:>8.2f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
