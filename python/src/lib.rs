//! `ecom_supply._ecom_supply`: the native half of the `ecom_supply` Python package.
//!
//! Tables cross the boundary through the Arrow PyCapsule interface (`__arrow_c_stream__`), so
//! pyarrow, polars and pandas (>= 2.2) tables arrive without a copy; the work runs on rayon
//! with the GIL released. The Python half (`python/ecom_supply/__init__.py`) holds the
//! documented signatures and the Spark and Ray adapters.

mod calendar;
mod errors;
mod forecast;
mod plan;
mod sales;
mod warehouses;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
fn _ecom_supply(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(forecast::forecast, m)?)?;
    m.add_function(wrap_pyfunction!(plan::plan, m)?)?;
    m.add_function(wrap_pyfunction!(warehouses::place_warehouses, m)?)?;
    m.add_function(wrap_pyfunction!(calendar::detect_calendar, m)?)?;
    m.add_function(wrap_pyfunction!(calendar::calendar_from_daily_totals, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
