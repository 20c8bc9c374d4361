#![doc = include_str!("../README.md")]

mod error;
mod forecast;
mod geo;
#[cfg(feature = "csv")]
mod io;
mod limits;
mod points;
mod ratings;
mod series;

pub use error::{CoreError, Result};
pub use forecast::{Forecast, ForecastInterval};
pub use geo::{EARTH_RADIUS_KM, GeoPoint, haversine_km};
pub use limits::MAX_ABS_VALUE;
#[cfg(feature = "csv")]
pub use io::{
    Column, CsvOptions, GapPolicy, Locations, LocationsSchema, NamedSeries, PointsSchema,
    RatingsSchema, SalesHistory, SalesSchema,
};
pub use points::PointSet;
pub use ratings::{
    Csr, DuplicatePolicy, Entry, Feedback, IdMap, RatingScale, Ratings, RatingsBuilder,
};
pub use series::{Frequency, TimeSeries};

/// Re-exported so callers can build dates for [`TimeSeries::with_start`] without adding chrono.
pub use chrono::NaiveDate;
