"""Reference numbers the shared fixtures do not hold, computed with the reference libraries.

Writes tests/data/extra_reference.json:
- `std_errors`: statsmodels ARIMA standard errors from the numerical Hessian
  (`fit(cov_type="approx")`; the fixtures' `std_errors` are statsmodels' default OPG ones);
- `holt`: statsmodels `Holt(initialization_method="estimated")` fits;
- `kpss`: statsmodels `kpss(x, "c", nlags=floor(3*sqrt(n)/13))` statistics on each series and
  its first difference;
- `seasonal_strength`: statsforecast's STL seasonal-strength heuristic (`seas_heuristic`);
- `ndiffs` / `nsdiffs`: statsforecast's choices of d and D.

Run from the crate directory with the reference virtualenv:
    /work/refvenv/bin/python tests/reference/make_extra_reference.py
"""

import json
import math
import pathlib
import warnings

import numpy as np
import statsforecast
import statsmodels
from statsforecast.arima import ndiffs, nsdiffs, seas_heuristic
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.holtwinters import Holt
from statsmodels.tsa.stattools import kpss

warnings.filterwarnings("ignore")
DATA = pathlib.Path(__file__).resolve().parent.parent / "data"
SERIES = ["airpassengers", "airpassengers_log", "wineind", "nile", "sunspots",
          "heartrate", "woolyrnq", "co2", "elnino", "seed_notes_10day"]


def load(name):
    d = json.loads((DATA / f"{name}.json").read_text())
    return d, np.array([np.nan if v is None else v for v in d["values"]], dtype=float)


def num(v):
    """A float for JSON: NaN (a standard error statsmodels cannot compute) becomes null."""
    v = float(v)
    return None if math.isnan(v) else v


def kpss_stat(x):
    nlags = math.floor(3 * math.sqrt(len(x)) / 13)
    return float(kpss(x, "c", nlags=nlags)[0])


out = {"versions": {"statsmodels": statsmodels.__version__,
                    "statsforecast": statsforecast.__version__},
       "std_errors": [], "holt": [], "kpss": [], "seasonal_strength": [],
       "ndiffs": [], "nsdiffs": []}
for name in SERIES:
    d, y = load(name)
    m = d["period"]
    for case in d["cases"]:
        trend = {"n": "n", "c": "c", "t": "t"}[case["trend"]]
        so = case["seasonal_order"]
        model = ARIMA(y, order=tuple(case["order"]),
                      seasonal_order=tuple(so) if so[3] > 0 else (0, 0, 0, 0),
                      trend=trend)
        res = model.fit(cov_type="approx")
        out["std_errors"].append({
            "series": name, "order": case["order"], "seasonal_order": so,
            "trend": case["trend"], "names": list(model.param_names),
            "params": [float(v) for v in res.params],
            "bse": [num(v) for v in res.bse]})
    if len(y) >= 10:
        h = Holt(y, initialization_method="estimated").fit()
        out["holt"].append({
            "series": name, "alpha": float(h.params["smoothing_level"]),
            "beta": float(h.params["smoothing_trend"]),
            "initial_level": float(h.params["initial_level"]),
            "initial_trend": float(h.params["initial_trend"]),
            "sse": float(h.sse), "forecast": [float(v) for v in h.forecast(12)]})
    out["kpss"].append({"series": name, "stat": kpss_stat(y),
                        "stat_diff": kpss_stat(np.diff(y))})
    out["ndiffs"].append({"series": name, "d": int(ndiffs(y))})
    if m > 1:
        out["seasonal_strength"].append({"series": name, "period": m,
                                         "strength": float(seas_heuristic(y, m))})
        out["nsdiffs"].append({"series": name, "period": m, "D": int(nsdiffs(y, period=m))})

(DATA / "extra_reference.json").write_text(json.dumps(out, indent=1, allow_nan=False) + "\n")
print("wrote", DATA / "extra_reference.json")
