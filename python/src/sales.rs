//! An Arrow sales table read into a [`SalesHistory`] by the same loader the command line
//! uses, so that validation, gap filling and missing cells behave exactly as `ecom forecast`
//! on the same rows written as CSV.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_cast::cast::cast;
use arrow_schema::DataType;
use ecom_supply::{CoreError, Frequency, MissingPolicy, SalesHistory, SalesSchema};

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

/// The three columns of every batch as text: dates as `YYYY-MM-DD` (timestamps cut to their
/// date), quantities as written by Arrow's formatter, nulls as empty cells (which the loader
/// reads as missing observations, or refuses with `missing="error"`).
fn text_column(batch: &RecordBatch, name: &str, is_date: bool) -> Result<StringArray> {
    let column = batch.column_by_name(name).ok_or_else(|| {
        let have: Vec<&str> = batch
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        Failure::Input(format!(
            "the table has no column {name:?} (columns: {})",
            have.join(", ")
        ))
    })?;
    let column: ArrayRef = match column.data_type() {
        DataType::Timestamp(_, _) if is_date => cast(column, &DataType::Date32)
            .map_err(|e| Failure::Input(format!("column {name:?}: {e}")))?,
        _ => Arc::clone(column),
    };
    let text = cast(&column, &DataType::Utf8).map_err(|e| {
        Failure::Input(format!(
            "column {name:?} of type {} cannot be read as text: {e}",
            column.data_type()
        ))
    })?;
    Ok(text
        .as_any()
        .downcast_ref::<StringArray>()
        .expect("cast to Utf8 gives a StringArray")
        .clone())
}

/// Reads the batches as a sales history.
pub(crate) fn read(batches: &[RecordBatch], columns: &Columns) -> Result<SalesHistory> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["date", "quantity"];
    if columns.id.is_some() {
        header.push("sku");
    }
    csv.write_record(&header).map_err(csv_error)?;
    let mut rows = 0usize;
    for batch in batches {
        let dates = text_column(batch, &columns.date, true)?;
        let values = text_column(batch, &columns.value, false)?;
        let ids = columns
            .id
            .as_deref()
            .map(|c| text_column(batch, c, false))
            .transpose()?;
        for i in 0..batch.num_rows() {
            fn cell(a: &StringArray, i: usize) -> &str {
                if a.is_null(i) { "" } else { a.value(i) }
            }
            match &ids {
                Some(ids) => csv.write_record([cell(&dates, i), cell(&values, i), cell(ids, i)]),
                None => csv.write_record([cell(&dates, i), cell(&values, i)]),
            }
            .map_err(csv_error)?;
            rows += 1;
        }
    }
    if rows == 0 {
        return Err(Failure::Input("the sales table has no rows".into()));
    }
    let text = csv
        .into_inner()
        .map_err(|e| Failure::Input(e.to_string()))?;
    let mut schema = SalesSchema::default()
        .date_column("date")
        .quantity_column("quantity")
        .missing(columns.missing);
    if columns.id.is_some() {
        schema = schema.id_column("sku");
    }
    if let Some(f) = columns.frequency {
        schema = schema.frequency(f);
    }
    schema.read(text.as_slice(), "table").map_err(|e| match e {
        // Errors name the table's columns and rows, not those of the buffered CSV (whose
        // line 1 is the header).
        CoreError::Csv {
            line,
            column,
            message,
            ..
        } => {
            let column = match column.as_str() {
                "date" => columns.date.as_str(),
                "quantity" => columns.value.as_str(),
                _ => columns.id.as_deref().unwrap_or(column.as_str()),
            };
            Failure::Input(format!(
                "row {} (0-based), column {column:?}: {message}",
                line.saturating_sub(2)
            ))
        }
        e => Failure::from(e),
    })
}

fn csv_error(e: csv::Error) -> Failure {
    Failure::Input(format!("could not buffer the table: {e}"))
}
