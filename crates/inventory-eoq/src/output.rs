//! The last check before a result leaves the crate (crate-internal): every field finite and
//! within its meaning (probabilities in [0, 1], quantities and costs ≥ 0 where they are by
//! definition), else an [`InventoryError::OutOfRange`] naming the field, its value and the
//! inputs. Each result type lists its fields once, in its [`Outputs`] impl.

use crate::error::{InventoryError, Result};

/// A result whose fields can be checked.
pub(crate) trait Outputs {
    /// Hands every numeric field to `c` with the range it must lie in.
    fn visit(&self, c: &mut Check);
}

/// Collects the first field that leaves its range.
#[derive(Debug, Default)]
pub(crate) struct Check {
    bad: Option<(&'static str, f64, &'static str)>,
}

impl Check {
    fn test(&mut self, field: &'static str, value: f64, ok: bool, range: &'static str) {
        if self.bad.is_none() && !(value.is_finite() && ok) {
            self.bad = Some((field, value, range));
        }
    }

    /// Any finite value.
    pub(crate) fn finite(&mut self, field: &'static str, value: f64) -> &mut Self {
        self.test(field, value, true, "finite");
        self
    }

    /// A finite value ≥ 0.
    pub(crate) fn non_negative(&mut self, field: &'static str, value: f64) -> &mut Self {
        self.test(field, value, value >= 0.0, "finite and non-negative");
        self
    }

    /// A finite value > 0.
    pub(crate) fn positive(&mut self, field: &'static str, value: f64) -> &mut Self {
        self.test(field, value, value > 0.0, "finite and positive");
        self
    }

    /// A probability in [0, 1].
    pub(crate) fn probability(&mut self, field: &'static str, value: f64) -> &mut Self {
        self.test(field, value, (0.0..=1.0).contains(&value), "in [0, 1]");
        self
    }

    /// Every element finite and ≥ 0.
    pub(crate) fn all_non_negative(&mut self, field: &'static str, values: &[f64]) -> &mut Self {
        for &v in values {
            self.non_negative(field, v);
        }
        self
    }

    /// A nested result.
    pub(crate) fn nested<T: Outputs>(&mut self, value: &T) -> &mut Self {
        value.visit(self);
        self
    }
}

/// `value` if every field is within its range; otherwise an [`InventoryError::OutOfRange`] for
/// `what` naming the field and, through `inputs`, the input values.
pub(crate) fn checked<T: Outputs>(
    what: &'static str,
    value: T,
    inputs: impl FnOnce() -> String,
) -> Result<T> {
    let mut c = Check::default();
    value.visit(&mut c);
    match c.bad {
        None => Ok(value),
        Some((field, v, range)) => Err(InventoryError::OutOfRange {
            what,
            reason: format!(
                "{field} would be {v:e}, not {range}, for {}: the inputs are too far apart for \
                 double precision (rescale them, or check their units)",
                inputs()
            ),
        }),
    }
}

/// `value` read back from storage, if every field is within its range; otherwise an
/// [`InventoryError::InvalidParameter`] naming the field (a tampered or truncated file).
pub(crate) fn loaded<T: Outputs>(what: &'static str, value: T) -> Result<T> {
    let mut c = Check::default();
    value.visit(&mut c);
    match c.bad {
        None => Ok(value),
        Some((field, v, range)) => Err(InventoryError::InvalidParameter {
            name: what,
            reason: format!("stored {field} is {v}, not {range}"),
        }),
    }
}

/// Defines a result struct with public fields that serialises as usual and deserialises
/// through a private mirror (the `as "Repr" Repr` names), whose fields are then checked by the
/// struct's [`Outputs`] impl: a stored result that could not have come out of a solver is an
/// error when it is read, never a wrong number later.
macro_rules! checked_struct {
    (
        $(#[$attr:meta])*
        pub struct $name:ident as $repr_str:literal $repr:ident {
            $( $(#[$fattr:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$attr])*
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(try_from = $repr_str)]
        pub struct $name {
            $( $(#[$fattr])* pub $field: $ty, )*
        }

        #[derive(serde::Deserialize)]
        struct $repr {
            $( $field: $ty, )*
        }

        impl TryFrom<$repr> for $name {
            type Error = $crate::InventoryError;
            fn try_from(r: $repr) -> $crate::Result<Self> {
                $crate::output::loaded(stringify!($name), $name { $( $field: r.$field, )* })
            }
        }
    };
}
pub(crate) use checked_struct;

/// A single result that must be finite and ≥ 0, or the out-of-range error naming the inputs.
pub(crate) fn non_negative_value(
    what: &'static str,
    value: f64,
    inputs: impl FnOnce() -> String,
) -> Result<f64> {
    struct Value(f64);
    impl Outputs for Value {
        fn visit(&self, c: &mut Check) {
            c.non_negative("value", self.0);
        }
    }
    checked(what, Value(value), inputs).map(|v| v.0)
}

/// `x` clamped to [0, 1]: only for values that are probabilities by construction (a ratio of
/// nested expectations), where leaving the interval can only be rounding.
pub(crate) fn unit(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Pair(f64, f64);
    impl Outputs for Pair {
        fn visit(&self, c: &mut Check) {
            c.non_negative("cost", self.0)
                .probability("fill rate", self.1);
        }
    }

    #[test]
    fn first_bad_field_is_named_with_the_inputs() {
        assert!(checked("pair", Pair(1.0, 0.5), String::new).is_ok());
        let e = checked("pair", Pair(1.0, -0.034), || "h = 1".into()).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("fill rate") && text.contains("h = 1"),
            "{text}"
        );
        for bad in [
            Pair(f64::NAN, 0.5),
            Pair(f64::INFINITY, 0.5),
            Pair(-1.0, 0.5),
        ] {
            assert!(matches!(
                checked("pair", bad, String::new),
                Err(InventoryError::OutOfRange { what: "pair", .. })
            ));
        }
    }
}
