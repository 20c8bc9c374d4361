//! Service and stock of a reorder point, from demand over the windows after an order decision
//! (crate-internal). The formulas are those documented on [`ServiceTarget`]'s variants.

use crate::demand::DemandDistribution;
use crate::error::Result;
use crate::output::unit;
use crate::roots::smallest_root;
use crate::safety_stock::reorder_point_for_shortage;
use crate::service::{Review, ServiceTarget};

/// Demand over the windows a plan reads, from one source (a normal model, a forecast, a
/// history).
#[derive(Debug)]
pub(super) struct Windows<D> {
    /// D(L) under continuous review, D(L + R) under periodic review.
    pub(super) risk: D,
    /// D(L) under periodic review (`None` when L = 0, or under continuous review).
    pub(super) lead: Option<D>,
    /// D(L + j) for j = 1..R − 1 under periodic review (the j = R window is `risk`).
    pub(super) inner: Vec<D>,
    /// R (0 under continuous review).
    pub(super) review_period: usize,
}

/// Service and stock of one reorder point.
#[derive(Debug, Clone, Copy)]
pub(super) struct Measures {
    /// P(D(risk) ≤ r).
    pub(super) cycle_service: f64,
    pub(super) fill_rate: f64,
    pub(super) ready_rate: f64,
    /// Units short per replenishment cycle (Q/d periods).
    pub(super) shortage_per_cycle: f64,
    pub(super) on_hand: f64,
}

impl Measures {
    /// Certain demand covered exactly: never short, on hand averages Q/2.
    pub(super) fn certain(q: f64) -> Self {
        Self {
            cycle_service: 1.0,
            fill_rate: 1.0,
            ready_rate: 1.0,
            shortage_per_cycle: 0.0,
            on_hand: q / 2.0,
        }
    }
}

impl<D: DemandDistribution> Windows<D> {
    fn periodic(&self) -> bool {
        self.review_period > 0
    }

    /// Every window of a review cycle's periods, D(L + 1) ..= D(L + R).
    fn cycle_windows(&self) -> impl Iterator<Item = &D> {
        self.inner.iter().chain(std::iter::once(&self.risk))
    }

    /// Units short per review cycle with the position after ordering uniform on (r, r + q]:
    /// (1/q) ∫ (n_{L+R}(y) − n_L(y)) dy, through the second-order losses.
    fn unmet_per_review(&self, r: f64, q: f64) -> f64 {
        let top = r + q;
        let backlog_end = self.risk.second_loss(r) - self.risk.second_loss(top);
        let backlog_before = match &self.lead {
            Some(l) => l.second_loss(r) - l.second_loss(top),
            // No lead time: the backlog before the cycle's demand is (−y)⁺.
            None => 0.5 * ((-r).max(0.0).powi(2) - (-top).max(0.0).powi(2)),
        };
        ((backlog_end - backlog_before) / q).max(0.0)
    }

    fn periodic_fill_rate(&self, d: f64, r: f64, q: f64) -> f64 {
        // Averages of non-negative quantities: outside [0, 1] only by rounding, or by the normal
        // model's tiny mass below zero.
        unit(1.0 - self.unmet_per_review(r, q) / (self.review_period as f64 * d))
    }

    fn ready_rate(&self, r: f64, q: f64) -> f64 {
        let in_stock = |w: &D| (w.complementary_loss(r + q) - w.complementary_loss(r)) / q;
        if self.periodic() {
            let sum: f64 = self.cycle_windows().map(in_stock).sum();
            unit(sum / self.review_period as f64)
        } else {
            unit(in_stock(&self.risk))
        }
    }

    /// Every measure of reorder point `r` with lot `q`, per-period mean demand `d`.
    pub(super) fn measures(&self, d: f64, r: f64, q: f64) -> Measures {
        let risk = &self.risk;
        if !self.periodic() {
            // Demand that finds the position in (r, r + q] short: n(r) − n(r + q), in [0, q].
            let shortage = risk.loss_difference(r, q);
            return Measures {
                cycle_service: risk.cdf(r),
                fill_rate: unit(1.0 - shortage / q),
                ready_rate: self.ready_rate(r, q),
                shortage_per_cycle: shortage,
                on_hand: q / 2.0 + risk.complementary_loss(r),
            };
        }
        let top = r + q;
        let unmet_per_period = self.unmet_per_review(r, q) / self.review_period as f64;
        let on_hand: f64 = self
            .cycle_windows()
            .map(|w| (w.second_complementary_loss(top) - w.second_complementary_loss(r)) / q)
            .sum::<f64>()
            / self.review_period as f64;
        Measures {
            cycle_service: risk.cdf(r),
            fill_rate: self.periodic_fill_rate(d, r, q),
            ready_rate: self.ready_rate(r, q),
            shortage_per_cycle: unmet_per_period * q / d,
            on_hand: on_hand.max(0.0),
        }
    }

    /// The reorder point for `target` (already validated) with lot `q`.
    pub(super) fn reorder_point(&self, target: ServiceTarget, d: f64, q: f64) -> Result<f64> {
        let risk = &self.risk;
        let level = target.level();
        let search = |f: &dyn Fn(f64) -> f64| {
            smallest_root(f, risk.mean(), risk.sd().max(1.0), risk.is_discrete())
        };
        match (target, target.review_mode()) {
            (ServiceTarget::CycleService { .. }, _) => Ok(risk.inverse_cdf(level)),
            // The textbook rule n(r) = (1 − β)Q; the exact fill rate reported is at least β.
            (ServiceTarget::FillRate { .. }, Review::Continuous) => {
                reorder_point_for_shortage(risk, (1.0 - level) * q)
            }
            (ServiceTarget::FillRate { .. }, Review::Periodic { .. }) => {
                search(&|r| self.periodic_fill_rate(d, r, q) - level)
            }
            (ServiceTarget::ReadyRate { .. }, _) => search(&|r| self.ready_rate(r, q) - level),
        }
    }
}
