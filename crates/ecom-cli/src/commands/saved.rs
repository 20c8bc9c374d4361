//! Fitted models in files: `--save-model` writes them, `--model-file` reads them back.
//!
//! A file is one JSON object `{"format", "version", "models": [...]}`; each model goes through
//! its crate's validating deserialisation, so a tampered file is an error naming the field,
//! never a wrong forecast. Numbers are written with serde_json's `float_roundtrip`, so a
//! reloaded model answers bit for bit what the saved one did.

use std::path::Path;

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::error::CliError;

/// A file of saved models of one kind.
#[derive(Serialize, Deserialize)]
struct ModelFile<T> {
    /// What the file holds, checked on reading (`ecom-forecast-models`, `ecom-recommender`).
    format: String,
    /// Layout version of the file.
    version: u32,
    models: T,
}

const VERSION: u32 = 1;

/// Writes `models` to `path` as a model file of kind `format`.
pub(crate) fn save<T: Serialize>(path: &Path, format: &str, models: &T) -> Result<(), CliError> {
    let file = ModelFile {
        format: format.to_owned(),
        version: VERSION,
        models,
    };
    let text = serde_json::to_string(&file)?;
    std::fs::write(path, text).map_err(|e| CliError::Output(format!("{}: {e}", path.display())))?;
    eprintln!("wrote the fitted models to {}", path.display());
    Ok(())
}

/// Reads a model file of kind `format` from `path`.
pub(crate) fn load<T: DeserializeOwned>(path: &Path, format: &str) -> Result<T, CliError> {
    let name = path.display();
    let text =
        std::fs::read_to_string(path).map_err(|e| CliError::Input(format!("{name}: {e}")))?;
    // The header first, so a file of the wrong kind says so rather than failing on a field.
    #[derive(Deserialize)]
    struct Header {
        format: String,
        version: u32,
    }
    let header: Header = serde_json::from_str(&text)
        .map_err(|e| CliError::Input(format!("{name}: not an ecom model file: {e}")))?;
    if header.format != format {
        return Err(CliError::Input(format!(
            "{name}: holds {:?} models, this command reads {format:?}",
            header.format
        )));
    }
    if header.version != VERSION {
        return Err(CliError::Input(format!(
            "{name}: model file version {} (this ecom reads version {VERSION})",
            header.version
        )));
    }
    let file: ModelFile<T> = serde_json::from_str(&text)
        .map_err(|e| CliError::Input(format!("{name}: invalid model file: {e}")))?;
    Ok(file.models)
}
