"""Reference numbers for forecast-arima's ETS models, from statsforecast 2.1.1.

    python make_ets_reference.py OUT.json

Writes, for each series (the seasonal and non-seasonal forecast fixtures, and five SKUs of the
shop's daily sales with period 7):

* `auto`: statsforecast `AutoETS(season_length=m)` (model "ZZZ", damped tried both ways,
  AICc): chosen model, parameters, initial and final states, loglik, AIC/AICc/BIC, sigma2,
  forecast mean and 80/95 % intervals.
* `candidates`: every model AutoETS tries on that series, each fitted on its own with
  `ets_f(y, m, model=..., damped=...)` (the same `etsmodel` call AutoETS makes), with the
  same fields, and whether the estimate breaks R's "usual" bounds (beta <= alpha,
  gamma <= 1 - alpha) or the admissibility test. statsforecast's C++ Nelder-Mead only clamps
  to the box [1e-4, 0.9999] / [0.8, 0.98]; it stops when the simplex's likelihood values have
  a standard deviation below 1e-4 or after 1,000 iterations.
* `polished`: per candidate, the same likelihood (statsforecast's own `pegelsresid_C`, i.e.
  its C++ `calc`) maximised again by scipy's Nelder-Mead with tight tolerances and restarts,
  under R's bounds="both" restrictions (box, beta <= alpha, gamma <= 1 - alpha, admissible,
  multiplicative seasonal states >= 0), started from statsforecast's estimate when that is
  feasible and from statsforecast's own starting values otherwise. This is the optimum a
  fully converged R-style optimiser should reach (R's `optim` default stops at a relative
  change of 1e-8).
* `simulation` (for the four models the issue names and the auto choice): mean and
  variance of each step and of the running totals y[n+1] + ... + y[n+k], from 20,000
  paths of statsforecast's own `etssimulate` with Gaussian errors (numpy seed 20240601).

R is not available on this machine (CRAN is unreachable), so no R `forecast::ets` numbers are
included.
"""

import csv
import json
import math
import pathlib
import sys
import time
import warnings

import numpy as np
import scipy
import scipy.optimize
import statsforecast
import statsmodels
from statsforecast.ets import (
    admissible,
    check_param,
    ets_f,
    etssimulate,
    forecast_ets,
    initparam,
    initstate,
    pegelsresid_C,
    switch,
)
from statsforecast.models import AutoETS

warnings.filterwarnings("ignore")
HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parents[1] / "tests" / "data"
LEVELS = [80, 95]
LOWER = np.array([1e-4, 1e-4, 1e-4, 0.8])
UPPER = np.array([0.9999, 0.9999, 0.9999, 0.98])
SIM_PATHS = 20_000
SIM_SEED = 20240601
NAMED = {"AAAN", "MAMN", "AADN", "MNMN"}


def fixture(name):
    d = json.loads((DATA / f"{name}.json").read_text())
    return d["values"], d["period"]


def shop(n_skus=5):
    by = {}
    with open(DATA / "online_retail_8skus.csv") as f:
        for r in csv.DictReader(f):
            by.setdefault(r["sku"], []).append(float(r["units"]))
    return list(by.items())[:n_skus]


def floats(a):
    return [None if (x is None or not math.isfinite(x)) else float(x) for x in np.asarray(a, float)]


def num(x):
    x = float(x)
    return x if math.isfinite(x) else None


def candidates(y, m):
    """The models statsforecast's AutoETS loop tries, in its order."""
    positive = min(y) > 0
    out = []
    for e in "AM":
        for t in "NA":
            for s in ("NAM" if m > 1 and len(y) > m else "N"):
                for d in (True, False):
                    if t == "N" and d:
                        continue
                    if e == "A" and s == "M":
                        continue
                    if not positive and (e == "M" or s == "M"):
                        continue
                    out.append((e, t, s, d))
    return out


def violations(par, m, seasonal):
    a, b, g, p = par[:4]
    v = []
    if not np.isnan(b) and b > a:
        v.append("beta>alpha")
    if not np.isnan(g) and g > 1 - a:
        v.append("gamma>1-alpha")
    if not admissible(a, b, g, p, m if seasonal else 1):
        v.append("inadmissible")
    return v


def describe(r, h):
    f = forecast_ets(r, h=h, level=LEVELS)
    par = r["par"]
    return {
        "components": r["components"],
        "alpha": num(par[0]),
        "beta": num(par[1]),
        "gamma": num(par[2]),
        "phi": num(par[3]),
        "initial_states": floats(par[4:]),
        "final_states": floats(r["states"][-1]),
        "loglik": num(r["loglik"]),
        "aic": num(r["aic"]),
        "aicc": num(r["aicc"]),
        "bic": num(r["bic"]),
        "sigma2": num(r["sigma2"]),
        "n_params": int(r["n_params"]),
        "mse": num(r["mse"]),
        "iterations": int(r["fit"].nit) if r.get("fit") is not None else None,
        "forecast_mean": floats(f["mean"]),
        **{f"lower_{lv}": floats(f[f"lo-{lv}"]) for lv in LEVELS},
        **{f"upper_{lv}": floats(f[f"hi-{lv}"]) for lv in LEVELS},
    }


def neg2loglik(y, m, comp, theta, x0):
    e, t, s, d = comp
    a, b, g, p = theta
    _, _, _, lik = pegelsresid_C(y, m, x0, e, t, s, d, a, b, g, p, 3)
    return lik


def unpack(comp, m, v):
    """Free parameters + initial states (without the last seasonal) -> theta, full x0."""
    e, t, s, d = comp
    j = 0
    a = v[j]
    j += 1
    b = g = p = np.nan
    if t != "N":
        b = v[j]
        j += 1
    if s != "N":
        g = v[j]
        j += 1
    if d:
        p = v[j]
        j += 1
    x0 = list(v[j:])
    if s != "N":
        start = 1 + (t != "N")
        x0.append(m * (s == "M") - sum(x0[start:]))
    return (a, b, g, p), np.array(x0)


def feasible(comp, m, theta, x0):
    e, t, s, d = comp
    a, b, g, p = theta
    mm = m if s != "N" else 1
    if not check_param(a, b, g, p, LOWER, UPPER, "both", mm):
        return False
    if s == "M" and min(x0[1 + (t != "N"):]) < 0:
        return False
    return True


def polish(y, m, comp, start):
    e, t, s, d = comp
    mm = m if s != "N" else 1

    def f(v):
        theta, x0 = unpack(comp, mm, v)
        if not feasible(comp, mm, theta, x0):
            return np.inf
        lik = neg2loglik(y, mm, comp, theta, x0)
        return lik if (lik is not None and math.isfinite(lik)) else np.inf

    best = np.array(start, float)
    fbest = f(best)
    for _ in range(6):
        r = scipy.optimize.minimize(
            f,
            best,
            method="Nelder-Mead",
            options=dict(maxiter=40_000, maxfev=80_000, xatol=1e-10, fatol=1e-10, adaptive=True),
        )
        if r.fun < fbest - 1e-9:
            best, fbest = r.x, r.fun
        else:
            break
    theta, x0 = unpack(comp, mm, best)
    return theta, x0, fbest


def start_vector(y, m, comp, r):
    """statsforecast's estimate as a free vector, or its starting values if infeasible."""
    e, t, s, d = comp
    mm = m if s != "N" else 1
    par = r["par"]
    free = [par[0]] + ([par[1]] if t != "N" else []) + ([par[2]] if s != "N" else []) + ([par[3]] if d else [])
    states = list(par[4:])
    if s != "N":
        states = states[:-1]
    v = np.array(free + states, float)
    theta, x0 = unpack(comp, mm, v)
    if feasible(comp, mm, theta, x0):
        return v, "statsforecast estimate"
    p0 = initparam(np.nan, np.nan, np.nan, np.nan, t, s, d, LOWER.copy(), UPPER.copy(), mm, "both")
    x0 = initstate(np.asarray(y, float), mm, t, s)
    free = [p0["alpha"]] + ([p0["beta"]] if t != "N" else []) + ([p0["gamma"]] if s != "N" else []) + ([p0["phi"]] if d else [])
    return np.array(free + list(x0), float), "statsforecast start values"


def simulate(r, h):
    comp = r["components"]
    m = r["m"]
    a, b, g, p = r["par"][:4]
    b = 0.0 if np.isnan(b) else b
    g = 0.0 if np.isnan(g) else g
    p = 1.0 if np.isnan(p) else p
    x = r["states"][-1]
    rng = np.random.default_rng(SIM_SEED)
    paths = np.zeros((SIM_PATHS, h))
    sd = math.sqrt(r["sigma2"])
    for k in range(SIM_PATHS):
        e = rng.normal(0.0, sd, h)
        out = np.zeros(h)
        etssimulate(x, m, switch(comp[0]), switch(comp[1]), switch(comp[2]), a, b, g, p, h, out, e)
        paths[k] = out
    totals = np.cumsum(paths, axis=1)
    return {
        "paths": SIM_PATHS,
        "seed": SIM_SEED,
        "step_mean": floats(paths.mean(axis=0)),
        "step_var": floats(paths.var(axis=0, ddof=1)),
        "total_mean": floats(totals.mean(axis=0)),
        "total_var": floats(totals.var(axis=0, ddof=1)),
    }


def one(name, values, m, description):
    y = np.asarray(values, float)
    h = 2 * m if m > 1 else 10
    out = {"series": name, "description": description, "period": m, "n": len(y), "h": h, "values": floats(y)}
    AutoETS(season_length=m).fit(y)  # warm-up
    t0 = time.perf_counter()
    auto = AutoETS(season_length=m).fit(y).model_
    out["auto"] = {"method": auto["method"], "seconds": time.perf_counter() - t0, **describe(auto, h)}
    out["candidates"] = []
    for comp in candidates(y, m):
        e, t, s, d = comp
        key = f"{e}{t}{s}{'D' if d else 'N'}"
        r = ets_f(y, m, model=e + t + s, damped=d)
        c = {"model": key, **describe(r, h), "violates": violations(r["par"], m, s != "N")}
        v0, origin = start_vector(y, m, comp, r)
        t0 = time.perf_counter()
        theta, x0, lik = polish(y, m, comp, v0)
        c["polished"] = {
            "started_from": origin,
            "alpha": num(theta[0]),
            "beta": num(theta[1]),
            "gamma": num(theta[2]),
            "phi": num(theta[3]),
            "initial_states": floats(x0),
            "loglik": num(-0.5 * lik),
            "seconds": time.perf_counter() - t0,
        }
        if key in NAMED or key == auto["components"]:
            c["simulation"] = simulate(r, h)
        out["candidates"].append(c)
        print(f"  {name} {key}: sf {c['loglik']:.4f} polished {c['polished']['loglik']:.4f} {c['violates']}", flush=True)
    return out


def main():
    target = pathlib.Path(sys.argv[1])
    series = []
    for name in ["airpassengers", "wineind", "woolyrnq", "co2", "nile", "sunspots", "heartrate"]:
        v, m = fixture(name)
        series.append((name, v, m, f"forecast fixture {name}.json"))
    for sku, v in shop():
        series.append((f"sku_{sku}", v, 7, f"shop SKU {sku}, daily units (online_retail_8skus.csv), period 7"))
    res = {
        "generator": "benches/reference/make_ets_reference.py",
        "versions": {
            "python": sys.version.split()[0],
            "statsforecast": statsforecast.__version__,
            "statsmodels": statsmodels.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
        "r_forecast": "not available (CRAN unreachable on this machine)",
        "levels": LEVELS,
        "series": [],
    }
    for name, v, m, desc in series:
        print(name, flush=True)
        res["series"].append(one(name, v, m, desc))
        target.write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
