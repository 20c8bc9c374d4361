//! Estimation: data preparation and validation, the CSS and exact-ML objectives, the
//! optimisation, and everything the fitted model needs (residuals, standard errors, the state
//! for forecasting).

use crate::arma::{ArmaPoly, ArmaShape};
use crate::css::{CssWs, css_sums};
use crate::difference::apply_poly;
use crate::diffuse::{self, DiffuseTrace, DiffuseWs, Step};
use crate::error::{ArimaError, Result};
use crate::gls::{Columns, first_dependent};
use crate::kalman::{self, ChandraWs, FinalPass, Sums, Trace};
use crate::limits::{MAX_STATE_DIM, check_data};
use crate::note::{FitNote, MlStart};
use crate::optim::{BfgsOptions, LsResult, OptimResult, least_squares, minimize_from};
use crate::order::{Method, Order, SeasonalOrder, Trend};
use crate::poly::differencing_polynomial;
use crate::regressors::Regressors;
use crate::statespace::FullModel;
use crate::stationary::{
    StationaryWs, solve_in_place, stationary_covariance, stationary_first_row, well_conditioned,
};
use crate::transform::{
    ar_from_unconstrained, ar_to_unconstrained, ma_from_unconstrained, ma_to_unconstrained,
};

/// Largest partial autocorrelation used when mapping a starting value into the unconstrained
/// space, so a start on the boundary stays finite.
const START_PACF_LIMIT: f64 = 0.995;

/// Everything that defines a model, validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ModelSpec {
    pub(crate) order: Order,
    pub(crate) seasonal: SeasonalOrder,
    pub(crate) trend: Trend,
    pub(crate) method: Method,
    pub(crate) max_iter: usize,
    /// Every AR and MA root lies outside this radius (1 = stationary and invertible).
    pub(crate) root_radius: f64,
    /// Number of user regressors (columns after the constant or drift).
    pub(crate) n_xreg: usize,
}

impl ModelSpec {
    pub(crate) fn shape(&self) -> ArmaShape {
        let seasonal = self.seasonal.p > 0 || self.seasonal.q > 0;
        ArmaShape {
            p: self.order.p,
            q: self.order.q,
            sp: self.seasonal.p,
            sq: self.seasonal.q,
            s: if seasonal { self.seasonal.period } else { 1 },
        }
    }

    /// `d + D` (saturating: orders are only bounded by [`validate`](Self::validate)).
    pub(crate) fn n_diff(&self) -> usize {
        self.order.d.saturating_add(self.seasonal.d)
    }

    /// Whether there is a constant or drift column.
    pub(crate) fn has_trend(&self) -> bool {
        self.trend != Trend::None
    }

    /// Regression columns: the constant or drift, then the user regressors.
    pub(crate) fn n_reg(&self) -> usize {
        usize::from(self.has_trend()) + self.n_xreg
    }

    /// Number of estimated coefficients, σ² excluded.
    pub(crate) fn n_coef_total(&self) -> usize {
        self.shape().n_coef() + self.n_reg()
    }

    /// Checks orders, period and trend against each other.
    pub(crate) fn validate(&self) -> Result<()> {
        let s = self.seasonal;
        if s.is_seasonal() && s.period < 2 {
            return Err(ArimaError::invalid(
                "period",
                format!(
                    "seasonal terms need a period of at least 2, got {}",
                    s.period
                ),
            ));
        }
        if s.period == 0 {
            return Err(ArimaError::invalid(
                "period",
                "the period must be at least 1",
            ));
        }
        match self.trend {
            Trend::Constant if self.n_diff() > 0 => {
                return Err(ArimaError::invalid(
                    "trend",
                    "a constant (mean) needs d + D = 0; use Trend::Drift with d + D = 1",
                ));
            }
            Trend::Drift if self.n_diff() != 1 => {
                return Err(ArimaError::invalid(
                    "trend",
                    format!("drift needs d + D = 1, got {}", self.n_diff()),
                ));
            }
            _ => {}
        }
        if !(self.root_radius.is_finite() && self.root_radius >= 1.0) {
            return Err(ArimaError::invalid(
                "min_root_modulus",
                format!("must be finite and at least 1, got {}", self.root_radius),
            ));
        }
        if self.max_iter == 0 {
            return Err(ArimaError::invalid("max_iter", "must be at least 1"));
        }
        // Checked before anything is allocated: the covariances are m×m.
        match self.state_dims() {
            Some((r, m)) if r <= MAX_STATE_DIM && m <= MAX_STATE_DIM => {}
            dims => {
                let size =
                    dims.map_or_else(|| "more than usize::MAX".into(), |(_, m)| m.to_string());
                return Err(ArimaError::invalid(
                    "order",
                    format!(
                        "the model's state has {size} values (max(p + P·s, q + Q·s + 1) + d + D·s); \
                         the limit is {MAX_STATE_DIM}"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// `(r, m)`: the ARMA state dimension and the full one with the differencing (`None` on
    /// overflow).
    pub(crate) fn state_dims(&self) -> Option<(usize, usize)> {
        let sh = self.shape();
        let p_full = sh.s.checked_mul(sh.sp)?.checked_add(sh.p)?;
        let q_full = sh.s.checked_mul(sh.sq)?.checked_add(sh.q)?;
        let r = p_full.max(q_full.checked_add(1)?);
        Some((r, r.checked_add(self.lost()?)?))
    }

    /// `d + D·s`, the observations the differencing consumes (`None` on overflow).
    fn lost(&self) -> Option<usize> {
        self.seasonal
            .d
            .checked_mul(self.seasonal.period)?
            .checked_add(self.order.d)
    }

    /// Observations (non-missing) the model needs (call after [`validate`](Self::validate),
    /// which bounds every term).
    pub(crate) fn needed(&self) -> usize {
        let sh = self.shape();
        let lost = self.order.d + self.seasonal.d * self.seasonal.period;
        let cond = if self.method == Method::Ml {
            0
        } else {
            sh.p_full()
        };
        lost + cond + self.n_coef_total() + 1
    }
}

/// A validated series ready for estimation.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// Values divided by `scale` (NaN = missing).
    pub(crate) y: Vec<f64>,
    pub(crate) has_missing: bool,
    /// Regression columns: 1 for a mean or t = 1..n for drift, then the user regressors, each
    /// divided by the power of two in `xscale`.
    pub(crate) reg: Columns,
    /// Per user regressor, the power of two its column was divided by (see [`data_scale`]).
    pub(crate) xscale: Vec<f64>,
    /// Differencing coefficients.
    pub(crate) delta: Vec<f64>,
    /// Differenced data and regression columns; for a series with gaps, of the linearly
    /// interpolated series (used for CSS and starting values).
    pub(crate) w: Vec<f64>,
    pub(crate) wx: Columns,
    /// Non-missing observations.
    pub(crate) n_obs: usize,
    /// The original values are `y · scale` (a power of two, 1 unless the data's magnitude is
    /// extreme; see [`data_scale`]).
    pub(crate) scale: f64,
    /// Set when the differenced series is exactly its deterministic part: the model is not
    /// estimated but reproduces the data (σ² = 0).
    pub(crate) exact: Option<ExactFit>,
}

/// A series the model reproduces without error.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExactFit {
    /// The regression coefficients (mean or drift, then regressors) on the scaled data.
    pub(crate) beta: Vec<f64>,
    pub(crate) note: FitNote,
}

/// Magnitudes between 2⁻¹⁰⁰ and 2¹⁰⁰ (about 1e±30) are fitted as given; outside that range
/// the series is divided by a power of two that brings its largest value into [0.5, 1). Sums
/// of squares then stay far from overflow (values up to 1e150) and underflow (1e-100 and
/// below), and because scaling by a power of two is exact, ordinary series are untouched.
const UNSCALED_RANGE: (f64, f64) = (7.888609052210118e-31, 1.2676506002282294e30);

/// The power of two the data are divided by before fitting (1 for ordinary magnitudes).
pub(crate) fn data_scale(y: &[f64]) -> f64 {
    let max = y
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    if max == 0.0 || (UNSCALED_RANGE.0..=UNSCALED_RANGE.1).contains(&max) {
        return 1.0;
    }
    2f64.powi(max.log2().floor() as i32 + 1)
}

/// Relative size (to the data's largest value) below which the differenced series' deviation
/// from its deterministic part counts as rounding: the data follow the model exactly.
pub(crate) const EXACT_FIT_TOL: f64 = 1e-12;

/// Whether `x` is constant to within [`EXACT_FIT_TOL`] of `size` (the data's largest value).
pub(crate) fn follows_exactly(x: &[f64], size: f64) -> bool {
    let tol = EXACT_FIT_TOL * size;
    x.first()
        .is_none_or(|&x0| x.iter().all(|v| (v - x0).abs() <= tol))
}

/// Validates `y` for `spec` (NaN allowed only when `allow_missing`).
pub(crate) fn prepare(spec: &ModelSpec, y: &[f64], allow_missing: bool) -> Result<Prepared> {
    prepare_with(spec, y, allow_missing, None)
}

/// [`prepare`] with user regressors (`spec.n_xreg` must be their number of columns): checks
/// that they match the series and can be estimated in this model.
pub(crate) fn prepare_with(
    spec: &ModelSpec,
    y: &[f64],
    allow_missing: bool,
    xreg: Option<&Regressors>,
) -> Result<Prepared> {
    debug_assert_eq!(spec.n_xreg, xreg.map_or(0, Regressors::columns));
    spec.validate()?;
    if y.is_empty() {
        return Err(ArimaError::Empty);
    }
    check_data(y, allow_missing)?;
    if let Some(x) = xreg
        && x.rows() != y.len()
    {
        return Err(ArimaError::InvalidRegressors {
            reason: format!(
                "the regressors have {} rows for a series of {} observations (one row per \
                 observation)",
                x.rows(),
                y.len()
            ),
        });
    }
    let n_obs = y.iter().filter(|v| !v.is_nan()).count();
    let has_missing = n_obs < y.len();
    let needed = spec.needed();
    if n_obs < needed {
        return Err(ArimaError::NotEnoughData { needed, got: n_obs });
    }
    let scale = data_scale(y);
    let y: Vec<f64> = if scale == 1.0 {
        y.to_vec()
    } else {
        y.iter().map(|v| v / scale).collect()
    };
    let delta = differencing_polynomial(spec.order.d, spec.seasonal.d, spec.seasonal.period);
    let n = y.len();
    let mut reg = Columns::none(n);
    match spec.trend {
        Trend::None => {}
        Trend::Constant => reg.push(&vec![1.0; n]),
        Trend::Drift => reg.push(&(1..=n).map(|t| t as f64).collect::<Vec<_>>()),
    }
    let mut xscale = Vec::new();
    if let Some(x) = xreg {
        for j in 0..x.columns() {
            // Columns of extreme magnitude are rescaled like the data, so their
            // cross-products stay finite; a power of two changes no digit.
            let col = x.column(j);
            let f = data_scale(col);
            xscale.push(f);
            if f == 1.0 {
                reg.push(col);
            } else {
                reg.push(&col.iter().map(|v| v / f).collect::<Vec<_>>());
            }
        }
    }
    let filled = if has_missing {
        interpolate(&y)
    } else {
        y.clone()
    };
    let w = apply_poly(&delta, &filled);
    let mut wx = Columns::none(w.len());
    for j in 0..reg.k {
        wx.push(&apply_poly(&delta, reg.col(j)));
    }
    let mut data = Prepared {
        y,
        has_missing,
        reg,
        xscale,
        delta,
        w,
        wx,
        n_obs,
        scale,
        exact: None,
    };
    data.exact = match xreg {
        None => {
            let wx = (data.wx.k == 1).then(|| data.wx.col(0));
            // With gaps, the differences of the raw series: those that touch a gap are NaN and
            // left out of the test, where the interpolated `w` would read the straight line
            // drawn over a gap as a break in the pattern.
            let raw;
            let w = if data.has_missing {
                raw = apply_poly(&data.delta, &data.y);
                &raw
            } else {
                &data.w
            };
            exact_fit(&data.y, w, wx, scale)?
        }
        Some(x) => regression_check(spec, &data, x)?,
    };
    Ok(data)
}

/// Relative information a regression column must keep once the columns before it are
/// accounted for (in squared units: a residual norm of 1e-5 of its own); below it the column
/// counts as a linear combination of them.
const COLLINEAR_TOL: f64 = 1e-10;

/// With user regressors: every column must be identified in this model, which the
/// cross-products of the innovations at white-noise ARMA errors tell (on complete data the
/// least-squares normal equations of the differenced series; with gaps, through the exact
/// filter, so a dummy that is non-zero only where the series is missing is caught too). The
/// same sums say whether the data follow the regression exactly (σ² = 0).
fn regression_check(spec: &ModelSpec, data: &Prepared, x: &Regressors) -> Result<Option<ExactFit>> {
    let white = ArmaShape {
        p: 0,
        q: 0,
        sp: 0,
        sq: 0,
        s: 1,
    };
    let mut ev = Evaluator::new(white, data, 1.0);
    ev.set_coef(&[]);
    let mut s = ev.ml_sums().cloned().ok_or_else(|| ArimaError::Numerical {
        reason: "the regression cross-products could not be computed".into(),
    })?;
    let k = s.k();
    let names: Vec<String> = match spec.trend {
        Trend::None => Vec::new(),
        Trend::Constant => vec!["the constant".into()],
        Trend::Drift => vec!["the drift".into()],
    }
    .into_iter()
    .chain(x.names().iter().map(|n| format!("`{n}`")))
    .collect();
    let n_trend = usize::from(spec.has_trend());
    if let Err((j, combination)) = first_dependent(&s.sxx, k, COLLINEAR_TOL) {
        let reason = if combination {
            let before = &names[..j];
            let list = match before {
                [one] => one.clone(),
                [init @ .., last] => format!("{} and {last}", init.join(", ")),
                [] => String::new(),
            };
            format!("it is a linear combination of {list} in this model")
        } else {
            let (d, sd) = (spec.order.d, spec.seasonal.d);
            let mut r = if spec.n_diff() > 0 {
                format!("it is zero after the model's differencing (d = {d}, D = {sd})")
            } else {
                "it is zero at every observation".into()
            };
            if data.has_missing {
                r.push_str(" wherever the series is observed");
            }
            r
        };
        let column = if j < n_trend {
            names[j].clone()
        } else {
            x.names()[j - n_trend].clone()
        };
        return Err(ArimaError::CollinearRegressor { column, reason });
    }
    let beta = s.beta();
    let size = data
        .y
        .iter()
        .filter(|v| !v.is_nan())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    let tol = EXACT_FIT_TOL * size;
    let ssq = s.ssq_at(&beta);
    if !(ssq <= tol * tol * s.n.max(1) as f64) {
        return Ok(None);
    }
    let first = data.y.iter().copied().find(|v| !v.is_nan()).unwrap_or(0.0);
    let note = if data.y.iter().all(|v| v.is_nan() || *v == first) {
        FitNote::ConstantSeries {
            value: first * data.scale,
        }
    } else {
        FitNote::ExactFit
    };
    Ok(Some(ExactFit { beta, note }))
}

/// Whether the differenced series `w` is exactly its deterministic part `β·wx` (or zero
/// without one). A constant `w` the model cannot reproduce is [`ArimaError::ConstantSeries`].
fn exact_fit(y: &[f64], w: &[f64], wx: Option<&[f64]>, scale: f64) -> Result<Option<ExactFit>> {
    let first = y.iter().copied().find(|v| !v.is_nan()).unwrap_or(0.0);
    let constant = y.iter().all(|v| v.is_nan() || *v == first);
    let size = y
        .iter()
        .filter(|v| !v.is_nan())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    let tol = EXACT_FIT_TOL * size;
    // A difference that touches a missing value is NaN: it says nothing either way, so only
    // the defined ones are checked (a seasonal pattern with a gap is still reproduced).
    let defined = || w.iter().enumerate().filter(|(_, a)| !a.is_nan());
    let beta = match wx {
        Some(x) => defined()
            .find(|&(i, _)| x[i] != 0.0)
            .map_or(0.0, |(i, a)| a / x[i]),
        None => 0.0,
    };
    let reproduced = defined().next().is_some()
        && match wx {
            Some(x) => defined().all(|(i, a)| (a - beta * x[i]).abs() <= tol),
            None => defined().all(|(_, a)| a.abs() <= tol),
        };
    if reproduced {
        let note = if constant {
            FitNote::ConstantSeries {
                value: first * scale,
            }
        } else {
            FitNote::ExactFit
        };
        return Ok(Some(ExactFit {
            beta: if wx.is_some() { vec![beta] } else { Vec::new() },
            note,
        }));
    }
    if constant {
        return Err(ArimaError::ConstantSeries { after: "" });
    }
    if let Some((_, w0)) = defined().next()
        && defined().all(|(_, v)| v == w0)
    {
        return Err(ArimaError::ConstantSeries {
            after: " after differencing",
        });
    }
    Ok(None)
}

/// Linear interpolation over NaN gaps; leading/trailing gaps take the nearest value.
pub(crate) fn interpolate(y: &[f64]) -> Vec<f64> {
    let mut out = y.to_vec();
    let known: Vec<usize> = (0..y.len()).filter(|&i| !y[i].is_nan()).collect();
    if known.is_empty() {
        return out;
    }
    for (i, v) in out.iter_mut().enumerate() {
        if !v.is_nan() {
            continue;
        }
        let pos = known.partition_point(|&k| k < i);
        *v = match (pos.checked_sub(1).map(|p| known[p]), known.get(pos)) {
            (Some(a), Some(&b)) => y[a] + (y[b] - y[a]) * (i - a) as f64 / (b - a) as f64,
            (Some(a), None) => y[a],
            (None, Some(&b)) => y[b],
            (None, None) => 0.0,
        };
    }
    out
}

/// Evaluates the objectives; owns every buffer so repeated evaluations do not allocate.
pub(crate) struct Evaluator<'a> {
    pub(crate) data: &'a Prepared,
    pub(crate) shape: ArmaShape,
    pub(crate) poly: ArmaPoly,
    pub(crate) coef: Vec<f64>,
    /// Per-coefficient factors `radius^-lag` applied after the transform.
    scale: Vec<f64>,
    scratch: Vec<f64>,
    pub(crate) p0: Vec<f64>,
    sws: StationaryWs,
    cws_k: kalman::ChandraWs,
    cws: CssWs,
    pub(crate) dws: DiffuseWs,
    sums: Sums,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(shape: ArmaShape, data: &'a Prepared, radius: f64) -> Self {
        let poly = ArmaPoly::new(shape);
        let r = poly.r;
        let k = shape.n_coef();
        Self {
            data,
            shape,
            poly,
            coef: vec![0.0; k],
            scale: radius_scale(shape, radius),
            scratch: vec![0.0; k.max(1)],
            p0: vec![0.0; r * r],
            sws: StationaryWs::default(),
            cws_k: kalman::ChandraWs::default(),
            cws: CssWs::default(),
            dws: DiffuseWs::default(),
            sums: Sums::default(),
        }
    }

    /// Sets natural coefficients `[ar, ma, sar, sma]`.
    pub(crate) fn set_coef(&mut self, c: &[f64]) {
        self.coef.copy_from_slice(c);
        self.poly.set(&self.coef);
    }

    /// Sets coefficients from the unconstrained (optimiser) parameterisation.
    pub(crate) fn set_unconstrained(&mut self, u: &[f64]) {
        let sh = self.shape;
        let mut off = 0;
        for (len, is_ma) in [(sh.p, false), (sh.q, true), (sh.sp, false), (sh.sq, true)] {
            let (src, dst) = (&u[off..off + len], &mut self.coef[off..off + len]);
            if is_ma {
                ma_from_unconstrained(src, dst, &mut self.scratch);
            } else {
                ar_from_unconstrained(src, dst, &mut self.scratch);
            }
            off += len;
        }
        for (c, f) in self.coef.iter_mut().zip(&self.scale) {
            *c *= f;
        }
        self.poly.set(&self.coef);
    }

    /// Exact-likelihood sums at the current coefficients (`None` when not stationary or the
    /// filter breaks down), in a buffer the evaluator reuses.
    pub(crate) fn ml_sums(&mut self) -> Option<&mut Sums> {
        let d = self.data;
        let r = self.poly.r;
        let ok = if d.has_missing {
            if !stationary_covariance(&self.poly, &mut self.sws, &mut self.p0)
                || !well_conditioned(&self.p0[..r])
            {
                return None;
            }
            let model = FullModel {
                phi: &self.poly.phi,
                rvec: &self.poly.rvec,
                delta: &d.delta,
            };
            diffuse::filter(
                &model,
                &self.p0,
                &d.y,
                d.reg.view(),
                &mut self.dws,
                &mut self.sums,
                None,
            )
        } else {
            // The Chandrasekhar filter needs only the first row of the initial covariance.
            if !stationary_first_row(&self.poly, &mut self.sws, &mut self.p0[..r])
                || !well_conditioned(&self.p0[..r])
            {
                return None;
            }
            kalman::sums_chandrasekhar(
                &self.poly,
                &self.p0[..r],
                &d.w,
                d.wx.view(),
                &mut self.cws_k,
                &mut self.sums,
            )
        };
        ok.then_some(&mut self.sums)
    }

    /// Conditional residuals at the current coefficients (`false` if not finite).
    pub(crate) fn css_residuals(&mut self, out: &mut [f64]) -> bool {
        crate::css::css_residuals(
            &self.poly,
            &self.data.w,
            self.data.wx.view(),
            &mut self.cws,
            out,
        )
    }

    /// Conditional-sum-of-squares sums at the current coefficients.
    pub(crate) fn css_sums(&mut self) -> &mut Sums {
        css_sums(&self.poly, &self.data.w, self.data.wx.view(), &mut self.cws);
        &mut self.cws.sums
    }
}

/// Raw estimation result, before residuals and standard errors.
#[derive(Debug, Clone)]
pub(crate) struct Estimate {
    pub(crate) coef: Vec<f64>,
    /// Regression coefficients (constant or drift, then regressors) on the internal scale.
    pub(crate) beta: Vec<f64>,
    pub(crate) sigma2: f64,
    pub(crate) loglik: f64,
    /// n*: observations in the likelihood.
    pub(crate) n_eff: usize,
    /// Method actually used for the final estimates (CSS or exact ML).
    pub(crate) exact: bool,
    pub(crate) converged: bool,
    pub(crate) iterations: usize,
    /// The fallback start exact ML needed, if the usual one failed.
    pub(crate) restarted: Option<MlStart>,
    /// Nothing was estimated: the data follow the model exactly (σ² = 0).
    pub(crate) degenerate: bool,
}

impl Estimate {
    /// `(aic, aicc, bic)` by R's formulas; `None` for CSS.
    pub(crate) fn information_criteria(&self, spec: &ModelSpec) -> Option<(f64, f64, f64)> {
        if !self.exact || self.degenerate {
            return None;
        }
        let k = (spec.n_coef_total() + 1) as f64;
        let n = self.n_eff as f64;
        let aic = -2.0 * self.loglik + 2.0 * k;
        let aicc = if n - k - 1.0 > 0.0 {
            aic + 2.0 * k * (k + 1.0) / (n - k - 1.0)
        } else {
            f64::INFINITY
        };
        let bic = aic + k * (n.ln() - 2.0);
        Some((aic, aicc, bic))
    }
}

/// `radius^-(lag)` for each coefficient: lag k of a non-seasonal block, k·s of a seasonal one
/// (a root of Φ(Lˢ) has modulus |root of Φ|^(1/s)).
pub(crate) fn radius_scale(shape: ArmaShape, radius: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(shape.n_coef());
    for (len, step) in [
        (shape.p, 1),
        (shape.q, 1),
        (shape.sp, shape.s),
        (shape.sq, shape.s),
    ] {
        for k in 1..=len {
            out.push(radius.powi(-((k * step) as i32)));
        }
    }
    out
}

/// Starting values in the unconstrained space from natural coefficients: each polynomial
/// whose roots lie outside `radius` is mapped, any other starts at zero.
pub(crate) fn unconstrained_start(shape: ArmaShape, coef: &[f64], radius: f64) -> Vec<f64> {
    let scaled: Vec<f64> = coef
        .iter()
        .zip(radius_scale(shape, radius))
        .map(|(c, f)| c / f)
        .collect();
    let blocks = shape.split(&scaled);
    let mut u = Vec::with_capacity(coef.len());
    for (i, b) in blocks.iter().enumerate() {
        let is_ma = i % 2 == 1;
        let mapped = if is_ma {
            ma_to_unconstrained(b, START_PACF_LIMIT)
        } else {
            ar_to_unconstrained(b, START_PACF_LIMIT)
        };
        match mapped {
            Some(v) => u.extend(v),
            None => u.extend(std::iter::repeat_n(0.0, b.len())),
        }
    }
    u
}

/// Fits `spec` to `data`: CSS, exact ML, or CSS starting values refined by exact ML.
pub(crate) fn estimate(spec: &ModelSpec, data: &Prepared) -> Result<Estimate> {
    let shape = spec.shape();
    let k = shape.n_coef();
    if let Some(fit) = &data.exact {
        // R's answer for a constant series: nothing to estimate, σ² = 0, an unbounded
        // likelihood (reported as f64::MAX, with no information criteria).
        return Ok(Estimate {
            coef: vec![0.0; k],
            beta: fit.beta.clone(),
            sigma2: 0.0,
            loglik: f64::MAX,
            n_eff: data.n_obs - data.delta.len(),
            exact: spec.method != Method::Css,
            converged: true,
            iterations: 0,
            restarted: None,
            degenerate: true,
        });
    }
    let mut ev = Evaluator::new(shape, data, spec.root_radius);
    let opts = BfgsOptions {
        max_iter: spec.max_iter,
        ..BfgsOptions::default()
    };
    // CSS runs in the same constrained parameterisation as ML: outside the invertible region
    // the conditional residuals explode and the surface has cliffs that stall the optimiser
    // (R's unconstrained CSS therefore sometimes returns non-invertible estimates).
    let mut css: Option<LsResult> = None;
    if spec.method != Method::Ml && k > 0 {
        let m = data.w.len().saturating_sub(shape.p_full());
        let css_from = |ev: &mut Evaluator<'_>, u0: &[f64]| {
            least_squares(
                |u: &[f64], out: &mut [f64]| {
                    ev.set_unconstrained(u);
                    ev.css_residuals(out)
                },
                u0,
                m,
                opts,
            )
        };
        let mut r = css_from(&mut ev, &vec![0.0; k]);
        // Mixed ARMA surfaces are often multimodal: also start from Hannan–Rissanen
        // estimates and keep the better optimum.
        if let Some(u1) = hannan_rissanen_start(spec, data, None) {
            let alt = css_from(&mut ev, &u1);
            let iterations = r.iterations + alt.iterations;
            if alt.ssq < r.ssq {
                r = alt;
            }
            r.iterations = iterations;
        }
        css = Some(r);
    }
    if spec.method == Method::Css {
        match css.as_ref() {
            Some(r) => ev.set_unconstrained(&r.x),
            None => ev.set_coef(&[]),
        }
        let coef = ev.coef.clone();
        let s = ev.css_sums();
        let beta = s.beta();
        let ssq = s.ssq_at(&beta);
        if !(ssq.is_finite() && ssq > 0.0) || s.n == 0 {
            return Err(ArimaError::Numerical {
                reason: "the conditional sum of squares is not finite and positive".into(),
            });
        }
        let sigma2 = ssq / s.n as f64;
        let n_used = (data.n_obs - data.delta.len()) as f64;
        let loglik = -0.5 * n_used * (sigma2.ln() + 1.0 + (2.0 * std::f64::consts::PI).ln());
        let (converged, iterations) = css
            .as_ref()
            .map_or((true, 0), |r| (r.converged, r.iterations));
        return Ok(Estimate {
            coef,
            beta,
            sigma2,
            loglik,
            n_eff: s.n,
            exact: false,
            converged,
            iterations,
            restarted: None,
            degenerate: false,
        });
    }
    // Start ML from the CSS estimates, pulled inside partial autocorrelations of ±0.995 so
    // the optimiser does not start where tanh is flat.
    let u_lim = START_PACF_LIMIT.atanh();
    let from_css = match &css {
        Some(r) if r.ssq.is_finite() => Some(
            r.x.iter()
                .map(|u| u.clamp(-u_lim, u_lim))
                .collect::<Vec<f64>>(),
        ),
        _ => None,
    };
    // The Gauss–Newton Hessian of ½ ln SSE at the CSS optimum, JᵀJ/SSE, approximates that of the
    // exact likelihood, so BFGS starts with its inverse instead of the identity.
    let h0 = css.as_ref().and_then(|r| inverse_scaled(&r.jtj, k, r.ssq));
    let hr = hannan_rissanen_start(spec, data, None);
    let mut ml_iterations = 0;
    let mut attempt = |ev: &mut Evaluator<'_>, starts: &[Vec<f64>], h0: Option<&[f64]>| {
        let mut best: Option<OptimResult> = None;
        for (i, u0) in starts.iter().enumerate() {
            let r = ml_from(ev, u0, if i == 0 { h0 } else { None }, opts);
            ml_iterations += r.iterations;
            if best.as_ref().is_none_or(|b| r.f < b.f) {
                best = Some(r);
            }
        }
        best.and_then(|r| ml_estimate(ev, &r))
    };
    // The usual start first: the CSS estimates (CSS-ML), or zero and, for mixed models, the
    // Hannan–Rissanen estimates (ML). If the likelihood cannot be evaluated there or at the
    // optimum found, fall back in turn to the CSS estimates with an identity Hessian (another
    // path), the ML default start, and the usual start's coefficients halved (damped towards
    // white noise). The first that gives an evaluable optimum wins.
    let zero = vec![0.0; k];
    let default_starts: Vec<Vec<f64>> = std::iter::once(zero.clone()).chain(hr).collect();
    let primary: Vec<Vec<f64>> = match &from_css {
        Some(u) if spec.method != Method::Ml => vec![u.clone()],
        _ => default_starts.clone(),
    };
    let mut found = attempt(&mut ev, &primary, h0.as_deref()).map(|e| (e, None));
    if found.is_none() && k > 0 {
        let mut fallbacks: Vec<(MlStart, Vec<Vec<f64>>)> = Vec::new();
        if let (Some(u), Some(_)) = (&from_css, &h0)
            && spec.method != Method::Ml
        {
            fallbacks.push((MlStart::CssIdentityHessian, vec![u.clone()]));
        }
        if spec.method != Method::Ml && from_css.is_some() {
            fallbacks.push((MlStart::Default, default_starts.clone()));
        }
        let damped: Vec<Vec<f64>> = primary
            .iter()
            .map(|u| damped_start(&mut ev, u, spec.root_radius))
            .filter(|u| u.iter().any(|v| *v != 0.0))
            .collect();
        if !damped.is_empty() {
            fallbacks.push((MlStart::Damped, damped));
        }
        for (start, starts) in fallbacks {
            if let Some(e) = attempt(&mut ev, &starts, None) {
                found = Some((e, Some(start)));
                break;
            }
        }
    }
    let Some((mut est, restarted)) = found else {
        return Err(ArimaError::Numerical {
            reason: "the exact likelihood could not be evaluated at any starting value".into(),
        });
    };
    est.iterations = ml_iterations + css.as_ref().map_or(0, |r| r.iterations);
    est.restarted = restarted;
    Ok(est)
}

/// BFGS on the concentrated exact likelihood from `u0` (unconstrained parameters).
fn ml_from(
    ev: &mut Evaluator<'_>,
    u0: &[f64],
    h0: Option<&[f64]>,
    opts: BfgsOptions,
) -> OptimResult {
    minimize_from(
        |u: &[f64]| {
            ev.set_unconstrained(u);
            ev.ml_sums().map_or(f64::INFINITY, |s| s.profile())
        },
        u0,
        h0,
        opts,
    )
}

/// The estimate at the optimum `r`, if the likelihood there is finite.
fn ml_estimate(ev: &mut Evaluator<'_>, r: &OptimResult) -> Option<Estimate> {
    if !r.f.is_finite() {
        return None;
    }
    ev.set_unconstrained(&r.x);
    let s = ev.ml_sums()?;
    let beta = s.beta();
    let (sigma2, loglik) = ml_sigma2_loglik(s, &beta);
    let n_eff = s.n;
    if !(sigma2.is_finite() && sigma2 > 0.0 && loglik.is_finite()) {
        return None;
    }
    Some(Estimate {
        coef: ev.coef.clone(),
        beta,
        sigma2,
        loglik,
        n_eff,
        exact: true,
        converged: r.converged,
        iterations: r.iterations,
        restarted: None,
        degenerate: false,
    })
}

/// The coefficients at unconstrained `u`, halved, back in the unconstrained space.
fn damped_start(ev: &mut Evaluator<'_>, u: &[f64], radius: f64) -> Vec<f64> {
    ev.set_unconstrained(u);
    let half: Vec<f64> = ev.coef.iter().map(|c| 0.5 * c).collect();
    let mut half = half;
    shrink_inside(ev.shape, &mut half, radius);
    unconstrained_start(ev.shape, &half, radius)
}

/// `scale · A⁻¹` for a k×k matrix `A` (`None` if singular or not positive definite).
fn inverse_scaled(a: &[f64], k: usize, scale: f64) -> Option<Vec<f64>> {
    if a.len() != k * k || !(scale > 0.0 && scale.is_finite()) {
        return None;
    }
    let mut inv = vec![0.0; k * k];
    for j in 0..k {
        let mut m = a.to_vec();
        let mut e = vec![0.0; k];
        e[j] = 1.0;
        if !solve_in_place(&mut m, &mut e, k) || !(e[j] > 0.0) {
            return None;
        }
        for i in 0..k {
            inv[i * k + j] = e[i] * scale;
        }
    }
    Some(inv)
}

/// Hannan–Rissanen estimates of the non-seasonal part of a mixed model (seasonal part from
/// `seasonal`, else zero), pulled inside the admissible region, in the unconstrained space.
fn hannan_rissanen_start(
    spec: &ModelSpec,
    data: &Prepared,
    seasonal: Option<&[f64]>,
) -> Option<Vec<f64>> {
    let shape = spec.shape();
    if shape.p == 0 || shape.q == 0 {
        return None;
    }
    let hr = crate::start::hannan_rissanen(&data.w, shape.p, shape.q)?;
    let mut start = vec![0.0; shape.n_coef()];
    start[..shape.p + shape.q].copy_from_slice(&hr);
    if let Some(s) = seasonal {
        start[shape.p + shape.q..].copy_from_slice(s);
    }
    shrink_inside(shape, &mut start, spec.root_radius);
    Some(unconstrained_start(shape, &start, spec.root_radius))
}

/// Scales each polynomial's roots outwards until it is stationary (AR) or invertible (MA).
fn shrink_inside(shape: ArmaShape, coef: &mut [f64], radius: f64) {
    let mut off = 0;
    for (i, len) in [shape.p, shape.q, shape.sp, shape.sq]
        .into_iter()
        .enumerate()
    {
        let block = &mut coef[off..off + len];
        let rad = radius.powi(if i < 2 { 1 } else { shape.s as i32 });
        let ok = |b: &[f64]| {
            let signed: Vec<f64> = if i % 2 == 1 {
                b.iter().map(|v| -v).collect()
            } else {
                b.to_vec()
            };
            b.iter().all(|v| v.is_finite()) && crate::poly::roots_outside(&signed, rad)
        };
        let mut tries = 0;
        while !ok(block) && tries < 60 {
            for (lag, c) in block.iter_mut().enumerate() {
                *c *= 0.9f64.powi(lag as i32 + 1);
            }
            tries += 1;
        }
        if !ok(block) {
            block.fill(0.0);
        }
        off += len;
    }
}

/// ML σ² and R-convention log-likelihood from the sums at regression coefficients `beta`.
pub(crate) fn ml_sigma2_loglik(s: &Sums, beta: &[f64]) -> (f64, f64) {
    let n = s.n as f64;
    let sigma2 = s.ssq_at(beta) / n;
    let loglik = -0.5 * (n * ((2.0 * std::f64::consts::PI * sigma2).ln() + 1.0) + s.sumlog);
    (sigma2, loglik)
}

/// Residuals, fitted values and the state for forecasting.
#[derive(Debug, Clone)]
pub(crate) struct Finished {
    pub(crate) residuals: Vec<f64>,
    pub(crate) fitted: Vec<f64>,
    /// Predicted full state (ARMA block, then the last nd trend-adjusted values) for step n+1.
    pub(crate) state: Vec<f64>,
    /// Its covariance in units of σ² (m×m).
    pub(crate) state_cov: Vec<f64>,
    /// Standard errors of `[coef…, regression coefficient]` (NaN where unavailable).
    pub(crate) std_errors: Vec<f64>,
}

/// Computes residuals, fitted values, forecast state and (optionally) standard errors.
pub(crate) fn finish(
    spec: &ModelSpec,
    data: &Prepared,
    est: &Estimate,
    with_se: bool,
) -> Result<Finished> {
    let shape = spec.shape();
    let mut ev = Evaluator::new(shape, data, spec.root_radius);
    ev.set_coef(&est.coef);
    let r = ev.poly.r;
    let nd = data.delta.len();
    let m = r + nd;
    let n = data.y.len();
    let beta = &est.beta[..];
    let k = data.reg.k;
    let reg_at = |t: usize| data.reg.dot_row(t, beta);
    // Regression-adjusted series x_t = y_t − Σ β_j reg_{j,t}.
    let xadj: Vec<f64> = (0..n).map(|t| data.y[t] - reg_at(t)).collect();
    let mut residuals = vec![0.0; n];
    let mut state = vec![0.0; m];
    let mut state_cov = vec![0.0; m * m];
    let mut missing_predictions = Vec::new();

    if est.degenerate {
        // No error anywhere: residuals 0, the state is the last values (gaps interpolated,
        // which the data follow exactly), its covariance 0.
        let filled = interpolate(&data.y);
        for t in 0..n {
            if data.y[t].is_nan() {
                residuals[t] = f64::NAN;
                missing_predictions.push((t, filled[t]));
            }
        }
        let xfill: Vec<f64> = (0..n).map(|t| filled[t] - reg_at(t)).collect();
        fill_lags(&xfill, r, nd, &mut state);
    } else if !est.exact {
        css_finish(
            &mut ev,
            data,
            beta,
            &xadj,
            &mut residuals,
            &mut state,
            &mut state_cov,
        );
    } else if data.has_missing {
        let ok = stationary_covariance(&ev.poly, &mut StationaryWs::default(), &mut ev.p0);
        if !ok || !well_conditioned(&ev.p0[..r]) {
            return Err(ArimaError::Numerical {
                reason: "the fitted AR part is not stationary".into(),
            });
        }
        let model = FullModel {
            phi: &ev.poly.phi,
            rvec: &ev.poly.rvec,
            delta: &data.delta,
        };
        let mut vy = vec![0.0; n];
        let mut vx = vec![0.0; k * n];
        let mut f = vec![0.0; n];
        let mut py = vec![0.0; n];
        let mut px = vec![0.0; k * n];
        let mut steps = vec![Step::Missing; n];
        let tr = DiffuseTrace {
            vy: &mut vy,
            vx: &mut vx,
            f: &mut f,
            pred_y: &mut py,
            pred_x: &mut px,
            step: &mut steps,
        };
        let mut dws = DiffuseWs::default();
        if !diffuse::filter(
            &model,
            &ev.p0,
            &data.y,
            data.reg.view(),
            &mut dws,
            &mut Sums::default(),
            Some(tr),
        ) {
            return Err(ArimaError::Numerical {
                reason: "the Kalman filter failed at the fitted coefficients".into(),
            });
        }
        // Σ_j β_j v_{j,t} for a column-by-column trace.
        let fit_x = |v: &[f64], t: usize| -> f64 { (0..k).map(|j| beta[j] * v[j * n + t]).sum() };
        for t in 0..n {
            residuals[t] = match steps[t] {
                Step::Missing => {
                    // The fitted value of a missing observation is the one-step prediction,
                    // which the residual cannot give.
                    missing_predictions.push((t, py[t] - fit_x(&px, t) + reg_at(t)));
                    f64::NAN
                }
                Step::Diffuse => 0.0,
                Step::Regular => (vy[t] - fit_x(&vx, t)) / f[t].sqrt(),
            };
        }
        for i in 0..m {
            state[i] = dws.a[i] - (0..k).map(|j| beta[j] * dws.ax[j * m + i]).sum::<f64>();
        }
        state_cov.copy_from_slice(&dws.pstar);
    } else {
        let ok = stationary_covariance(&ev.poly, &mut StationaryWs::default(), &mut ev.p0);
        if !ok || !well_conditioned(&ev.p0[..r]) {
            return Err(ArimaError::Numerical {
                reason: "the fitted AR part is not stationary".into(),
            });
        }
        let nw = data.w.len();
        let mut vy = vec![0.0; nw];
        let mut vx = vec![0.0; k * nw];
        let mut f = vec![0.0; nw];
        let mut a = vec![0.0; r];
        let mut ax = vec![0.0; k * r];
        let mut p = ev.p0.clone();
        let out = FinalPass {
            trace: Trace {
                vy: &mut vy,
                vx: &mut vx,
                f: &mut f,
            },
            p: &mut p,
            a: &mut a,
            ax: &mut ax,
        };
        kalman::filter_chandrasekhar(
            &ev.poly,
            &data.w,
            data.wx.view(),
            &mut ChandraWs::default(),
            out,
        )
        .ok_or_else(|| ArimaError::Numerical {
            reason: "the Kalman filter failed at the fitted coefficients".into(),
        })?;
        for t in 0..nw {
            let fx: f64 = (0..k).map(|j| beta[j] * vx[j * nw + t]).sum();
            residuals[nd + t] = (vy[t] - fx) / f[t].sqrt();
        }
        for i in 0..r {
            state[i] = a[i] - (0..k).map(|j| beta[j] * ax[j * r + i]).sum::<f64>();
            state_cov[i * m..i * m + r].copy_from_slice(&p[i * r..(i + 1) * r]);
        }
        fill_lags(&xadj, r, nd, &mut state);
    }
    let mut fitted: Vec<f64> = data
        .y
        .iter()
        .zip(&residuals)
        .map(|(y, e)| if y.is_nan() { f64::NAN } else { y - e })
        .collect();
    for (t, prediction) in missing_predictions {
        fitted[t] = prediction;
    }
    let std_errors = if with_se && !est.degenerate {
        std_errors(spec, data, est)
    } else {
        vec![f64::NAN; spec.n_coef_total()]
    };
    Ok(Finished {
        residuals,
        fitted,
        state,
        state_cov,
        std_errors,
    })
}

/// Writes `x_{n−1}, …, x_{n−nd}` into the lag block of the state.
fn fill_lags(xadj: &[f64], r: usize, nd: usize, state: &mut [f64]) {
    let n = xadj.len();
    for j in 0..nd {
        state[r + j] = if n > j { xadj[n - 1 - j] } else { 0.0 };
    }
}

/// CSS residuals and the conditional forecast state: the ARMA state at the last observation is
/// known given past data and residuals, so the next step's state is `T α_n` with covariance
/// `R Rᵀ`.
#[allow(clippy::too_many_arguments)]
fn css_finish(
    ev: &mut Evaluator<'_>,
    data: &Prepared,
    beta: &[f64],
    xadj: &[f64],
    residuals: &mut [f64],
    state: &mut [f64],
    state_cov: &mut [f64],
) {
    let _ = ev.css_sums();
    let nd = data.delta.len();
    let nw = data.w.len();
    let r = ev.poly.r;
    let m = r + nd;
    let mut e: Vec<f64> = ev.cws.residual_y(nw).to_vec();
    let mut w: Vec<f64> = data.w.clone();
    for (j, b) in beta.iter().enumerate() {
        for (v, x) in e.iter_mut().zip(ev.cws.residual_x(nw, j)) {
            *v -= b * x;
        }
        for (v, x) in w.iter_mut().zip(data.wx.col(j)) {
            *v -= b * x;
        }
    }
    residuals[nd..nd + nw].copy_from_slice(&e[..nw]);
    // α_{n,i} = Σ_{k>i} φ_k w_{n+i−k} + Σ_{k≥i} θ_k e_{n+i−k}, at the last index n = nw − 1.
    let last = nw as isize - 1;
    let phi = &ev.poly.phi;
    let th = &ev.poly.rvec;
    let get = |v: &[f64], idx: isize| if idx >= 0 { v[idx as usize] } else { 0.0 };
    let mut alpha = vec![0.0; r];
    for (i, a) in alpha.iter_mut().enumerate() {
        let mut v = 0.0;
        for k in (i + 1)..=r {
            v += phi[k - 1] * get(&w, last + i as isize - k as isize);
        }
        for k in i..r {
            v += th[k] * get(&e, last + i as isize - k as isize);
        }
        *a = v;
    }
    for i in 0..r {
        state[i] = phi[i] * alpha[0] + if i + 1 < r { alpha[i + 1] } else { 0.0 };
        for j in 0..r {
            state_cov[i * m + j] = th[i] * th[j];
        }
    }
    fill_lags(xadj, r, nd, state);
}

/// Standard errors from the Hessian of −loglik (σ² concentrated) in the natural parameters
/// `[coef…, regression coefficients…]`: numerical (central differences) in the ARMA
/// coefficients; in the regression coefficients exact, since for fixed ARMA coefficients the
/// objective is `½n ln(ssq(β)/n)` with `ssq` quadratic in β; and across the two blocks the
/// central difference of that exact gradient.
fn std_errors(spec: &ModelSpec, data: &Prepared, est: &Estimate) -> Vec<f64> {
    let shape = spec.shape();
    let ka = shape.n_coef();
    let kb = data.reg.k;
    let np = ka + kb;
    let nan = vec![f64::NAN; np];
    if np == 0 {
        return nan;
    }
    let mut ev = Evaluator::new(shape, data, spec.root_radius);
    let exact = est.exact;
    let beta = &est.beta[..];
    let mut sums_at = |c: &[f64]| -> Option<Sums> {
        ev.set_coef(c);
        if exact {
            ev.ml_sums().cloned()
        } else {
            Some(ev.css_sums().clone())
        }
    };
    let objective = |s: &Sums| -> f64 {
        let n = s.n as f64;
        let ssq = s.ssq_at(beta);
        if !(ssq > 0.0) {
            return f64::NAN;
        }
        0.5 * n * (ssq / n).ln() + 0.5 * s.sumlog
    };
    // ∂f/∂β = (n/ssq)(Sxx β − sxy).
    let gradient = |s: &Sums| -> Vec<f64> {
        let scale = s.n as f64 / s.ssq_at(beta);
        (0..kb)
            .map(|i| {
                let q: f64 = (0..kb).map(|j| s.sxx[i * kb + j] * beta[j]).sum();
                scale * (q - s.sxy[i])
            })
            .collect()
    };
    let x0 = est.coef.clone();
    let Some(s0) = sums_at(&x0) else {
        return nan;
    };
    let f0 = objective(&s0);
    if !f0.is_finite() {
        return nan;
    }
    let mut hess = vec![0.0; np * np];
    {
        // ∂²f/∂β² = (n/ssq) Sxx − 2n g gᵀ/ssq², g = Sxx β − sxy.
        let n = s0.n as f64;
        let ssq = s0.ssq_at(beta);
        let g: Vec<f64> = gradient(&s0).iter().map(|v| v * ssq / n).collect();
        for i in 0..kb {
            for j in 0..kb {
                hess[(ka + i) * np + ka + j] =
                    n / ssq * s0.sxx[i * kb + j] - 2.0 * n * g[i] * g[j] / (ssq * ssq);
            }
        }
    }
    let h = 1e-4;
    let mut x = x0.clone();
    let mut f_at = |x: &[f64]| -> (f64, Option<Vec<f64>>) {
        match sums_at(x) {
            Some(s) => (objective(&s), Some(gradient(&s))),
            None => (f64::NAN, None),
        }
    };
    for i in 0..ka {
        for j in i..ka {
            let mut val = |si: f64, sj: f64| -> f64 {
                x.copy_from_slice(&x0);
                x[i] += si * h;
                x[j] += sj * h;
                f_at(&x).0
            };
            let hij = if i == j {
                (val(1.0, 1.0) - 2.0 * f0 + val(-1.0, -1.0)) / (4.0 * h * h)
            } else {
                (val(1.0, 1.0) - val(1.0, -1.0) - val(-1.0, 1.0) + val(-1.0, -1.0)) / (4.0 * h * h)
            };
            if !hij.is_finite() {
                return nan;
            }
            hess[i * np + j] = hij;
            hess[j * np + i] = hij;
        }
        if kb > 0 {
            x.copy_from_slice(&x0);
            x[i] += h;
            let (_, gp) = f_at(&x);
            x[i] -= 2.0 * h;
            let (_, gm) = f_at(&x);
            let (Some(gp), Some(gm)) = (gp, gm) else {
                return nan;
            };
            for j in 0..kb {
                let hij = (gp[j] - gm[j]) / (2.0 * h);
                if !hij.is_finite() {
                    return nan;
                }
                hess[i * np + ka + j] = hij;
                hess[(ka + j) * np + i] = hij;
            }
        }
    }
    if !hess.iter().all(|v| v.is_finite()) {
        return nan;
    }
    // Diagonal of the inverse, one solve per unit vector.
    let mut se = vec![f64::NAN; np];
    for (i, out) in se.iter_mut().enumerate() {
        let mut a = hess.clone();
        let mut b = vec![0.0; np];
        b[i] = 1.0;
        if solve_in_place(&mut a, &mut b, np) && b[i] > 0.0 {
            *out = b[i].sqrt();
        }
    }
    se
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(n: usize) -> Vec<f64> {
        // A deterministic, irregular seasonal series with a trend.
        (0..n)
            .map(|t| {
                let t = t as f64;
                100.0
                    + 0.8 * t
                    + 6.0 * (t * 1.3).sin()
                    + 3.0 * (t * 0.37).cos()
                    + [0.0, 4.0, -2.0, 1.0][t as usize % 4]
            })
            .collect()
    }

    fn spec(order: Order, seasonal: SeasonalOrder, trend: Trend) -> ModelSpec {
        ModelSpec {
            order,
            seasonal,
            trend,
            method: Method::CssMl,
            max_iter: 100,
            root_radius: 1.0,
            n_xreg: 0,
        }
    }

    /// The exact diffuse filter on the full state and the stationary filter on the differenced
    /// series must give the same likelihood terms and forecasts on complete data.
    #[test]
    fn diffuse_filter_equals_differenced_filter_on_complete_data() {
        let y = series(60);
        let cases = [
            (
                spec(
                    Order::new(0, 1, 1),
                    SeasonalOrder::new(0, 1, 1, 4),
                    Trend::None,
                ),
                vec![-0.4, -0.6],
            ),
            (
                spec(Order::new(1, 1, 1), SeasonalOrder::NONE, Trend::Drift),
                vec![0.5, -0.3],
            ),
            (
                spec(Order::new(2, 0, 1), SeasonalOrder::NONE, Trend::Constant),
                vec![0.6, -0.2, 0.4],
            ),
            (
                spec(
                    Order::new(1, 2, 0),
                    SeasonalOrder::new(1, 0, 0, 4),
                    Trend::None,
                ),
                vec![-0.3, 0.5],
            ),
        ];
        for (spec, coef) in cases {
            let fast = prepare(&spec, &y, true).unwrap();
            let mut slow = fast.clone();
            slow.has_missing = true;
            let sums = |data: &Prepared| {
                let mut ev = Evaluator::new(spec.shape(), data, 1.0);
                ev.set_coef(&coef);
                ev.ml_sums().unwrap().clone()
            };
            let (a, b) = (sums(&fast), sums(&slow));
            assert_eq!(a.n, b.n);
            let pairs = [(a.syy, b.syy), (a.sumlog, b.sumlog)]
                .into_iter()
                .chain(a.sxy.iter().copied().zip(b.sxy.iter().copied()))
                .chain(a.sxx.iter().copied().zip(b.sxx.iter().copied()));
            for (x, z) in pairs {
                assert!(
                    (x - z).abs() <= 1e-8 * x.abs().max(1.0),
                    "{spec:?}: {x} vs {z}"
                );
            }
            let est = estimate(&spec, &fast).unwrap();
            let f1 = finish(&spec, &fast, &est, false).unwrap();
            let f2 = finish(&spec, &slow, &est, false).unwrap();
            let fit1 = crate::FittedArima::new(spec, &fast, est.clone(), f1, &[]).unwrap();
            let fit2 = crate::FittedArima::new(spec, &slow, est, f2, &[]).unwrap();
            let (p1, p2) = (fit1.predict(10).unwrap(), fit2.predict(10).unwrap());
            for k in 0..10 {
                assert!(
                    (p1.mean[k] - p2.mean[k]).abs() < 1e-6 * p1.mean[k].abs(),
                    "{spec:?} mean"
                );
                assert!((p1.se[k] - p2.se[k]).abs() < 1e-6 * p1.se[k], "{spec:?} se");
            }
            for (r1, r2) in fit1.residuals().iter().zip(fit2.residuals()) {
                assert!(
                    (r1 - r2).abs() < 1e-6 * (1.0 + r1.abs()),
                    "{spec:?} residuals"
                );
            }
        }
    }

    /// The damped fallback start halves the coefficients of the start it damps.
    #[test]
    fn damped_start_halves_the_coefficients() {
        let y = series(40);
        let spec = spec(Order::new(2, 0, 1), SeasonalOrder::NONE, Trend::Constant);
        let data = prepare(&spec, &y, false).unwrap();
        let mut ev = Evaluator::new(spec.shape(), &data, 1.0);
        let coef = [0.6, -0.3, 0.5];
        let u = unconstrained_start(spec.shape(), &coef, 1.0);
        let damped = damped_start(&mut ev, &u, 1.0);
        ev.set_unconstrained(&damped);
        for (c, d) in coef.iter().zip(&ev.coef) {
            assert!((0.5 * c - d).abs() < 1e-12, "{c} -> {d}");
        }
    }

    /// A series of values equal up to rounding noise far below the data's precision counts as
    /// reproduced exactly; one with real variation does not.
    #[test]
    fn exact_fits_allow_rounding_noise_only() {
        let spec = spec(Order::new(0, 1, 1), SeasonalOrder::NONE, Trend::Drift);
        let line: Vec<f64> = (0..30).map(|t| 1e6 + 0.1 * t as f64).collect();
        let data = prepare(&spec, &line, false).unwrap();
        let exact = data.exact.expect("a line with drift is reproduced");
        assert_eq!(exact.note, FitNote::ExactFit);
        assert!((exact.beta[0] - 0.1).abs() < 1e-8);
        let mut noisy = line.clone();
        noisy[7] += 1e-6;
        assert!(prepare(&spec, &noisy, false).unwrap().exact.is_none());
    }

    #[test]
    fn interpolation_fills_gaps_linearly() {
        let y = [f64::NAN, 1.0, f64::NAN, f64::NAN, 4.0, f64::NAN];
        assert_eq!(interpolate(&y), vec![1.0, 1.0, 2.0, 3.0, 4.0, 4.0]);
    }
}
