//! The score table of a selection: how each candidate did in the backtest.

use serde::{Deserialize, Serialize};

use super::candidates::ModelSpec;

/// What candidates are ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Criterion {
    /// Mean absolute scaled error: each fold's MAE over the in-sample MAE of the seasonal
    /// naive forecast on that fold's training data (Hyndman & Koehler 2006), averaged over the
    /// folds. The usual criterion.
    Mase,
    /// Mean absolute error, used only when the MASE is undefined at some origin (the training
    /// data before it repeat exactly every season, e.g. a SKU that never sold): the scale is
    /// the same for every candidate at a fold, so nothing else can rank them there.
    Mae,
}

/// A candidate's backtest result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// The criterion averaged over the folds: the mean MASE (or MAE, see [`Criterion`]).
    pub mean: f64,
    /// The criterion of each fold, by increasing origin.
    pub folds: Vec<f64>,
    /// Mean absolute error over every fold and step.
    pub mae: f64,
}

/// How a candidate fared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// Scored on every fold.
    Scored(Score),
    /// Failed to fit or forecast on a fold (or the series is too short for it): out of the
    /// running.
    Failed {
        /// The error, as text.
        reason: String,
    },
    /// Scored and ranked above the winner, but the fit on all the data failed, so the next
    /// candidate in the ranking was taken.
    RefitFailed {
        /// Its backtest result.
        score: Score,
        /// The error of the final fit, as text.
        reason: String,
    },
}

impl Outcome {
    /// The backtest result, when the candidate was scored.
    pub fn score(&self) -> Option<&Score> {
        match self {
            Outcome::Scored(s) | Outcome::RefitFailed { score: s, .. } => Some(s),
            Outcome::Failed { .. } => None,
        }
    }
}

/// One row of the score table: a candidate and its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateScore {
    /// The candidate's specification.
    pub model: ModelSpec,
    /// How it fared.
    pub outcome: Outcome,
}

/// Whether candidate `a` (mean `ma`, position `ia`) ranks before `b`: lower mean, then
/// earlier in the list.
pub(super) fn ranks_before(ma: f64, ia: usize, mb: f64, ib: usize) -> bool {
    ma.total_cmp(&mb).then(ia.cmp(&ib)).is_lt()
}
