//! An Arrow sales table read into a [`SalesHistory`] by the loader the command line uses, so
//! that validation, gap filling and missing cells behave exactly as `ecom forecast` on the
//! same rows written as CSV.

use arrow_array::RecordBatch;
use ecom_supply::{
    CoreError, CsvOptions, Frequency, MissingPolicy, SalesHistory, SalesSchema,
    record_batches_to_csv,
};

use crate::errors::{Failure, Result};

/// Which columns hold what, and how rows become series.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    pub(crate) id: Option<String>,
    pub(crate) date: String,
    pub(crate) value: String,
    pub(crate) frequency: Option<Frequency>,
    pub(crate) missing: MissingPolicy,
}

impl Columns {
    /// The columns, with `frequency` (`"daily"`, ...; inferred when `None`) and `missing`
    /// (`"keep"` or `"error"`) parsed as the Python signatures give them.
    pub(crate) fn new(
        id: Option<String>,
        date: String,
        value: String,
        frequency: Option<&str>,
        missing: &str,
    ) -> Result<Self> {
        let frequency = frequency
            .map(|f| {
                f.parse::<Frequency>()
                    .map_err(|e| Failure::Input(format!("frequency: {e}")))
            })
            .transpose()?;
        let missing = match missing {
            "keep" => MissingPolicy::Keep,
            "error" => MissingPolicy::Error,
            other => {
                return Err(Failure::Input(format!(
                    "missing must be \"keep\" or \"error\", got {other:?}"
                )));
            }
        };
        Ok(Self {
            id,
            date,
            value,
            frequency,
            missing,
        })
    }
}

/// Reads the batches as a sales history: the three columns as CSV text (ecom-core's
/// `record_batches_to_csv`: dates as `YYYY-MM-DD`, timestamps cut to their date, nulls as
/// empty cells, which the loader reads as missing observations or, with `missing="error"`,
/// refuses) through the loader the command line uses.
pub(crate) fn read(batches: &[RecordBatch], columns: &Columns) -> Result<SalesHistory> {
    if batches.iter().all(|b| b.num_rows() == 0) {
        return Err(Failure::Input("the sales table has no rows".into()));
    }
    let mut wanted = vec![columns.date.as_str(), columns.value.as_str()];
    if let Some(id) = &columns.id {
        wanted.push(id);
    }
    let text = record_batches_to_csv(batches, Some(&wanted), CsvOptions::default(), "table")?;
    let mut schema = SalesSchema::default()
        .date_column(columns.date.as_str())
        .quantity_column(columns.value.as_str())
        .missing(columns.missing);
    if let Some(id) = &columns.id {
        schema = schema.id_column(id.as_str());
    }
    if let Some(f) = columns.frequency {
        schema = schema.frequency(f);
    }
    schema.read(text.as_slice(), "table").map_err(|e| match e {
        // Errors name the table's rows, not the lines of the buffered CSV (whose line 1 is
        // the header).
        CoreError::Csv {
            line,
            column,
            message,
            ..
        } => Failure::Input(format!(
            "row {} (0-based), column {column:?}: {message}",
            line.saturating_sub(2)
        )),
        e => Failure::from(e),
    })
}
