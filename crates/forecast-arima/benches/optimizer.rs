//! Hand-written BFGS against argmin's BFGS (Moré–Thuente line search) on the exact ARIMA
//! likelihood, the measurement behind the crate's choice of optimiser. Both use the same
//! forward-difference gradient and start from zero in the unconstrained parameterisation.

use std::cell::{Cell, RefCell};
use std::hint::black_box;

use argmin::core::{CostFunction, Error, Executor, Gradient};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::BFGS;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use forecast_arima::Arima;
use forecast_arima::bench_support::MlObjective;

#[path = "support/mod.rs"]
mod support;
use support::fixture;

/// The same stopping tolerances for both (gradient, relative objective change).
const GTOL: f64 = 1e-6;
const FTOL: f64 = 1e-12;

struct Problem<F> {
    f: RefCell<F>,
    evals: Cell<usize>,
}

impl<F: FnMut(&[f64]) -> f64> Problem<F> {
    fn value(&self, p: &[f64]) -> f64 {
        self.evals.set(self.evals.get() + 1);
        (self.f.borrow_mut())(p)
    }
}

impl<F: FnMut(&[f64]) -> f64> CostFunction for Problem<F> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, p: &Vec<f64>) -> Result<f64, Error> {
        Ok(self.value(p))
    }
}

impl<F: FnMut(&[f64]) -> f64> Gradient for Problem<F> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, p: &Vec<f64>) -> Result<Vec<f64>, Error> {
        // The same forward differences as the crate's optimiser.
        let f0 = self.value(p);
        let mut x = p.clone();
        Ok((0..p.len())
            .map(|i| {
                let h = 1e-7 * p[i].abs().max(1.0);
                x[i] = p[i] + h;
                let g = (self.value(&x) - f0) / (x[i] - p[i]);
                x[i] = p[i];
                g
            })
            .collect())
    }
}

/// Minimum found, evaluations used.
fn run_argmin(obj: &MlObjective) -> (f64, usize) {
    let n = obj.dim();
    let problem = Problem {
        f: RefCell::new(obj.evaluator()),
        evals: Cell::new(0),
    };
    let eye: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    let solver = BFGS::new(MoreThuenteLineSearch::new())
        .with_tolerance_grad(GTOL)
        .unwrap()
        .with_tolerance_cost(FTOL)
        .unwrap();
    let res = Executor::new(problem, solver)
        .configure(|s| s.param(vec![0.0; n]).inv_hessian(eye).max_iters(100))
        .run()
        .unwrap();
    let best = res.state().get_best_cost();
    (best, res.problem().problem.as_ref().unwrap().evals.get())
}

fn workloads() -> Vec<(&'static str, MlObjective)> {
    vec![
        (
            "nile_111",
            MlObjective::new(&Arima::new(1, 1, 1), &fixture("nile")).unwrap(),
        ),
        (
            "airline",
            MlObjective::new(
                &Arima::new(0, 1, 1).with_seasonal(0, 1, 1, 12),
                &fixture("airpassengers_log"),
            )
            .unwrap(),
        ),
        (
            "heartrate_212",
            MlObjective::new(&Arima::new(2, 1, 2), &fixture("heartrate")).unwrap(),
        ),
    ]
}

fn optimizers(c: &mut Criterion) {
    let mut group = c.benchmark_group("optimizer");
    group.sample_size(20);
    for (name, obj) in workloads() {
        let (_, f_hand, ev_hand) = obj.minimize_bfgs(&vec![0.0; obj.dim()], GTOL, FTOL);
        let (f_argmin, ev_argmin) = run_argmin(&obj);
        eprintln!(
            "{name}: hand-written BFGS f = {f_hand:.10} in {ev_hand} evaluations; \
argmin BFGS f = {f_argmin:.10} in {ev_argmin} evaluations"
        );
        group.bench_with_input(BenchmarkId::new("hand_bfgs", name), &obj, |b, obj| {
            b.iter(|| black_box(obj.minimize_bfgs(&vec![0.0; obj.dim()], GTOL, FTOL)))
        });
        group.bench_with_input(BenchmarkId::new("argmin_bfgs", name), &obj, |b, obj| {
            b.iter(|| black_box(run_argmin(obj)))
        });
    }
    group.finish();
}

criterion_group!(benches, optimizers);
criterion_main!(benches);
