//! The cost rates every model of the crate reads: one type, one time unit (the period of the
//! demand figures), named setters.

use serde::{Deserialize, Serialize};

use crate::error::{InventoryError, Result};
use crate::validate;

/// Order, holding and stockout costs, in the period of the demand figures (a day for daily
/// sales). Build it with named setters; every field defaults to 0:
///
/// ```
/// use inventory_eoq::Costs;
/// let c = Costs::default().order(50.0).holding(0.1).stockout(2.0);
/// assert_eq!((c.order_cost(), c.holding_cost(), c.stockout_cost()), (50.0, 0.1, 2.0));
/// // A holding cost quoted per unit per year, for daily data: the conversion is explicit.
/// let daily = Costs::default().order(50.0).holding_per_year(36.5, 365.0)?;
/// assert!((daily.holding_cost() - 0.1).abs() < 1e-15);
/// assert!(Costs::default().holding_per_year(36.5, 0.0).is_err());
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
///
/// | field | unit | read by |
/// |---|---|---|
/// | `order` (K) | per order placed | EOQ family, (r, Q), (s, S), lot sizing, finite horizon, planning, simulation |
/// | `holding` (h) | per unit held per period | every model (newsvendor and base-stock: per unit left at the end of a period) |
/// | `stockout` (p) | per unit backordered per period | EOQ with backorders, base-stock, (r, Q), (s, S), finite horizon, simulation |
/// | `stockout` (p) | per unit short (once) | newsvendor (per unit of unmet demand), planning (prices `expected_cost`) |
///
/// The two readings of `stockout` coincide for the single-period models (newsvendor,
/// base-stock, (s, S)), where a unit short at the end of a period is charged once per period.
///
/// The setters store the numbers as given; each model checks the fields it reads when it is
/// built (finite, non-negative, and positive where the model needs it) and names the field in
/// its error: [`Eoq`](crate::Eoq) needs `order > 0` and `holding > 0`,
/// [`Newsvendor`](crate::Newsvendor) `holding > 0` and `stockout > 0`, the stochastic (r, Q) and
/// (s, S) models all three. Fields a model does not read are still checked to be finite and
/// non-negative, so one `Costs` can be passed to every model of a SKU.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "CostsRepr")]
pub struct Costs {
    order: f64,
    holding_per_unit_period: f64,
    stockout_per_unit: f64,
}

#[derive(Deserialize)]
struct CostsRepr {
    order: f64,
    holding_per_unit_period: f64,
    stockout_per_unit: f64,
}

impl TryFrom<CostsRepr> for Costs {
    type Error = InventoryError;
    fn try_from(r: CostsRepr) -> Result<Self> {
        let c = Costs {
            order: r.order,
            holding_per_unit_period: r.holding_per_unit_period,
            stockout_per_unit: r.stockout_per_unit,
        };
        c.validate()?;
        Ok(c)
    }
}

/// How a model uses one cost field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// The model needs it strictly positive.
    Positive,
    /// Zero is allowed (the model reads it, or merely accepts it).
    NonNegative,
}

impl Costs {
    /// All costs zero (the same as `Costs::default()`).
    pub const fn new() -> Self {
        Self {
            order: 0.0,
            holding_per_unit_period: 0.0,
            stockout_per_unit: 0.0,
        }
    }

    /// Sets the fixed cost K per order placed.
    pub const fn order(mut self, per_order: f64) -> Self {
        self.order = per_order;
        self
    }

    /// Sets the holding cost h per unit per period.
    pub const fn holding(mut self, per_unit_period: f64) -> Self {
        self.holding_per_unit_period = per_unit_period;
        self
    }

    /// Sets the holding cost from a rate per unit per year: h = `per_unit_year` /
    /// `periods_per_year` (365 for daily data, 52 for weekly, 12 for monthly). Errors unless
    /// `periods_per_year` is positive and finite.
    pub fn holding_per_year(self, per_unit_year: f64, periods_per_year: f64) -> Result<Self> {
        let n = validate::positive("periods per year", periods_per_year)?;
        Ok(self.holding(per_unit_year / n))
    }

    /// Sets the stockout cost p: per unit short, or per unit backordered per period in the
    /// backorder-cost models (see the table above).
    pub const fn stockout(mut self, p: f64) -> Self {
        self.stockout_per_unit = p;
        self
    }

    /// Fixed cost K per order.
    pub const fn order_cost(&self) -> f64 {
        self.order
    }

    /// Holding cost h per unit per period.
    pub const fn holding_cost(&self) -> f64 {
        self.holding_per_unit_period
    }

    /// Stockout cost p (per unit short, or per unit backordered per period).
    pub const fn stockout_cost(&self) -> f64 {
        self.stockout_per_unit
    }

    /// p/(p + h), the newsvendor's critical ratio (NaN when both are 0).
    pub fn critical_ratio(&self) -> f64 {
        self.stockout_per_unit / (self.stockout_per_unit + self.holding_per_unit_period)
    }

    /// Errors unless every field is finite (within ±1e150) and non-negative, naming the field.
    pub fn validate(&self) -> Result<()> {
        self.require(Need::NonNegative, Need::NonNegative, Need::NonNegative)
    }

    /// Checks every field (finite, non-negative) and the ones a model needs positive.
    pub(crate) fn require(&self, order: Need, holding: Need, stockout: Need) -> Result<()> {
        for (name, value, need) in [
            ("order cost", self.order, order),
            ("holding cost", self.holding_per_unit_period, holding),
            ("stockout cost", self.stockout_per_unit, stockout),
        ] {
            match need {
                Need::Positive => validate::positive(name, value)?,
                Need::NonNegative => validate::non_negative(name, value)?,
            };
        }
        Ok(())
    }

    /// The checks of every stochastic policy with a fixed cost ((r, Q), (s, S)): all three
    /// positive, and h and p no more than about 1e16 apart, so the critical ratio is strictly
    /// inside (0, 1).
    pub(crate) fn require_policy(&self) -> Result<()> {
        self.require(Need::Positive, Need::Positive, Need::Positive)?;
        crate::newsvendor::check_critical_ratio(
            self.holding_per_unit_period,
            self.stockout_per_unit,
        )
    }
}
