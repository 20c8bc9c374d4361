//! Ratings and interaction files.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::table::{Column, CsvOptions, Table, open};
use crate::error::{CoreError, Result};
use crate::ratings::{DuplicatePolicy, Feedback, Ratings, RatingsBuilder};

/// Where the columns of a ratings file are and what its values mean.
///
/// ```
/// use ecom_core::RatingsSchema;
/// let csv = "user,item,rating\nann,tea,4\nbob,tea,5\nann,cake,2\n";
/// let r = RatingsSchema::default().read(csv.as_bytes(), "ratings.csv")?;
/// assert_eq!((r.n_users(), r.n_items(), r.len()), (2, 2, 3));
///
/// let csv = "customer;product;stars\nann;tea;4\n";
/// let mut schema = RatingsSchema::default().user_column("customer").item_column("product").rating_column("stars");
/// schema.csv.delimiter = b';';
/// assert_eq!(schema.read(csv.as_bytes(), "r.csv")?.len(), 1);
///
/// let bad = "user,item,rating\nann,tea,4\nbob,tea,7\n";
/// let err = RatingsSchema::default().read(bad.as_bytes(), "ratings.csv").unwrap_err();
/// assert_eq!(err.to_string(), "ratings.csv: line 3, column `rating`: value 7 at entry 1 is outside the rating scale [1, 5]");
/// # Ok::<(), ecom_core::CoreError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingsSchema {
    /// User column (default `"user"`).
    pub user: Column,
    /// Item column (default `"item"`).
    pub item: Column,
    /// Rating / strength column (default `"rating"`); `None` gives every row the value 1
    /// (a click or purchase log).
    pub rating: Option<Column>,
    /// Optional timestamp column: integers, or dates/datetimes (read as Unix seconds).
    pub timestamp: Option<Column>,
    /// Explicit on a scale (default 1 to 5) or implicit.
    pub feedback: Feedback,
    /// Rule for repeated (user, item) pairs (default: reject).
    pub duplicates: DuplicatePolicy,
    /// Separator and header settings.
    pub csv: CsvOptions,
}

impl Default for RatingsSchema {
    fn default() -> Self {
        Self {
            user: "user".into(),
            item: "item".into(),
            rating: Some("rating".into()),
            timestamp: None,
            feedback: Feedback::explicit(1.0, 5.0).expect("valid scale"),
            duplicates: DuplicatePolicy::Reject,
            csv: CsvOptions::default(),
        }
    }
}

impl RatingsSchema {
    /// The layout of MovieLens 100K's `u.data` and `uN.base`/`uN.test`: tab-separated, no header,
    /// `user item rating timestamp`, ratings 1 to 5.
    pub fn movielens_100k() -> Self {
        Self {
            user: 0.into(),
            item: 1.into(),
            rating: Some(2.into()),
            timestamp: Some(3.into()),
            csv: CsvOptions {
                delimiter: b'\t',
                has_headers: false,
            },
            ..Self::default()
        }
    }

    /// An interaction log: `user` and `item` columns, each row one event of strength 1, repeated
    /// pairs summed into counts.
    pub fn implicit(user: impl Into<Column>, item: impl Into<Column>) -> Self {
        Self {
            user: user.into(),
            item: item.into(),
            rating: None,
            feedback: Feedback::Implicit,
            duplicates: DuplicatePolicy::Sum,
            ..Self::default()
        }
    }

    /// Sets the user column.
    pub fn user_column(mut self, c: impl Into<Column>) -> Self {
        self.user = c.into();
        self
    }

    /// Sets the item column.
    pub fn item_column(mut self, c: impl Into<Column>) -> Self {
        self.item = c.into();
        self
    }

    /// Sets the rating (or interaction strength) column.
    pub fn rating_column(mut self, c: impl Into<Column>) -> Self {
        self.rating = Some(c.into());
        self
    }

    /// Gives every row the value 1 (a click or purchase log without a strength column).
    pub fn without_rating_column(mut self) -> Self {
        self.rating = None;
        self
    }

    /// Sets the timestamp column.
    pub fn timestamp_column(mut self, c: impl Into<Column>) -> Self {
        self.timestamp = Some(c.into());
        self
    }

    /// Sets the kind of feedback (explicit on a scale, or implicit).
    pub fn feedback(mut self, f: Feedback) -> Self {
        self.feedback = f;
        self
    }

    /// Sets the rule for repeated (user, item) pairs.
    pub fn duplicates(mut self, d: DuplicatePolicy) -> Self {
        self.duplicates = d;
        self
    }

    /// Loads a ratings file.
    ///
    /// # Errors
    /// I/O errors, missing columns, unparsable, non-finite or out-of-scale values and duplicate
    /// pairs (under [`DuplicatePolicy::Reject`]) with their line and column; a file without rows.
    pub fn load(&self, path: impl AsRef<Path>) -> Result<Ratings> {
        let (file, name) = open(path.as_ref(), self.csv)?;
        self.read(file, &name)
    }

    /// Reads ratings from any reader; `name` labels errors.
    ///
    /// # Errors
    /// As [`load`](Self::load).
    pub fn read<R: Read>(&self, input: R, name: &str) -> Result<Ratings> {
        let mut table = Table::new(input, name, self.csv)?;
        let user_f = table.field(&self.user)?;
        let item_f = table.field(&self.item)?;
        let rating_f = self.rating.as_ref().map(|c| table.field(c)).transpose()?;
        let ts_f = self
            .timestamp
            .as_ref()
            .map(|c| table.field(c))
            .transpose()?;
        let mut builder = RatingsBuilder::new(self.feedback).duplicates(self.duplicates);
        while table.next_row()? {
            let user = table.text(&user_f)?;
            if user.is_empty() {
                return Err(table.error(&user_f, "empty user id"));
            }
            let item = table.text(&item_f)?;
            if item.is_empty() {
                return Err(table.error(&item_f, "empty item id"));
            }
            let value = match &rating_f {
                Some(f) => table.parse::<f64>(f, "rating")?,
                None => 1.0,
            };
            let pushed = match &ts_f {
                Some(f) => {
                    let t = table.timestamp(f)?;
                    builder.push_with_timestamp(user, item, value, t)
                }
                None => builder.push(user, item, value),
            };
            if let Err(e) = pushed {
                let field = match &e {
                    CoreError::DuplicatePair { .. } => &item_f,
                    _ => rating_f.as_ref().unwrap_or(&item_f),
                };
                return Err(table.error(field, e.to_string()));
            }
        }
        if builder.pushed() == 0 {
            return Err(CoreError::NoData {
                file: table.file().to_owned(),
            });
        }
        builder.build()
    }
}
