"""Reference numbers for regression with ARIMA errors (ARIMAX), from statsmodels' SARIMAX.

Writes tests/data/arimax_reference.json: for each case statsmodels 0.15
`SARIMAX(endog, exog=X, order, seasonal_order, use_exact_diffuse=True)` (regression with
(S)ARIMA errors: the regressors are differenced with the series), fitted by exact Gaussian ML,
with standard errors from the numerical Hessian (`cov_type="approx"`) and forecasts with the
future regressor values. A constant (R's intercept, the process mean) and a drift (R's
`drift = 1:n`) are passed to statsmodels as exog columns `const` / `drift`, so they are the
mean and the slope as in R and in the crate (SARIMAX's own `trend="c"` is the intercept of the
ARMA equation instead).

The log-likelihood is reported in R's convention (as the shared fixtures): the exact Gaussian
likelihood of the differenced series w = (1-L)^d(1-L^s)^D (y - X b). `loglik` adds back to
statsmodels' exact-diffuse log-likelihood 1/2 (log 2 pi + log F_inf,t) for each observation that
only resolves the diffuse prior; `loglik_differenced_check` evaluates the ARMA likelihood of w
directly at the same parameters (complete series only).

Cases (series shipped with statsmodels, or the shared fixtures' copy):
- `nile_dam_*`: Nile flow at Aswan 1871-1970 (statsmodels.datasets.nile), regressor `dam`
  = 1 from 1899 on (the level shift usually attributed to the first Aswan dam, completed 1902,
  and the change in the measuring; Cobb 1978, Durbin & Koopman 2012). ARIMA(1,0,1) with a mean,
  ARIMA(0,1,1), ARIMA(0,1,1) with drift, and ARIMA(1,0,1) with a mean on the series with five
  values removed (missing-value case; the dam step starts at a missing year).
- `airpassengers_promo_drift`: AirPassengers (thousands, the fixtures' copy) with 15 added
  in the same six promotion months; ARIMA(1,1,1) with drift and the regressor `promo`.
- `airpassengers_log_promo`: log AirPassengers 1949-1960 (the fixtures' copy) with a
  synthetic, documented intervention: 0.10 added in six one-month "promotions" (1951-04,
  1953-09, 1955-02, 1956-11, 1958-06, 1959-10; regressor `promo`) and -0.04 from 1957-01 on (a
  "competitor" step, regressor `competitor`). Airline model (0,1,1)(0,1,1)12; the future
  regressors for 1961 have promotions in 1961-03 and 1961-08 and the step on.

`auto`: statsforecast 2.1.1 `auto_arima_f(y, period, xreg=X)` (a port of R's `auto.arima` with
`xreg`) on three of the series: the order, constant, coefficients and AICc it chooses.

R is not available offline, so no R reference is included.

Run from the crate directory:
    /work/venv-arimax/bin/python benches/reference/make_arimax_reference.py
"""

import json
import math
import pathlib
import platform
import time
import warnings

import numpy as np
import pandas as pd
import scipy
import statsforecast
import statsmodels
import statsmodels.api as sm
from statsforecast.arima import auto_arima_f
from statsmodels.tsa.statespace.sarimax import SARIMAX

warnings.filterwarnings("ignore")
CRATE = pathlib.Path(__file__).resolve().parents[2]
DATA = CRATE / "tests" / "data"
H = 12


def num(v):
    v = float(v)
    return None if math.isnan(v) else v


def nile():
    return sm.datasets.nile.load_pandas().data["volume"].to_numpy(dtype=float)


def fixture_values(name):
    d = json.loads((DATA / f"{name}.json").read_text())
    return np.array(d["values"], dtype=float)


def differenced(x, d, sd, s):
    x = np.asarray(x, dtype=float)
    for _ in range(sd):
        x = x[s:] - x[:-s]
    for _ in range(d):
        x = x[1:] - x[:-1]
    return x


def fit_case(name, description, y, trend, regs, future, order, seasonal):
    """`regs`/`future`: dict name -> values (n / H rows)."""
    n = len(y)
    s = seasonal[3]
    cols, fcols, names = [], [], []
    if trend == "c":
        cols.append(np.ones(n))
        fcols.append(np.ones(H))
        names.append("const")
    elif trend == "t":
        cols.append(np.arange(1, n + 1, dtype=float))
        fcols.append(np.arange(n + 1, n + H + 1, dtype=float))
        names.append("drift")
    for k, v in regs.items():
        cols.append(np.asarray(v, dtype=float))
        fcols.append(np.asarray(future[k], dtype=float))
        names.append(k)
    X = pd.DataFrame(np.column_stack(cols), columns=names)
    Xf = pd.DataFrame(np.column_stack(fcols), columns=names)
    mod = SARIMAX(y, exog=X, order=order, seasonal_order=seasonal if s > 0 else (0, 0, 0, 0),
                  trend="n", use_exact_diffuse=True)
    t0 = time.time()
    # statsmodels' default L-BFGS stops early when the mean or a regression coefficient is
    # large next to the ARMA coefficients (Nile: a mean of 1100): polish its optimum with
    # Nelder-Mead and then BFGS, and keep the best.
    res = mod.fit(disp=0, maxiter=2000, cov_type="approx")
    for method, kw in [("nm", {"xatol": 1e-10, "fatol": 1e-12}), ("bfgs", {"gtol": 1e-8})]:
        r = mod.fit(start_params=res.params, method=method, disp=0, maxiter=50000,
                    cov_type="approx", **kw)
        if r.llf >= res.llf:
            res = r
    secs = time.time() - t0
    p = dict(zip(mod.param_names, res.params))
    se = dict(zip(mod.param_names, res.bse))

    def coefs(src, conv=float):
        out = {"ar": [conv(src[f"ar.L{i}"]) for i in range(1, order[0] + 1)],
               "ma": [conv(src[f"ma.L{i}"]) for i in range(1, order[2] + 1)],
               "sar": [conv(src[f"ar.S.L{s * i}"]) for i in range(1, seasonal[0] + 1)],
               "sma": [conv(src[f"ma.S.L{s * i}"]) for i in range(1, seasonal[2] + 1)],
               "constant": conv(src["const"]) if trend == "c" else None,
               "drift": conv(src["drift"]) if trend == "t" else None,
               "regressors": {k: conv(src[k]) for k in regs}}
        return out

    fr = res.filter_results
    nd = int(fr.nobs_diffuse)
    finf = [] if nd == 0 else fr.forecasts_error_diffuse_cov[0, 0, :nd]
    loglik = float(res.llf) + sum(0.5 * (math.log(2 * math.pi) + math.log(f)) for f in finf)
    n_missing = int(np.isnan(y).sum())
    n_eff = n - n_missing - order[1] - seasonal[1] * s
    # Direct check: the ARMA likelihood of the differenced regression errors.
    check = None
    if n_missing == 0:
        beta = np.array([p[k] for k in names])
        w = differenced(y - X.to_numpy() @ beta, order[1], seasonal[1], s)
        arma = SARIMAX(w, order=(order[0], 0, order[2]),
                       seasonal_order=(seasonal[0], 0, seasonal[2], s) if s > 0 else (0, 0, 0, 0),
                       trend="n")
        arma_params = [p[k] for k in arma.param_names]
        check = float(arma.loglike(np.array(arma_params)))
    k = len(res.params)  # includes sigma2
    aic = -2 * loglik + 2 * k
    aicc = aic + 2 * k * (k + 1) / (n_eff - k - 1)
    bic = aic + k * (math.log(n_eff) - 2)
    fc = res.get_forecast(H, exog=Xf)
    mean = fc.predicted_mean
    fse = fc.se_mean
    ci80 = fc.conf_int(alpha=0.2)
    ci95 = fc.conf_int(alpha=0.05)
    arr = lambda a: [float(v) for v in np.asarray(a)]
    arma_coefs = ([p[f"ar.L{i}"] for i in range(1, order[0] + 1)]
                  + [p[f"ma.L{i}"] for i in range(1, order[2] + 1)]
                  + [p[f"ar.S.L{s * i}"] for i in range(1, seasonal[0] + 1)]
                  + [p[f"ma.S.L{s * i}"] for i in range(1, seasonal[2] + 1)])
    boundary = any(abs(v) > 0.98 for v in arma_coefs)
    return {
        "name": name,
        "description": description,
        "n": n,
        "period": s if s > 0 else 1,
        "values": [None if math.isnan(v) else float(v) for v in y],
        "missing": n_missing,
        "order": list(order),
        "seasonal_order": list(seasonal),
        "trend": trend,
        "regressors": {k: [float(v) for v in regs[k]] for k in regs},
        "future_regressors": {k: [float(v) for v in future[k]] for k in regs},
        "statsmodels_param_names": list(mod.param_names),
        "coefficients": coefs(p),
        "std_errors": coefs(se, num),
        "sigma2": float(p["sigma2"]),
        "loglik": loglik,
        "loglik_statsmodels": float(res.llf),
        "loglik_differenced_check": check,
        "nobs_diffuse": nd,
        "nobs_effective": n_eff,
        "n_params": k,
        "aic": aic,
        "aicc": aicc,
        "bic": bic,
        "converged": bool(res.mle_retvals.get("converged", True)),
        "boundary": boundary,
        "fit_seconds": secs,
        "h": H,
        "forecast_mean": arr(mean),
        "forecast_se": arr(fse),
        "lower_80": arr(ci80.iloc[:, 0] if hasattr(ci80, "iloc") else ci80[:, 0]),
        "upper_80": arr(ci80.iloc[:, 1] if hasattr(ci80, "iloc") else ci80[:, 1]),
        "lower_95": arr(ci95.iloc[:, 0] if hasattr(ci95, "iloc") else ci95[:, 0]),
        "upper_95": arr(ci95.iloc[:, 1] if hasattr(ci95, "iloc") else ci95[:, 1]),
    }


def auto_case(c):
    """statsforecast's auto_arima_f (a port of R's auto.arima) with the case's regressors."""
    y = np.array(c["values"], dtype=float)
    names = list(c["regressors"])
    X = np.column_stack([c["regressors"][k] for k in names]).astype(float)
    t0 = time.time()
    fit = auto_arima_f(y, period=c["period"], xreg=X)
    p, q, sp, sq, m, d, sd = fit["arma"]
    coef = {str(k): float(v) for k, v in fit["coef"].items()}
    # ex_1, ex_2, ... are the regressors in column order.
    for i, k in enumerate(names):
        coef[k] = coef.pop(f"ex_{i + 1}")
    return {"case": c["name"], "period": c["period"], "regressor_names": names,
            "order": [int(p), int(d), int(q)], "seasonal_order": [int(sp), int(sd), int(sq), int(m)],
            "constant": "intercept" in coef or "drift" in coef, "coefficients": coef,
            "aicc": float(fit["aicc"]), "loglik": float(fit["loglik"]),
            "seconds": time.time() - t0}


def main():
    cases = []
    y = nile()
    n = len(y)
    dam = (np.arange(n) >= 1899 - 1871).astype(float)
    fut = {"dam": np.ones(H)}
    desc = "Nile flow 1871-1970 (10^8 m^3), dam = 1 from 1899"
    cases.append(fit_case("nile_dam_101_mean", desc, y, "c", {"dam": dam}, fut,
                          (1, 0, 1), (0, 0, 0, 0)))
    cases.append(fit_case("nile_dam_011", desc, y, "n", {"dam": dam}, fut,
                          (0, 1, 1), (0, 0, 0, 0)))
    cases.append(fit_case("nile_dam_011_drift", desc, y, "t", {"dam": dam}, fut,
                          (0, 1, 1), (0, 0, 0, 0)))
    ym = y.copy()
    gaps = [5, 6, 28, 29, 60]
    ym[gaps] = np.nan
    cases.append(fit_case("nile_dam_101_mean_missing",
                          desc + f"; values at indices {gaps} removed (missing)", ym, "c",
                          {"dam": dam}, fut, (1, 0, 1), (0, 0, 0, 0)))

    a = fixture_values("airpassengers_log")
    n = len(a)
    months = pd.period_range("1949-01", periods=n, freq="M")
    promo_months = ["1951-04", "1953-09", "1955-02", "1956-11", "1958-06", "1959-10"]
    promo = np.array([1.0 if str(m) in promo_months else 0.0 for m in months])
    competitor = np.array([1.0 if m >= pd.Period("1957-01", "M") else 0.0 for m in months])
    ya = a + 0.10 * promo - 0.04 * competitor
    fmonths = pd.period_range("1961-01", periods=H, freq="M")
    fut = {"promo": np.array([1.0 if str(m) in ("1961-03", "1961-08") else 0.0 for m in fmonths]),
           "competitor": np.ones(H)}
    cases.append(fit_case(
        "airpassengers_log_promo",
        "log AirPassengers 1949-01..1960-12 + 0.10 in the promo months "
        f"{promo_months} - 0.04 from 1957-01 (competitor); synthetic, documented",
        ya, "n", {"promo": promo, "competitor": competitor}, fut, (0, 1, 1), (0, 1, 1, 12)))

    # Drift with a regressor: AirPassengers in thousands, 15 added in the same promo months.
    araw = fixture_values("airpassengers") + 15.0 * promo
    cases.append(fit_case(
        "airpassengers_promo_drift",
        "AirPassengers 1949-01..1960-12 (thousands) + 15 in the promo months "
        f"{promo_months}; synthetic, documented",
        araw, "t", {"promo": promo}, {"promo": fut["promo"]}, (1, 1, 1), (0, 0, 0, 0)))

    auto = [auto_case(c) for c in cases
            if c["name"] in ("nile_dam_011", "airpassengers_log_promo",
                             "airpassengers_promo_drift")]

    out = {
        "description": "Regression with ARIMA errors: statsmodels SARIMAX(exog=...) references",
        "generator": "benches/reference/make_arimax_reference.py",
        "versions": {"python": platform.python_version(), "statsmodels": statsmodels.__version__,
                     "numpy": np.__version__, "scipy": scipy.__version__,
                     "pandas": pd.__version__, "statsforecast": statsforecast.__version__},
        "cases": cases,
        "auto": auto,
    }
    path = DATA / "arimax_reference.json"
    path.write_text(json.dumps(out, indent=1, allow_nan=False) + "\n")
    for c in cases:
        print(c["name"], "loglik", round(c["loglik"], 4), "check", c["loglik_differenced_check"],
              "coef", c["coefficients"], "converged", c["converged"])
    print("wrote", path)


if __name__ == "__main__":
    main()
