//! Helpers shared by the CLI's end-to-end tests.

#![allow(dead_code)] // each test binary uses a different subset

use assert_cmd::Command;
use serde_json::Value;

/// The `ecom` binary under test.
pub(crate) fn ecom() -> Command {
    Command::cargo_bin("ecom").unwrap()
}

/// Path of a file under the repository's `examples/data/`.
pub(crate) fn sample(name: &str) -> String {
    format!("{}/../../examples/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `ecom ARGS --format json`, asserts success and parses stdout.
pub(crate) fn json(args: &[&str]) -> Value {
    let out = ecom()
        .args(args)
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

/// Runs `ecom ARGS`, asserts exit code 2 with nothing on stdout, and returns the single stderr line.
pub(crate) fn input_error<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = ecom().args(args).assert().code(2).get_output().clone();
    assert!(
        out.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "expected one line: {err}");
    err
}
