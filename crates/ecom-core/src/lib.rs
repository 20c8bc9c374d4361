#![doc = include_str!("../README.md")]

mod calendar;
mod error;
mod forecast;
mod geo;
#[cfg(feature = "csv")]
mod io;
mod limits;
mod points;
mod ratings;
mod series;

pub use calendar::{
    DESCRIBE_MAX_RUNS, MIN_SKUS_FOR_CLOSED_DATES, MIN_WEEKS_FOR_CLOSED_WEEKDAYS, TradingCalendar,
    TradingDays,
};
pub use error::{CoreError, Result};
pub use forecast::{Forecast, ForecastInterval};
pub use geo::{EARTH_RADIUS_KM, GeoPoint, haversine_km};
#[cfg(feature = "arrow")]
pub use io::record_batches_to_csv;
#[cfg(feature = "csv")]
pub use io::{
    BadSeriesPolicy, Column, CsvOptions, DuplicateRows, GapPolicy, Locations, LocationsSchema,
    MissingPolicy, NamedSeries, PointsSchema, RatingsSchema, SalesHistory, SalesSchema,
    SkippedSeries, column_names,
};
pub use limits::{
    MAX_ABS_VALUE, MAX_GAP_EXPANSION, MAX_GAP_FILLED_VALUES, MAX_SERIES_PERIODS, pow2_scale,
    within_limits,
};
pub use points::PointSet;
pub use ratings::{
    Csr, DuplicatePolicy, Entry, Feedback, IdMap, RatingScale, Ratings, RatingsBuilder,
};
pub use series::{Frequency, TimeSeries};

/// Re-exported so callers can build dates for [`TimeSeries::with_start`] without adding chrono.
pub use chrono::{NaiveDate, Weekday};
