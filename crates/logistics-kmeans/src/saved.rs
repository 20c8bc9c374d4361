//! Checks shared by the saved (serde) forms of models and reports: number arrays that read
//! JSON's `null` (how serde_json writes NaN) as NaN, so that validation names the field and
//! index instead of failing with a position in the text.

use std::fmt;

use serde::Deserializer;
use serde::de::{SeqAccess, Visitor};

use crate::error::{Result, bad_field};

struct FloatsVisitor;

impl<'de> Visitor<'de> for FloatsVisitor {
    type Value = Vec<f64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of numbers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Vec<f64>, A::Error> {
        // The hint comes from the file: trust it only up to a modest size.
        let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
        while let Some(x) = seq.next_element::<Option<f64>>()? {
            v.push(x.unwrap_or(f64::NAN));
        }
        Ok(v)
    }
}

/// `deserialize_with` for `Vec<f64>`: `null` reads as NaN (rejected by validation).
pub(crate) fn floats<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<f64>, D::Error> {
    d.deserialize_seq(FloatsVisitor)
}

/// `deserialize_with` for `f64`: `null` reads as NaN (rejected by validation).
pub(crate) fn float<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<f64, D::Error> {
    Ok(<Option<f64> as serde::Deserialize>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// `deserialize_with` for `Option<Vec<f64>>`.
pub(crate) fn opt_floats<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Vec<f64>>, D::Error> {
    struct Opt;
    impl<'de> Visitor<'de> for Opt {
        type Value = Option<Vec<f64>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("null or an array of numbers")
        }
        fn visit_none<E>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(
            self,
            d: D2,
        ) -> std::result::Result<Self::Value, D2::Error> {
            floats(d).map(Some)
        }
    }
    d.deserialize_option(Opt)
}

/// `Err` unless `len == expected`; `what` says what the length counts.
pub(crate) fn check_len(
    field: &'static str,
    len: usize,
    expected: usize,
    what: &str,
) -> Result<()> {
    if len != expected {
        return Err(bad_field(
            field,
            format!("has {len} values, expected {expected} ({what})"),
        ));
    }
    Ok(())
}

/// `Err` naming the first value that is not finite, or below `min`.
pub(crate) fn check_values(field: &'static str, values: &[f64], min: f64) -> Result<()> {
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(bad_field(
            field,
            format!(
                "value {} at index {i} is not finite (null in JSON)",
                values[i]
            ),
        ));
    }
    if let Some(i) = values.iter().position(|&v| v < min) {
        return Err(bad_field(
            field,
            format!("value {} at index {i} is below {min}", values[i]),
        ));
    }
    Ok(())
}

/// `Err` unless `min <= value <= max`.
pub(crate) fn check_count(field: &'static str, value: usize, min: usize, max: usize) -> Result<()> {
    if value < min || value > max {
        return Err(bad_field(
            field,
            format!("is {value}, must be in {min}..={max}"),
        ));
    }
    Ok(())
}

/// `Err` naming the first label that is not below `k`.
pub(crate) fn check_labels(field: &'static str, labels: &[usize], k: usize) -> Result<()> {
    match labels.iter().position(|&l| l >= k) {
        Some(i) => Err(bad_field(
            field,
            format!("label {} of point {i} is not below k = {k}", labels[i]),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct T {
        #[serde(deserialize_with = "floats")]
        v: Vec<f64>,
        #[serde(deserialize_with = "opt_floats")]
        o: Option<Vec<f64>>,
    }

    #[test]
    fn null_reads_as_nan_and_is_named() {
        let t: T = serde_json::from_str(r#"{"v": [1.5, null], "o": null}"#).unwrap();
        assert!(t.v[1].is_nan() && t.o.is_none());
        let e = check_values("v", &t.v, 0.0).unwrap_err().to_string();
        assert!(e.contains("`v`") && e.contains("index 1"), "{e}");
        let t: T = serde_json::from_str(r#"{"v": [], "o": [null, 2]}"#).unwrap();
        assert!(t.o.unwrap()[0].is_nan());
    }
}
