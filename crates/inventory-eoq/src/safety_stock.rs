//! Safety stock and reorder points for a service target: a cycle service level (type 1,
//! P(no stockout in a replenishment cycle)) or a fill rate (type 2, fraction of demand met
//! from stock), for any lead-time demand distribution.

use serde::{Deserialize, Serialize};

use crate::demand::{DemandDistribution, NormalDemand};
use crate::error::{InventoryError, Result};
use crate::loss::standard_normal_loss_inverse;
use crate::normal;
use crate::validate;

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
    Ok(describe(lead_time_demand, r, target, mu, sigma))
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
fn reorder_point_for_shortage<D: DemandDistribution + ?Sized>(d: &D, allowed: f64) -> Result<f64> {
    let (mu, sigma) = (d.mean(), d.sd());
    if d.is_discrete() {
        // The loss is decreasing: bracket by doubling steps, then bisect on integers.
        let mut hi = mu.ceil();
        let mut step = sigma.max(1.0).ceil();
        while d.loss(hi) > allowed {
            hi += step;
            step *= 2.0;
        }
        let mut lo = hi - step;
        while d.loss(lo) <= allowed {
            lo -= step;
            step *= 2.0;
        }
        // Invariant: loss(lo) > allowed >= loss(hi).
        while hi - lo > 1.0 {
            let mid = ((lo + hi) / 2.0).floor();
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
    let mut hi = mu;
    let mut step = sigma;
    while d.loss(hi) > allowed {
        hi += step;
        step *= 2.0;
    }
    let mut lo = hi - sigma;
    let mut step = sigma;
    while d.loss(lo) <= allowed {
        lo -= step;
        step *= 2.0;
    }
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
    Ok(describe(&ltd, r, target, ltd.mean(), ltd.sd()))
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
