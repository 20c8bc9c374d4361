//! Dense point sets with optional weights.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result, check_finite};
use crate::geo::GeoPoint;

/// `n` points in `d` dimensions stored row-major in one contiguous `Vec<f64>`, with optional
/// non-negative weights (for example each customer's demand).
///
/// ```
/// use ecom_core::PointSet;
/// let pts = PointSet::new(vec![0.0, 0.0, 1.0, 2.0, 3.0, 4.0], 2)?.with_weights(vec![1.0, 0.0, 2.0])?;
/// assert_eq!((pts.len(), pts.dim()), (3, 2));
/// assert_eq!(pts.point(1), &[1.0, 2.0]);
/// assert_eq!(pts.total_weight(), 3.0);
/// assert!(PointSet::new(vec![1.0, 2.0, 3.0], 2).is_err());
/// # Ok::<(), ecom_core::CoreError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "PointSetRepr")]
pub struct PointSet {
    data: Vec<f64>,
    dim: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    weights: Option<Vec<f64>>,
}

#[derive(Deserialize)]
struct PointSetRepr {
    data: Vec<f64>,
    dim: usize,
    #[serde(default)]
    weights: Option<Vec<f64>>,
}

impl TryFrom<PointSetRepr> for PointSet {
    type Error = CoreError;
    fn try_from(r: PointSetRepr) -> Result<Self> {
        let p = PointSet::new(r.data, r.dim)?;
        match r.weights {
            Some(w) => p.with_weights(w),
            None => Ok(p),
        }
    }
}

impl PointSet {
    /// Points from row-major data with `dim` coordinates each.
    ///
    /// # Errors
    /// [`CoreError::InvalidParameter`] for `dim == 0` or a length not a multiple of `dim`,
    /// [`CoreError::Empty`] for no points, [`CoreError::NonFinite`] naming the flat index.
    pub fn new(data: Vec<f64>, dim: usize) -> Result<Self> {
        if dim == 0 {
            return Err(CoreError::InvalidParameter {
                name: "dim",
                reason: "points need at least one coordinate".into(),
            });
        }
        if data.is_empty() {
            return Err(CoreError::Empty { what: "point set" });
        }
        if !data.len().is_multiple_of(dim) {
            return Err(CoreError::InvalidParameter {
                name: "data",
                reason: format!("length {} is not a multiple of dim {dim}", data.len()),
            });
        }
        check_finite("point set", &data)?;
        Ok(Self {
            data,
            dim,
            weights: None,
        })
    }

    /// Points from rows of equal length.
    ///
    /// # Errors
    /// As [`new`](Self::new), plus [`CoreError::LengthMismatch`] for ragged rows.
    pub fn from_rows<R: AsRef<[f64]>>(rows: &[R]) -> Result<Self> {
        let dim = rows.first().map_or(0, |r| r.as_ref().len());
        let mut data = Vec::with_capacity(rows.len() * dim);
        for r in rows {
            let r = r.as_ref();
            if r.len() != dim {
                return Err(CoreError::LengthMismatch {
                    what: "point",
                    expected: dim,
                    got: r.len(),
                });
            }
            data.extend_from_slice(r);
        }
        if rows.is_empty() {
            return Err(CoreError::Empty { what: "point set" });
        }
        Self::new(data, dim)
    }

    /// Geographic points as rows of (latitude, longitude) in degrees.
    ///
    /// # Errors
    /// [`CoreError::Empty`] for no points.
    pub fn from_geo(points: &[GeoPoint]) -> Result<Self> {
        let data = points.iter().flat_map(|p| [p.lat(), p.lon()]).collect();
        Self::new(data, 2)
    }

    /// Attaches one weight per point.
    ///
    /// # Errors
    /// [`CoreError::LengthMismatch`] unless there is one weight per point,
    /// [`CoreError::NonFinite`], [`CoreError::InvalidParameter`] for a negative weight or a zero
    /// total.
    pub fn with_weights(mut self, weights: Vec<f64>) -> Result<Self> {
        if weights.len() != self.len() {
            return Err(CoreError::LengthMismatch {
                what: "weights",
                expected: self.len(),
                got: weights.len(),
            });
        }
        check_finite("weights", &weights)?;
        if let Some(i) = weights.iter().position(|&w| w < 0.0) {
            return Err(CoreError::InvalidParameter {
                name: "weights",
                reason: format!("weight {} at index {i} is negative", weights[i]),
            });
        }
        if weights.iter().sum::<f64>() <= 0.0 {
            return Err(CoreError::InvalidParameter {
                name: "weights",
                reason: "the weights sum to zero".into(),
            });
        }
        self.weights = Some(weights);
        Ok(self)
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.data.len() / self.dim
    }

    /// Always `false`: an empty point set cannot be constructed.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Coordinates per point.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Coordinates of point `i`.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn point(&self, i: usize) -> &[f64] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }

    /// All coordinates, row-major.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }

    /// Iterator over the points.
    pub fn rows(&self) -> std::slice::ChunksExact<'_, f64> {
        self.data.chunks_exact(self.dim)
    }

    /// The weights, if any.
    pub fn weights(&self) -> Option<&[f64]> {
        self.weights.as_deref()
    }

    /// Weight of point `i` (1 when unweighted).
    pub fn weight(&self, i: usize) -> f64 {
        self.weights.as_ref().map_or(1.0, |w| w[i])
    }

    /// Sum of the weights (the number of points when unweighted).
    pub fn total_weight(&self) -> f64 {
        self.weights
            .as_ref()
            .map_or(self.len() as f64, |w| w.iter().sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_shape_values_and_weights() {
        assert!(PointSet::new(vec![], 2).is_err());
        assert!(PointSet::new(vec![1.0], 0).is_err());
        assert!(matches!(
            PointSet::new(vec![1.0, f64::NAN], 1),
            Err(CoreError::NonFinite { index: 1, .. })
        ));
        let p = PointSet::new(vec![1.0, 2.0], 1).unwrap();
        assert!(p.clone().with_weights(vec![1.0]).is_err());
        assert!(p.clone().with_weights(vec![1.0, -1.0]).is_err());
        assert!(p.clone().with_weights(vec![0.0, 0.0]).is_err());
        assert_eq!(p.total_weight(), 2.0);
        assert!(PointSet::from_rows(&[vec![1.0, 2.0], vec![3.0]]).is_err());
    }

    #[test]
    fn from_geo_is_lat_lon_rows() {
        let p = PointSet::from_geo(&[
            GeoPoint::new(1.0, 2.0).unwrap(),
            GeoPoint::new(3.0, 4.0).unwrap(),
        ])
        .unwrap();
        assert_eq!(p.as_slice(), &[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(p.rows().nth(1).unwrap(), &[3.0, 4.0]);
    }
}
