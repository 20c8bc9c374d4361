//! Periodic-review base-stock policies: every period, order up to S. An order placed now
//! arrives after `lead_time` periods, so S must cover demand over the lead time plus one
//! period; the optimal S is the newsvendor quantile of that demand.

use serde::{Deserialize, Serialize};

use crate::costs::Costs;
use crate::demand::{DemandDistribution, DiscreteDemand, NormalDemand, PoissonDemand};
use crate::error::Result;
use crate::limits::MAX_LEAD_TIME_PERIODS;
use crate::newsvendor::Newsvendor;
use crate::output::{Check, Outputs, checked, unit};
use crate::validate;

/// Base-stock model: lead time L periods (0 means an order arrives before the next period's
/// demand), holding cost h and backorder cost p per unit per period (the [`Costs`] holding and
/// stockout fields; the order cost is not read).
///
/// ```
/// use inventory_eoq::{BaseStock, Costs, NormalDemand};
/// // Snyder & Shen Example 4.4: h = 0.18, p = 0.70, N(50, 8²) per period, L = 4.
/// let bs = BaseStock::new(4, Costs::default().holding(0.18).stockout(0.7))?;
/// let sol = bs.normal(&NormalDemand::new(50.0, 8.0)?)?;
/// assert!((sol.base_stock_level - 264.76689437415484).abs() < 1e-9);
/// assert!((sol.expected_cost - 4.466781004149577).abs() < 1e-9);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "BaseStockRepr")]
pub struct BaseStock {
    lead_time: u32,
    costs: Costs,
    #[serde(skip)]
    newsvendor: Newsvendor,
}

#[derive(Deserialize)]
struct BaseStockRepr {
    lead_time: u32,
    costs: Costs,
}

impl TryFrom<BaseStockRepr> for BaseStock {
    type Error = crate::InventoryError;
    fn try_from(r: BaseStockRepr) -> Result<Self> {
        BaseStock::new(r.lead_time, r.costs)
    }
}

crate::output::checked_struct! {
    /// An optimal base-stock level and its steady-state performance per period.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct BaseStockSolution as "BaseStockSolutionRepr" BaseStockSolutionRepr {
        /// Order-up-to level S.
        pub base_stock_level: f64,
        /// Expected holding plus backorder cost per period.
        pub expected_cost: f64,
        /// Expected backorders at the end of a period, E[(D_{L+1} − S)⁺].
        pub expected_backorders: f64,
        /// Expected on-hand inventory at the end of a period, E[(S − D_{L+1})⁺].
        pub expected_on_hand: f64,
        /// P(no backorders at the end of a period) = P(D_{L+1} ≤ S).
        pub cycle_service_level: f64,
        /// Fraction of each period's demand met from stock:
        /// 1 − (E[(D_{L+1} − S)⁺] − E[(D_L − S)⁺]) / (mean demand per period).
        pub fill_rate: f64,
    }
}

impl BaseStock {
    /// Validated model: lead time in periods (at most
    /// [`MAX_LEAD_TIME_PERIODS`](crate::limits::MAX_LEAD_TIME_PERIODS)), positive holding and
    /// stockout costs.
    pub fn new(lead_time: u32, costs: Costs) -> Result<Self> {
        validate::at_most(
            "base-stock lead time (periods)",
            f64::from(lead_time),
            MAX_LEAD_TIME_PERIODS as f64,
            "measure the lead time in longer periods (weeks instead of days)",
        )?;
        Ok(Self {
            newsvendor: Newsvendor::new(costs)?,
            lead_time,
            costs,
        })
    }

    /// The costs.
    pub fn costs(&self) -> Costs {
        self.costs
    }

    /// Lead time in periods.
    pub fn lead_time(&self) -> u32 {
        self.lead_time
    }

    /// Optimal level for normal per-period demand (i.i.d. over periods).
    pub fn normal(&self, per_period: &NormalDemand) -> Result<BaseStockSolution> {
        let window = per_period.over_periods(f64::from(self.lead_time) + 1.0)?;
        let lead = if self.lead_time > 0 {
            Some(per_period.over_periods(f64::from(self.lead_time))?)
        } else {
            None
        };
        self.solve(&window, lead.as_ref(), per_period.mean())
    }

    /// Optimal (integer) level for Poisson per-period demand (the normal approximation with
    /// continuity correction when demand over the lead time plus one period exceeds
    /// [`POISSON_NORMAL_MEAN`](crate::limits::POISSON_NORMAL_MEAN)).
    pub fn poisson(&self, per_period: &PoissonDemand) -> Result<BaseStockSolution> {
        let window = per_period.over_periods(f64::from(self.lead_time) + 1.0)?;
        let lead = if self.lead_time > 0 {
            Some(per_period.over_periods(f64::from(self.lead_time))?)
        } else {
            None
        };
        self.solve(&window, lead.as_ref(), per_period.mean())
    }

    /// Optimal level from a sales history: the empirical distribution of demand summed over
    /// every window of L + 1 consecutive periods (no distributional assumption; intermittent
    /// zeros and weekly patterns are kept).
    pub fn from_history(&self, history: &[f64]) -> Result<BaseStockSolution> {
        let l = self.lead_time as usize;
        let window = DiscreteDemand::rolling_sums(history, l + 1)?;
        let lead = if l > 0 {
            Some(DiscreteDemand::rolling_sums(history, l)?)
        } else {
            None
        };
        let per_period = DiscreteDemand::empirical(history)?.mean();
        self.solve(&window, lead.as_ref(), per_period)
    }

    /// Performance of base-stock level `level` for normal per-period demand.
    pub fn evaluate_normal(
        &self,
        per_period: &NormalDemand,
        level: f64,
    ) -> Result<BaseStockSolution> {
        crate::validate::finite("base-stock level", level)?;
        let window = per_period.over_periods(f64::from(self.lead_time) + 1.0)?;
        let lead = if self.lead_time > 0 {
            Some(per_period.over_periods(f64::from(self.lead_time))?)
        } else {
            None
        };
        self.checked(self.describe(&window, lead.as_ref(), per_period.mean(), level))
    }

    fn solve<D: DemandDistribution>(
        &self,
        window: &D,
        lead: Option<&D>,
        mean: f64,
    ) -> Result<BaseStockSolution> {
        let s = window.inverse_cdf(self.newsvendor.critical_ratio());
        self.checked(self.describe(window, lead, mean, s))
    }

    fn checked(&self, sol: BaseStockSolution) -> Result<BaseStockSolution> {
        checked("base-stock solution", sol, || {
            format!(
                "h = {}, p = {}, lead time = {} periods, level {}",
                self.newsvendor.holding_cost(),
                self.newsvendor.stockout_cost(),
                self.lead_time,
                sol.base_stock_level
            )
        })
    }

    fn describe<D: DemandDistribution>(
        &self,
        window: &D,
        lead: Option<&D>,
        mean: f64,
        s: f64,
    ) -> BaseStockSolution {
        let backorders = window.loss(s);
        let on_hand = window.complementary_loss(s);
        // Demand of the current period goes unmet exactly when the backlog exceeds what the
        // previous L periods alone would have caused.
        let earlier = lead.map_or((-s).max(0.0), |d| d.loss(s));
        BaseStockSolution {
            base_stock_level: s,
            expected_cost: self.newsvendor.holding_cost() * on_hand
                + self.newsvendor.stockout_cost() * backorders,
            expected_backorders: backorders,
            expected_on_hand: on_hand,
            cycle_service_level: window.cdf(s),
            // The true fill rate is in [0, 1]; the formula leaves it only by rounding, or by the
            // normal model's (tiny) mass below zero, at most E[D⁻]/E[D].
            fill_rate: unit(1.0 - (backorders - earlier) / mean),
        }
    }
}

impl Outputs for BaseStockSolution {
    fn visit(&self, c: &mut Check) {
        c.finite("base-stock level", self.base_stock_level)
            .non_negative("expected cost", self.expected_cost)
            .non_negative("expected backorders", self.expected_backorders)
            .non_negative("expected on-hand inventory", self.expected_on_hand)
            .probability("cycle service level", self.cycle_service_level)
            .probability("fill rate", self.fill_rate);
    }
}
