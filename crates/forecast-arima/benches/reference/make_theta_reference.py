"""Reference numbers for the Theta method: statsforecast 2.1.1's `Theta` (the standard theta
model of Fiorucci et al. 2016, theta = 2) on real and synthetic series.

Writes tests/data/theta_reference.json. Per case:
- the input (`values`, `period`, the decomposition asked for);
- what statsforecast chose: `decompose` (its seasonality test at 90 %), the decomposition type
  used, the seasonal factors it forecasts with (one season, in forecast order);
- the fit: `alpha`, `initial_smoothed`, the slope `b` and intercept `a` of the linear trend, the
  final level, the objective (`mse`, statsforecast's sum of squared one-step errors after the
  first three, over the mean absolute value), the residual `sigma` its intervals use;
- `mean`: the point forecast (h = 14);
- `intervals_200`: the 80 and 95 % intervals exactly as `Theta().forecast(..., level=...)`
  returns them (quantiles of 200 simulated paths, seed 0);
- `intervals_big`: the same simulation with 200,000 paths, the distribution the 200 paths sample;
  for additive decompositions with the residual sigma of the seasonally adjusted fit, see below.

statsforecast adds the seasonal component to the residuals of an additive decomposition
(`residuals + seasonal`, theta.py), so its interval sigma includes the seasonal swing;
`sigma_sf` records that value, `sigma` the residual spread of the adjusted fit (the model's own
residuals, which the Rust crate uses) and `intervals_big` is simulated with `sigma`.

R's forecast::thetaf is not available here (CRAN is unreachable), so there is no R reference.

Run from the crate directory with a virtualenv holding statsforecast 2.1.1:
    /work/venv-select/bin/python benches/reference/make_theta_reference.py
"""

import csv
import json
import pathlib
import warnings

import numpy as np
import scipy
import statsforecast
import statsmodels
from statsforecast.models import Theta
from statsforecast.theta import auto_theta, compute_pi_samples

warnings.filterwarnings("ignore")
DATA = pathlib.Path(__file__).resolve().parent.parent.parent / "tests" / "data"
H = 14
LEVELS = [80, 95]


def fixture(name):
    d = json.loads((DATA / f"{name}.json").read_text())
    return np.array(d["values"], dtype=float), d["period"]


def shop(sku):
    with open(DATA / "online_retail_8skus.csv") as f:
        rows = [r for r in csv.DictReader(f) if r["sku"] == sku]
    return np.array([float(r["units"]) for r in rows])


def cases():
    rng = np.random.default_rng(20240515)
    out = []
    for name in ["nile", "airpassengers", "woolyrnq", "wineind"]:
        y, m = fixture(name)
        out.append((name, y, m, "multiplicative"))
    y, m = fixture("airpassengers")
    out.append(("airpassengers_additive", y, m, "additive"))
    for sku in ["85123A", "22423", "84879"]:
        out.append((f"shop_{sku}", shop(sku), 7, "multiplicative"))
    # Positive, weekly, one day nearly empty: the multiplicative factor of that day is below
    # 0.01, so statsforecast falls back to an additive decomposition.
    t = np.arange(70)
    y = np.where(t % 7 == 3, 0.2, 50 + 10 * np.sin(t) + rng.normal(0, 2, 70))
    out.append(("tiny_factor", np.round(y, 3), 7, "multiplicative"))
    # Seasonal with negative values: additive.
    y = -5 + 8 * np.sin(2 * np.pi * t / 7) + 0.05 * t + rng.normal(0, 1, 70)
    out.append(("negative_seasonal", np.round(y, 3), 7, "multiplicative"))
    # Short, trending, not seasonal; a series starting at zero (a zero starting simplex).
    out.append(("short", np.round(10 + 0.8 * np.arange(9) + rng.normal(0, 1, 9), 3), 1,
                "multiplicative"))
    y = rng.poisson(3, 60).astype(float)
    y[0] = 0.0
    out.append(("zero_start", y, 1, "multiplicative"))
    # A random walk with drift; a seasonal period too long for the test (n < 2m).
    out.append(("drift", np.round(50 + np.cumsum(rng.normal(0.3, 2, 80)), 3), 1,
                "multiplicative"))
    out.append(("too_short_for_season", np.round(20 + rng.normal(0, 2, 20), 3), 12,
                "multiplicative"))
    return out


def intervals(lo_hi):
    return {str(lv): {"lower": list(map(float, lo_hi[f"lo-{lv}"])),
                      "upper": list(map(float, lo_hi[f"hi-{lv}"]))} for lv in LEVELS}


def big_intervals(mod, sigma, seas):
    samples = compute_pi_samples(
        n=mod["n"], h=H, states=mod["states"], sigma=sigma, alpha=mod["par"]["alpha"],
        theta=mod["par"]["theta"], mean_y=mod["mean_y"], seed=1, n_samples=200_000,
    ).astype(float)
    res = {}
    for lv in LEVELS:
        lo = np.quantile(samples, (100 - lv) / 200, axis=1)
        hi = np.quantile(samples, (100 - lv) / 200 + lv / 100, axis=1)
        if seas is not None:
            kind, factors = seas
            if kind == "multiplicative":
                lo, hi = lo * factors, hi * factors
            else:
                lo, hi = lo + factors, hi + factors
        res[str(lv)] = {"lower": list(map(float, lo)), "upper": list(map(float, hi))}
    return res


def main():
    out = {
        "versions": {
            "statsforecast": statsforecast.__version__,
            "statsmodels": statsmodels.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
        "generator": "benches/reference/make_theta_reference.py",
        "h": H,
        "cases": [],
    }
    for name, y, m, kind in cases():
        y = np.asarray(y, dtype=np.float64)
        mod = auto_theta(y, m, model="STM", decomposition_type=kind)
        fc = Theta(season_length=m, decomposition_type=kind).forecast(y, H, level=LEVELS)
        decompose = bool(mod.get("decompose", False))
        seas = None
        sigma_sf = float(np.std(mod["residuals"][3:], ddof=1))
        sigma = sigma_sf
        if decompose:
            kind_used = mod["decomposition_type"]
            factors = np.resize(mod["seas_forecast"]["mean"], H)
            seas = (kind_used, factors)
            if kind_used == "additive":
                # statsforecast's residuals are residuals + seasonal; undo that.
                from statsmodels.tsa.seasonal import seasonal_decompose
                s = seasonal_decompose(y, model="additive", period=m).seasonal
                sigma = float(np.std((mod["residuals"] - s)[3:], ddof=1))
        level, meany, a, b, _ = mod["states"][-1]
        out["cases"].append({
            "name": name,
            "period": m,
            "decomposition": kind,
            "values": list(map(float, y)),
            "decompose": decompose,
            "decomposition_used": seas[0] if seas else None,
            "seasonal_forecast": list(map(float, mod["seas_forecast"]["mean"])) if decompose else None,
            "alpha": float(mod["par"]["alpha"]),
            "initial_smoothed": float(mod["par"]["initial_smoothed"]),
            "a": float(a),
            "b": float(b),
            "level": float(level),
            "mse": float(mod["mse"]),
            "sigma": sigma,
            "sigma_sf": sigma_sf,
            "mean": list(map(float, fc["mean"])),
            "intervals_200": intervals(fc),
            "intervals_big": big_intervals(mod, sigma, seas),
        })
    # A constant series, for the record: statsforecast's fit does not special-case it.
    y = np.full(30, 4.0)
    fc = Theta().forecast(y, 3)
    out["constant"] = {"values": list(map(float, y)), "mean": list(map(float, fc["mean"]))}
    path = DATA / "theta_reference.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path} ({len(out['cases'])} cases)")


if __name__ == "__main__":
    main()
