//! Numeric point files: (id, x1, ..., xd[, weight]).

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::table::{Column, CsvOptions, Table, open};
use crate::error::{CoreError, Result};
use crate::points::PointSet;

/// Where the coordinate columns of a point file are (for clustering data that is not
/// latitude/longitude; use [`LocationsSchema`](crate::LocationsSchema) for that).
///
/// ```
/// use ecom_core::PointsSchema;
/// let csv = "sku,price,weight_kg,units\nA,9.5,0.2,120\nB,12,1.5,40\n";
/// let (ids, pts) = PointsSchema::new(["price", "weight_kg"]).id_column("sku").weight_column("units")
///     .read(csv.as_bytes(), "items.csv")?;
/// assert_eq!(ids, ["A", "B"]);
/// assert_eq!(pts.point(1), &[12.0, 1.5]);
/// assert_eq!(pts.weights(), Some(&[120.0, 40.0][..]));
/// # Ok::<(), ecom_core::CoreError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointsSchema {
    /// Optional id column; without it rows are numbered from 1.
    pub id: Option<Column>,
    /// The coordinate columns, in order (at least one).
    pub coordinates: Vec<Column>,
    /// Optional non-negative weight column.
    pub weight: Option<Column>,
    /// Separator and header settings.
    pub csv: CsvOptions,
}

impl PointsSchema {
    /// A schema reading the given coordinate columns.
    pub fn new<C: Into<Column>>(coordinates: impl IntoIterator<Item = C>) -> Self {
        Self {
            id: None,
            coordinates: coordinates.into_iter().map(Into::into).collect(),
            weight: None,
            csv: CsvOptions::default(),
        }
    }

    /// Sets the id column.
    pub fn id_column(mut self, c: impl Into<Column>) -> Self {
        self.id = Some(c.into());
        self
    }

    /// Sets the weight column.
    pub fn weight_column(mut self, c: impl Into<Column>) -> Self {
        self.weight = Some(c.into());
        self
    }

    /// Loads a point file: row ids and the points (weighted when a weight column is set).
    ///
    /// # Errors
    /// I/O errors, missing columns, unparsable or non-finite values and negative weights (with
    /// line and column), no coordinate columns, a file without rows, weights summing to zero.
    pub fn load(&self, path: impl AsRef<Path>) -> Result<(Vec<String>, PointSet)> {
        let (file, name) = open(path.as_ref(), self.csv)?;
        self.read(file, &name)
    }

    /// Reads points from any reader; `name` labels errors.
    ///
    /// # Errors
    /// As [`load`](Self::load).
    pub fn read<R: Read>(&self, input: R, name: &str) -> Result<(Vec<String>, PointSet)> {
        if self.coordinates.is_empty() {
            return Err(CoreError::InvalidParameter {
                name: "coordinates",
                reason: "name at least one coordinate column".into(),
            });
        }
        let mut table = Table::new(input, name, self.csv)?;
        let id_f = self.id.as_ref().map(|c| table.field(c)).transpose()?;
        let coord_f = self
            .coordinates
            .iter()
            .map(|c| table.field(c))
            .collect::<Result<Vec<_>>>()?;
        let w_f = self.weight.as_ref().map(|c| table.field(c)).transpose()?;
        let mut ids = Vec::new();
        let mut data = Vec::new();
        let mut weights = Vec::new();
        while table.next_row()? {
            ids.push(match &id_f {
                Some(f) => table.text(f)?.to_owned(),
                None => (ids.len() + 1).to_string(),
            });
            for f in &coord_f {
                data.push(table.finite(f, "coordinate")?);
            }
            if let Some(f) = &w_f {
                let w = table.finite(f, "weight")?;
                if w < 0.0 {
                    return Err(table.error(f, format!("weight {w} is negative")));
                }
                weights.push(w);
            }
        }
        if ids.is_empty() {
            return Err(CoreError::NoData {
                file: table.file().to_owned(),
            });
        }
        let points = PointSet::new(data, coord_f.len())?;
        let points = if w_f.is_some() {
            points
                .with_weights(weights)
                .map_err(|e| CoreError::InvalidParameter {
                    name: "weights",
                    reason: format!("{}: {e}", table.file()),
                })?
        } else {
            points
        };
        Ok((ids, points))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_line_and_column() {
        let s = PointsSchema::new(["x", "y"]);
        let err = s.read("x,y\n1,2\n3,nan\n".as_bytes(), "p.csv").unwrap_err();
        assert!(matches!(err, CoreError::Csv { line: 3, .. }), "{err}");
        assert!(err.to_string().contains("column `y`"));
        let err = s
            .clone()
            .weight_column("w")
            .read("x,y,w\n1,2,0\n".as_bytes(), "p.csv")
            .unwrap_err();
        assert!(err.to_string().contains("sum to zero"), "{err}");
        assert!(
            PointsSchema::new(Vec::<Column>::new())
                .read("x\n1\n".as_bytes(), "p.csv")
                .is_err()
        );
        let (ids, p) = s.read("x,y\n1,2\n3,4\n".as_bytes(), "p.csv").unwrap();
        assert_eq!(ids, ["1", "2"]);
        assert_eq!(p.as_slice(), &[1.0, 2.0, 3.0, 4.0]);
    }
}
