//! Arrow record batches read through the CSV loaders: each column is formatted as text by
//! Arrow's own casts and the rows are handed to the same reader a CSV file goes through, so a
//! table and the CSV file holding the same cells load into the same values, with the same
//! validation and the same errors (lines count the header as line 1).

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_cast::cast::cast;
use arrow_schema::DataType;

use crate::error::{CoreError, Result};
use crate::io::CsvOptions;

/// One column as text: dates as `YYYY-MM-DD` (timestamps cut to their date: a sales date is a
/// day), numbers as Arrow formats them (`454`, `3.5`), nulls as empty cells (which the sales
/// loader reads as missing observations).
fn text_column(name: &str, file: &str, column: &ArrayRef) -> Result<StringArray> {
    let fail = |e: arrow_schema::ArrowError| CoreError::Columnar {
        file: file.to_owned(),
        message: format!(
            "column `{name}` of type {} cannot be read as text: {e}",
            column.data_type()
        ),
    };
    let column: ArrayRef = match column.data_type() {
        DataType::Timestamp(_, _) => cast(column, &DataType::Date32).map_err(fail)?,
        _ => Arc::clone(column),
    };
    let text = cast(&column, &DataType::Utf8).map_err(fail)?;
    Ok(text
        .as_any()
        .downcast_ref::<StringArray>()
        .expect("a cast to Utf8 gives a StringArray")
        .clone())
}

/// The batches as CSV text laid out as `options` say (delimiter; a header row naming the
/// columns when `has_headers`), keeping only `columns` (every column when `None`), in the
/// batches' column order. `file` names the input in errors.
///
/// # Errors
/// [`CoreError::MissingColumn`] for a requested column the batches do not have;
/// [`CoreError::Columnar`] for a column Arrow cannot format as text (lists, structs).
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{Float64Array, RecordBatch, StringArray};
/// use ecom_core::{CsvOptions, SalesSchema};
/// use ecom_core::record_batches_to_csv;
/// let batch = RecordBatch::try_from_iter([
///     ("date", Arc::new(StringArray::from(vec!["2024-01-01", "2024-01-02"])) as _),
///     ("quantity", Arc::new(Float64Array::from(vec![Some(3.0), None])) as _),
/// ])?;
/// let csv = record_batches_to_csv(&[batch], None, CsvOptions::default(), "table")?;
/// assert_eq!(String::from_utf8(csv.clone())?, "date,quantity\n2024-01-01,3.0\n2024-01-02,\n");
/// let history = SalesSchema::default().read(csv.as_slice(), "table")?;
/// assert_eq!(history.series[0].series.missing_count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn record_batches_to_csv(
    batches: &[RecordBatch],
    columns: Option<&[&str]>,
    options: CsvOptions,
    file: &str,
) -> Result<Vec<u8>> {
    let Some(first) = batches.first() else {
        return Ok(Vec::new());
    };
    let schema = first.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let picked: Vec<usize> = match columns {
        None => (0..names.len()).collect(),
        Some(wanted) => wanted
            .iter()
            .map(|w| {
                names
                    .iter()
                    .position(|n| n == w)
                    .ok_or_else(|| CoreError::MissingColumn {
                        file: file.to_owned(),
                        column: (*w).to_owned(),
                        available: names.join(", "),
                    })
            })
            .collect::<Result<_>>()?,
    };
    let write_error = |e: csv::Error| CoreError::Columnar {
        file: file.to_owned(),
        message: format!("could not buffer the rows: {e}"),
    };
    let mut out = csv::WriterBuilder::new()
        .delimiter(options.delimiter)
        .from_writer(Vec::new());
    if options.has_headers {
        out.write_record(picked.iter().map(|&j| names[j]))
            .map_err(write_error)?;
    }
    let mut cells: Vec<StringArray> = Vec::with_capacity(picked.len());
    for batch in batches {
        cells.clear();
        for &j in &picked {
            cells.push(text_column(names[j], file, batch.column(j))?);
        }
        for i in 0..batch.num_rows() {
            out.write_record(
                cells
                    .iter()
                    .map(|c| if c.is_null(i) { "" } else { c.value(i) }),
            )
            .map_err(write_error)?;
        }
    }
    out.into_inner().map_err(|e| CoreError::Columnar {
        file: file.to_owned(),
        message: e.to_string(),
    })
}
