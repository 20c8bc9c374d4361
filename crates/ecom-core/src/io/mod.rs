//! CSV loaders. Every malformed input gives a [`CoreError`](crate::CoreError) naming the file,
//! the 1-based line and the column; nothing panics.

mod locations;
mod points;
mod ratings;
mod sales;
mod table;

pub use locations::{Locations, LocationsSchema};
pub use points::PointsSchema;
pub use ratings::RatingsSchema;
pub use sales::{
    BadSeriesPolicy, DuplicateRows, GapPolicy, MissingPolicy, NamedSeries, SalesHistory,
    SalesSchema, SkippedSeries,
};
pub use table::{Column, CsvOptions};
