//! Input checks shared by the constructors (crate-internal).

use crate::error::{InventoryError, Result};
use crate::limits::MAX_ABS_VALUE;

/// Advice for a magnitude beyond [`MAX_ABS_VALUE`].
const RESCALE: &str =
    "express it in larger units (thousands, millions) so every input stays within ±1e150";

/// `value` must be finite and > 0.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64> {
    finite(name, value)?;
    if value > 0.0 {
        Ok(value)
    } else {
        Err(InventoryError::NotPositive { name, value })
    }
}

/// `value` must be finite and >= 0.
pub(crate) fn non_negative(name: &'static str, value: f64) -> Result<f64> {
    finite(name, value)?;
    if value >= 0.0 {
        Ok(value)
    } else {
        Err(InventoryError::Negative { name, value })
    }
}

/// `value` must not be NaN or infinite, nor larger in magnitude than [`MAX_ABS_VALUE`].
pub(crate) fn finite(name: &'static str, value: f64) -> Result<f64> {
    if !value.is_finite() {
        Err(InventoryError::NonFinite { name, value })
    } else if value.abs() > MAX_ABS_VALUE {
        Err(InventoryError::LimitExceeded {
            what: name,
            value,
            limit: MAX_ABS_VALUE,
            advice: RESCALE,
        })
    } else {
        Ok(value)
    }
}

/// `value` must lie in the open interval (0, 1).
pub(crate) fn probability(name: &'static str, value: f64) -> Result<f64> {
    if value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(InventoryError::ProbabilityOutOfRange { name, value })
    }
}

/// `value` must not exceed `limit` (a work limit from [`crate::limits`]).
pub(crate) fn at_most(
    what: &'static str,
    value: f64,
    limit: f64,
    advice: &'static str,
) -> Result<()> {
    if value <= limit {
        Ok(())
    } else {
        Err(InventoryError::LimitExceeded {
            what,
            value,
            limit,
            advice,
        })
    }
}

/// The error for element `index` of `what`, or `None` if it is finite, within
/// [`MAX_ABS_VALUE`] and, when `positive`, > 0, else >= 0.
fn element_error(
    what: &'static str,
    index: usize,
    value: f64,
    positive: bool,
) -> Option<InventoryError> {
    let expected = if !value.is_finite() {
        "must be finite"
    } else if value.abs() > MAX_ABS_VALUE {
        "must be within ±1e150 (express it in larger units)"
    } else if positive && value <= 0.0 {
        "must be positive"
    } else if value < 0.0 {
        "must be non-negative"
    } else {
        return None;
    };
    Some(InventoryError::InvalidElement {
        what,
        index,
        value,
        expected,
    })
}

/// Every element of `values` must be finite and >= 0 (the first offender is named by its
/// 0-based index); the slice must not be empty.
pub(crate) fn non_negative_slice(what: &'static str, values: &[f64]) -> Result<()> {
    if values.is_empty() {
        return Err(InventoryError::Empty { what });
    }
    elements(what, values, false)
}

/// Every element of `values` must be finite and > 0 (an empty slice passes).
pub(crate) fn positive_elements(what: &'static str, values: &[f64]) -> Result<()> {
    elements(what, values, true)
}

/// Every element of `values` must be finite and >= 0 (an empty slice passes).
pub(crate) fn non_negative_elements(what: &'static str, values: &[f64]) -> Result<()> {
    elements(what, values, false)
}

fn elements(what: &'static str, values: &[f64], positive: bool) -> Result<()> {
    match values
        .iter()
        .enumerate()
        .find_map(|(i, &v)| element_error(what, i, v, positive))
    {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_reject_what_they_should() {
        assert!(positive("x", 1.0).is_ok());
        assert!(matches!(
            positive("x", 0.0),
            Err(InventoryError::NotPositive { .. })
        ));
        assert!(matches!(
            positive("x", f64::NAN),
            Err(InventoryError::NonFinite { .. })
        ));
        assert!(non_negative("x", 0.0).is_ok());
        assert!(matches!(
            non_negative("x", -1e-12),
            Err(InventoryError::Negative { .. })
        ));
        assert!(probability("a", 0.5).is_ok());
        for bad in [0.0, 1.0, -0.1, 1.1, f64::NAN] {
            assert!(matches!(
                probability("a", bad),
                Err(InventoryError::ProbabilityOutOfRange { .. })
            ));
        }
        assert!(matches!(
            non_negative_slice("d", &[]),
            Err(InventoryError::Empty { .. })
        ));
        assert!(non_negative_slice("d", &[0.0, 2.0]).is_ok());
        match non_negative_slice("demand history", &[3.0, 0.0, -40.0]) {
            Err(e @ InventoryError::InvalidElement { index: 2, .. }) => {
                let text = e.to_string();
                assert!(text.contains("index 2") && text.contains("-40"), "{text}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            positive_elements("costs", &[1.0, 0.0]),
            Err(InventoryError::InvalidElement { index: 1, .. })
        ));
        assert!(matches!(
            finite("x", 1e151),
            Err(InventoryError::LimitExceeded { .. })
        ));
        assert!(finite("x", -1e150).is_ok());
    }
}
