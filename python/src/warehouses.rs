//! `place_warehouses`: k sites on the sphere minimising demand-weighted distance to the
//! customers, as `ecom warehouses --geo --k K` places them.

use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use ecom_supply::kmeans::GeoKMeans;
use ecom_supply::{CsvOptions, LocationsSchema, record_batches_to_csv};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

use crate::errors::{Failure, Result};

fn batch(fields: Vec<Field>, columns: Vec<ArrayRef>) -> Result<RecordBatch> {
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| Failure::Input(e.to_string()))
}

fn kmeans_error(e: impl std::fmt::Display) -> Failure {
    Failure::Input(e.to_string())
}

/// Places `k` sites for the locations of `table` (see `ecom_supply.place_warehouses`).
/// Returns the sites table and the assignment of each location.
#[pyfunction]
#[pyo3(signature = (table, k, lat_col, lon_col, weight_col, id_col, n_init, seed, radius_km))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn place_warehouses(
    py: Python<'_>,
    table: PyTable,
    k: usize,
    lat_col: String,
    lon_col: String,
    weight_col: Option<String>,
    id_col: Option<String>,
    n_init: usize,
    seed: u64,
    radius_km: f64,
) -> PyResult<(PyTable, PyTable)> {
    let (batches, _) = table.into_inner();
    let done = py.detach(|| -> Result<(RecordBatch, RecordBatch)> {
        let mut wanted = vec![lat_col.as_str(), lon_col.as_str()];
        wanted.extend(weight_col.as_deref());
        wanted.extend(id_col.as_deref());
        let text = record_batches_to_csv(&batches, Some(&wanted), CsvOptions::default(), "table")?;
        let mut schema =
            LocationsSchema::default().coordinate_columns(lat_col.as_str(), lon_col.as_str());
        schema.id = id_col.as_deref().map(Into::into);
        if let Some(w) = &weight_col {
            schema = schema.weight_column(w.as_str());
        }
        let locations = schema.read(text.as_slice(), "table")?;
        let points = locations.to_point_set()?;
        let mut spec = GeoKMeans::new(1).n_init(n_init).seed(seed);
        spec.k = k;
        let model = spec.fit(&points).map_err(kmeans_error)?;
        let reports = model.site_reports(radius_km).map_err(kmeans_error)?;

        let n = reports.len();
        let mut site = Int64Builder::with_capacity(n);
        let mut lat = Float64Builder::with_capacity(n);
        let mut lon = Float64Builder::with_capacity(n);
        let mut customers = Int64Builder::with_capacity(n);
        let mut demand = Float64Builder::with_capacity(n);
        let mut share = Float64Builder::with_capacity(n);
        let mut mean_km = Float64Builder::with_capacity(n);
        let mut max_km = Float64Builder::with_capacity(n);
        let mut within = Float64Builder::with_capacity(n);
        for r in &reports {
            site.append_value(r.site as i64 + 1);
            lat.append_value(r.location.lat());
            lon.append_value(r.location.lon());
            customers.append_value(r.customers.len() as i64);
            demand.append_value(r.demand);
            share.append_value(r.demand_share);
            mean_km.append_value(r.mean_km);
            max_km.append_value(r.max_km);
            within.append_value(r.share_within_radius);
        }
        let f = |name: &str, t: DataType| Field::new(name, t, false);
        let sites = batch(
            vec![
                f("site", DataType::Int64),
                f("lat", DataType::Float64),
                f("lon", DataType::Float64),
                f("customers", DataType::Int64),
                f("demand", DataType::Float64),
                f("demand_share", DataType::Float64),
                f("mean_km", DataType::Float64),
                f("max_km", DataType::Float64),
                f("share_within_radius", DataType::Float64),
            ],
            vec![
                Arc::new(site.finish()),
                Arc::new(lat.finish()),
                Arc::new(lon.finish()),
                Arc::new(customers.finish()),
                Arc::new(demand.finish()),
                Arc::new(share.finish()),
                Arc::new(mean_km.finish()),
                Arc::new(max_km.finish()),
                Arc::new(within.finish()),
            ],
        )?;
        let m = model.labels().len();
        let mut ids = StringBuilder::with_capacity(m, m * 8);
        let mut label = Int64Builder::with_capacity(m);
        let mut km = Float64Builder::with_capacity(m);
        for (i, &l) in model.labels().iter().enumerate() {
            ids.append_value(&locations.ids[i]);
            label.append_value(l as i64 + 1);
            let (p, s) = (&locations.points[i], &model.sites()[l]);
            km.append_value(ecom_supply::haversine_km(
                p.lat(),
                p.lon(),
                s.lat(),
                s.lon(),
            ));
        }
        let assignments = batch(
            vec![
                f("id", DataType::Utf8),
                f("site", DataType::Int64),
                f("km", DataType::Float64),
            ],
            vec![
                Arc::new(ids.finish()),
                Arc::new(label.finish()),
                Arc::new(km.finish()),
            ],
        )?;
        Ok((sites, assignments))
    });
    let (sites, assignments) = done.map_err(|e| e.into_py(py))?;
    let (a, b) = (sites.schema(), assignments.schema());
    Ok((
        PyTable::try_new(vec![sites], a)?,
        PyTable::try_new(vec![assignments], b)?,
    ))
}
