//! Unit-vector helpers for the geographic mode.

use ecom_core::GeoPoint;

use crate::error::{KMeansError, Result};

/// Checks (lat, lon) rows in degrees and returns them as unit vectors `n x 3`.
pub(crate) fn latlon_to_xyz(latlon: &[f64]) -> Result<Vec<f64>> {
    let mut xyz = Vec::with_capacity(latlon.len() / 2 * 3);
    for (i, p) in latlon.chunks_exact(2).enumerate() {
        let (lat, lon) = (p[0], p[1]);
        if !lat.is_finite() {
            return Err(KMeansError::NonFinite {
                what: "latitude",
                index: i,
                value: lat,
            });
        }
        if !lon.is_finite() {
            return Err(KMeansError::NonFinite {
                what: "longitude",
                index: i,
                value: lon,
            });
        }
        if !(-90.0..=90.0).contains(&lat) {
            return Err(KMeansError::LatitudeOutOfRange {
                index: i,
                value: lat,
            });
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(KMeansError::LongitudeOutOfRange {
                index: i,
                value: lon,
            });
        }
        xyz.extend(unit(lat, lon));
    }
    Ok(xyz)
}

/// Unit vector of (lat, lon) in degrees: x towards 0°N 0°E, z towards the North Pole.
pub(crate) fn unit(lat: f64, lon: f64) -> [f64; 3] {
    let (phi, lambda) = (lat.to_radians(), lon.to_radians());
    [
        phi.cos() * lambda.cos(),
        phi.cos() * lambda.sin(),
        phi.sin(),
    ]
}

/// The point a unit (or any non-zero) vector points at.
pub(crate) fn to_geo(v: &[f64]) -> GeoPoint {
    GeoPoint::from_vector([v[0], v[1], v[2]]).expect("centres are non-zero vectors")
}

/// Central angle in radians between unit vectors (atan2 form: accurate at every angle).
#[inline]
pub(crate) fn angle(a: &[f64], b: &[f64]) -> f64 {
    let dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    let cx = a[1] * b[2] - a[2] * b[1];
    let cy = a[2] * b[0] - a[0] * b[2];
    let cz = a[0] * b[1] - a[1] * b[0];
    (cx * cx + cy * cy + cz * cz).sqrt().atan2(dot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angle_matches_haversine() {
        let (a, b) = (unit(51.5074, -0.1278), unit(48.8566, 2.3522));
        let h = ecom_core::haversine_km(51.5074, -0.1278, 48.8566, 2.3522);
        assert!((ecom_core::EARTH_RADIUS_KM * angle(&a, &b) - h).abs() < 1e-9 * h);
        // Antipodes and identical points.
        let (n, s) = (unit(90.0, 0.0), unit(-90.0, 0.0));
        assert!((angle(&n, &s) - std::f64::consts::PI).abs() < 1e-15);
        assert_eq!(angle(&a, &a), 0.0);
    }

    #[test]
    fn rejects_out_of_range() {
        assert!(matches!(
            latlon_to_xyz(&[0.0, 0.0, 91.0, 0.0]),
            Err(KMeansError::LatitudeOutOfRange { index: 1, .. })
        ));
        assert!(matches!(
            latlon_to_xyz(&[0.0, 181.0]),
            Err(KMeansError::LongitudeOutOfRange { index: 0, .. })
        ));
        assert!(matches!(
            latlon_to_xyz(&[f64::NAN, 0.0]),
            Err(KMeansError::NonFinite { .. })
        ));
    }
}
