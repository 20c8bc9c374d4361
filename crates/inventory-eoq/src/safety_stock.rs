//! Safety stock and reorder points for a service target: a cycle service level (type 1,
//! P(no stockout in a replenishment cycle)) or a fill rate (type 2, fraction of demand met
//! from stock), for any lead-time demand distribution.

use serde::{Deserialize, Serialize};

use crate::demand::{DemandDistribution, NormalDemand};
use crate::error::{InventoryError, Result};
use crate::loss::standard_normal_loss_inverse;
use crate::normal;
use crate::output::{Check, Outputs, checked};
use crate::validate;

/// Most bracket-widening steps of the reorder-point search: each doubles the step, so this is
/// far more than any finite bracket needs.
const MAX_BRACKET_STEPS: usize = 2_000;

/// What service the reorder point must buy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum ServiceTarget {
    /// Type 1: probability of no stockout during a replenishment cycle, in (0, 1).
    CycleService(f64),
    /// Type 2: fraction of demand filled from stock, in (0, 1), when each order brings
    /// `order_quantity` units (for periodic review: the expected demand per review period).
    FillRate {
        /// Target fill rate β.
        fill_rate: f64,
        /// Units per replenishment (> 0).
        order_quantity: f64,
    },
}

/// A reorder point and what it buys.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReorderPoint {
    /// Reorder when inventory position falls to this level.
    pub reorder_point: f64,
    /// Reorder point minus expected lead-time demand.
    pub safety_stock: f64,
    /// Safety stock in standard deviations of lead-time demand (z).
    pub safety_factor: f64,
    /// Expected lead-time demand.
    pub lead_time_demand_mean: f64,
    /// Standard deviation of lead-time demand.
    pub lead_time_demand_sd: f64,
    /// Achieved P(lead-time demand ≤ reorder point).
    pub cycle_service_level: f64,
    /// Expected units short per replenishment cycle, E[(LTD − r)⁺].
    pub expected_shortage_per_cycle: f64,
    /// Achieved fill rate 1 − shortage/Q, when the target named an order quantity.
    pub fill_rate: Option<f64>,
}

/// Reorder point for `target` given the lead-time demand distribution.
///
/// For normal demand the answer is closed form: r = μ + zσ with z = Φ⁻¹(α), or with z solving
/// σ·L(z) = (1 − β)Q for a fill rate. For integer-valued demand it is the smallest integer
/// meeting the target; for other distributions the exact root.
///
/// ```
/// use inventory_eoq::{reorder_point, NormalDemand, ServiceTarget};
/// // 100 units/day (sd 20), lead time 4 days (sd 1 day), 95 % cycle service.
/// let ltd = NormalDemand::lead_time_demand(100.0, 20.0, 4.0, 1.0)?;
/// let rp = reorder_point(&ltd, ServiceTarget::CycleService(0.95))?;
/// assert!((rp.safety_stock - 177.15615729493229).abs() < 1e-9);
/// assert!((rp.reorder_point - 577.1561572949323).abs() < 1e-9);
///
/// // A 99 % fill rate with orders of 1000 units needs much less safety stock.
/// let fr = reorder_point(&ltd, ServiceTarget::FillRate { fill_rate: 0.99, order_quantity: 1000.0 })?;
/// assert!((fr.fill_rate.unwrap() - 0.99).abs() < 1e-12);
/// assert!(fr.safety_stock < rp.safety_stock);
/// assert!(reorder_point(&ltd, ServiceTarget::CycleService(1.0)).is_err());
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
pub fn reorder_point<D: DemandDistribution + ?Sized>(
    lead_time_demand: &D,
    target: ServiceTarget,
) -> Result<ReorderPoint> {
    let (mu, sigma) = (lead_time_demand.mean(), lead_time_demand.sd());
    let r = match target {
        ServiceTarget::CycleService(alpha) => {
            lead_time_demand.inverse_cdf(validate::probability("cycle service level", alpha)?)
        }
        ServiceTarget::FillRate {
            fill_rate,
            order_quantity,
        } => {
            let beta = validate::probability("fill rate", fill_rate)?;
            let q = validate::positive("order quantity", order_quantity)?;
            reorder_point_for_shortage(lead_time_demand, (1.0 - beta) * q)?
        }
    };
    checked(
        "reorder point",
        describe(lead_time_demand, r, target, mu, sigma),
        || target_inputs(mu, sigma, target),
    )
}

fn target_inputs(mu: f64, sigma: f64, target: ServiceTarget) -> String {
    format!("lead-time demand mean {mu}, sd {sigma}, target {target:?}")
}

impl Outputs for ReorderPoint {
    fn visit(&self, c: &mut Check) {
        c.finite("reorder point", self.reorder_point)
            .finite("safety stock", self.safety_stock)
            .finite("safety factor", self.safety_factor)
            .finite("lead-time demand mean", self.lead_time_demand_mean)
            .non_negative("lead-time demand sd", self.lead_time_demand_sd)
            .probability("cycle service level", self.cycle_service_level)
            .non_negative(
                "expected shortage per cycle",
                self.expected_shortage_per_cycle,
            );
        if let Some(f) = self.fill_rate {
            c.probability("fill rate", f);
        }
    }
}

/// Safety factor z for normal lead-time demand, in closed form for both targets.
pub(crate) fn normal_safety_factor(ltd: &NormalDemand, target: ServiceTarget) -> Result<f64> {
    match target {
        ServiceTarget::CycleService(alpha) => Ok(normal::quantile_unchecked(
            validate::probability("cycle service level", alpha)?,
        )),
        ServiceTarget::FillRate {
            fill_rate,
            order_quantity,
        } => {
            let beta = validate::probability("fill rate", fill_rate)?;
            let q = validate::positive("order quantity", order_quantity)?;
            standard_normal_loss_inverse((1.0 - beta) * q / ltd.sd())
        }
    }
}

fn describe<D: DemandDistribution + ?Sized>(
    d: &D,
    r: f64,
    target: ServiceTarget,
    mu: f64,
    sigma: f64,
) -> ReorderPoint {
    let shortage = d.loss(r);
    ReorderPoint {
        reorder_point: r,
        safety_stock: r - mu,
        safety_factor: if sigma > 0.0 { (r - mu) / sigma } else { 0.0 },
        lead_time_demand_mean: mu,
        lead_time_demand_sd: sigma,
        cycle_service_level: d.cdf(r),
        expected_shortage_per_cycle: shortage,
        fill_rate: match target {
            ServiceTarget::FillRate { order_quantity, .. } => Some(1.0 - shortage / order_quantity),
            ServiceTarget::CycleService(_) => None,
        },
    }
}

/// Smallest reorder point whose expected shortage E[(D − r)⁺] is at most `allowed` (> 0).
///
/// Every loop is bounded: the brackets double their step (at most [`MAX_BRACKET_STEPS`]
/// times, and never past a non-finite value) and the bisections halve a finite interval.
fn reorder_point_for_shortage<D: DemandDistribution + ?Sized>(d: &D, allowed: f64) -> Result<f64> {
    let (mu, sigma) = (d.mean(), d.sd());
    let unreachable = |side: &str| InventoryError::Infeasible {
        reason: format!(
            "no finite reorder point {side} an expected shortage of {allowed} for lead-time \
             demand of mean {mu}, sd {sigma}"
        ),
    };
    // Moves `x` by doubling steps while `keep_going(x)`; errors if it runs off to infinity.
    let widen = |mut x: f64, mut step: f64, up: bool, keep_going: &dyn Fn(f64) -> bool| {
        let mut steps = 0;
        while keep_going(x) {
            x = if up { x + step } else { x - step };
            step *= 2.0;
            steps += 1;
            if steps > MAX_BRACKET_STEPS || !x.is_finite() {
                return Err(unreachable(if up { "reaches" } else { "exceeds" }));
            }
        }
        Ok((x, step))
    };
    if d.is_discrete() {
        // The loss is decreasing: bracket by doubling steps, then bisect on integers.
        let (hi, step) = widen(mu.ceil(), sigma.max(1.0).ceil(), true, &|x| {
            d.loss(x) > allowed
        })?;
        let (mut lo, _) = widen(hi - step, step, false, &|x| d.loss(x) <= allowed)?;
        let mut hi = hi;
        // Invariant: loss(lo) > allowed >= loss(hi).
        while hi - lo > 1.0 {
            let mid = ((lo + hi) / 2.0).floor();
            if mid <= lo || mid >= hi {
                // Beyond 2^53 neighbouring integers are not representable.
                break;
            }
            if d.loss(mid) <= allowed {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Ok(hi);
    }
    if sigma <= 0.0 {
        return Err(InventoryError::NotPositive {
            name: "lead-time demand sd",
            value: sigma,
        });
    }
    // Continuous: bracket, then bisect to double precision (the loss is convex and decreasing).
    let (hi, _) = widen(mu, sigma, true, &|x| d.loss(x) > allowed)?;
    let (mut lo, _) = widen(hi - sigma, sigma, false, &|x| d.loss(x) <= allowed)?;
    let mut hi = hi;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if d.loss(mid) <= allowed {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}

/// Closed-form safety stock for normal lead-time demand (the textbook formula):
/// per-period demand `mean`/`sd`, lead time `lead_time` (sd `lead_time_sd`), target `target`.
///
/// Equivalent to [`reorder_point`] on [`NormalDemand::lead_time_demand`], without the
/// root finding for fill rates.
pub fn normal_reorder_point(
    mean: f64,
    sd: f64,
    lead_time: f64,
    lead_time_sd: f64,
    target: ServiceTarget,
) -> Result<ReorderPoint> {
    let ltd = NormalDemand::lead_time_demand(mean, sd, lead_time, lead_time_sd)?;
    let z = normal_safety_factor(&ltd, target)?;
    let r = ltd.mean() + z * ltd.sd();
    checked(
        "reorder point",
        describe(&ltd, r, target, ltd.mean(), ltd.sd()),
        || target_inputs(ltd.mean(), ltd.sd(), target),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demand::{DiscreteDemand, PoissonDemand};

    #[test]
    fn generic_path_agrees_with_closed_form() {
        let ltd = NormalDemand::lead_time_demand(50.0, 8.0, 7.0, 2.0).unwrap();
        for target in [
            ServiceTarget::CycleService(0.95),
            ServiceTarget::FillRate {
                fill_rate: 0.98,
                order_quantity: 300.0,
            },
        ] {
            let a = reorder_point(&ltd, target).unwrap();
            let b = normal_reorder_point(50.0, 8.0, 7.0, 2.0, target).unwrap();
            assert!((a.reorder_point - b.reorder_point).abs() < 1e-9 * b.reorder_point);
        }
    }

    #[test]
    fn discrete_targets_are_smallest_integers() {
        let d = PoissonDemand::new(12.0).unwrap();
        let rp = reorder_point(&d, ServiceTarget::CycleService(0.9)).unwrap();
        assert!(d.cdf(rp.reorder_point) >= 0.9 && d.cdf(rp.reorder_point - 1.0) < 0.9);
        let t = ServiceTarget::FillRate {
            fill_rate: 0.97,
            order_quantity: 20.0,
        };
        let fr = reorder_point(&d, t).unwrap();
        let allowed = 0.03 * 20.0;
        assert!(d.loss(fr.reorder_point) <= allowed && d.loss(fr.reorder_point - 1.0) > allowed);
        assert_eq!(fr.reorder_point.fract(), 0.0);

        let e = DiscreteDemand::empirical(&[0.0, 0.0, 5.0, 9.0, 12.0, 3.0, 0.0]).unwrap();
        let fr = reorder_point(&e, t).unwrap();
        assert!(e.loss(fr.reorder_point) <= allowed && e.loss(fr.reorder_point - 1.0) > allowed);
    }
}
