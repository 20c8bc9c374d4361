//! Input checks shared by the constructors (crate-internal).

use crate::error::{InventoryError, Result};

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

/// `value` must not be NaN or infinite.
pub(crate) fn finite(name: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(InventoryError::NonFinite { name, value })
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

/// Every element of `values` must be finite and >= 0; the slice must not be empty.
pub(crate) fn non_negative_slice(name: &'static str, values: &[f64]) -> Result<()> {
    if values.is_empty() {
        return Err(InventoryError::Empty { what: name });
    }
    for &v in values {
        non_negative(name, v)?;
    }
    Ok(())
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
    }
}
