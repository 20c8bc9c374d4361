//! How the command ends, and its exit code (docs/RELIABILITY.md lists them):
//! 0 success, 1 a failure not caused by the input, 2 bad input, 3 partial failure.

use thiserror::Error;

/// Exit code when the output was written but some units of a batch (SKUs) failed or were
/// skipped; stderr says how many.
pub(crate) const PARTIAL_FAILURE: u8 = 3;

/// A failed command.
#[derive(Debug, Error)]
pub(crate) enum CliError {
    /// The user's input is wrong: a file, a column, a value, a flag combination.
    #[error("{0}")]
    Input(String),
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    Output(String),
    /// A result failed the final finiteness check: a bug, reported instead of printed.
    #[error("internal error: {0}; nothing was written (please report this)")]
    Internal(String),
}

impl CliError {
    /// Process exit code: 2 for bad input, 1 otherwise.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) => 2,
            CliError::Output(_) | CliError::Internal(_) => 1,
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
