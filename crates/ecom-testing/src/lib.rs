//! Test support shared by the workspace's test suites: reading JSON fixtures copied into a
//! crate's `tests/data/`, comparing numbers with relative/absolute tolerances that say what
//! differed, and locating data sets that may not be redistributed (passed in by environment
//! variable; tests skip with a notice when it is unset).

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

/// Reads and parses a JSON file, panicking with the path on failure (tests only).
pub fn read_json<T: DeserializeOwned>(path: impl AsRef<Path>) -> T {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("cannot parse fixture {}: {e}", path.display()))
}

/// Path of `name` under the calling crate's `tests/data/` (pass `env!("CARGO_MANIFEST_DIR")`).
pub fn data_path(manifest_dir: &str, name: &str) -> PathBuf {
    Path::new(manifest_dir)
        .join("tests")
        .join("data")
        .join(name)
}

/// `true` when `actual` is within `rel` relative or `abs` absolute of `expected`.
pub fn is_close(actual: f64, expected: f64, rel: f64, abs: f64) -> bool {
    if actual == expected {
        return true;
    }
    let diff = (actual - expected).abs();
    diff <= abs || diff <= rel * expected.abs().max(actual.abs())
}

/// Relative difference `|a - e| / max(|e|, tiny)`.
pub fn rel_diff(actual: f64, expected: f64) -> f64 {
    (actual - expected).abs() / expected.abs().max(f64::MIN_POSITIVE)
}

/// Asserts `actual` is close to `expected`; the message names `what` and both numbers.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64, rel: f64, abs: f64, what: &str) {
    assert!(
        actual.is_finite() == expected.is_finite() && is_close(actual, expected, rel, abs),
        "{what}: got {actual}, expected {expected} (diff {:.3e}, rel {:.3e}; tolerance rel {rel:e}, abs {abs:e})",
        (actual - expected).abs(),
        rel_diff(actual, expected),
    );
}

/// Asserts two slices have equal length and every pair is close; reports the worst index.
#[track_caller]
pub fn assert_all_close(actual: &[f64], expected: &[f64], rel: f64, abs: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length differs");
    let worst = actual
        .iter()
        .zip(expected)
        .enumerate()
        .filter(|(_, (a, e))| !is_close(**a, **e, rel, abs))
        .max_by(|(_, (a1, e1)), (_, (a2, e2))| (*a1 - *e1).abs().total_cmp(&(*a2 - *e2).abs()));
    if let Some((i, (a, e))) = worst {
        panic!(
            "{what}: index {i} got {a}, expected {e} (diff {:.3e}); tolerance rel {rel:e}, abs {abs:e}",
            (a - e).abs()
        );
    }
}

/// The directory named by environment variable `var`, or `None` after printing a skip notice
/// naming the test. For data sets whose licence forbids copying them into the repository.
pub fn env_dir(var: &str, test: &str) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(v) if Path::new(&v).is_dir() => Some(PathBuf::from(v)),
        Some(v) => {
            eprintln!(
                "SKIPPED {test}: {var}={} is not a directory",
                Path::new(&v).display()
            );
            None
        }
        None => {
            eprintln!("SKIPPED {test}: set {var} to run it");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closeness() {
        assert!(is_close(1.0, 1.0 + 1e-10, 1e-9, 0.0));
        assert!(!is_close(1.0, 1.1, 1e-9, 0.0));
        assert!(is_close(0.0, 1e-12, 0.0, 1e-9));
        assert_close(100.0, 100.5, 1e-2, 0.0, "rel");
    }

    #[test]
    #[should_panic(expected = "index 1")]
    fn all_close_names_the_index() {
        assert_all_close(&[1.0, 2.0], &[1.0, 3.0], 1e-9, 0.0, "x");
    }
}
