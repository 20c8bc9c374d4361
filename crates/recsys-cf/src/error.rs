//! The crate's single error type.

use thiserror::Error;

/// Everything that can go wrong in this crate.
///
/// Unknown users or items at prediction time are not errors: predictions and recommendations
/// answer them with a flagged cold-start fallback instead. Numbers a fitted model hands out
/// (predictions, similarities, factors, scores, metrics) are always finite: a fit that cannot
/// guarantee that fails with [`RecsysError::Diverged`] instead.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum RecsysError {
    /// A parameter is outside its valid range.
    #[error("invalid {name}: {reason}")]
    InvalidParameter {
        /// Name of the parameter.
        name: &'static str,
        /// Why it is invalid.
        reason: String,
    },
    /// The algorithm predicts ratings on a scale, but the data is implicit feedback.
    #[error(
        "{algorithm} needs explicit ratings on a rating scale; for implicit feedback (clicks, purchases) use ItemCosine or ImplicitAls"
    )]
    NeedsExplicitRatings {
        /// The algorithm that was asked to fit.
        algorithm: &'static str,
    },
    /// A value cannot be used as a confidence weight (implicit ALS needs values > 0).
    #[error("value {value} at entry {index} cannot be used: {reason}")]
    BadValue {
        /// The offending value.
        value: f64,
        /// 0-based entry position in the ratings store.
        index: usize,
        /// Why it cannot be used.
        reason: &'static str,
    },
    /// There is too little data for what was asked (a split, a fold, a metric).
    #[error("not enough data for {what}: need {needed}, got {got}")]
    NotEnoughData {
        /// What was being done.
        what: &'static str,
        /// The minimum required.
        needed: usize,
        /// What was available.
        got: usize,
    },
    /// A split by time was asked for ratings without timestamps.
    #[error("{what} needs timestamps, but the ratings have none")]
    MissingTimestamps {
        /// What needed them.
        what: &'static str,
    },
    /// Two inputs that must have the same length do not.
    #[error("{what}: expected length {expected}, got {got}")]
    LengthMismatch {
        /// What was being compared.
        what: &'static str,
        /// The required length.
        expected: usize,
        /// The length received.
        got: usize,
    },
    /// A value was NaN or infinite.
    #[error("{what}: value at index {index} is not finite ({value})")]
    NonFinite {
        /// What held the value.
        what: &'static str,
        /// 0-based position.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// A size parameter is above the documented maximum of [`limits`](crate::limits), checked
    /// before any work or allocation.
    #[error("{what} = {value} is above the maximum of {max}")]
    LimitExceeded {
        /// What was too large (a parameter name, or a size derived from the data).
        what: &'static str,
        /// The value asked for.
        value: usize,
        /// The largest value accepted.
        max: usize,
    },
    /// A fit produced non-finite parameters (or parameters so large that a score would
    /// overflow): typically SGD diverging with a learning rate too large for the ratings'
    /// magnitude.
    #[error(
        "{algorithm} diverged in epoch {epoch} (parameters became non-finite or too large): {hint}"
    )]
    Diverged {
        /// The algorithm that was fitting.
        algorithm: &'static str,
        /// 0-based epoch (or iteration) in which it was detected; the number of epochs when
        /// detected after the last one.
        epoch: usize,
        /// What to change.
        hint: &'static str,
    },
    /// A known user has items left to recommend, but the model has a score for none of them
    /// (from [`Recommender::recommend_checked`](crate::Recommender::recommend_checked)).
    #[error(
        "no recommendation for user {user:?}: {candidates} candidate items, none scored ({reason})"
    )]
    NoScores {
        /// Raw user id.
        user: String,
        /// Items the user could have been recommended.
        candidates: usize,
        /// Why the model has no score for them.
        reason: &'static str,
    },
    /// A saved model failed validation when it was loaded (deserialised): a value of the
    /// named field is out of range, non-finite (`null` in JSON), or inconsistent with the
    /// stored training data or another field. A tampered or truncated file is this error (or
    /// a syntax error of the format), never a later panic or a NaN.
    #[error("invalid saved model: `{field}` {reason}")]
    InvalidModel {
        /// The field of the saved form that is wrong.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// [`Recommender::similar_items`](crate::Recommender::similar_items) was asked of a model
    /// that has no similarity between items.
    #[error("{model} has no item-item similarity: {hint}")]
    NoItemSimilarity {
        /// The model asked.
        model: &'static str,
        /// Which models can answer instead.
        hint: &'static str,
    },
    /// Invalid input data, as reported by `ecom-core`.
    #[error(transparent)]
    Core(#[from] ecom_core::CoreError),
}

/// Result alias with [`RecsysError`].
pub type Result<T, E = RecsysError> = std::result::Result<T, E>;

pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> RecsysError {
    RecsysError::InvalidParameter {
        name,
        reason: reason.into(),
    }
}

/// The error of a saved model whose `field` fails validation.
pub(crate) fn bad_field(field: &'static str, reason: impl Into<String>) -> RecsysError {
    RecsysError::InvalidModel {
        field,
        reason: reason.into(),
    }
}

/// `Err(LimitExceeded)` when `value > max`.
pub(crate) fn at_most(what: &'static str, value: usize, max: usize) -> Result<()> {
    if value > max {
        return Err(RecsysError::LimitExceeded { what, value, max });
    }
    Ok(())
}
