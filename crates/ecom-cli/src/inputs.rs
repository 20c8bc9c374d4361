//! Flags that say how to read each kind of input file, shared by the subcommands.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use ecom_supply::{
    BadSeriesPolicy, CsvOptions, Feedback, Frequency, GapPolicy, Locations, LocationsSchema,
    MissingPolicy, NaiveDate, Ratings, RatingsSchema, SalesHistory, SalesSchema, TradingCalendar,
    Weekday,
};

use crate::error::CliError;

/// `--on-bad-series`: what to do with a SKU that has a bad row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OnBadSeries {
    /// Stop with the first bad row's file, line and column.
    Error,
    /// Leave the SKU out with a warning naming it and its first bad row; exit code 3.
    Skip,
}

/// `--gaps`: what a period without a row means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Gaps {
    /// Nothing was sold: the period counts as 0.
    Zero,
    /// The file is incomplete: a missing period inside a SKU's history is an error.
    Reject,
}

/// How rows become series, shared by every command that reads sales.
#[derive(Debug, Clone, Args)]
pub(crate) struct SalesPolicy {
    /// A SKU with a bad row (empty, non-numeric, NaN or huge quantity; unreadable date):
    /// `error` stops the run, `skip` leaves that SKU out with a warning and plans the rest
    /// (exit code 3 when any SKU was skipped).
    #[arg(long, value_enum, default_value_t = OnBadSeries::Error)]
    pub(crate) on_bad_series: OnBadSeries,
    /// Periods without a row: `zero` counts them as no sales, `reject` refuses the file.
    #[arg(long, value_enum, default_value_t = Gaps::Zero)]
    pub(crate) gaps: Gaps,
    /// Empty and `NA`/`NaN`/`null` quantity cells: `keep` reads them as missing observations
    /// (ARIMA fits through them; other models refuse that SKU), `error` treats them as bad rows.
    #[arg(long, value_enum, default_value_t = Missing::Keep)]
    pub(crate) missing: Missing,
}

/// `--missing`: what an empty or `NA` quantity cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Missing {
    /// A missing observation: the period is kept, its value unknown.
    Keep,
    /// A bad row (the strict reading).
    Error,
}

impl SalesPolicy {
    pub(crate) fn apply(&self, schema: SalesSchema) -> SalesSchema {
        schema
            .bad_series(match self.on_bad_series {
                OnBadSeries::Error => BadSeriesPolicy::Error,
                OnBadSeries::Skip => BadSeriesPolicy::Skip,
            })
            .gaps(match self.gaps {
                Gaps::Zero => GapPolicy::Zero,
                Gaps::Reject => GapPolicy::Reject,
            })
            .missing(match self.missing {
                Missing::Keep => MissingPolicy::Keep,
                Missing::Error => MissingPolicy::Error,
            })
    }
}

/// Loads a sales file and reports on stderr what the loader set aside (`warn_skipped`) or
/// merged.
pub(crate) fn load_sales(
    schema: &SalesSchema,
    file: &Path,
    warn_skipped: bool,
) -> Result<SalesHistory, CliError> {
    let history = schema.load(file)?;
    let name = file.display();
    if warn_skipped {
        for s in &history.skipped {
            eprintln!("warning: {name}: {s}");
        }
    }
    let with_missing: Vec<(&str, usize)> = history
        .series
        .iter()
        .filter(|s| s.series.has_missing())
        .map(|s| (s.id.as_str(), s.series.missing_count()))
        .collect();
    if !with_missing.is_empty() {
        let total: usize = with_missing.iter().map(|(_, n)| n).sum();
        let (id, n) = with_missing[0];
        eprintln!(
            "note: {name}: {total} missing observations (empty or NA cells) in {} series (first: {id:?}, {n}); ARIMA fits through them, other models refuse those SKUs (--missing error to refuse the file)",
            with_missing.len()
        );
    }
    if let Some(d) = &history.duplicates {
        eprintln!(
            "warning: {name}: {} rows repeat a (date, SKU) pair already seen (first: line {}, SKU {:?}, {}); their quantities were summed",
            d.rows, d.first_line, d.first_id, d.first_date
        );
    }
    Ok(history)
}

/// A sales history: one row per (date, optional SKU) with a quantity.
#[derive(Debug, Args)]
pub(crate) struct SalesInput {
    /// Sales CSV file.
    pub(crate) file: PathBuf,
    #[command(flatten)]
    pub(crate) columns: SalesColumns,
}

/// How to read a sales file: its columns, frequency and policies.
#[derive(Debug, Args)]
pub(crate) struct SalesColumns {
    /// Column holding the date (YYYY-MM-DD).
    #[arg(long, default_value = "date")]
    pub(crate) date_column: String,
    /// Column holding the quantity sold.
    #[arg(long, default_value = "quantity")]
    pub(crate) value_column: String,
    /// Column holding the SKU [default: a column named `sku` if the file has one, else the
    /// whole file is one series].
    #[arg(long)]
    pub(crate) id_column: Option<String>,
    /// Spacing of the dates (daily, weekly, monthly, quarterly, yearly); inferred when omitted.
    #[arg(long)]
    pub(crate) frequency: Option<String>,
    #[command(flatten)]
    pub(crate) policy: SalesPolicy,
}

/// The schema of a sales file: the given columns, and as SKU column `id_column`, else a column
/// named `sku` when the file has one (else the whole file is one series).
pub(crate) fn sales_schema(
    file: &Path,
    date_column: &str,
    value_column: &str,
    id_column: Option<&str>,
) -> SalesSchema {
    let schema = SalesSchema::default()
        .date_column(date_column)
        .quantity_column(value_column);
    match id_column {
        Some(id) => schema.id_column(id),
        None if header_has(file, "sku") => schema.id_column("sku"),
        None => schema,
    }
}

impl SalesColumns {
    /// The schema these flags describe for `file`.
    pub(crate) fn schema(&self, file: &Path) -> Result<SalesSchema, CliError> {
        let mut schema = self.policy.apply(sales_schema(
            file,
            &self.date_column,
            &self.value_column,
            self.id_column.as_deref(),
        ));
        if let Some(f) = &self.frequency {
            schema = schema.frequency(f.parse::<Frequency>()?);
        }
        Ok(schema)
    }

    /// Loads `file`, reporting skipped SKUs and repeated rows on stderr.
    pub(crate) fn load(&self, file: &Path) -> Result<SalesHistory, CliError> {
        load_sales(&self.schema(file)?, file, true)
    }
}

impl SalesInput {
    pub(crate) fn load(&self) -> Result<SalesHistory, CliError> {
        self.columns.load(&self.file)
    }
}

/// A ratings or interactions file.
#[derive(Debug, Args)]
pub(crate) struct RatingsInput {
    /// Ratings CSV file.
    pub(crate) file: PathBuf,
    #[command(flatten)]
    pub(crate) columns: RatingsColumns,
}

/// How to read a ratings or interactions file.
#[derive(Debug, Args)]
pub(crate) struct RatingsColumns {
    /// Column holding the user id.
    #[arg(long, default_value = "user")]
    pub(crate) user_column: String,
    /// Column holding the item id.
    #[arg(long, default_value = "item")]
    pub(crate) item_column: String,
    /// Column holding the rating (with --implicit: an optional interaction count).
    #[arg(long)]
    pub(crate) rating_column: Option<String>,
    /// Rating scale as MIN,MAX.
    #[arg(long, default_value = "1,5", value_parser = parse_scale)]
    pub(crate) scale: (f64, f64),
    /// Treat rows as implicit interactions (purchases, clicks); repeated pairs are summed.
    #[arg(long)]
    pub(crate) implicit: bool,
    /// Read MovieLens 100K's tab-separated, headerless layout (u.data, u1.base, ...).
    #[arg(long, conflicts_with_all = ["user_column", "item_column", "rating_column", "implicit"])]
    pub(crate) movielens: bool,
}

/// Whether the first line of `file` names a column `name` (case-insensitive). Unreadable files
/// answer `false`; the loader then reports the real problem.
fn header_has(file: &Path, name: &str) -> bool {
    // The CSV header or a Parquet file's schema.
    ecom_supply::column_names(file, CsvOptions::default()).is_ok_and(|cols| {
        cols.iter()
            .any(|c| c.trim_matches('"').eq_ignore_ascii_case(name))
    })
}

fn parse_scale(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s
        .split_once(',')
        .ok_or_else(|| format!("{s:?}: expected MIN,MAX"))?;
    let parse = |t: &str| {
        t.trim()
            .parse::<f64>()
            .map_err(|_| format!("{t:?} is not a number"))
    };
    Ok((parse(a)?, parse(b)?))
}

impl RatingsInput {
    pub(crate) fn load(&self) -> Result<Ratings, CliError> {
        self.columns.load(&self.file)
    }
}

impl RatingsColumns {
    pub(crate) fn load(&self, file: &std::path::Path) -> Result<Ratings, CliError> {
        let schema = if self.movielens {
            RatingsSchema::movielens_100k()
        } else if self.implicit {
            let mut s =
                RatingsSchema::implicit(self.user_column.as_str(), self.item_column.as_str());
            s.rating = self.rating_column.as_deref().map(Into::into);
            s
        } else {
            RatingsSchema {
                user: self.user_column.as_str().into(),
                item: self.item_column.as_str().into(),
                rating: Some(self.rating_column.as_deref().unwrap_or("rating").into()),
                feedback: Feedback::explicit(self.scale.0, self.scale.1)?,
                csv: CsvOptions::default(),
                ..RatingsSchema::default()
            }
        };
        Ok(schema.load(file)?)
    }
}

/// A locations file: id, latitude, longitude and optional weight.
#[derive(Debug, Args)]
pub(crate) struct LocationsInput {
    /// Locations CSV file.
    pub(crate) file: PathBuf,
    /// Column holding the location id.
    #[arg(long, default_value = "id")]
    pub(crate) id_column: String,
    /// Column holding the latitude in degrees.
    #[arg(long, default_value = "lat")]
    pub(crate) lat_column: String,
    /// Column holding the longitude in degrees.
    #[arg(long, default_value = "lon")]
    pub(crate) lon_column: String,
    /// Column holding the demand weight.
    #[arg(long)]
    pub(crate) weight_column: Option<String>,
}

impl LocationsInput {
    pub(crate) fn load(&self) -> Result<Locations, CliError> {
        let mut schema = LocationsSchema::default()
            .id_column(self.id_column.as_str())
            .coordinate_columns(self.lat_column.as_str(), self.lon_column.as_str());
        if let Some(w) = &self.weight_column {
            schema = schema.weight_column(w.as_str());
        }
        Ok(schema.load(&self.file)?)
    }
}

/// The shop's trading calendar: detected from the sales by default, or given.
#[derive(Debug, Clone, Args)]
pub(crate) struct CalendarArgs {
    /// Weekdays the shop is closed, e.g. `sat` or `sat,sun` [default: detected: a weekday on
    /// which no SKU of the file ever sold].
    #[arg(long, value_delimiter = ',', value_parser = parse_weekday, conflicts_with = "no_calendar")]
    pub(crate) closed: Option<Vec<Weekday>>,
    /// A file of dates the shop is closed (one YYYY-MM-DD per line, or a CSV whose first
    /// column holds them) [default: detected: with 10 or more SKUs, a date on which none sold].
    #[arg(long, conflicts_with = "no_calendar")]
    pub(crate) holidays: Option<PathBuf>,
    /// Fit and forecast every calendar day alike (no closed days).
    #[arg(long)]
    pub(crate) no_calendar: bool,
}

fn parse_weekday(s: &str) -> Result<Weekday, String> {
    s.trim()
        .parse::<Weekday>()
        .map_err(|_| format!("{s:?} is not a weekday (mon, tue, wed, thu, fri, sat, sun)"))
}

impl CalendarArgs {
    /// The calendar for `history`: given parts as given, the rest detected from the sales.
    /// What was decided is reported on stderr.
    pub(crate) fn resolve(&self, history: &SalesHistory) -> Result<TradingCalendar, CliError> {
        if self.no_calendar || history.frequency != Frequency::Daily {
            return Ok(TradingCalendar::always_open());
        }
        let dates = self.holidays.as_deref().map(read_dates).transpose()?;
        let calendar = TradingCalendar::detect_unless_given(
            history.series.iter().map(|s| &s.series),
            self.closed.clone(),
            dates,
        )?;
        if !calendar.is_always_open() {
            let how = match (self.closed.is_some(), self.holidays.is_some()) {
                (true, true) => "as given",
                (false, false) => "detected from the sales; --no-calendar to fit every day",
                _ => "partly given, partly detected",
            };
            eprintln!("calendar: {} ({how})", calendar.describe());
        }
        Ok(calendar)
    }
}

/// Dates from a holidays file: one per line, or the first column of a CSV (a header line that
/// is not a date is skipped).
fn read_dates(path: &Path) -> Result<Vec<NaiveDate>, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
    let mut dates = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let cell = line
            .split(',')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if cell.is_empty() {
            continue;
        }
        match NaiveDate::parse_from_str(cell, "%Y-%m-%d") {
            Ok(d) => dates.push(d),
            Err(_) if i == 0 => {} // a header
            Err(_) => {
                return Err(CliError::Input(format!(
                    "{}: line {}: {cell:?} is not a date (expected YYYY-MM-DD)",
                    path.display(),
                    i + 1
                )));
            }
        }
    }
    Ok(dates)
}
