//! `ecom describe`: what is in a sales, ratings or locations file.

use clap::{Args, Subcommand};
use ecom_supply::{GeoPoint, Ratings, SalesHistory};
use serde_json::json;

use crate::error::CliError;
use crate::inputs::{LocationsInput, RatingsInput, SalesInput};
use crate::output::{Report, metric_report, num};

/// Summarise an input file before planning with it.
#[derive(Debug, Args)]
pub(crate) struct DescribeArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, Subcommand)]
enum What {
    /// Per SKU: length, date range, total, mean, standard deviation and share of zero periods.
    Sales(SalesInput),
    /// Users, items, density and value range of a ratings or interactions file.
    Ratings(RatingsInput),
    /// Number of locations, total demand, bounding box and demand-weighted centre.
    Locations(LocationsInput),
}

pub(crate) fn run(args: &DescribeArgs) -> Result<Report, CliError> {
    match &args.what {
        What::Sales(input) => Ok(sales(&input.load()?)),
        What::Ratings(input) => Ok(ratings(&input.load()?)),
        What::Locations(input) => locations(input),
    }
}

fn sales(history: &SalesHistory) -> Report {
    let headers = [
        "id",
        "n",
        "missing",
        "start",
        "end",
        "frequency",
        "total",
        "mean",
        "sd",
        "zero_share",
        "max",
    ];
    let mut rows = Vec::new();
    let mut json_rows = Vec::new();
    for s in &history.series {
        let all = s.series.values();
        // Statistics of the observed values; missing ones are counted, not summed.
        let v: Vec<f64> = s.series.observed().map(|(_, x)| x).collect();
        let missing = s.series.missing_count();
        let n = (v.len() as f64).max(1.0);
        let total: f64 = v.iter().sum();
        let mean = total / n;
        let sd = if v.len() > 1 {
            (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        let zero_share = v.iter().filter(|&&x| x == 0.0).count() as f64 / n;
        let max = if v.is_empty() {
            0.0
        } else {
            v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        };
        let date = |d: Option<ecom_supply::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        rows.push(vec![
            s.id.clone(),
            all.len().to_string(),
            missing.to_string(),
            date(s.series.start()),
            date(s.series.end()),
            history.frequency.to_string(),
            num(total),
            num(mean),
            num(sd),
            num(zero_share),
            num(max),
        ]);
        json_rows.push(json!({
            "id": s.id, "n": all.len(), "missing": missing, "start": date(s.series.start()), "end": date(s.series.end()),
            "frequency": history.frequency, "total": total, "mean": mean, "sd": sd,
            "zero_share": zero_share, "max": max,
        }));
    }
    Report {
        partial: None,
        headers: headers.map(String::from).to_vec(),
        rows,
        json: json!(json_rows),
        sections: Vec::new(),
    }
}

fn ratings(r: &Ratings) -> Report {
    let values = r.values();
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let density = r.len() as f64 / (r.n_users() as f64 * r.n_items() as f64);
    let feedback = match r.feedback().scale() {
        Some(s) => format!("explicit [{}, {}]", num(s.min()), num(s.max())),
        None => "implicit".to_owned(),
    };
    metric_report(vec![
        ("feedback", json!(feedback)),
        ("users", json!(r.n_users())),
        ("items", json!(r.n_items())),
        ("entries", json!(r.len())),
        ("density", json!(density)),
        ("mean_value", json!(r.global_mean())),
        ("min_value", json!(min)),
        ("max_value", json!(max)),
        ("timestamps", json!(r.timestamps().is_some())),
    ])
}

fn locations(input: &LocationsInput) -> Result<Report, CliError> {
    let locs = input.load()?;
    let weights: Vec<f64> = locs
        .weights
        .clone()
        .unwrap_or_else(|| vec![1.0; locs.points.len()]);
    // Demand-weighted centre on the sphere: the direction of the weighted mean unit vector.
    let mut c = [0.0; 3];
    for (p, w) in locs.points.iter().zip(&weights) {
        let u = p.to_unit_vector();
        for k in 0..3 {
            c[k] += w * u[k];
        }
    }
    let centre = GeoPoint::from_vector(c).ok();
    let lat = locs.points.iter().map(GeoPoint::lat);
    let lon = locs.points.iter().map(GeoPoint::lon);
    let fold =
        |it: &mut dyn Iterator<Item = f64>, f: fn(f64, f64) -> f64, init: f64| it.fold(init, f);
    Ok(metric_report(vec![
        ("locations", json!(locs.points.len())),
        ("total_weight", json!(weights.iter().sum::<f64>())),
        (
            "lat_min",
            json!(fold(&mut lat.clone(), f64::min, f64::INFINITY)),
        ),
        (
            "lat_max",
            json!(fold(&mut lat.clone(), f64::max, f64::NEG_INFINITY)),
        ),
        (
            "lon_min",
            json!(fold(&mut lon.clone(), f64::min, f64::INFINITY)),
        ),
        (
            "lon_max",
            json!(fold(&mut lon.clone(), f64::max, f64::NEG_INFINITY)),
        ),
        ("centre_lat", json!(centre.map(|p| p.lat()))),
        ("centre_lon", json!(centre.map(|p| p.lon()))),
    ]))
}
