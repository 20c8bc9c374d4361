//! One k-means run from given initial centres: the iteration loop shared by Lloyd, Hamerly and
//! Elkan, with scikit-learn's stopping rules.

use crate::data::{Data, Plan};
use crate::geometry::Geometry;
use crate::pass::{NO_LABEL, Pass};
use crate::update;
use crate::{elkan, hamerly, lloyd};

/// The exact assignment method of a run (no `Auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Lloyd,
    Hamerly,
    Elkan,
}

#[derive(Debug, Clone)]
pub(crate) struct RunConfig {
    pub(crate) max_iter: usize,
    /// Absolute tolerance on Σ‖Δc‖² (scikit-learn: `tol x mean feature variance`).
    pub(crate) tol_abs: f64,
    pub(crate) method: Method,
    pub(crate) margin: f64,
    /// Normalise centres to unit length after each update (spherical k-means).
    pub(crate) spherical: bool,
    /// Record the objective of the centres before the first and after every update.
    pub(crate) history: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct RunOutput {
    pub(crate) centres: Vec<f64>,
    pub(crate) labels: Vec<u32>,
    pub(crate) inertia: f64,
    pub(crate) n_iter: usize,
    pub(crate) converged: bool,
    pub(crate) history: Vec<f64>,
}

enum State {
    Lloyd,
    Hamerly(hamerly::Bounds),
    Elkan(elkan::Bounds),
}

impl State {
    fn assign(&mut self, p: &Pass<'_>, labels: &mut [u32], acc: &mut [f64], changed: &mut [usize]) {
        match self {
            State::Lloyd => lloyd::assign(p, labels, acc, changed),
            State::Hamerly(b) => hamerly::assign(p, b, labels, acc, changed),
            State::Elkan(b) => elkan::assign(p, b, labels, acc, changed),
        }
    }
}

/// Runs k-means from `centres` (`k x d`). Follows scikit-learn's `_kmeans_single_lloyd`: stop
/// when no label changes ("strict convergence") or when Σ‖Δc‖² ≤ `tol_abs`; after a tolerance
/// stop, relabel so labels match the final centres; report `Σ wᵢ‖xᵢ − c(lᵢ)‖²`.
pub(crate) fn run(
    data: &Data<'_>,
    plan: &Plan,
    k: usize,
    mut centres: Vec<f64>,
    cfg: &RunConfig,
) -> RunOutput {
    let (n, d) = (data.n, data.d);
    let mut state = match cfg.method {
        Method::Lloyd => State::Lloyd,
        Method::Hamerly => State::Hamerly(hamerly::Bounds::new(n)),
        Method::Elkan => State::Elkan(elkan::Bounds::new(n, k)),
    };
    let mut geom = Geometry::new(k, cfg.method == Method::Elkan);
    let stride = k * (d + 1);
    let mut labels = vec![NO_LABEL; n];
    let mut acc = vec![0.0; plan.n_chunks * stride];
    let mut changed = vec![0usize; plan.n_chunks];
    let mut next = vec![0.0; k * d];
    let mut weights = vec![0.0; k];
    let mut history = Vec::new();
    if cfg.history {
        history.push(update::objective(data, plan, &centres));
    }

    let mut n_iter = 0;
    let mut strict = false;
    let mut converged = false;
    for it in 0..cfg.max_iter {
        let pass = Pass {
            data,
            plan,
            k,
            centres: &centres,
            geom: &geom,
            margin: cfg.margin,
            first: it == 0,
            accumulate: true,
        };
        state.assign(&pass, &mut labels, &mut acc, &mut changed);
        let n_changed: usize = changed.iter().sum();

        update::reduce(&acc, k, d, &mut next, &mut weights);
        let relocated =
            update::relocate_empty(data, plan, &labels, &centres, &mut next, &mut weights);
        update::finish_means(&mut next, &weights, &centres, d);
        if cfg.spherical {
            update::project_to_sphere(&mut next, &centres, d);
        }
        let shift_tot = geom.set_shifts(&centres, &next, d);
        std::mem::swap(&mut centres, &mut next);
        geom.set_centres(&centres, d);
        n_iter = it + 1;
        if cfg.history {
            history.push(update::objective(data, plan, &centres));
        }
        // A relocated centre may now be some point's nearest: that is not a fixed point.
        if n_changed == 0 && relocated == 0 {
            strict = true;
            converged = true;
            break;
        }
        if shift_tot <= cfg.tol_abs {
            converged = true;
            break;
        }
    }
    if !strict && n_iter > 0 {
        let pass = Pass {
            data,
            plan,
            k,
            centres: &centres,
            geom: &geom,
            margin: cfg.margin,
            first: false,
            accumulate: false,
        };
        state.assign(&pass, &mut labels, &mut acc, &mut changed);
    }
    let inertia = update::inertia(data, plan, &centres, &labels);
    RunOutput {
        centres,
        labels,
        inertia,
        n_iter,
        converged,
        history,
    }
}
