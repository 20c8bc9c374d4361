//! Location files: (id, latitude, longitude[, weight]).

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::table::{Column, CsvOptions, Table, open};
use crate::error::{CoreError, Result};
use crate::geo::GeoPoint;
use crate::points::PointSet;

/// Where the columns of a locations file are.
///
/// ```
/// use ecom_core::LocationsSchema;
/// let csv = "country,lat,lon,units\nUK,52.5,-1.34,4651803\nDE,51.26,9.64,117944\n";
/// let locs = LocationsSchema::default().id_column("country").weight_column("units")
///     .read(csv.as_bytes(), "demand.csv")?;
/// assert_eq!(locs.ids, ["UK", "DE"]);
/// assert_eq!(locs.weights.as_deref(), Some(&[4651803.0, 117944.0][..]));
/// # Ok::<(), ecom_core::CoreError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationsSchema {
    /// Id column (default `"id"`); `None` numbers the rows from 1.
    pub id: Option<Column>,
    /// Latitude column in degrees (default `"lat"`).
    pub lat: Column,
    /// Longitude column in degrees (default `"lon"`).
    pub lon: Column,
    /// Optional non-negative weight (demand) column.
    pub weight: Option<Column>,
    /// Separator and header settings.
    pub csv: CsvOptions,
}

impl Default for LocationsSchema {
    fn default() -> Self {
        Self {
            id: Some("id".into()),
            lat: "lat".into(),
            lon: "lon".into(),
            weight: None,
            csv: CsvOptions::default(),
        }
    }
}

/// Named geographic points with optional weights, in file order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Locations {
    /// Row ids.
    pub ids: Vec<String>,
    /// Coordinates.
    pub points: Vec<GeoPoint>,
    /// Weights, when the file has a weight column.
    pub weights: Option<Vec<f64>>,
}

impl Locations {
    /// The locations as (lat, lon) rows with their weights.
    ///
    /// # Errors
    /// As [`PointSet::new`] and [`PointSet::with_weights`].
    pub fn to_point_set(&self) -> Result<PointSet> {
        let p = PointSet::from_geo(&self.points)?;
        match &self.weights {
            Some(w) => p.with_weights(w.clone()),
            None => Ok(p),
        }
    }
}

impl LocationsSchema {
    /// Sets the id column.
    pub fn id_column(mut self, c: impl Into<Column>) -> Self {
        self.id = Some(c.into());
        self
    }

    /// Sets the latitude and longitude columns.
    pub fn coordinate_columns(mut self, lat: impl Into<Column>, lon: impl Into<Column>) -> Self {
        self.lat = lat.into();
        self.lon = lon.into();
        self
    }

    /// Sets the weight column.
    pub fn weight_column(mut self, c: impl Into<Column>) -> Self {
        self.weight = Some(c.into());
        self
    }

    /// Loads a locations file.
    ///
    /// # Errors
    /// I/O errors, missing columns, unparsable fields, coordinates out of range, negative
    /// weights (with line and column), a file without rows, weights summing to zero.
    pub fn load(&self, path: impl AsRef<Path>) -> Result<Locations> {
        let (file, name) = open(path.as_ref(), self.csv)?;
        self.read(file, &name)
    }

    /// Reads locations from any reader; `name` labels errors.
    ///
    /// # Errors
    /// As [`load`](Self::load).
    pub fn read<R: Read>(&self, input: R, name: &str) -> Result<Locations> {
        let mut table = Table::new(input, name, self.csv)?;
        let id_f = self.id.as_ref().map(|c| table.field(c)).transpose()?;
        let lat_f = table.field(&self.lat)?;
        let lon_f = table.field(&self.lon)?;
        let w_f = self.weight.as_ref().map(|c| table.field(c)).transpose()?;
        let mut out = Locations {
            ids: Vec::new(),
            points: Vec::new(),
            weights: w_f.as_ref().map(|_| Vec::new()),
        };
        while table.next_row()? {
            let id = match &id_f {
                Some(f) => table.text(f)?.to_owned(),
                None => (out.ids.len() + 1).to_string(),
            };
            let lat = table.finite(&lat_f, "latitude")?;
            if !(-90.0..=90.0).contains(&lat) {
                return Err(table.error(&lat_f, format!("latitude {lat} is outside [-90, 90]")));
            }
            let lon = table.finite(&lon_f, "longitude")?;
            if !(-180.0..=180.0).contains(&lon) {
                return Err(table.error(&lon_f, format!("longitude {lon} is outside [-180, 180]")));
            }
            let point = GeoPoint::new(lat, lon)?;
            if let (Some(f), Some(ws)) = (&w_f, out.weights.as_mut()) {
                let w = table.finite(f, "weight")?;
                if w < 0.0 {
                    return Err(table.error(f, format!("weight {w} is negative")));
                }
                ws.push(w);
            }
            out.ids.push(id);
            out.points.push(point);
        }
        if out.points.is_empty() {
            return Err(CoreError::NoData {
                file: table.file().to_owned(),
            });
        }
        if out
            .weights
            .as_ref()
            .is_some_and(|w| w.iter().sum::<f64>() <= 0.0)
        {
            return Err(CoreError::InvalidParameter {
                name: "weights",
                reason: format!("{}: the weights sum to zero", table.file()),
            });
        }
        Ok(out)
    }
}
