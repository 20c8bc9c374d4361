//! Points on the Earth's surface.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// Mean Earth radius in km (IUGG), used for every great-circle distance in the toolkit.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A latitude/longitude pair in degrees, validated: latitude in [-90, 90], longitude in
/// [-180, 180], both finite.
///
/// ```
/// use ecom_core::GeoPoint;
/// let london = GeoPoint::new(51.5074, -0.1278)?;
/// let paris = GeoPoint::new(48.8566, 2.3522)?;
/// let km = london.distance_km(&paris);
/// assert!((km - 343.6).abs() < 0.5);
/// assert!(GeoPoint::new(91.0, 0.0).is_err());
/// # Ok::<(), ecom_core::CoreError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "GeoPointRepr")]
pub struct GeoPoint {
    lat: f64,
    lon: f64,
}

#[derive(Deserialize)]
struct GeoPointRepr {
    lat: f64,
    lon: f64,
}

impl TryFrom<GeoPointRepr> for GeoPoint {
    type Error = CoreError;
    fn try_from(r: GeoPointRepr) -> Result<Self> {
        GeoPoint::new(r.lat, r.lon)
    }
}

impl GeoPoint {
    /// A point from latitude and longitude in degrees.
    ///
    /// # Errors
    /// [`CoreError::InvalidCoordinate`] for non-finite values or values out of range.
    pub fn new(lat: f64, lon: f64) -> Result<Self> {
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            return Err(CoreError::InvalidCoordinate {
                reason: format!("latitude {lat} is outside [-90, 90]"),
            });
        }
        if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            return Err(CoreError::InvalidCoordinate {
                reason: format!("longitude {lon} is outside [-180, 180]"),
            });
        }
        Ok(Self { lat, lon })
    }

    /// Latitude in degrees.
    pub fn lat(&self) -> f64 {
        self.lat
    }

    /// Longitude in degrees.
    pub fn lon(&self) -> f64 {
        self.lon
    }

    /// Great-circle distance in km by the haversine formula, on a sphere of radius
    /// [`EARTH_RADIUS_KM`].
    pub fn distance_km(&self, other: &GeoPoint) -> f64 {
        haversine_km(self.lat, self.lon, other.lat, other.lon)
    }

    /// The point as a unit vector (x towards 0°N 0°E, z towards the North Pole).
    pub fn to_unit_vector(&self) -> [f64; 3] {
        let (phi, lambda) = (self.lat.to_radians(), self.lon.to_radians());
        [
            phi.cos() * lambda.cos(),
            phi.cos() * lambda.sin(),
            phi.sin(),
        ]
    }

    /// The point a non-zero 3-D vector points at (the vector need not be normalised).
    ///
    /// # Errors
    /// [`CoreError::InvalidCoordinate`] for a zero or non-finite vector (no direction).
    pub fn from_vector(v: [f64; 3]) -> Result<Self> {
        let norm = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
        if !(norm.is_finite() && norm > 0.0) {
            return Err(CoreError::InvalidCoordinate {
                reason: format!("vector {v:?} has no direction"),
            });
        }
        let lat = (v[2] / norm).clamp(-1.0, 1.0).asin().to_degrees();
        let lon = v[1].atan2(v[0]).to_degrees();
        GeoPoint::new(lat, lon)
    }
}

/// Great-circle distance in km between two (lat, lon) pairs in degrees (haversine formula,
/// radius [`EARTH_RADIUS_KM`]). Inputs are not validated: use [`GeoPoint`] for that.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use std::f64::consts::PI;

    #[test]
    fn distances_match_closed_forms() {
        let a = GeoPoint::new(0.0, 0.0).unwrap();
        let b = GeoPoint::new(0.0, 1.0).unwrap();
        // One degree of arc on the equator.
        assert_relative_eq!(
            a.distance_km(&b),
            2.0 * PI * EARTH_RADIUS_KM / 360.0,
            max_relative = 1e-12
        );
        let north = GeoPoint::new(90.0, 0.0).unwrap();
        let south = GeoPoint::new(-90.0, 45.0).unwrap();
        assert_relative_eq!(
            north.distance_km(&south),
            PI * EARTH_RADIUS_KM,
            max_relative = 1e-12
        );
        // Across the antimeridian the short way round.
        let w = GeoPoint::new(0.0, 179.5).unwrap();
        let e = GeoPoint::new(0.0, -179.5).unwrap();
        assert_relative_eq!(
            w.distance_km(&e),
            2.0 * PI * EARTH_RADIUS_KM / 360.0,
            max_relative = 1e-9
        );
    }

    #[test]
    fn unit_vector_round_trip() {
        let p = GeoPoint::new(-33.8688, 151.2093).unwrap();
        let q = GeoPoint::from_vector(p.to_unit_vector()).unwrap();
        assert_relative_eq!(p.lat(), q.lat(), epsilon = 1e-12);
        assert_relative_eq!(p.lon(), q.lon(), epsilon = 1e-12);
        assert!(GeoPoint::from_vector([0.0, 0.0, 0.0]).is_err());
    }

    #[test]
    fn rejects_bad_coordinates() {
        assert!(GeoPoint::new(f64::NAN, 0.0).is_err());
        assert!(GeoPoint::new(0.0, 180.5).is_err());
        assert!(serde_json::from_str::<GeoPoint>(r#"{"lat":-95,"lon":0}"#).is_err());
    }
}
