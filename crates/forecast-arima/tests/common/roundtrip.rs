//! Saving and reloading models through serde_json (with `float_roundtrip`, as the workspace
//! enables it) and comparing what they forecast bit for bit.
#![allow(dead_code, unreachable_pub)]

use ecom_core::Forecast;
use forecast_arima::{DEFAULT_LEVELS, FittedArima, FittedModel};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// `x` written as JSON and read back; the reloaded value must write the same JSON.
pub fn reload<T: Serialize + DeserializeOwned>(x: &T) -> T {
    let json = serde_json::to_string(x).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(
        serde_json::to_string(&back).unwrap(),
        json,
        "rewritten file differs"
    );
    back
}

/// The bit patterns of `v` (so 0.0 and -0.0 differ, and NaN equals NaN).
pub fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// Means, every interval bound and the dates, bit for bit.
pub fn assert_same_forecast(a: &Forecast, b: &Forecast, what: &str) {
    assert_eq!(bits(&a.mean), bits(&b.mean), "{what}: mean");
    assert_eq!(a.intervals.len(), b.intervals.len(), "{what}: intervals");
    for (x, y) in a.intervals.iter().zip(&b.intervals) {
        assert_eq!(x.level.to_bits(), y.level.to_bits(), "{what}: level");
        assert_eq!(bits(&x.lower), bits(&y.lower), "{what}: lower {}", x.level);
        assert_eq!(bits(&x.upper), bits(&y.upper), "{what}: upper {}", x.level);
    }
    assert_eq!(
        (a.start, a.frequency),
        (b.start, b.frequency),
        "{what}: dates"
    );
}

/// A reloaded model forecasts exactly as the original (`h` steps, 80 and 95 % intervals).
pub fn assert_same_model<M: FittedModel>(a: &M, b: &M, h: usize, what: &str) {
    let (fa, fb) = (
        a.forecast(h, &DEFAULT_LEVELS).unwrap(),
        b.forecast(h, &DEFAULT_LEVELS).unwrap(),
    );
    assert_same_forecast(&fa, &fb, what);
}

/// Everything an ARIMA reports and forecasts, bit for bit: forecasts and intervals, means and
/// standard errors, lead-time totals, estimates and diagnostics.
pub fn assert_same_arima(a: &FittedArima, b: &FittedArima, h: usize, what: &str) {
    assert_same_model(a, b, h, what);
    let (pa, pb) = (a.predict(h).unwrap(), b.predict(h).unwrap());
    assert_eq!(bits(&pa.mean), bits(&pb.mean), "{what}: predict mean");
    assert_eq!(bits(&pa.se), bits(&pb.se), "{what}: predict se");
    assert_eq!((pa.start, pa.frequency), (pb.start, pb.frequency));
    for k in [1, 2, h] {
        let (ta, sa) = a.predict_total(k).unwrap();
        let (tb, sb) = b.predict_total(k).unwrap();
        assert_eq!(
            (ta.to_bits(), sa.to_bits()),
            (tb.to_bits(), sb.to_bits()),
            "{what}: predict_total({k})"
        );
    }
    let (ca, cb) = (a.coefficients(), b.coefficients());
    for (x, y) in [
        (&ca.ar, &cb.ar),
        (&ca.ma, &cb.ma),
        (&ca.sar, &cb.sar),
        (&ca.sma, &cb.sma),
    ] {
        assert_eq!(bits(x), bits(y), "{what}: coefficients");
    }
    assert_eq!(ca.constant.map(f64::to_bits), cb.constant.map(f64::to_bits));
    assert_eq!(ca.drift.map(f64::to_bits), cb.drift.map(f64::to_bits));
    let (sa, sb) = (a.std_errors(), b.std_errors());
    assert_eq!(bits(&sa.ar), bits(&sb.ar), "{what}: std errors");
    assert_eq!(
        sa.constant.or(sa.drift).map(f64::to_bits),
        sb.constant.or(sb.drift).map(f64::to_bits),
        "{what}: constant std error"
    );
    assert_eq!(a.sigma2().to_bits(), b.sigma2().to_bits(), "{what}: sigma2");
    assert_eq!(a.loglik().to_bits(), b.loglik().to_bits(), "{what}: loglik");
    assert_eq!(a.information_criteria(), b.information_criteria());
    assert_eq!(
        bits(a.residuals()),
        bits(b.residuals()),
        "{what}: residuals"
    );
    assert_eq!(bits(a.fitted()), bits(b.fitted()), "{what}: fitted");
    assert_eq!(a.notes(), b.notes());
    assert_eq!(
        (a.nobs(), a.nobs_effective(), a.n_params(), a.iterations()),
        (b.nobs(), b.nobs_effective(), b.n_params(), b.iterations())
    );
    assert_eq!(
        (a.converged(), a.estimation()),
        (b.converged(), b.estimation())
    );
    assert_eq!(a.spec(), b.spec());
    assert_eq!(a.to_string(), b.to_string());
}
