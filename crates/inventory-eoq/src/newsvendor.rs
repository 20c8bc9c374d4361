//! The newsvendor: one order before uncertain demand, overage cost h per unit left over,
//! underage cost p per unit short. The optimum is the critical-ratio quantile
//! S* = F⁻¹(p/(p + h)); it is also the optimal base-stock level of a periodic-review system
//! when demand is taken over the lead time plus one period.

use serde::{Deserialize, Serialize};

use crate::costs::{Costs, Need};
use crate::demand::DemandDistribution;
use crate::error::{InventoryError, Result};
use crate::output::{Check, Outputs, checked, unit};
use crate::validate;

/// Newsvendor costs: holding (overage) cost h per unit left over and stockout (underage) cost
/// p per unit short, the [`Costs`] holding and stockout fields (the order cost is not read).
///
/// ```
/// use inventory_eoq::{Costs, DiscreteDemand, Newsvendor, NormalDemand, PoissonDemand};
/// let nv = Newsvendor::new(Costs::default().holding(0.18).stockout(0.7))?; // Snyder & Shen Example 4.1
/// let sol = nv.solve(&NormalDemand::new(50.0, 8.0)?);
/// assert!((sol.order_quantity - 56.60395592743389).abs() < 1e-9);
/// assert!((sol.expected_cost - 1.9976051931766445).abs() < 1e-9);
///
/// // Poisson and empirical demand give integer / observed-value answers.
/// assert_eq!(nv.solve(&PoissonDemand::new(50.0)?).order_quantity, 56.0);
/// let history = [41.0, 55.0, 48.0, 62.0, 50.0, 39.0, 58.0, 47.0, 53.0, 60.0];
/// let sol = nv.solve(&DiscreteDemand::empirical(&history)?);
/// assert_eq!(sol.order_quantity, 58.0);                         // 80 % of days ≤ 58
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "NewsvendorRepr")]
pub struct Newsvendor {
    holding_cost: f64,
    stockout_cost: f64,
    /// Unit margin r − c of the explicit (price/cost/salvage) form, for profits.
    margin: Option<f64>,
}

#[derive(Deserialize)]
struct NewsvendorRepr {
    holding_cost: f64,
    stockout_cost: f64,
    margin: Option<f64>,
}

impl TryFrom<NewsvendorRepr> for Newsvendor {
    type Error = InventoryError;
    fn try_from(r: NewsvendorRepr) -> Result<Self> {
        let mut nv = Newsvendor::new(
            Costs::new()
                .holding(r.holding_cost)
                .stockout(r.stockout_cost),
        )?;
        nv.margin = r
            .margin
            .map(|m| validate::finite("margin", m))
            .transpose()?;
        Ok(nv)
    }
}

/// Price, cost and salvage of the explicit newsvendor; the optional holding and stockout costs
/// are added to the overage and underage costs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NewsvendorPrices {
    /// Selling price r per unit sold.
    pub revenue: f64,
    /// Purchase cost c per unit ordered.
    pub purchase_cost: f64,
    /// Salvage value v per unit left over.
    pub salvage_value: f64,
    /// Extra cost per unit left over (default 0).
    pub holding_cost: f64,
    /// Extra penalty per unit short, beyond the lost margin (default 0).
    pub stockout_cost: f64,
}

impl NewsvendorPrices {
    /// Price r, cost c and salvage v, with no extra holding or stockout cost.
    pub fn new(revenue: f64, purchase_cost: f64, salvage_value: f64) -> Self {
        Self {
            revenue,
            purchase_cost,
            salvage_value,
            holding_cost: 0.0,
            stockout_cost: 0.0,
        }
    }

    /// Sets the extra cost per unit left over.
    pub fn holding_cost(mut self, h: f64) -> Self {
        self.holding_cost = h;
        self
    }

    /// Sets the extra penalty per unit short.
    pub fn stockout_cost(mut self, p: f64) -> Self {
        self.stockout_cost = p;
        self
    }
}

crate::output::checked_struct! {
    /// The optimal order and what it achieves.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct NewsvendorSolution as "NewsvendorSolutionRepr" NewsvendorSolutionRepr {
        /// Optimal order quantity (base-stock level) S*.
        pub order_quantity: f64,
        /// Critical ratio p/(p + h).
        pub critical_ratio: f64,
        /// Expected cost h·E[(S − D)⁺] + p·E[(D − S)⁺].
        pub expected_cost: f64,
        /// Expected units short E[(D − S)⁺].
        pub expected_shortage: f64,
        /// Expected units left over E[(S − D)⁺].
        pub expected_leftover: f64,
        /// P(D ≤ S): probability of meeting all demand (type 1 service).
        pub in_stock_probability: f64,
        /// Expected sales over expected demand, E\[min(D⁺, S⁺)\] / E\[D⁺\] (equal to
        /// 1 − E\[(D − S)⁺\] / E\[D\] for S ≥ 0 and non-negative demand): the fraction of demand
        /// met (type 2 service). Normal draws below zero count as no demand, as in the simulator,
        /// so the fill rate stays in \[0, 1\] however large the spread.
        pub fill_rate: f64,
        /// Expected profit (explicit price form only).
        pub expected_profit: Option<f64>,
    }
}

impl Newsvendor {
    /// Validated costs: holding and stockout must be positive, and no more than about 1e16
    /// apart (else the critical ratio p/(p + h) rounds to 0 or 1 and has no quantile).
    pub fn new(costs: Costs) -> Result<Self> {
        costs.require(Need::NonNegative, Need::Positive, Need::Positive)?;
        let nv = Self {
            holding_cost: costs.holding_cost(),
            stockout_cost: costs.stockout_cost(),
            margin: None,
        };
        check_critical_ratio(nv.holding_cost, nv.stockout_cost)?;
        Ok(nv)
    }

    /// The explicit form: overage cost h + c − v, underage cost p + r − c. Requires
    /// r > c > v and non-negative extra costs. Solutions then report expected profit.
    ///
    /// ```
    /// use inventory_eoq::{Newsvendor, NewsvendorPrices, NormalDemand};
    /// let nv = Newsvendor::from_prices(NewsvendorPrices::new(1.0, 0.3, 0.12))?;
    /// let sol = nv.solve(&NormalDemand::new(50.0, 8.0)?);           // Example 4.2
    /// assert!((sol.expected_profit.unwrap() - 33.002394806823354).abs() < 1e-9);
    /// # Ok::<(), inventory_eoq::InventoryError>(())
    /// ```
    pub fn from_prices(prices: NewsvendorPrices) -> Result<Self> {
        let r = validate::finite("revenue", prices.revenue)?;
        let c = validate::finite("purchase cost", prices.purchase_cost)?;
        let v = validate::finite("salvage value", prices.salvage_value)?;
        let h = validate::non_negative("holding cost", prices.holding_cost)?;
        let p = validate::non_negative("stockout cost", prices.stockout_cost)?;
        if r <= c {
            return Err(InventoryError::InvalidParameter {
                name: "revenue",
                reason: format!("must exceed purchase cost {c}, got {r}"),
            });
        }
        if c <= v {
            return Err(InventoryError::InvalidParameter {
                name: "purchase cost",
                reason: format!("must exceed salvage value {v}, got {c}"),
            });
        }
        let nv = Self {
            holding_cost: h + c - v,
            stockout_cost: p + r - c,
            margin: Some(r - c),
        };
        check_critical_ratio(nv.holding_cost, nv.stockout_cost)?;
        Ok(nv)
    }

    /// Overage cost per unit left over.
    pub fn holding_cost(&self) -> f64 {
        self.holding_cost
    }

    /// Underage cost per unit short.
    pub fn stockout_cost(&self) -> f64 {
        self.stockout_cost
    }

    /// p/(p + h).
    pub fn critical_ratio(&self) -> f64 {
        self.stockout_cost / (self.stockout_cost + self.holding_cost)
    }

    /// The optimal order for `demand`: the critical-ratio quantile, or 0 when that quantile is
    /// negative (normal demand with a large spread and a low critical ratio), since the cost is
    /// convex and an order cannot be negative.
    ///
    /// For the crate's distributions every field is finite and within its range; a custom
    /// [`DemandDistribution`] must return finite values for this to hold (see
    /// [`evaluate`](Self::evaluate), which checks).
    pub fn solve<D: DemandDistribution + ?Sized>(&self, demand: &D) -> NewsvendorSolution {
        // The critical ratio is strictly inside (0, 1), as checked at construction.
        let s = demand.inverse_cdf(self.critical_ratio()).max(0.0);
        self.evaluate_unchecked(demand, s)
    }

    /// Expected cost of ordering `order_quantity` (any finite value).
    pub fn cost_at<D: DemandDistribution + ?Sized>(
        &self,
        demand: &D,
        order_quantity: f64,
    ) -> Result<f64> {
        Ok(self.evaluate(demand, order_quantity)?.expected_cost)
    }

    /// Cost, service and profit of ordering `order_quantity` (any finite value), checked: an
    /// [`InventoryError::OutOfRange`] if a demand distribution returns a non-finite value.
    pub fn evaluate<D: DemandDistribution + ?Sized>(
        &self,
        demand: &D,
        order_quantity: f64,
    ) -> Result<NewsvendorSolution> {
        validate::finite("order quantity", order_quantity)?;
        checked(
            "newsvendor solution",
            self.evaluate_unchecked(demand, order_quantity),
            || {
                format!(
                    "h = {}, p = {}, order quantity = {order_quantity}, demand mean = {}, sd = {}",
                    self.holding_cost,
                    self.stockout_cost,
                    demand.mean(),
                    demand.sd()
                )
            },
        )
    }

    fn evaluate_unchecked<D: DemandDistribution + ?Sized>(
        &self,
        demand: &D,
        s: f64,
    ) -> NewsvendorSolution {
        let shortage = demand.loss(s);
        let leftover = demand.complementary_loss(s);
        let cost = self.holding_cost * leftover + self.stockout_cost * shortage;
        // Demand met: E[min(D⁺, S)] = E[D⁺] − E[(D − S)⁺] for S ≥ 0, with E[D⁺] = loss(0).
        let positive_demand = demand.loss(0.0);
        let fill_rate = if s <= 0.0 || positive_demand <= 0.0 {
            0.0
        } else {
            // A ratio of nested expectations: outside [0, 1] only by rounding.
            unit(1.0 - shortage / positive_demand)
        };
        NewsvendorSolution {
            order_quantity: s,
            critical_ratio: self.critical_ratio(),
            expected_cost: cost,
            expected_shortage: shortage,
            expected_leftover: leftover,
            in_stock_probability: demand.cdf(s),
            fill_rate,
            expected_profit: self.margin.map(|m| m * demand.mean() - cost),
        }
    }
}

/// p/(p + h) must be strictly inside (0, 1) in double precision.
pub(crate) fn check_critical_ratio(h: f64, p: f64) -> Result<()> {
    let ratio = p / (p + h);
    if ratio > 0.0 && ratio < 1.0 {
        Ok(())
    } else {
        Err(InventoryError::OutOfRange {
            what: "critical ratio p/(p + h)",
            reason: format!(
                "rounds to {ratio} for h = {h}, p = {p}: costs more than about 1e16 apart cannot \
                 be told from an infinite ratio"
            ),
        })
    }
}

impl Outputs for NewsvendorSolution {
    fn visit(&self, c: &mut Check) {
        c.finite("order quantity", self.order_quantity)
            .probability("critical ratio", self.critical_ratio)
            .non_negative("expected cost", self.expected_cost)
            .non_negative("expected shortage", self.expected_shortage)
            .non_negative("expected leftover", self.expected_leftover)
            .probability("in-stock probability", self.in_stock_probability)
            .probability("fill rate", self.fill_rate);
        if let Some(profit) = self.expected_profit {
            c.finite("expected profit", profit);
        }
    }
}
