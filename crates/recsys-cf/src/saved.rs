//! Building blocks of the saved (serde) forms of fitted models: number arrays that read JSON's
//! `null` (how serde_json writes NaN) as NaN so validation can name the field, the training
//! data, and the checks every loaded model runs before it is handed out.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use ecom_core::Ratings;
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::data::Catalogue;
use crate::error::{Result, bad_field};

/// A float type whose saved arrays may hold `null` for NaN.
pub(crate) trait Float: Copy + Serialize + for<'de> Deserialize<'de> + 'static {
    const NAN: Self;
    fn is_finite(self) -> bool;
    fn to_f64(self) -> f64;
}

impl Float for f64 {
    const NAN: Self = f64::NAN;
    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }
    fn to_f64(self) -> f64 {
        self
    }
}

impl Float for f32 {
    const NAN: Self = f32::NAN;
    fn is_finite(self) -> bool {
        f32::is_finite(self)
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

/// An array of floats, borrowed when saving and owned when loaded. Reads `null` as NaN, which
/// validation then reports with the field's name and the index (a plain `Vec<f64>` would fail
/// with a position in the text only).
#[derive(Debug, Clone)]
pub(crate) struct Floats<'a, T: Float>(pub(crate) Cow<'a, [T]>);

impl<'a, T: Float> Floats<'a, T> {
    pub(crate) fn borrowed(v: &'a [T]) -> Self {
        Floats(Cow::Borrowed(v))
    }

    pub(crate) fn into_vec(self) -> Vec<T> {
        self.0.into_owned()
    }
}

impl<T: Float> Serialize for Floats<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

impl<'de, T: Float> Deserialize<'de> for Floats<'_, T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Float> Visitor<'de> for V<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of numbers")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Vec<T>, A::Error> {
                // The hint comes from the file: trust it only up to a modest size.
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(x) = seq.next_element::<Option<T>>()? {
                    v.push(x.unwrap_or(T::NAN));
                }
                Ok(v)
            }
        }
        Ok(Floats(Cow::Owned(d.deserialize_seq(V(PhantomData))?)))
    }
}

/// The training data of a saved model: written from the model's catalogue in the format of
/// [`ecom_core::Ratings`] (validated by `ecom-core` when read back), read as a `Ratings`.
pub(crate) enum Train<'a> {
    Saving(&'a Catalogue),
    Loaded(Box<Ratings>),
}

impl Train<'_> {
    /// The loaded ratings (a saving value is never deserialised).
    pub(crate) fn into_ratings(self) -> Result<Ratings> {
        match self {
            Train::Loaded(r) => Ok(*r),
            Train::Saving(c) => c.to_ratings(),
        }
    }
}

impl Serialize for Train<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Train::Saving(c) => c
                .to_ratings()
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
            Train::Loaded(r) => r.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Train<'_> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ratings::deserialize(d).map(|r| Train::Loaded(Box::new(r)))
    }
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

/// `rows x cols` as an expected length, or the error when it overflows.
pub(crate) fn shape(field: &'static str, rows: usize, cols: usize) -> Result<usize> {
    rows.checked_mul(cols)
        .ok_or_else(|| bad_field(field, format!("shape {rows} x {cols} overflows")))
}

/// `Err` naming the first value that is not finite.
pub(crate) fn check_finite<T: Float>(field: &'static str, values: &[T]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(i) => Err(bad_field(
            field,
            format!(
                "value {} at index {i} is not finite (null in JSON)",
                values[i].to_f64()
            ),
        )),
        None => Ok(()),
    }
}

/// A count read from a file (factors, neighbours): `Err` outside `min..=max`.
pub(crate) fn check_count(field: &'static str, value: usize, min: usize, max: usize) -> Result<()> {
    if value < min || value > max {
        return Err(bad_field(
            field,
            format!("is {value}, must be in {min}..={max}"),
        ));
    }
    Ok(())
}

/// Deserialisation of a specification through validation: a private mirror struct with the
/// same fields (missing ones take the specification's defaults, unknown ones are refused)
/// converted by `TryFrom`, which runs the specification's `validate`.
macro_rules! validated_spec {
    ($spec:ident via $repr:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        #[derive(serde::Deserialize)]
        #[serde(default, deny_unknown_fields)]
        struct $repr {
            $($field: $ty),*
        }

        impl Default for $repr {
            fn default() -> Self {
                let d = <$spec>::default();
                Self { $($field: d.$field),* }
            }
        }

        impl TryFrom<$repr> for $spec {
            type Error = $crate::RecsysError;
            fn try_from(r: $repr) -> $crate::Result<Self> {
                let spec = $spec { $($field: r.$field),* };
                spec.validate()?;
                Ok(spec)
            }
        }
    };
}
pub(crate) use validated_spec;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_reads_as_nan_and_numbers_round_trip() {
        let v: Floats<'static, f64> = serde_json::from_str("[1.5, null, -0.0]").unwrap();
        let v = v.into_vec();
        assert_eq!(v[0], 1.5);
        assert!(v[1].is_nan());
        assert!(v[2] == 0.0 && v[2].is_sign_negative());
        assert!(
            check_finite("x", &v)
                .unwrap_err()
                .to_string()
                .contains("index 1")
        );
        let x = [0.1f32, 3.4e38, 1e-45];
        let text = serde_json::to_string(&Floats::borrowed(&x)).unwrap();
        let back: Floats<'static, f32> = serde_json::from_str(&text).unwrap();
        assert_eq!(back.into_vec(), x);
    }
}
