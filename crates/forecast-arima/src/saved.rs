//! Reading models back: the checks every saved form goes through, and the serde forms of
//! values that may be NaN.
//!
//! JSON has no NaN: serde_json writes NaN (and infinities) as `null` and cannot read `null`
//! back as a number. Fields that may hold NaN (standard errors, residuals at missing values)
//! are therefore written as `null` and read back as NaN; every other float reads `null` as NaN
//! too, so that a validation check can reject it naming the field instead of a bare type error.

use crate::error::{ArimaError, Result};
use crate::note::FitNote;

/// [`ArimaError::InvalidModel`] for `field`.
pub(crate) fn bad(field: impl Into<String>, reason: impl Into<String>) -> ArimaError {
    ArimaError::InvalidModel {
        field: field.into(),
        reason: reason.into(),
    }
}

/// `v`, finite.
pub(crate) fn finite(field: &str, v: f64) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(bad(
            field,
            format!("must be a finite number, got {}", show(v)),
        ))
    }
}

/// `v`, finite and at least 0.
pub(crate) fn non_negative(field: &str, v: f64) -> Result<f64> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(bad(
            field,
            format!("must be a finite number >= 0, got {}", show(v)),
        ))
    }
}

/// `v` in [0, 1].
pub(crate) fn unit_interval(field: &str, v: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(bad(field, format!("must be in [0, 1], got {}", show(v))))
    }
}

/// Every value finite; the first that is not is named by index.
pub(crate) fn all_finite(field: &str, v: &[f64]) -> Result<()> {
    match v.iter().position(|x| !x.is_finite()) {
        None => Ok(()),
        Some(i) => Err(bad(
            format!("{field}[{i}]"),
            format!("must be a finite number, got {}", show(v[i])),
        )),
    }
}

/// `len` values where `want` are needed.
pub(crate) fn length(field: &str, len: usize, want: usize, why: &str) -> Result<()> {
    if len == want {
        Ok(())
    } else {
        Err(bad(field, format!("has {len} values, {why} needs {want}")))
    }
}

/// `a` and `b` agree to rounding: one is stored, the other recomputed from stored values.
/// (Not bit-equality, so a file read by a float parser that is off by an ulp still loads.)
pub(crate) fn consistent(field: &str, stored: f64, recomputed: f64, from: &str) -> Result<()> {
    let tol = 1e-12 * stored.abs().max(recomputed.abs());
    if (stored - recomputed).abs() <= tol {
        Ok(())
    } else {
        Err(bad(
            field,
            format!("is {}, but {from} gives {}", show(stored), show(recomputed)),
        ))
    }
}

/// The values a note carries are finite.
pub(crate) fn notes(notes: &[FitNote]) -> Result<()> {
    for (i, n) in notes.iter().enumerate() {
        if let FitNote::ConstantSeries { value } = n {
            finite(&format!("notes[{i}].value"), *value)?;
        }
    }
    Ok(())
}

/// A float as the file had it: NaN came from `null` (or was NaN in a binary format).
fn show(v: f64) -> String {
    if v.is_nan() {
        "null/NaN".into()
    } else {
        v.to_string()
    }
}

/// Serde form of an `f64` that writes NaN as `null` (as serde_json does anyway) and reads
/// `null` back as NaN; the same in every format.
pub(crate) mod nullable {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_nan() {
            s.serialize_none()
        } else {
            s.serialize_some(v)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }
}

/// [`nullable`] for every element of a `Vec<f64>`.
pub(crate) mod nullable_vec {
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for x in v {
            seq.serialize_element(&(!x.is_nan()).then_some(*x))?;
        }
        seq.end()
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        let v = Vec::<Option<f64>>::deserialize(d)?;
        Ok(v.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect())
    }
}
