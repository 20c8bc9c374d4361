//! Safety stock and reorder points for a [`ServiceTarget`] (a cycle service level, a fill rate
//! or a ready rate), for any distribution of demand over the risk period.

use crate::demand::{DemandDistribution, NormalDemand};
use crate::error::{InventoryError, Result};
use crate::loss::standard_normal_loss_inverse;
use crate::normal;
use crate::output::{Check, Outputs, checked};
use crate::service::{Review, ServiceTarget};
use crate::validate;

/// Most bracket-widening steps of the reorder-point search: each doubles the step, so this is
/// far more than any finite bracket needs.
const MAX_BRACKET_STEPS: usize = 2_000;

crate::output::checked_struct! {
    /// A reorder point and what it buys. Deserialising checks every field as a solver's output
    /// is checked (finite, probabilities in [0, 1], shortages non-negative).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct ReorderPoint as "ReorderPointRepr" ReorderPointRepr {
        /// Reorder when inventory position falls to this level.
        pub reorder_point: f64,
        /// Reorder point minus expected demand over the risk period.
        pub safety_stock: f64,
        /// Safety stock in standard deviations of risk-period demand (z).
        pub safety_factor: f64,
        /// Expected demand over the risk period (the lead time, or lead time plus review
        /// period).
        pub lead_time_demand_mean: f64,
        /// Standard deviation of demand over the risk period.
        pub lead_time_demand_sd: f64,
        /// Achieved P(risk-period demand ≤ reorder point): the cycle service level.
        pub cycle_service_level: f64,
        /// Expected units short per replenishment cycle, E[(D − r)⁺] over the risk period.
        pub expected_shortage_per_cycle: f64,
        /// Achieved fill rate 1 − E[(D − r)⁺]/Q, when an order quantity was given.
        pub fill_rate: Option<f64>,
    }
}

/// Reorder point for `target` given the distribution of demand over the risk period of the
/// target's review mode (the lead time L under continuous review, L + R under periodic review:
/// [`Review::risk_period`]), and the order quantity Q when there is one.
///
/// - [`CycleService`](ServiceTarget::CycleService): r = F⁻¹(α); for normal demand
///   r = μ + zσ with z = Φ⁻¹(α).
/// - [`FillRate`](ServiceTarget::FillRate) (needs Q): the textbook n(r) = (1 − β)Q on the given
///   distribution, for normal demand z solving σ·G(z) = (1 − β)Q. For the exact
///   periodic-review fill rate, which also needs demand over the lead time alone, plan with
///   [`ReplenishmentParams`](crate::ReplenishmentParams).
/// - [`ReadyRate`](ServiceTarget::ReadyRate) (needs Q, continuous review only): the smallest r
///   with (1/Q) ∫_r^{r+Q} P(D ≤ y) dy at least the target.
///
/// For integer-valued demand the answer is the smallest integer meeting the target; for other
/// distributions the exact root. With Q given, the result also reports the fill rate
/// 1 − n(r)/Q.
///
/// ```
/// use inventory_eoq::{reorder_point, NormalDemand, ServiceTarget};
/// // 100 units/day (sd 20), lead time 4 days (sd 1 day), 95 % cycle service.
/// let ltd = NormalDemand::lead_time_demand(100.0, 20.0, 4.0, 1.0)?;
/// let rp = reorder_point(&ltd, ServiceTarget::cycle_service(0.95), None)?;
/// assert!((rp.safety_stock - 177.15615729493229).abs() < 1e-9);
/// assert!((rp.reorder_point - 577.1561572949323).abs() < 1e-9);
///
/// // A 99 % fill rate with orders of 1000 units needs much less safety stock.
/// let fr = reorder_point(&ltd, ServiceTarget::fill_rate(0.99), Some(1000.0))?;
/// assert!((fr.fill_rate.unwrap() - 0.99).abs() < 1e-12);
/// assert!(fr.safety_stock < rp.safety_stock);
/// assert!(reorder_point(&ltd, ServiceTarget::cycle_service(1.0), None).is_err());
/// assert!(reorder_point(&ltd, ServiceTarget::fill_rate(0.99), None).is_err()); // needs Q
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
pub fn reorder_point<D: DemandDistribution + ?Sized>(
    risk_demand: &D,
    target: ServiceTarget,
    order_quantity: Option<f64>,
) -> Result<ReorderPoint> {
    let level = target.checked_level()?;
    let q = checked_lot(target, order_quantity)?;
    let (mu, sigma) = (risk_demand.mean(), risk_demand.sd());
    let r = match target {
        ServiceTarget::CycleService { .. } => risk_demand.inverse_cdf(level),
        ServiceTarget::FillRate { .. } => {
            let q = q.expect("checked_lot requires Q for a fill rate");
            reorder_point_for_shortage(risk_demand, (1.0 - level) * q)?
        }
        ServiceTarget::ReadyRate { .. } => {
            let q = q.expect("checked_lot requires Q for a ready rate");
            ready_rate_reorder_point(risk_demand, level, q)?
        }
    };
    checked(
        "reorder point",
        describe(risk_demand, r, q, mu, sigma),
        || target_inputs(mu, sigma, target, q),
    )
}

/// The order quantity, checked: required (and positive) for fill and ready rates, optional
/// (but positive when given) for a cycle service level; a periodic ready rate is refused.
fn checked_lot(target: ServiceTarget, order_quantity: Option<f64>) -> Result<Option<f64>> {
    let q = order_quantity
        .map(|q| validate::positive("order quantity", q))
        .transpose()?;
    match target {
        ServiceTarget::CycleService { .. } => Ok(q),
        ServiceTarget::ReadyRate {
            review: Review::Periodic { .. },
            ..
        } => Err(InventoryError::InvalidParameter {
            name: "service target",
            reason: "a ready rate under periodic review needs demand over every period of the \
                     review cycle, not one risk-period distribution: plan with \
                     ReplenishmentParams"
                .into(),
        }),
        ServiceTarget::FillRate { .. } | ServiceTarget::ReadyRate { .. } => {
            q.map(Some).ok_or(InventoryError::InvalidParameter {
                name: "order quantity",
                reason: format!("a {} target needs the order quantity Q", target.name()),
            })
        }
    }
}

fn target_inputs(mu: f64, sigma: f64, target: ServiceTarget, q: Option<f64>) -> String {
    format!("risk-period demand mean {mu}, sd {sigma}, target {target:?}, order quantity {q:?}")
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

/// Safety factor z for normal risk-period demand, in closed form for cycle service and fill
/// rate (`q` already checked by [`checked_lot`]).
fn normal_safety_factor(ltd: &NormalDemand, target: ServiceTarget, q: Option<f64>) -> Result<f64> {
    let level = target.checked_level()?;
    match (target, q) {
        (ServiceTarget::CycleService { .. }, _) => Ok(normal::quantile_unchecked(level)),
        (ServiceTarget::FillRate { .. }, Some(q)) => {
            standard_normal_loss_inverse((1.0 - level) * q / ltd.sd())
        }
        (_, q) => Ok((ready_rate_reorder_point(
            ltd,
            level,
            q.expect("checked_lot requires Q for a ready rate"),
        )? - ltd.mean())
            / ltd.sd()),
    }
}

fn describe<D: DemandDistribution + ?Sized>(
    d: &D,
    r: f64,
    q: Option<f64>,
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
        // n(r) ≤ Q is not guaranteed for a cycle-service r: clamp the ratio into [0, 1].
        fill_rate: q.map(|q| crate::output::unit(1.0 - shortage / q)),
    }
}

/// Smallest r whose continuous-review ready rate (1/Q)·(E[(r + Q − D)⁺] − E[(r − D)⁺]) reaches
/// `level`.
fn ready_rate_reorder_point<D: DemandDistribution + ?Sized>(
    d: &D,
    level: f64,
    q: f64,
) -> Result<f64> {
    let ready = |r: f64| (d.complementary_loss(r + q) - d.complementary_loss(r)) / q - level;
    crate::roots::smallest_root(ready, d.mean(), d.sd().max(1.0), d.is_discrete())
}

/// Smallest reorder point whose expected shortage E[(D − r)⁺] is at most `allowed` (> 0).
///
/// Every loop is bounded: the brackets double their step (at most [`MAX_BRACKET_STEPS`]
/// times, and never past a non-finite value) and the bisections halve a finite interval.
pub(crate) fn reorder_point_for_shortage<D: DemandDistribution + ?Sized>(
    d: &D,
    allowed: f64,
) -> Result<f64> {
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

/// Closed-form safety stock for normal demand (the textbook formula): per-period demand
/// `mean`/`sd` (independent from period to period), lead time `lead_time` (sd `lead_time_sd`),
/// target `target`, order quantity `order_quantity` (needed for fill and ready rates). Demand
/// is taken over the target's risk period n = L (continuous review) or L + R (periodic), with
/// σ = √(n·sd² + d²·sd_L²).
///
/// Equivalent to [`reorder_point`] on [`NormalDemand::lead_time_demand`] over that period,
/// without the root finding for fill rates.
///
/// ```
/// use inventory_eoq::{normal_reorder_point, Review, ServiceTarget};
/// // Reviewed daily, a 4-day lead time means covering 5 days of demand.
/// let daily = ServiceTarget::cycle_service(0.95).review(Review::EVERY_PERIOD);
/// let rp = normal_reorder_point(100.0, 20.0, 4.0, 0.0, daily, None)?;
/// assert!((rp.lead_time_demand_mean - 500.0).abs() < 1e-12);
/// assert!((rp.safety_stock - 1.6448536269514722 * 20.0 * 5f64.sqrt()).abs() < 1e-9);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
pub fn normal_reorder_point(
    mean: f64,
    sd: f64,
    lead_time: f64,
    lead_time_sd: f64,
    target: ServiceTarget,
    order_quantity: Option<f64>,
) -> Result<ReorderPoint> {
    target.validate()?;
    let q = checked_lot(target, order_quantity)?;
    validate::non_negative("lead time", lead_time)?;
    let periods = target.review_mode().risk_period(lead_time);
    let ltd = NormalDemand::lead_time_demand(mean, sd, periods, lead_time_sd)?;
    let z = normal_safety_factor(&ltd, target, q)?;
    let r = ltd.mean() + z * ltd.sd();
    checked(
        "reorder point",
        describe(&ltd, r, q, ltd.mean(), ltd.sd()),
        || target_inputs(ltd.mean(), ltd.sd(), target, q),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demand::{DiscreteDemand, PoissonDemand};

    #[test]
    fn generic_path_agrees_with_closed_form() {
        let ltd = NormalDemand::lead_time_demand(50.0, 8.0, 7.0, 2.0).unwrap();
        for (target, q) in [
            (ServiceTarget::cycle_service(0.95), None),
            (ServiceTarget::fill_rate(0.98), Some(300.0)),
            (ServiceTarget::ready_rate(0.9), Some(300.0)),
        ] {
            let a = reorder_point(&ltd, target, q).unwrap();
            let b = normal_reorder_point(50.0, 8.0, 7.0, 2.0, target, q).unwrap();
            assert!((a.reorder_point - b.reorder_point).abs() < 1e-9 * b.reorder_point);
        }
    }

    #[test]
    fn ready_rate_is_the_average_in_stock_probability() {
        // Continuous review: the position is uniform on (r, r + Q], the level is position minus
        // lead-time demand; average P(level ≥ 0) by the midpoint rule.
        let ltd = NormalDemand::new(200.0, 40.0).unwrap();
        let q = 150.0;
        let rp = reorder_point(&ltd, ServiceTarget::ready_rate(0.97), Some(q)).unwrap();
        let n = 20_000;
        let avg = (0..n)
            .map(|i| ltd.cdf(rp.reorder_point + (i as f64 + 0.5) * q / n as f64))
            .sum::<f64>()
            / n as f64;
        assert!((avg - 0.97).abs() < 1e-7, "{avg}");
        assert!(
            reorder_point(
                &ltd,
                ServiceTarget::ready_rate(0.97).review(Review::EVERY_PERIOD),
                Some(q)
            )
            .is_err()
        );
    }

    #[test]
    fn discrete_targets_are_smallest_integers() {
        let d = PoissonDemand::new(12.0).unwrap();
        let rp = reorder_point(&d, ServiceTarget::cycle_service(0.9), None).unwrap();
        assert!(d.cdf(rp.reorder_point) >= 0.9 && d.cdf(rp.reorder_point - 1.0) < 0.9);
        let t = ServiceTarget::fill_rate(0.97);
        let fr = reorder_point(&d, t, Some(20.0)).unwrap();
        let allowed = 0.03 * 20.0;
        assert!(d.loss(fr.reorder_point) <= allowed && d.loss(fr.reorder_point - 1.0) > allowed);
        assert_eq!(fr.reorder_point.fract(), 0.0);

        let e = DiscreteDemand::empirical(&[0.0, 0.0, 5.0, 9.0, 12.0, 3.0, 0.0]).unwrap();
        let fr = reorder_point(&e, t, Some(20.0)).unwrap();
        assert!(e.loss(fr.reorder_point) <= allowed && e.loss(fr.reorder_point - 1.0) > allowed);
    }

    #[test]
    fn stored_results_are_checked() {
        let ltd = NormalDemand::new(200.0, 40.0).unwrap();
        let rp = reorder_point(&ltd, ServiceTarget::cycle_service(0.95), Some(100.0)).unwrap();
        let json = serde_json::to_string(&rp).unwrap();
        assert_eq!(serde_json::from_str::<ReorderPoint>(&json).unwrap(), rp);
        let tampered = json.replace(
            "\"cycle_service_level\":0.95",
            "\"cycle_service_level\":1.95",
        );
        assert_ne!(tampered, json);
        assert!(serde_json::from_str::<ReorderPoint>(&tampered).is_err());
    }
}
