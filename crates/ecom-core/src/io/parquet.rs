//! Parquet files read through the CSV loaders (see [`record_batches_to_csv`]): a `.parquet`
//! file and the CSV file holding the same cells load into the same values.

use std::fs::File;
use std::path::Path;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::error::{CoreError, Result};
use crate::io::CsvOptions;
use crate::io::arrow::record_batches_to_csv;

/// Whether `path` names a Parquet file (by its extension, any case).
pub(crate) fn is_parquet(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("parq"))
}

fn reader(path: &Path, name: &str) -> Result<ParquetRecordBatchReaderBuilder<File>> {
    let file = File::open(path).map_err(|source| CoreError::Io {
        file: name.to_owned(),
        source,
    })?;
    ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| CoreError::Columnar {
        file: name.to_owned(),
        message: format!("not a readable Parquet file: {e}"),
    })
}

/// The whole file as CSV text laid out as `options` say.
pub(crate) fn parquet_as_csv(path: &Path, name: &str, options: CsvOptions) -> Result<Vec<u8>> {
    let batches = reader(path, name)?
        .build()
        .map_err(|e| CoreError::Columnar {
            file: name.to_owned(),
            message: e.to_string(),
        })?
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| CoreError::Columnar {
            file: name.to_owned(),
            message: format!("could not decode: {e}"),
        })?;
    record_batches_to_csv(&batches, None, options, name)
}

/// The column names of a Parquet file's schema.
pub(crate) fn parquet_columns(path: &Path, name: &str) -> Result<Vec<String>> {
    Ok(reader(path, name)?
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect())
}
