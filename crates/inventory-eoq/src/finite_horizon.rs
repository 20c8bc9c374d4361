//! Finite-horizon stochastic inventory: backward dynamic programming over integer inventory
//! levels with normal demand per period (means and spreads may change from period to period,
//! as a forecast's do). The optimal policy is a base-stock level per period when there is no
//! fixed cost, and an (s_t, S_t) pair otherwise.
//!
//! The discretisation follows stockpyl's `finite_horizon_dp` (demand rounded to integers on
//! mean ± 4 sd; states on a range widened by 5 sd; one-period costs from the continuous normal
//! loss functions), so results agree with it.

use serde::{Deserialize, Serialize};

use crate::backorders::EoqBackorders;
use crate::costs::Costs;
use crate::error::{InventoryError, Result};
use crate::limits::{MAX_FINITE_HORIZON_STATES, MAX_FINITE_HORIZON_WORK};
use crate::loss::standard_normal_loss;
use crate::normal;
use crate::output::{Check, Outputs, checked};
use crate::validate;

/// What to do when the dynamic program would be too large.
const SHRINK: &str = "the dynamic program would be too large; shorten the horizon, measure \
     demand in larger units (so its sd spans fewer integer states), or use BaseStock / SsModel";

/// A finite-horizon instance; build with [`FiniteHorizon::new`] and the by-value setters.
///
/// ```
/// use inventory_eoq::{Costs, FiniteHorizon};
/// // Snyder & Shen Problem 4.29: 10 periods of N(18, 3²), h = 1, p = 25, c = 1, γ = 0.98.
/// let costs = Costs::default().holding(1.0).stockout(25.0);
/// let sol = FiniteHorizon::new(vec![18.0; 10], vec![3.0; 10], costs)
///     .purchase_cost(1.0)
///     .terminal_costs(1.0, 25.0)
///     .discount_factor(0.98)
///     .solve()?;
/// assert_eq!(sol.order_up_to_levels, vec![23; 10]);
/// assert!((sol.cost - 234.79622567591312).abs() < 0.24);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FiniteHorizon {
    /// Mean demand per period (its length is the horizon).
    pub demand_mean: Vec<f64>,
    /// Standard deviation of demand per period.
    pub demand_sd: Vec<f64>,
    /// Holding cost per unit left at the end of a period: one value for every period, or one
    /// per period (likewise for the next three costs and the discount factor).
    pub holding_cost: Vec<f64>,
    /// Backorder cost per unit short at the end of a period.
    pub stockout_cost: Vec<f64>,
    /// Purchase cost per unit ordered (default 0).
    pub purchase_cost: Vec<f64>,
    /// Fixed cost per order (default 0, giving base-stock policies).
    pub fixed_cost: Vec<f64>,
    /// Cost per unit left after the last period (default 0).
    pub terminal_holding_cost: f64,
    /// Cost per unit still backordered after the last period (default 0).
    pub terminal_stockout_cost: f64,
    /// Per-period discount factor in (0, 1] (default 1).
    pub discount_factor: Vec<f64>,
    /// Inventory level at the start of period 0 (default 0).
    pub initial_inventory_level: i64,
    /// Demand is discretised on mean ± `demand_spread` sd (stockpyl's default 4).
    pub demand_spread: f64,
    /// The state range extends `state_spread` sd beyond the demand range (stockpyl's 5).
    pub state_spread: f64,
}

/// Optimal finite-horizon policy. Deserialising checks that the policy table has one row per
/// period and one entry per represented level, so a stored solution answers
/// [`order_quantity`](Self::order_quantity) or fails to load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "FiniteHorizonSolutionRepr")]
pub struct FiniteHorizonSolution {
    /// s_t per period: order when the inventory level is at or below it.
    pub reorder_points: Vec<i64>,
    /// S_t per period: the level ordered up to (the base-stock level when K = 0).
    pub order_up_to_levels: Vec<i64>,
    /// Optimal expected discounted cost from the initial inventory level.
    pub cost: f64,
    /// Lowest and highest inventory level represented.
    pub state_range: (i64, i64),
    /// order_up_to[t][x − lo]: the optimal level to order up to from level x in period t.
    order_up_to: Vec<Vec<i64>>,
}

#[derive(Deserialize)]
struct FiniteHorizonSolutionRepr {
    reorder_points: Vec<i64>,
    order_up_to_levels: Vec<i64>,
    cost: f64,
    state_range: (i64, i64),
    order_up_to: Vec<Vec<i64>>,
}

impl TryFrom<FiniteHorizonSolutionRepr> for FiniteHorizonSolution {
    type Error = InventoryError;
    fn try_from(r: FiniteHorizonSolutionRepr) -> Result<Self> {
        let (lo, hi) = r.state_range;
        let width = hi
            .checked_sub(lo)
            .and_then(|w| usize::try_from(w).ok())
            .and_then(|w| w.checked_add(1))
            .ok_or_else(|| InventoryError::InvalidParameter {
                name: "FiniteHorizonSolution",
                reason: format!("stored state range ({lo}, {hi}) is empty"),
            })?;
        let periods = r.order_up_to.len();
        for (what, got) in [
            ("reorder points", r.reorder_points.len()),
            ("order-up-to levels", r.order_up_to_levels.len()),
        ] {
            if got != periods {
                return Err(InventoryError::LengthMismatch {
                    what,
                    expected: periods,
                    got,
                });
            }
        }
        if let Some(row) = r.order_up_to.iter().find(|row| row.len() != width) {
            return Err(InventoryError::LengthMismatch {
                what: "policy table row (one entry per inventory level)",
                expected: width,
                got: row.len(),
            });
        }
        crate::output::loaded(
            "FiniteHorizonSolution",
            FiniteHorizonSolution {
                reorder_points: r.reorder_points,
                order_up_to_levels: r.order_up_to_levels,
                cost: r.cost,
                state_range: r.state_range,
                order_up_to: r.order_up_to,
            },
        )
    }
}

impl FiniteHorizonSolution {
    /// Optimal order quantity in period `t` starting at inventory level `x` (levels outside the
    /// represented range are clamped to it).
    pub fn order_quantity(&self, t: usize, x: i64) -> Option<i64> {
        let row = self.order_up_to.get(t)?;
        let (lo, hi) = self.state_range;
        let xc = x.clamp(lo, hi);
        Some((row[(xc - lo) as usize] - xc).max(0))
    }
}

impl FiniteHorizon {
    /// Instance with per-period demand means and sds and the same costs every period: holding
    /// h per unit left at the end of a period, backorder cost p per unit short at the end of a
    /// period, and the order cost K as the fixed cost per order (0 gives base-stock policies);
    /// the other settings take stockpyl's defaults. Costs are checked by
    /// [`solve`](Self::solve) (h > 0, p > 0, K ≥ 0); per-period costs go in the public fields.
    pub fn new(demand_mean: Vec<f64>, demand_sd: Vec<f64>, costs: Costs) -> Self {
        Self {
            demand_mean,
            demand_sd,
            holding_cost: vec![costs.holding_cost()],
            stockout_cost: vec![costs.stockout_cost()],
            purchase_cost: vec![0.0],
            fixed_cost: vec![costs.order_cost()],
            terminal_holding_cost: 0.0,
            terminal_stockout_cost: 0.0,
            discount_factor: vec![1.0],
            initial_inventory_level: 0,
            demand_spread: 4.0,
            state_spread: 5.0,
        }
    }

    /// Sets the purchase cost per unit.
    pub fn purchase_cost(mut self, c: f64) -> Self {
        self.purchase_cost = vec![c];
        self
    }

    /// Sets the terminal holding and stockout costs.
    pub fn terminal_costs(mut self, holding: f64, stockout: f64) -> Self {
        self.terminal_holding_cost = holding;
        self.terminal_stockout_cost = stockout;
        self
    }

    /// Sets the discount factor.
    pub fn discount_factor(mut self, gamma: f64) -> Self {
        self.discount_factor = vec![gamma];
        self
    }

    /// Sets the starting inventory level.
    pub fn initial_inventory_level(mut self, x: i64) -> Self {
        self.initial_inventory_level = x;
        self
    }

    fn validate(&self) -> Result<()> {
        let n = self.demand_mean.len();
        if n == 0 {
            return Err(InventoryError::Empty {
                what: "demand_mean",
            });
        }
        if self.demand_sd.len() != n {
            return Err(InventoryError::LengthMismatch {
                what: "demand_sd",
                expected: n,
                got: self.demand_sd.len(),
            });
        }
        validate::positive_elements("demand mean", &self.demand_mean)?;
        validate::positive_elements("demand sd", &self.demand_sd)?;
        for (what, v) in [
            ("holding cost", &self.holding_cost),
            ("stockout cost", &self.stockout_cost),
            ("purchase cost", &self.purchase_cost),
            ("fixed cost", &self.fixed_cost),
            ("discount factor", &self.discount_factor),
        ] {
            if v.len() != 1 && v.len() != n {
                return Err(InventoryError::LengthMismatch {
                    what,
                    expected: n,
                    got: v.len(),
                });
            }
        }
        validate::positive_elements("holding cost", &self.holding_cost)?;
        validate::positive_elements("stockout cost", &self.stockout_cost)?;
        validate::non_negative_elements("purchase cost", &self.purchase_cost)?;
        validate::non_negative_elements("fixed cost", &self.fixed_cost)?;
        validate::non_negative("terminal holding cost", self.terminal_holding_cost)?;
        validate::non_negative("terminal stockout cost", self.terminal_stockout_cost)?;
        validate::positive_elements("discount factor", &self.discount_factor)?;
        if let Some((index, &g)) = self
            .discount_factor
            .iter()
            .enumerate()
            .find(|(_, g)| **g > 1.0)
        {
            return Err(InventoryError::InvalidElement {
                what: "discount factor",
                index,
                value: g,
                expected: "must be at most 1",
            });
        }
        validate::positive("demand spread", self.demand_spread)?;
        validate::non_negative("state spread", self.state_spread)?;
        Ok(())
    }

    /// Solves the dynamic program.
    ///
    /// Its size is checked before any work: states × periods may not exceed
    /// [`MAX_FINITE_HORIZON_STATES`](crate::limits::MAX_FINITE_HORIZON_STATES), and states ×
    /// demand points × periods [`MAX_FINITE_HORIZON_WORK`](crate::limits::MAX_FINITE_HORIZON_WORK)
    /// (a [`InventoryError::LimitExceeded`] otherwise).
    pub fn solve(&self) -> Result<FiniteHorizonSolution> {
        self.validate()?;
        let n = self.demand_mean.len();
        let max_mean = self.demand_mean.iter().copied().fold(f64::MIN, f64::max);
        let min_mean = self.demand_mean.iter().copied().fold(f64::MAX, f64::min);
        let max_sd = self.demand_sd.iter().copied().fold(f64::MIN, f64::max);
        // Python's round() (half to even) so ranges match stockpyl's exactly.
        let d_min = (min_mean - self.demand_spread * max_sd)
            .round_ties_even()
            .max(0.0) as i64;
        let d_max = (max_mean + self.demand_spread * max_sd).round_ties_even() as i64;
        // EOQ-with-backorders lot sizes widen the state range when ordering has a fixed cost.
        // stockpyl takes the maximum over periods 2..T only (an off-by-one in its list slicing);
        // we do the same so the ranges, and hence the discretised answers, coincide.
        let q_of = |t: usize| {
            let k = at(&self.fixed_cost, t);
            if k > 0.0 {
                EoqBackorders::new(
                    self.demand_mean[t],
                    Costs::new()
                        .order(k)
                        .holding(at(&self.holding_cost, t))
                        .stockout(at(&self.stockout_cost, t)),
                )
                .map(|e| e.order_quantity())
                .unwrap_or(0.0)
            } else {
                0.0
            }
        };
        let first = usize::from(n > 1);
        let max_q = (first..n).map(q_of).fold(0.0, f64::max);
        // stockpyl centres the state range on the mean demand (its "nv" levels).
        let x_min = (min_mean - max_mean - max_sd * (self.state_spread + self.demand_spread))
            .round_ties_even() as i64;
        let mut x_max = (max_mean + max_q + max_sd * self.state_spread).round_ties_even() as i64;
        let x0 = self.initial_inventory_level;
        if x0 < x_min {
            return Err(InventoryError::InvalidParameter {
                name: "initial inventory level",
                reason: format!("below the state range starting at {x_min}"),
            });
        }
        x_max = x_max.max(x0);
        loop {
            if let Some(sol) = self.dp(n, d_min, d_max, x_min, x_max)? {
                return Ok(sol);
            }
            // Costs were still falling at the top of the range: widen it and start again.
            x_max = if x_max > 0 {
                x_max.saturating_mul(2)
            } else {
                x_max.abs() + 1
            };
        }
    }

    /// One pass of the DP over [x_min, x_max]; `None` when the range proved too narrow.
    fn dp(
        &self,
        n: usize,
        d_min: i64,
        d_max: i64,
        x_min: i64,
        x_max: i64,
    ) -> Result<Option<FiniteHorizonSolution>> {
        // Checked in floating point first: the ranges come from user-scaled spreads and may not
        // even fit an integer.
        let width_f = x_max as f64 - x_min as f64 + 1.0;
        let demand_points = (d_max as f64 - d_min as f64 + 1.0).max(1.0);
        validate::at_most(
            "finite-horizon states × periods",
            width_f * n as f64,
            MAX_FINITE_HORIZON_STATES as f64,
            SHRINK,
        )?;
        validate::at_most(
            "finite-horizon states × demand points × periods",
            width_f * demand_points * n as f64,
            MAX_FINITE_HORIZON_WORK as f64,
            SHRINK,
        )?;
        let width = (x_max - x_min + 1) as usize;
        let ds: Vec<i64> = (d_min..=d_max).collect();
        let mut next_value: Vec<f64> = (x_min..=x_max)
            .map(|x| {
                let xf = x as f64;
                self.terminal_holding_cost * xf.max(0.0)
                    + self.terminal_stockout_cost * (-xf).max(0.0)
            })
            .collect();
        let mut value = vec![0.0; width];
        let mut h = vec![0.0; width];
        let mut probs = vec![0.0; ds.len()];
        let mut oul = vec![vec![0i64; width]; n];
        let mut reorder_points = vec![0i64; n];
        let mut levels = vec![0i64; n];
        for t in (0..n).rev() {
            let (mu, sd) = (self.demand_mean[t], self.demand_sd[t]);
            let (k, c) = (at(&self.fixed_cost, t), at(&self.purchase_cost, t));
            let (hold, short) = (at(&self.holding_cost, t), at(&self.stockout_cost, t));
            let gamma = at(&self.discount_factor, t);
            for (p, &d) in probs.iter_mut().zip(&ds) {
                let d = d as f64;
                *p = normal::cdf((d + 0.5 - mu) / sd) - normal::cdf((d - 0.5 - mu) / sd);
            }
            for (i, hy) in h.iter_mut().enumerate() {
                let y = x_min + i as i64;
                let l = standard_normal_loss((y as f64 - mu) / sd);
                let mut cost = hold * sd * l.complementary_loss + short * sd * l.loss;
                let mut future = 0.0;
                for (p, &d) in probs.iter().zip(&ds) {
                    // Demand that would leave the range is clamped to its edge, as stockpyl does.
                    let next = (y - d).clamp(x_min, x_max);
                    future += p * next_value[(next - x_min) as usize];
                }
                cost += gamma * future;
                *hy = cost;
            }
            // best_above(x) = min over y > x of c·y + H(y), smallest such y on ties.
            let mut best_above = f64::INFINITY;
            let mut best_above_y = x_max;
            for i in (0..width).rev() {
                let x = x_min + i as i64;
                let stay = h[i];
                let order = k - c * x as f64 + best_above;
                let (cost, y) = if order < stay {
                    (order, best_above_y)
                } else {
                    (stay, x)
                };
                if y == x_max && x < x_max {
                    return Ok(None);
                }
                value[i] = cost;
                oul[t][i] = y;
                let candidate = c * x as f64 + h[i];
                if candidate <= best_above {
                    best_above = candidate;
                    best_above_y = x;
                }
            }
            levels[t] = oul[t][0];
            let mut s = x_min;
            while s < x_max && oul[t][(s + 1 - x_min) as usize] == levels[t] {
                s += 1;
            }
            reorder_points[t] = s;
            std::mem::swap(&mut value, &mut next_value);
        }
        let solution = FiniteHorizonSolution {
            reorder_points,
            order_up_to_levels: levels,
            cost: next_value[(self.initial_inventory_level - x_min) as usize],
            state_range: (x_min, x_max),
            order_up_to: oul,
        };
        checked("finite-horizon solution", solution, || {
            format!("{n} periods, states {x_min}..={x_max}")
        })
        .map(Some)
    }
}

impl Outputs for FiniteHorizonSolution {
    fn visit(&self, c: &mut Check) {
        c.non_negative("cost", self.cost);
    }
}

/// Value for period t of a cost given once for all periods or once per period.
fn at(v: &[f64], t: usize) -> f64 {
    if v.len() == 1 { v[0] } else { v[t] }
}
