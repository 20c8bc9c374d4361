//! Internals exposed for the benches only (the optimiser comparison); not part of the API.

use crate::arima::Arima;
use crate::error::Result;
use crate::estimate::{Evaluator, ModelSpec, Prepared, prepare};
use crate::optim::{BfgsOptions, minimize};

/// The exact-ML objective of a model on a series, in the unconstrained parameterisation the
/// estimator optimises: `½(ln(SSE/n) + Σ ln F_t / n)`, σ² and any constant concentrated out.
#[derive(Debug)]
pub struct MlObjective {
    spec: ModelSpec,
    data: Prepared,
}

impl MlObjective {
    /// The objective of `model` on `y`.
    ///
    /// # Errors
    /// As [`Arima::fit_slice`].
    pub fn new(model: &Arima, y: &[f64]) -> Result<Self> {
        let spec = model.model_spec();
        let data = prepare(&spec, y, false)?;
        Ok(Self { spec, data })
    }

    /// Number of free parameters.
    pub fn dim(&self) -> usize {
        self.spec.shape().n_coef()
    }

    /// A reusable evaluator: call it with unconstrained parameters.
    pub fn evaluator(&self) -> impl FnMut(&[f64]) -> f64 + '_ {
        let mut ev = Evaluator::new(self.spec.shape(), &self.data, self.spec.root_radius);
        move |u: &[f64]| {
            ev.set_unconstrained(u);
            ev.ml_sums().map_or(f64::INFINITY, |s| s.profile())
        }
    }

    /// Minimises the objective from `u0` with the crate's BFGS, stopping when the largest
    /// gradient component is below `gtol` or an iteration gains less than `ftol` (relative);
    /// returns the minimiser, the minimum and the number of objective evaluations.
    pub fn minimize_bfgs(&self, u0: &[f64], gtol: f64, ftol: f64) -> (Vec<f64>, f64, usize) {
        let opts = BfgsOptions {
            max_iter: 100,
            gtol,
            ftol,
        };
        let r = minimize(self.evaluator(), u0, opts);
        (r.x, r.f, r.evaluations)
    }
}
