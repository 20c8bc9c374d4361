"""Reference numbers for ARIMA with missing observations on a shop SKU (tests/data/missing_shop.json).

The retailer's best seller (SKU 85123A, daily units 2010-12-01..2011-12-09, days without a row
counted as 0) with 10 % of its days blanked at random (seed 20261207), fitted by statsmodels'
exact-likelihood ARIMA (Kalman filter, missing observations skipped). Orders with d = D = 0, so
statsmodels' log-likelihood is R's convention as it stands. `grid` is every (p, q, P, Q) with
p, q <= 2 and P, Q <= 1 at period 7 with a mean, ranked by AICc (R's formula, n = observed count), each with the smallest root modulus of its
AR and MA polynomials (auto.arima rejects < 1.01).

    python -m venv venv && venv/bin/pip install statsmodels==0.14.6 pandas numpy
    venv/bin/python crates/forecast-arima/tests/reference/missing_shop.py \
        examples/data/online-retail/daily_sales_top40.csv > crates/forecast-arima/tests/data/missing_shop.json
"""
import json
import sys
import warnings

import numpy as np
import pandas as pd
import statsmodels
from statsmodels.tsa.arima.model import ARIMA

warnings.filterwarnings("ignore")
sales = pd.read_csv(sys.argv[1], parse_dates=["date"])
s = sales[sales.sku == "85123A"].set_index("date")["units"].astype(float)
s = s.reindex(pd.date_range(s.index.min(), sales.date.max(), freq="D"), fill_value=0.0)
y = s.to_numpy().copy()
rng = np.random.default_rng(20261207)
blank = np.sort(rng.choice(len(y), size=len(y) // 10, replace=False))
y[blank] = np.nan
n_obs = int(np.sum(~np.isnan(y)))


def fit(order, seasonal):
    m = ARIMA(y, order=order, seasonal_order=seasonal, trend="c").fit(method="statespace")
    k = len(m.params)  # coefficients + mean + sigma2
    ll = float(m.llf)
    aic = -2 * ll + 2 * k
    aicc = aic + 2 * k * (k + 1) / (n_obs - k - 1)
    names = list(m.model.param_names)
    p = dict(zip(names, map(float, m.params)))
    return {
        "order": list(order),
        "seasonal_order": list(seasonal),
        "mean": p["const"],
        "ar": [p[n] for n in names if n.startswith("ar.L")],
        "ma": [p[n] for n in names if n.startswith("ma.L")],
        "sar": [p[n] for n in names if n.startswith("ar.S.L")],
        "sma": [p[n] for n in names if n.startswith("ma.S.L")],
        "sigma2": p["sigma2"],
        "loglik": ll,
        "aicc": aicc,
        "converged": bool(m.mle_retvals.get("converged", True)),
        # Smallest modulus over the roots of the full AR and MA polynomials: auto.arima (and
        # our search) rejects a candidate with a root inside 1.01.
        # (null for a model without either polynomial.)
        "min_root": min([float(r) for r in (*np.abs(m.arroots), *np.abs(m.maroots))], default=None),
    }


cases = [fit((1, 0, 1), (0, 0, 0, 0)), fit((1, 0, 1), (1, 0, 0, 7)), fit((2, 0, 0), (1, 0, 1, 7))]
grid = []
for p in range(3):
    for q in range(3):
        for sp in range(2):
            for sq in range(2):
                seasonal = (sp, 0, sq, 7) if sp + sq > 0 else (0, 0, 0, 0)
                try:
                    f = fit((p, 0, q), seasonal)
                except Exception:  # noqa: BLE001 - a failed candidate is left out, as in a search
                    continue
                grid.append({k: f[k] for k in ("order", "seasonal_order", "loglik", "aicc", "min_root")})
grid.sort(key=lambda g: g["aicc"])
json.dump(
    {
        "series": "online retail SKU 85123A, daily units, 10% of days blanked",
        "source": "examples/data/online-retail/daily_sales_top40.csv (CC BY 4.0, UCI Online Retail)",
        "start": str(s.index[0].date()),
        "period": 7,
        "n": len(y),
        "missing": len(blank),
        "values": [None if np.isnan(v) else float(v) for v in y],
        "versions": {"statsmodels": statsmodels.__version__, "numpy": np.__version__},
        "cases": cases,
        "grid_best": grid[:5],
    },
    sys.stdout,
    indent=1,
)
