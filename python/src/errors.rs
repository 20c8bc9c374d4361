//! The Python exceptions the Rust errors become.
//!
//! The classes live in `ecom_supply/errors.py` (an `InputError` is both an `EcomError` and a
//! `ValueError`, a hierarchy plain Python states best); this module raises them.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// What went wrong, before it becomes a Python exception (which needs the GIL).
#[derive(Debug)]
pub(crate) enum Failure {
    /// Refused input: raised as `ecom_supply.InputError`.
    Input(String),
    /// A SKU's model failed: raised as `ecom_supply.ForecastError`.
    Forecast(String),
}

impl Failure {
    /// The Python exception, an instance of the package's own classes.
    pub(crate) fn into_py(self, py: Python<'_>) -> PyErr {
        let (class, msg) = match self {
            Failure::Input(m) => ("InputError", m),
            Failure::Forecast(m) => ("ForecastError", m),
        };
        let made = py
            .import("ecom_supply.errors")
            .and_then(|m| m.getattr(class))
            .and_then(|c| c.call1((msg.clone(),)));
        match made {
            Ok(e) => PyErr::from_value(e),
            // Only if the package's Python half is missing (the extension imported alone).
            Err(_) => PyRuntimeError::new_err(msg),
        }
    }
}

impl From<ecom_supply::CoreError> for Failure {
    fn from(e: ecom_supply::CoreError) -> Self {
        Failure::Input(e.to_string())
    }
}

/// A result whose error becomes a Python exception.
pub(crate) type Result<T> = std::result::Result<T, Failure>;
