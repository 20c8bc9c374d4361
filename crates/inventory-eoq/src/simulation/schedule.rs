//! Policies that change over time, for simulating a plan that is re-made as sales come in.

use serde::{Deserialize, Serialize};

use super::policy::Policy;
use crate::error::{InventoryError, Result};

/// A sequence of policies, each in force from its start period until the next one starts.
///
/// ```
/// use inventory_eoq::{Policy, PolicySchedule};
/// let s = PolicySchedule::new(vec![
///     (0, Policy::BaseStock { level: 10.0 }),
///     (7, Policy::BaseStock { level: 12.0 }),
/// ])?;
/// assert_eq!(s.policy_at(6), &Policy::BaseStock { level: 10.0 });
/// assert_eq!(s.policy_at(7), &Policy::BaseStock { level: 12.0 });
/// assert!(PolicySchedule::new(vec![(3, Policy::BaseStock { level: 1.0 })]).is_err());
/// # Ok::<(), inventory_eoq::InventoryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct PolicySchedule {
    changes: Vec<(usize, Policy)>,
}

impl PolicySchedule {
    /// Errors unless the first policy starts at period 0, the start periods strictly increase
    /// and every policy is valid.
    pub fn new(changes: Vec<(usize, Policy)>) -> Result<Self> {
        match changes.first() {
            None => {
                return Err(InventoryError::InvalidParameter {
                    name: "schedule",
                    reason: "needs at least one policy".into(),
                });
            }
            Some(&(start, _)) if start != 0 => {
                return Err(InventoryError::InvalidParameter {
                    name: "schedule",
                    reason: format!("the first policy must start at period 0, not {start}"),
                });
            }
            Some(_) => {}
        }
        for pair in changes.windows(2) {
            if pair[1].0 <= pair[0].0 {
                return Err(InventoryError::InvalidParameter {
                    name: "schedule",
                    reason: format!(
                        "start periods must increase, but {} follows {}",
                        pair[1].0, pair[0].0
                    ),
                });
            }
        }
        for (_, policy) in &changes {
            policy.validate()?;
        }
        Ok(Self { changes })
    }

    /// The (start period, policy) pairs in order.
    pub fn changes(&self) -> &[(usize, Policy)] {
        &self.changes
    }

    /// The policy in force in period `t`.
    pub fn policy_at(&self, t: usize) -> &Policy {
        let i = self.changes.partition_point(|&(start, _)| start <= t);
        // i ≥ 1 because the first policy starts at 0.
        &self.changes[i - 1].1
    }
}

impl<'de> Deserialize<'de> for PolicySchedule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let changes = Vec::<(usize, Policy)>::deserialize(d)?;
        Self::new(changes).map_err(serde::de::Error::custom)
    }
}
