//! The service vocabulary of the whole toolkit: what a reorder point must buy, and how often
//! the inventory position is looked at, in one type.
//!
//! Every service measure is defined over the *risk period*: the time from an order decision to
//! the arrival of the next order that a later decision can still influence. Under continuous
//! review that is the lead time L; under periodic review every R periods it is L + R
//! (Silver, Pyke & Thomas, *Inventory and Production Management in Supply Chains*, 4th ed.
//! 2017, on individual items with probabilistic demand; Axsäter, *Inventory Control*, 3rd ed.
//! 2015, on single-echelon reorder points).

use serde::{Deserialize, Serialize};

use crate::error::{InventoryError, Result};
use crate::limits::MAX_LEAD_TIME_PERIODS;
use crate::validate;

/// How often the inventory position is reviewed, in periods of the demand figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "ReviewRepr")]
pub enum Review {
    /// Continuously (the textbook (r, Q) model): an order is placed the moment the inventory
    /// position reaches the reorder point. Risk period: the lead time L.
    #[default]
    Continuous,
    /// Every `period` periods (R ≥ 1): daily sales reviewed once a day are `Periodic { period:
    /// 1 }`. Demand between reviews can take the position below the reorder point before
    /// anyone looks (the undershoot), so the reorder point must cover demand over the lead
    /// time plus one review period, L + R.
    Periodic {
        /// Review period R, in periods (1 to
        /// [`MAX_LEAD_TIME_PERIODS`](crate::limits::MAX_LEAD_TIME_PERIODS)).
        period: usize,
    },
}

#[derive(Deserialize)]
enum ReviewRepr {
    Continuous,
    Periodic { period: usize },
}

impl TryFrom<ReviewRepr> for Review {
    type Error = InventoryError;
    fn try_from(r: ReviewRepr) -> Result<Self> {
        let review = match r {
            ReviewRepr::Continuous => Review::Continuous,
            ReviewRepr::Periodic { period } => Review::Periodic { period },
        };
        review.validate()?;
        Ok(review)
    }
}

impl Review {
    /// Review once per period (daily sales reviewed daily): `Periodic { period: 1 }`.
    pub const EVERY_PERIOD: Review = Review::Periodic { period: 1 };

    /// Errors unless a periodic review period is between 1 and
    /// [`MAX_LEAD_TIME_PERIODS`](crate::limits::MAX_LEAD_TIME_PERIODS).
    pub fn validate(&self) -> Result<()> {
        if let Review::Periodic { period } = *self {
            if period == 0 {
                return Err(InventoryError::NotPositive {
                    name: "review period",
                    value: 0.0,
                });
            }
            validate::at_most(
                "review period (periods)",
                period as f64,
                MAX_LEAD_TIME_PERIODS as f64,
                "review in longer periods (weeks instead of days)",
            )?;
        }
        Ok(())
    }

    /// The review period R in periods (0 under continuous review).
    pub fn period(&self) -> usize {
        match *self {
            Review::Continuous => 0,
            Review::Periodic { period } => period,
        }
    }

    /// The risk period for lead time `lead_time`: L under continuous review, L + R under
    /// periodic review.
    pub fn risk_period(&self, lead_time: f64) -> f64 {
        lead_time + self.period() as f64
    }
}

/// The service a reorder point must buy, with the review mode it is measured under.
///
/// One vocabulary for the toolkit: the planning pipeline, the safety-stock functions and the
/// [`ReplenishmentParams`](crate::ReplenishmentParams) planner all take this type. Below, L is
/// the lead time, R the review period, D(n) demand over n periods, r the reorder point, Q the
/// order quantity, d the mean demand per period and n(x) = E[(D − x)⁺] the loss function of the
/// distribution it is written with.
///
/// ```
/// use inventory_eoq::{Review, ServiceTarget};
/// let daily = ServiceTarget::fill_rate(0.98).review(Review::EVERY_PERIOD);
/// assert_eq!(daily, ServiceTarget::FillRate { level: 0.98, review: Review::Periodic { period: 1 } });
/// assert_eq!(daily.level(), 0.98);
/// assert_eq!(daily.review_mode().risk_period(4.0), 5.0);
/// assert!(ServiceTarget::cycle_service(1.0).validate().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ServiceTargetRepr")]
pub enum ServiceTarget {
    /// Cycle service level α (type 1, Silver–Pyke–Thomas's P₁, Axsäter's S₁): the probability
    /// of no stockout in a replenishment cycle.
    ///
    /// - continuous review: P(D(L) ≤ r) = α (Silver, Pyke & Thomas; Axsäter), exact for demand
    ///   that arrives one unit at a time;
    /// - periodic review: P(D(L + R) ≤ r) = α (Silver, Pyke & Thomas's rule for (R, S) and
    ///   (R, s, S) systems). Exact for an order-up-to level; for a reorder point it ignores the
    ///   undershoot (the position is at most r, often well below, when an order is placed), so
    ///   the share of cycles without a stockout is at least α: a conservative rule, the one the
    ///   planning pipeline uses for "95 % service" on daily data.
    ///
    /// This is the per-cycle measure; the per-period probability of ending a period without
    /// backorders is [`ReadyRate`](Self::ReadyRate).
    CycleService {
        /// α, strictly between 0 and 1.
        level: f64,
        /// When the position is reviewed.
        review: Review,
    },
    /// Fill rate β (type 2, Silver–Pyke–Thomas's P₂, Axsäter's S₂): the fraction of demand met
    /// from stock on hand.
    ///
    /// - continuous review: 1 − n_L(r)/Q = β with n_L the loss of D(L) (Silver, Pyke & Thomas's
    ///   P₂ rule for (s, Q)); the exact (r, Q) fill rate 1 − (n_L(r) − n_L(r + Q))/Q (Axsäter)
    ///   is what plans report, and is at least β;
    /// - periodic review of an (R, r, nQ) policy, whose position after ordering is uniform on
    ///   (r, r + Q] for i.i.d. demand (Hadley & Whitin, *Analysis of Inventory Systems*, 1963):
    ///   the units short per review cycle are n_{L+R}(y) − n_L(y), so
    ///   β = 1 − (1/(R·d·Q)) ∫_r^{r+Q} (n_{L+R}(y) − n_L(y)) dy, solved exactly (Axsäter's
    ///   periodic-review fill rate; Silver, Pyke & Thomas's (R, S) form with the shortage already
    ///   outstanding subtracted). This is what a simulation of the periodic policy measures.
    ///
    /// The free function [`reorder_point`](crate::reorder_point), which sees only the
    /// risk-period distribution, uses the textbook n(r) = (1 − β)·Q on it for both modes.
    FillRate {
        /// β, strictly between 0 and 1.
        level: f64,
        /// When the position is reviewed.
        review: Review,
    },
    /// Ready rate (Axsäter's S₃): the probability that a period ends with no backorders (the
    /// fraction of time with stock on hand under continuous review).
    ///
    /// - continuous review: (1/Q) ∫_r^{r+Q} P(D(L) ≤ y) dy (Axsäter);
    /// - periodic review: (1/(R·Q)) Σ_{j=1..R} ∫_r^{r+Q} P(D(L + j) ≤ y) dy, the average over the
    ///   R periods of a review cycle. With R = 1 this is the share of periods ending in stock
    ///   that a daily simulation reports as its in-stock rate.
    ReadyRate {
        /// The target probability, strictly between 0 and 1.
        level: f64,
        /// When the position is reviewed.
        review: Review,
    },
}

#[derive(Deserialize)]
enum ServiceTargetRepr {
    CycleService { level: f64, review: Review },
    FillRate { level: f64, review: Review },
    ReadyRate { level: f64, review: Review },
}

impl TryFrom<ServiceTargetRepr> for ServiceTarget {
    type Error = InventoryError;
    fn try_from(r: ServiceTargetRepr) -> Result<Self> {
        let t = match r {
            ServiceTargetRepr::CycleService { level, review } => {
                ServiceTarget::CycleService { level, review }
            }
            ServiceTargetRepr::FillRate { level, review } => {
                ServiceTarget::FillRate { level, review }
            }
            ServiceTargetRepr::ReadyRate { level, review } => {
                ServiceTarget::ReadyRate { level, review }
            }
        };
        t.validate()?;
        Ok(t)
    }
}

impl Default for ServiceTarget {
    /// 95 % cycle service under continuous review.
    fn default() -> Self {
        Self::cycle_service(0.95)
    }
}

impl ServiceTarget {
    /// Cycle service level `level` under continuous review.
    pub const fn cycle_service(level: f64) -> Self {
        Self::CycleService {
            level,
            review: Review::Continuous,
        }
    }

    /// Fill rate `level` under continuous review.
    pub const fn fill_rate(level: f64) -> Self {
        Self::FillRate {
            level,
            review: Review::Continuous,
        }
    }

    /// Ready rate `level` under continuous review.
    pub const fn ready_rate(level: f64) -> Self {
        Self::ReadyRate {
            level,
            review: Review::Continuous,
        }
    }

    /// The same target under review mode `review`.
    pub const fn review(self, review: Review) -> Self {
        match self {
            Self::CycleService { level, .. } => Self::CycleService { level, review },
            Self::FillRate { level, .. } => Self::FillRate { level, review },
            Self::ReadyRate { level, .. } => Self::ReadyRate { level, review },
        }
    }

    /// The target probability.
    pub const fn level(&self) -> f64 {
        match *self {
            Self::CycleService { level, .. }
            | Self::FillRate { level, .. }
            | Self::ReadyRate { level, .. } => level,
        }
    }

    /// The review mode.
    pub const fn review_mode(&self) -> Review {
        match *self {
            Self::CycleService { review, .. }
            | Self::FillRate { review, .. }
            | Self::ReadyRate { review, .. } => review,
        }
    }

    /// The measure's name, as used in error messages ("cycle service level", "fill rate",
    /// "ready rate").
    pub const fn name(&self) -> &'static str {
        match self {
            Self::CycleService { .. } => "cycle service level",
            Self::FillRate { .. } => "fill rate",
            Self::ReadyRate { .. } => "ready rate",
        }
    }

    /// Errors unless the level lies strictly between 0 and 1 and the review mode is valid.
    pub fn validate(&self) -> Result<()> {
        validate::probability(self.name(), self.level())?;
        self.review_mode().validate()
    }

    /// The level, checked.
    pub(crate) fn checked_level(&self) -> Result<f64> {
        self.validate()?;
        Ok(self.level())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deserialisation_validates() {
        let t = ServiceTarget::fill_rate(0.97).review(Review::Periodic { period: 7 });
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(
            json,
            r#"{"FillRate":{"level":0.97,"review":{"Periodic":{"period":7}}}}"#
        );
        assert_eq!(serde_json::from_str::<ServiceTarget>(&json).unwrap(), t);
        for bad in [
            r#"{"FillRate":{"level":1.0,"review":"Continuous"}}"#,
            r#"{"CycleService":{"level":0.9,"review":{"Periodic":{"period":0}}}}"#,
            r#"{"ReadyRate":{"level":0.9}}"#,
        ] {
            assert!(serde_json::from_str::<ServiceTarget>(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<Review>(r#"{"Periodic":{"period":10001}}"#).is_err());
    }

    #[test]
    fn risk_period_adds_the_review_period() {
        assert_eq!(Review::Continuous.risk_period(4.0), 4.0);
        assert_eq!(Review::Periodic { period: 7 }.risk_period(4.0), 11.0);
    }
}
