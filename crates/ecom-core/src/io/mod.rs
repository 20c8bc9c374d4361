//! CSV loaders (and, with the `parquet` feature, the same loaders on `.parquet` files; with
//! `arrow`, on Arrow record batches). Every malformed input gives a
//! [`CoreError`](crate::CoreError) naming the file, the 1-based line (the header is line 1)
//! and the column; nothing panics.

#[cfg(feature = "arrow")]
mod arrow;
mod locations;
#[cfg(feature = "parquet")]
mod parquet;
mod points;
mod ratings;
mod sales;
mod table;

#[cfg(feature = "arrow")]
pub use arrow::record_batches_to_csv;
pub use locations::{Locations, LocationsSchema};
pub use points::PointsSchema;
pub use ratings::RatingsSchema;
pub use sales::{
    BadSeriesPolicy, DuplicateRows, GapPolicy, MissingPolicy, NamedSeries, SalesHistory,
    SalesSchema, SkippedSeries,
};
pub use table::{Column, CsvOptions, column_names};
