//! The replenishment rules the simulator can run.

use serde::{Deserialize, Serialize};

use crate::error::{InventoryError, Result};
use crate::limits::MAX_LEAD_TIME_PERIODS;
use crate::validate;

/// A replenishment rule, applied once per period to the inventory position after that
/// period's demand.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Policy {
    /// Order up to `level` every period.
    BaseStock {
        /// Base-stock (order-up-to) level S.
        level: f64,
    },
    /// If the position is at or below s, order up to S.
    Ss {
        /// Reorder point s.
        reorder_point: f64,
        /// Order-up-to level S (> s).
        order_up_to: f64,
    },
    /// If the position is at or below r, order one batch of Q (stockpyl's rule: a single batch
    /// even when the position stays at or below r).
    Rq {
        /// Reorder point r.
        reorder_point: f64,
        /// Batch size Q (> 0).
        order_quantity: f64,
    },
    /// If the position is at or below r, order the smallest multiple of Q that lifts it above
    /// r: the periodic-review form of (r, Q), right when one period's demand can exceed Q.
    RnQ {
        /// Reorder point r.
        reorder_point: f64,
        /// Batch size Q (> 0).
        order_quantity: f64,
    },
    /// Periodic review of (r, Q), (R, r, nQ): every `review_period` periods (in periods t with
    /// t mod R = `offset`), if the position is at or below r, order the smallest multiple of Q
    /// that lifts it above r. R is at most
    /// [`MAX_LEAD_TIME_PERIODS`](crate::limits::MAX_LEAD_TIME_PERIODS).
    PeriodicRnQ {
        /// Review period R (≥ 1).
        review_period: u32,
        /// First review period (< R).
        offset: u32,
        /// Reorder point r.
        reorder_point: f64,
        /// Batch size Q (> 0).
        order_quantity: f64,
    },
    /// Order the same quantity every period (stockpyl's "FQ").
    FixedQuantity {
        /// Units ordered each period (≥ 0).
        order_quantity: f64,
    },
    /// Periodic review (R, S): every `review_period` periods (in periods t with
    /// t mod R = `offset`), order up to S. R is at most
    /// [`MAX_LEAD_TIME_PERIODS`](crate::limits::MAX_LEAD_TIME_PERIODS).
    PeriodicReview {
        /// Review period R (≥ 1).
        review_period: u32,
        /// Order-up-to level S.
        order_up_to: f64,
        /// First review period (< R).
        offset: u32,
    },
}

impl Policy {
    /// Errors when a level is not finite (or beyond ±1e150), Q ≤ 0, S ≤ s, R = 0, R beyond
    /// [`MAX_LEAD_TIME_PERIODS`](crate::limits::MAX_LEAD_TIME_PERIODS) or offset ≥ R.
    pub fn validate(&self) -> Result<()> {
        match *self {
            Policy::BaseStock { level } => {
                validate::finite("base-stock level", level)?;
            }
            Policy::Ss {
                reorder_point,
                order_up_to,
            } => {
                validate::finite("reorder point", reorder_point)?;
                validate::finite("order-up-to level", order_up_to)?;
                if order_up_to <= reorder_point {
                    return Err(InventoryError::InvalidParameter {
                        name: "order-up-to level",
                        reason: format!(
                            "must exceed reorder point {reorder_point}, got {order_up_to}"
                        ),
                    });
                }
            }
            Policy::Rq {
                reorder_point,
                order_quantity,
            }
            | Policy::RnQ {
                reorder_point,
                order_quantity,
            } => {
                validate::finite("reorder point", reorder_point)?;
                validate::positive("order quantity", order_quantity)?;
            }
            Policy::PeriodicRnQ {
                review_period,
                offset,
                reorder_point,
                order_quantity,
            } => {
                validate::finite("reorder point", reorder_point)?;
                validate::positive("order quantity", order_quantity)?;
                check_review(review_period, offset)?;
            }
            Policy::FixedQuantity { order_quantity } => {
                validate::non_negative("order quantity", order_quantity)?;
            }
            Policy::PeriodicReview {
                review_period,
                order_up_to,
                offset,
            } => {
                validate::finite("order-up-to level", order_up_to)?;
                check_review(review_period, offset)?;
            }
        }
        Ok(())
    }

    /// Units to order in period `t` when the inventory position (after demand) is `ip`.
    #[inline]
    pub(crate) fn order(&self, t: usize, ip: f64) -> f64 {
        match *self {
            Policy::BaseStock { level } => (level - ip).max(0.0),
            Policy::Ss {
                reorder_point,
                order_up_to,
            } => {
                if ip <= reorder_point {
                    order_up_to - ip
                } else {
                    0.0
                }
            }
            Policy::Rq {
                reorder_point,
                order_quantity,
            } => {
                if ip <= reorder_point {
                    order_quantity
                } else {
                    0.0
                }
            }
            Policy::RnQ {
                reorder_point,
                order_quantity,
            } => lots_above(reorder_point, order_quantity, ip),
            Policy::PeriodicRnQ {
                review_period,
                offset,
                reorder_point,
                order_quantity,
            } => {
                if t % review_period as usize == offset as usize {
                    lots_above(reorder_point, order_quantity, ip)
                } else {
                    0.0
                }
            }
            Policy::FixedQuantity { order_quantity } => order_quantity,
            Policy::PeriodicReview {
                review_period,
                order_up_to,
                offset,
            } => {
                if t % review_period as usize == offset as usize {
                    (order_up_to - ip).max(0.0)
                } else {
                    0.0
                }
            }
        }
    }

    /// The level a system running this policy naturally starts at (the default initial
    /// inventory): S for order-up-to rules, r + Q for batch rules.
    pub fn natural_start(&self) -> f64 {
        match *self {
            Policy::BaseStock { level } => level,
            Policy::Ss { order_up_to, .. } => order_up_to,
            Policy::Rq {
                reorder_point,
                order_quantity,
            }
            | Policy::RnQ {
                reorder_point,
                order_quantity,
            }
            | Policy::PeriodicRnQ {
                reorder_point,
                order_quantity,
                ..
            } => reorder_point + order_quantity,
            Policy::FixedQuantity { order_quantity } => order_quantity,
            Policy::PeriodicReview { order_up_to, .. } => order_up_to,
        }
    }
}

/// The smallest multiple of `q` that lifts position `ip` above `r` (0 when it is above).
#[inline]
fn lots_above(r: f64, q: f64, ip: f64) -> f64 {
    if ip <= r {
        ((r - ip) / q).floor().mul_add(q, q)
    } else {
        0.0
    }
}

/// R ≥ 1, offset < R, R within the lead-time limit.
fn check_review(review_period: u32, offset: u32) -> Result<()> {
    if review_period == 0 || offset >= review_period {
        return Err(InventoryError::InvalidParameter {
            name: "review period",
            reason: format!(
                "need review period ≥ 1 and offset < review period, got R = {review_period}, offset = {offset}"
            ),
        });
    }
    validate::at_most(
        "review period (periods)",
        f64::from(review_period),
        MAX_LEAD_TIME_PERIODS as f64,
        "review in longer periods (weeks instead of days)",
    )
}
