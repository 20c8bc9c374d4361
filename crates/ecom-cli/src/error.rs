//! How the command fails: bad input (exit 2) or anything else (exit 1).

use thiserror::Error;

/// A failed command.
#[derive(Debug, Error)]
pub(crate) enum CliError {
    /// The user's input is wrong: a file, a column, a value, a flag combination.
    #[error("{0}")]
    Input(String),
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    Output(String),
}

impl CliError {
    /// Process exit code: 2 for bad input, 1 otherwise.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) => 2,
            CliError::Output(_) => 1,
        }
    }
}

impl From<ecom_supply::CoreError> for CliError {
    fn from(e: ecom_supply::CoreError) -> Self {
        CliError::Input(e.to_string())
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Output(e.to_string())
    }
}

impl From<csv::Error> for CliError {
    fn from(e: csv::Error) -> Self {
        CliError::Output(e.to_string())
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        CliError::Output(e.to_string())
    }
}
