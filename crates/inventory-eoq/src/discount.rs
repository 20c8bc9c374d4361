//! EOQ under quantity discounts: all-units (the whole order is priced at the unit cost of the
//! region its size falls in) and incremental (each unit is priced by the region it falls in).
//!
//! Holding cost is a rate i per period times the unit's value, and the costs reported here
//! include the purchase cost, since it now depends on Q. Rates and costs are per period (a
//! year in the textbook examples). Regions are 0-based: region j is [b_j, b_{j+1}).

use serde::{Deserialize, Serialize};

use crate::costs::{Costs, Need};
use crate::error::{InventoryError, Result};
use crate::output::{Check, Outputs, checked, non_negative_value};
use crate::roots::sqrt_ratio;
use crate::validate;

/// Price breaks: breakpoints b_0 = 0 < b_1 < … < b_n and the unit cost c_j of each region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "PriceBreaksRepr")]
pub struct PriceBreaks {
    breakpoints: Vec<f64>,
    unit_costs: Vec<f64>,
}

#[derive(Deserialize)]
struct PriceBreaksRepr {
    breakpoints: Vec<f64>,
    unit_costs: Vec<f64>,
}

impl TryFrom<PriceBreaksRepr> for PriceBreaks {
    type Error = InventoryError;
    fn try_from(r: PriceBreaksRepr) -> Result<Self> {
        PriceBreaks::new(r.breakpoints, r.unit_costs)
    }
}

impl PriceBreaks {
    /// Validated price breaks: the first breakpoint is 0, breakpoints increase strictly
    /// ([`InventoryError::UnsortedBreakpoints`] otherwise), one positive unit cost per
    /// breakpoint.
    pub fn new(breakpoints: Vec<f64>, unit_costs: Vec<f64>) -> Result<Self> {
        if breakpoints.is_empty() {
            return Err(InventoryError::Empty {
                what: "discount breakpoints",
            });
        }
        if unit_costs.len() != breakpoints.len() {
            return Err(InventoryError::LengthMismatch {
                what: "unit costs (one per breakpoint)",
                expected: breakpoints.len(),
                got: unit_costs.len(),
            });
        }
        validate::non_negative_elements("discount breakpoints", &breakpoints)?;
        if breakpoints[0] != 0.0 {
            return Err(InventoryError::UnsortedBreakpoints {
                reason: format!("first breakpoint is {}, not 0", breakpoints[0]),
            });
        }
        if let Some(i) = breakpoints.windows(2).position(|w| w[0] >= w[1]) {
            return Err(InventoryError::UnsortedBreakpoints {
                reason: format!(
                    "breakpoint {} ({}) is not above breakpoint {} ({})",
                    i + 1,
                    breakpoints[i + 1],
                    i,
                    breakpoints[i]
                ),
            });
        }
        validate::positive_elements("unit costs", &unit_costs)?;
        Ok(Self {
            breakpoints,
            unit_costs,
        })
    }

    /// Breakpoints b_j.
    pub fn breakpoints(&self) -> &[f64] {
        &self.breakpoints
    }

    /// Unit costs c_j.
    pub fn unit_costs(&self) -> &[f64] {
        &self.unit_costs
    }

    /// Region holding quantity q: the last j with b_j ≤ q.
    pub fn region_of(&self, q: f64) -> usize {
        self.breakpoints
            .partition_point(|&b| b <= q)
            .saturating_sub(1)
    }

    fn regions(&self) -> usize {
        self.breakpoints.len()
    }

    /// Whether q lies in region j.
    fn in_region(&self, q: f64, j: usize) -> bool {
        q >= self.breakpoints[j] && (j + 1 == self.regions() || q < self.breakpoints[j + 1])
    }
}

crate::output::checked_struct! {
    /// The best order quantity under a discount schedule.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct DiscountSolution as "DiscountSolutionRepr" DiscountSolutionRepr {
        /// Optimal order quantity.
        pub order_quantity: f64,
        /// Its price region (0-based).
        pub region: usize,
        /// Cost per period including purchase cost.
        pub total_cost: f64,
    }
}

/// Shared inputs of the two discount models.
#[derive(Debug, Clone, PartialEq)]
struct DiscountInputs {
    demand: f64,
    order_cost: f64,
    holding_rate: f64,
    breaks: PriceBreaks,
}

impl DiscountInputs {
    fn new(demand: f64, holding_rate: f64, breaks: PriceBreaks, costs: Costs) -> Result<Self> {
        let demand = validate::positive("demand", demand)?;
        let holding_rate = validate::positive("holding cost rate", holding_rate)?;
        costs.require(Need::Positive, Need::NonNegative, Need::NonNegative)?;
        if costs.holding_cost() != 0.0 {
            return Err(InventoryError::InvalidParameter {
                name: "holding cost",
                reason: format!(
                    "quantity-discount models charge holding as the rate i times the unit cost \
                     (holding_rate); leave Costs::holding at 0, got {}",
                    costs.holding_cost()
                ),
            });
        }
        Ok(Self {
            demand,
            order_cost: costs.order_cost(),
            holding_rate,
            breaks,
        })
    }

    fn costs(&self) -> Costs {
        Costs::new().order(self.order_cost)
    }

    fn describe(&self) -> String {
        format!(
            "demand = {}, order cost = {}, holding rate = {}, breakpoints {:?}, unit costs {:?}",
            self.demand,
            self.order_cost,
            self.holding_rate,
            self.breaks.breakpoints,
            self.breaks.unit_costs
        )
    }

    /// The best candidate, checked: constructors call this once so that `solve` cannot fail.
    fn checked_best(&self, best: Option<DiscountSolution>) -> Result<DiscountSolution> {
        let best = best.ok_or_else(|| InventoryError::OutOfRange {
            what: "discount order quantity",
            reason: format!("no finite candidate for {}", self.describe()),
        })?;
        checked("discount solution", best, || self.describe())
    }
}

impl Outputs for DiscountSolution {
    fn visit(&self, c: &mut Check) {
        c.positive("order quantity", self.order_quantity)
            .non_negative("total cost", self.total_cost);
    }
}

/// All-units quantity discount.
///
/// ```
/// use inventory_eoq::{AllUnitsDiscount, Costs, PriceBreaks};
/// // Snyder & Shen Example 3.5: K = 8, i = 0.3, D = 1300.
/// let breaks = PriceBreaks::new(vec![0.0, 400.0, 800.0], vec![0.75, 0.72, 0.68])?;
/// let best = AllUnitsDiscount::new(1300.0, 0.3, breaks, Costs::default().order(8.0))?.solve();
/// assert_eq!((best.order_quantity, best.region), (800.0, 2));
/// assert!((best.total_cost - 978.6).abs() < 1e-9);
/// assert!(PriceBreaks::new(vec![0.0, 800.0, 400.0], vec![0.75, 0.72, 0.68]).is_err());
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "DiscountRepr", try_from = "DiscountRepr")]
pub struct AllUnitsDiscount {
    inputs: DiscountInputs,
}

/// The stored form of either discount model: its constructor's arguments.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DiscountRepr {
    demand: f64,
    holding_rate: f64,
    breaks: PriceBreaks,
    costs: Costs,
}

impl From<DiscountInputs> for DiscountRepr {
    fn from(d: DiscountInputs) -> Self {
        Self {
            demand: d.demand,
            holding_rate: d.holding_rate,
            costs: d.costs(),
            breaks: d.breaks,
        }
    }
}

impl From<AllUnitsDiscount> for DiscountRepr {
    fn from(m: AllUnitsDiscount) -> Self {
        m.inputs.into()
    }
}

impl TryFrom<DiscountRepr> for AllUnitsDiscount {
    type Error = InventoryError;
    fn try_from(r: DiscountRepr) -> Result<Self> {
        AllUnitsDiscount::new(r.demand, r.holding_rate, r.breaks, r.costs)
    }
}

impl From<IncrementalDiscount> for DiscountRepr {
    fn from(m: IncrementalDiscount) -> Self {
        m.inputs.into()
    }
}

impl TryFrom<DiscountRepr> for IncrementalDiscount {
    type Error = InventoryError;
    fn try_from(r: DiscountRepr) -> Result<Self> {
        IncrementalDiscount::new(r.demand, r.holding_rate, r.breaks, r.costs)
    }
}

impl AllUnitsDiscount {
    /// Demand rate D per period, holding cost rate i per period (holding cost is i·c_j), price
    /// breaks, and the order cost K from `costs` (`order > 0`; `holding` must be left at 0,
    /// since holding is charged through the rate; `stockout` is not read). Errors if no
    /// candidate order has a finite cost in double precision.
    pub fn new(demand: f64, holding_rate: f64, breaks: PriceBreaks, costs: Costs) -> Result<Self> {
        let m = Self {
            inputs: DiscountInputs::new(demand, holding_rate, breaks, costs)?,
        };
        m.inputs.checked_best(m.best())?;
        Ok(m)
    }

    /// Cost c_j·D + K·D/Q + i·c_j·Q/2 with Q priced in region j (not checked).
    fn cost_in(&self, q: f64, j: usize) -> f64 {
        let d = &self.inputs;
        let c = d.breaks.unit_costs[j];
        c * d.demand + d.order_cost * d.demand / q + d.holding_rate * c * q / 2.0
    }

    /// Cost per period including purchase of ordering `q` (> 0) each time.
    pub fn cost_at(&self, q: f64) -> Result<f64> {
        let q = validate::positive("order quantity", q)?;
        non_negative_value(
            "all-units discount cost",
            self.cost_in(q, self.inputs.breaks.region_of(q)),
            || format!("{}, order quantity = {q}", self.inputs.describe()),
        )
    }

    /// The cheapest of each region's realisable EOQ and every breakpoint above 0.
    pub fn solve(&self) -> DiscountSolution {
        self.best()
            .expect("a finite candidate exists: checked at construction")
    }

    fn best(&self) -> Option<DiscountSolution> {
        let d = &self.inputs;
        cheapest(
            &d.breaks,
            |j| {
                sqrt_ratio(
                    &[2.0, d.order_cost, d.demand],
                    &[d.holding_rate, d.breaks.unit_costs[j]],
                )
            },
            |q, j| self.cost_in(q, j),
        )
    }
}

/// Incremental quantity discount.
///
/// ```
/// use inventory_eoq::{Costs, IncrementalDiscount, PriceBreaks};
/// let breaks = PriceBreaks::new(vec![0.0, 400.0, 800.0], vec![0.75, 0.72, 0.68])?;
/// let best = IncrementalDiscount::new(1300.0, 0.3, breaks, Costs::default().order(8.0))?.solve();
/// assert_eq!(best.region, 0);
/// assert!((best.order_quantity - 304.0467800264368).abs() < 1e-9);
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "DiscountRepr", try_from = "DiscountRepr")]
pub struct IncrementalDiscount {
    inputs: DiscountInputs,
    /// c̄_j: purchase cost of an order of size Q in region j is c̄_j + c_j·Q.
    offsets: Vec<f64>,
}

impl IncrementalDiscount {
    /// Demand rate D per period, holding cost rate i per period (on the average unit value),
    /// price breaks, and the order cost K from `costs` (as for [`AllUnitsDiscount::new`]).
    pub fn new(demand: f64, holding_rate: f64, breaks: PriceBreaks, costs: Costs) -> Result<Self> {
        let inputs = DiscountInputs::new(demand, holding_rate, breaks, costs)?;
        let b = &inputs.breaks.breakpoints;
        let c = &inputs.breaks.unit_costs;
        let mut offsets = vec![0.0; b.len()];
        let mut paid_below = 0.0; // cost of the first b_j units
        for j in 1..b.len() {
            paid_below += c[j - 1] * (b[j] - b[j - 1]);
            offsets[j] = paid_below - c[j] * b[j];
        }
        if let Some(j) = offsets.iter().position(|o| !o.is_finite()) {
            return Err(InventoryError::OutOfRange {
                what: "incremental discount purchase cost",
                reason: format!(
                    "the cost of the first {} units overflows for {}",
                    b[j],
                    inputs.describe()
                ),
            });
        }
        let m = Self { inputs, offsets };
        m.inputs.checked_best(m.best())?;
        Ok(m)
    }

    fn cost_in(&self, q: f64, j: usize) -> f64 {
        let d = &self.inputs;
        let (c, cb) = (d.breaks.unit_costs[j], self.offsets[j]);
        c * d.demand
            + d.holding_rate * cb / 2.0
            + (d.order_cost + cb) * d.demand / q
            + d.holding_rate * c * q / 2.0
    }

    /// Cost per period including purchase of ordering `q` (> 0) each time.
    pub fn cost_at(&self, q: f64) -> Result<f64> {
        let q = validate::positive("order quantity", q)?;
        non_negative_value(
            "incremental discount cost",
            self.cost_in(q, self.inputs.breaks.region_of(q)),
            || format!("{}, order quantity = {q}", self.inputs.describe()),
        )
    }

    /// The cheapest realisable region optimum (with falling prices the optimum is never at a
    /// breakpoint).
    pub fn solve(&self) -> DiscountSolution {
        self.best()
            .expect("a finite candidate exists: checked at construction")
    }

    fn best(&self) -> Option<DiscountSolution> {
        let d = &self.inputs;
        cheapest(
            &d.breaks,
            |j| {
                let c = d.breaks.unit_costs[j];
                let fixed = d.order_cost + self.offsets[j];
                // With rising prices K + c̄_j can be negative: no stationary point then.
                if fixed > 0.0 {
                    sqrt_ratio(&[2.0, fixed, d.demand], &[d.holding_rate, c])
                } else {
                    f64::NAN
                }
            },
            |q, j| self.cost_in(q, j),
        )
    }
}

/// The cheapest candidate order quantity: each region's stationary point `eoq(j)` when it lies
/// in its region, and every breakpoint above 0 (ties keep the first). With falling prices the
/// optimum is a region's stationary point; breakpoints are candidates so that unusual (rising)
/// price schedules still get their minimum, which may then sit at a kink.
fn cheapest(
    breaks: &PriceBreaks,
    eoq: impl Fn(usize) -> f64,
    cost: impl Fn(f64, usize) -> f64,
) -> Option<DiscountSolution> {
    let stationary = (0..breaks.regions())
        .map(|j| (eoq(j), j))
        .filter(|&(q, j)| q.is_finite() && breaks.in_region(q, j));
    let kinks = (1..breaks.regions()).map(|j| (breaks.breakpoints[j], j));
    stationary
        .chain(kinks)
        .map(|(q, j)| DiscountSolution {
            order_quantity: q,
            region: j,
            total_cost: cost(q, j),
        })
        .filter(|c| c.total_cost.is_finite())
        .reduce(|best, c| {
            if c.total_cost < best.total_cost {
                c
            } else {
                best
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_cost_is_continuous_at_breakpoints() {
        let breaks = PriceBreaks::new(vec![0.0, 200.0, 500.0], vec![50.0, 45.0, 40.0]).unwrap();
        let m =
            IncrementalDiscount::new(1000.0, 0.2, breaks, Costs::default().order(100.0)).unwrap();
        for b in [200.0, 500.0] {
            let below = m.cost_at(b - 1e-7).unwrap();
            let at = m.cost_at(b).unwrap();
            assert!((below - at).abs() < 1e-4, "jump at {b}: {below} vs {at}");
        }
    }

    #[test]
    fn stored_models_rebuild_and_validate() {
        let breaks = PriceBreaks::new(vec![0.0, 400.0, 800.0], vec![0.75, 0.72, 0.68]).unwrap();
        let m = AllUnitsDiscount::new(1300.0, 0.3, breaks.clone(), Costs::default().order(8.0))
            .unwrap();
        let json = serde_json::to_string(&m).unwrap();
        let back: AllUnitsDiscount = serde_json::from_str(&json).unwrap();
        assert_eq!(back.solve(), m.solve());
        let inc =
            IncrementalDiscount::new(1300.0, 0.3, breaks, Costs::default().order(8.0)).unwrap();
        let back: IncrementalDiscount =
            serde_json::from_str(&serde_json::to_string(&inc).unwrap()).unwrap();
        assert_eq!(back.solve(), inc.solve());
        let unsorted = json.replace("[0.0,400.0,800.0]", "[0.0,800.0,400.0]");
        assert_ne!(unsorted, json);
        assert!(serde_json::from_str::<AllUnitsDiscount>(&unsorted).is_err());
        assert!(
            AllUnitsDiscount::new(
                1300.0,
                0.3,
                PriceBreaks::new(vec![0.0], vec![1.0]).unwrap(),
                Costs::default().order(8.0).holding(0.1)
            )
            .is_err()
        );
    }

    #[test]
    fn region_lookup() {
        let breaks = PriceBreaks::new(vec![0.0, 400.0, 800.0], vec![3.0, 2.0, 1.0]).unwrap();
        assert_eq!(breaks.region_of(0.5), 0);
        assert_eq!(breaks.region_of(400.0), 1);
        assert_eq!(breaks.region_of(1e9), 2);
        assert!(matches!(
            PriceBreaks::new(vec![10.0, 400.0], vec![1.0, 1.0]),
            Err(InventoryError::UnsortedBreakpoints { .. })
        ));
        assert!(matches!(
            PriceBreaks::new(vec![0.0, 400.0], vec![1.0]),
            Err(InventoryError::LengthMismatch { .. })
        ));
    }
}
