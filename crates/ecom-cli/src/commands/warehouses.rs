//! `ecom warehouses`: where to put k sites so they sit close to the demand.

use std::ops::RangeInclusive;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use ecom_supply::kmeans::{
    Algorithm, Capacity, GeoKMeans, GeoModel, KCurve, KMeans, KMeansError, KMeansModel,
    SilhouetteOptions, SiteCosts, SiteReport, choose_k_by_cost,
};
use ecom_supply::{LocationsSchema, PointSet, PointsSchema};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};

use crate::error::CliError;
use crate::output::{Report, Section, num};
use crate::plot::{self, MapKind, SiteMap};

impl From<KMeansError> for CliError {
    fn from(e: KMeansError) -> Self {
        CliError::Input(e.to_string())
    }
}

/// Assignment acceleration (all give identical results).
#[derive(Debug, Clone, Copy, ValueEnum)]
enum AlgorithmName {
    /// Chosen by dimension and k.
    Auto,
    /// Plain Lloyd iterations.
    Lloyd,
    /// Hamerly bounds.
    Hamerly,
    /// Elkan bounds.
    Elkan,
}

/// Place k warehouses (or choose k) for weighted customer locations.
#[derive(Debug, Args)]
pub(crate) struct WarehousesArgs {
    /// Locations CSV: one row per customer (or region) with coordinates and optional demand.
    file: PathBuf,
    /// Number of sites.
    #[arg(long, conflicts_with = "k_range", required_unless_present = "k_range")]
    k: Option<usize>,
    /// Try every k in LO..HI (e.g. 2..10) and pick one: by total cost with --site-cost and
    /// --transport-cost, else by silhouette (Euclidean) or the elbow of the distance curve (--geo).
    #[arg(long, value_parser = super::parse_range)]
    k_range: Option<RangeInclusive<usize>>,
    /// Column holding each location's demand.
    #[arg(long)]
    weight_column: Option<String>,
    /// Geographic mode: latitude/longitude on the sphere, great-circle km, sites minimising
    /// demand x km.
    #[arg(long)]
    geo: bool,
    /// Column holding an id for each location.
    #[arg(long)]
    id_column: Option<String>,
    /// Latitude column (--geo).
    #[arg(long, default_value = "lat")]
    lat_column: String,
    /// Longitude column (--geo).
    #[arg(long, default_value = "lon")]
    lon_column: String,
    /// Coordinate columns for plain (Euclidean) k-means [default: the latitude and longitude columns].
    #[arg(long, value_delimiter = ',', conflicts_with = "geo")]
    columns: Vec<String>,
    /// Restarts from different seeds; the best is kept [default: 10].
    #[arg(long, default_value_t = 10)]
    n_init: usize,
    /// Random seed.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Iteration bound acceleration (Euclidean mode).
    #[arg(long, value_enum, default_value_t = AlgorithmName::Auto)]
    algorithm: AlgorithmName,
    /// Report the share of each site's demand within this many km (--geo).
    #[arg(long, default_value_t = 500.0)]
    radius_km: f64,
    /// Fixed cost per site, for choosing k by cost (--geo, with --transport-cost).
    #[arg(long, requires = "transport_cost")]
    site_cost: Option<f64>,
    /// Transport cost per unit of demand per km (--geo, with --site-cost).
    #[arg(long, requires = "site_cost")]
    transport_cost: Option<f64>,
    /// Capacity of every site in demand units: customers are reassigned so none is exceeded (--geo).
    #[arg(long)]
    capacity: Option<f64>,
    /// Write a map of the sites and their customers (.svg or .png).
    #[arg(long, value_parser = crate::plot::parse_plot_path)]
    plot: Option<PathBuf>,
    /// With --k-range: write the k-selection curve (.svg or .png).
    #[arg(long, requires = "k_range", value_parser = crate::plot::parse_plot_path)]
    curve_plot: Option<PathBuf>,
}

/// Id of the site's customer closest to it ("near Lyon"), empty for a site without customers.
pub(crate) fn nearest_customer(site: &SiteReport, model: &GeoModel, ids: &[String]) -> String {
    let km = model.distances_km();
    site.customers
        .iter()
        .min_by(|&&a, &&b| km[a].total_cmp(&km[b]))
        .map_or(String::new(), |&i| ids[i].clone())
}

pub(crate) fn run(args: &WarehousesArgs) -> Result<Report, CliError> {
    if args.geo { geo(args) } else { euclidean(args) }
}

fn progress(len: usize) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} k")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message("placing sites");
    bar
}

fn geo(args: &WarehousesArgs) -> Result<Report, CliError> {
    let mut schema = LocationsSchema::default()
        .coordinate_columns(args.lat_column.as_str(), args.lon_column.as_str());
    schema.id = args.id_column.as_deref().map(Into::into);
    if let Some(w) = &args.weight_column {
        schema = schema.weight_column(w.as_str());
    }
    let locations = schema.load(&args.file)?;
    let points = locations.to_point_set()?;
    let spec = GeoKMeans::new(1).n_init(args.n_init).seed(args.seed);

    let (model, sections, curve) = match (&args.k_range, args.k) {
        (Some(ks), _) => choose_geo_k(args, &spec, &points, ks.clone())?,
        (None, Some(k)) => {
            let mut s = spec.clone();
            s.k = k;
            (s.fit(&points)?, Vec::new(), Value::Null)
        }
        (None, None) => unreachable!("clap requires --k or --k-range"),
    };
    let model = match args.capacity {
        Some(c) => model.with_capacity(&Capacity::Uniform(c))?,
        None => model,
    };
    let reports = model.site_reports(args.radius_km)?;

    if let Some(path) = &args.plot {
        let pts: Vec<(f64, f64)> = locations
            .points
            .iter()
            .map(|p| (p.lat(), p.lon()))
            .collect();
        let sites: Vec<(f64, f64)> = model.sites().iter().map(|p| (p.lat(), p.lon())).collect();
        plot::render(
            path,
            &SiteMap {
                kind: MapKind::Geo,
                title: format!(
                    "{} sites: demand-weighted mean {:.0} km",
                    model.k(),
                    model.weighted_mean_km()
                ),
                points: &pts,
                weights: locations.weights.as_deref(),
                assignments: model.labels(),
                sites: &sites,
            },
        )?;
        eprintln!("wrote {}", path.display());
    }

    let ids = &locations.ids;
    let rows = reports
        .iter()
        .map(|r| {
            let nearest = nearest_customer(r, &model, ids);
            vec![
                (r.site + 1).to_string(),
                format!("{:.4}", r.location.lat()),
                format!("{:.4}", r.location.lon()),
                nearest,
                r.customers.len().to_string(),
                num(r.demand),
                format!("{:.1}%", 100.0 * r.demand_share),
                num(r.mean_km),
                num(r.max_km),
                format!("{:.1}%", 100.0 * r.share_within_radius),
            ]
        })
        .collect();
    let sites_json: Vec<Value> = reports
        .iter()
        .map(|r| {
            json!({
                "center": [r.location.lat(), r.location.lon()],
                "customers": r.customers.iter().map(|&i| ids[i].as_str()).collect::<Vec<_>>(),
                "demand": r.demand,
                "demand_share": r.demand_share,
                "mean_km": r.mean_km,
                "max_km": r.max_km,
                "share_within_radius": r.share_within_radius,
            })
        })
        .collect();
    let mut json = json!({
        "k": model.k(),
        "mode": "geo",
        "inertia": model.weighted_sum_sq_km2(),
        "weighted_sum_km": model.weighted_sum_km(),
        "weighted_mean_km": model.weighted_mean_km(),
        "max_km": model.max_km(),
        "radius_km": args.radius_km,
        "centers": model.sites().iter().map(|p| [p.lat(), p.lon()]).collect::<Vec<_>>(),
        "assignments": model.labels(),
        "sites": sites_json,
    });
    if !curve.is_null() {
        json["k_selection"] = curve;
    }
    Ok(Report {
        partial: None,
        headers: [
            "site",
            "lat",
            "lon",
            "nearest",
            "customers",
            "demand",
            "share",
            "mean_km",
            "max_km",
            "within_radius",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        json,
        sections,
    })
}

/// Fits every k; picks by cost when costs are given, else at the elbow of Σ demand·km.
fn choose_geo_k(
    args: &WarehousesArgs,
    spec: &GeoKMeans,
    points: &PointSet,
    ks: RangeInclusive<usize>,
) -> Result<(GeoModel, Vec<Section>, Value), CliError> {
    // The whole range is checked against the data before any k is fitted.
    spec.check_k_range(points, &ks)
        .map_err(|e| CliError::Input(format!("--k-range {}..{}: {e}", ks.start(), ks.end())))?;
    let ks_vec: Vec<usize> = ks.clone().collect();
    if let (Some(site), Some(transport)) = (args.site_cost, args.transport_cost) {
        let bar = progress(1);
        bar.set_message(format!(
            "placing sites for k = {}..={}",
            ks.start(),
            ks.end()
        ));
        let curve = choose_k_by_cost(spec, points, ks, SiteCosts::new(site, transport)?)?;
        bar.finish_and_clear();
        let rows = curve
            .costs
            .iter()
            .map(|c| {
                vec![
                    c.k.to_string(),
                    num(c.fixed),
                    num(c.transport),
                    num(c.total),
                ]
            })
            .collect();
        let best = curve.best_k();
        let json = json!({
            "method": "cost",
            "best_k": best,
            "costs": curve.costs.iter().map(|c| json!({"k": c.k, "fixed": c.fixed, "transport": c.transport, "total": c.total})).collect::<Vec<_>>(),
        });
        if let Some(path) = &args.curve_plot {
            plot::render(
                path,
                &plot::KCurve {
                    title: format!("Network cost by number of sites (best k = {best})"),
                    ks: ks_vec,
                    panels: vec![
                        (
                            "total cost".into(),
                            curve.costs.iter().map(|c| c.total).collect(),
                        ),
                        (
                            "transport cost".into(),
                            curve.costs.iter().map(|c| c.transport).collect(),
                        ),
                    ],
                    chosen: Some(best),
                },
            )?;
            eprintln!("wrote {}", path.display());
        }
        let section = Section {
            title: format!("Network cost by k (best: k = {best})"),
            headers: ["k", "fixed", "transport", "total"]
                .map(String::from)
                .to_vec(),
            rows,
        };
        return Ok((curve.best_model().clone(), vec![section], json));
    }
    let bar = progress(ks_vec.len());
    let mut models = Vec::new();
    for &k in &ks_vec {
        let mut s = spec.clone();
        s.k = k;
        models.push(s.fit(points)?);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let curve = KCurve::from_geo_models(&models);
    let best = curve.elbow_k().unwrap_or(*ks.start());
    if let Some(path) = &args.curve_plot {
        plot::render(
            path,
            &plot::KCurve {
                title: format!("Demand-weighted distance by number of sites (elbow k = {best})"),
                ks: ks_vec.clone(),
                panels: vec![(
                    "demand x km".into(),
                    models.iter().map(GeoModel::weighted_sum_km).collect(),
                )],
                chosen: Some(best),
            },
        )?;
        eprintln!("wrote {}", path.display());
    }
    let section = Section {
        title: format!(
            "Demand-weighted distance by k (elbow: k = {best}; give --site-cost and --transport-cost to choose by cost)"
        ),
        headers: ["k", "weighted_mean_km", "max_km"]
            .map(String::from)
            .to_vec(),
        rows: models
            .iter()
            .map(|m| {
                vec![
                    m.k().to_string(),
                    num(m.weighted_mean_km()),
                    num(m.max_km()),
                ]
            })
            .collect(),
    };
    let json = json!({
        "method": "elbow",
        "best_k": best,
        "weighted_mean_km": models.iter().map(|m| json!({"k": m.k(), "value": m.weighted_mean_km()})).collect::<Vec<_>>(),
    });
    let chosen = models
        .into_iter()
        .find(|m| m.k() == best)
        .expect("best k is in the range");
    Ok((chosen, vec![section], json))
}

fn euclidean(args: &WarehousesArgs) -> Result<Report, CliError> {
    if args.site_cost.is_some() || args.capacity.is_some() {
        return Err(CliError::Input(
            "--site-cost, --transport-cost and --capacity need --geo".into(),
        ));
    }
    let columns: Vec<String> = if args.columns.is_empty() {
        vec![args.lat_column.clone(), args.lon_column.clone()]
    } else {
        args.columns.clone()
    };
    let mut schema = PointsSchema::new(columns.iter().map(String::as_str));
    schema.id = args.id_column.as_deref().map(Into::into);
    if let Some(w) = &args.weight_column {
        schema = schema.weight_column(w.as_str());
    }
    let (ids, points) = schema.load(&args.file)?;
    let spec = KMeans::new(1)
        .n_init(args.n_init)
        .seed(args.seed)
        .algorithm(match args.algorithm {
            AlgorithmName::Auto => Algorithm::Auto,
            AlgorithmName::Lloyd => Algorithm::Lloyd,
            AlgorithmName::Hamerly => Algorithm::Hamerly,
            AlgorithmName::Elkan => Algorithm::Elkan,
        });

    let (model, sections, curve) = match (&args.k_range, args.k) {
        (Some(ks), _) => {
            spec.check_k_range(&points, ks).map_err(|e| {
                CliError::Input(format!("--k-range {}..{}: {e}", ks.start(), ks.end()))
            })?;
            let bar = progress(1);
            bar.set_message(format!("fitting k = {}..={}", ks.start(), ks.end()));
            // Exact silhouette is O(n^2): sample beyond 5,000 points, as scikit-learn users do.
            let sil = if points.len() > 5_000 {
                SilhouetteOptions::sampled(5_000, args.seed)
            } else {
                SilhouetteOptions::exact()
            };
            let curve = KCurve::fit(&spec, &points, ks.clone(), Some(sil))?;
            bar.finish_and_clear();
            let best = curve
                .best_silhouette_k()
                .or_else(|| curve.elbow_k())
                .unwrap_or(*ks.start());
            if let Some(path) = &args.curve_plot {
                let ks_vec: Vec<usize> = curve.scores.iter().map(|s| s.k).collect();
                plot::render(
                    path,
                    &plot::KCurve {
                        title: format!("Choosing k (best silhouette: k = {best})"),
                        ks: ks_vec,
                        panels: vec![
                            (
                                "inertia".into(),
                                curve.scores.iter().map(|s| s.inertia).collect(),
                            ),
                            (
                                "silhouette".into(),
                                curve
                                    .scores
                                    .iter()
                                    .map(|s| s.silhouette.unwrap_or(f64::NAN))
                                    .collect(),
                            ),
                        ],
                        chosen: Some(best),
                    },
                )?;
                eprintln!("wrote {}", path.display());
            }
            let section = Section {
                title: format!("Inertia and silhouette by k (best silhouette: k = {best})"),
                headers: ["k", "inertia", "silhouette"].map(String::from).to_vec(),
                rows: curve
                    .scores
                    .iter()
                    .map(|s| {
                        vec![
                            s.k.to_string(),
                            num(s.inertia),
                            s.silhouette.map_or(String::new(), num),
                        ]
                    })
                    .collect(),
            };
            let json = json!({
                "method": "silhouette",
                "best_k": best,
                "scores": curve.scores,
                "elbow_k": curve.elbow_k(),
            });
            let mut s = spec.clone();
            s.k = best;
            (s.fit(&points)?, vec![section], json)
        }
        (None, Some(k)) => {
            let mut s = spec.clone();
            s.k = k;
            (s.fit(&points)?, Vec::new(), Value::Null)
        }
        (None, None) => unreachable!("clap requires --k or --k-range"),
    };

    if let Some(path) = &args.plot {
        if points.dim() != 2 {
            return Err(CliError::Input(format!(
                "--plot draws 2-D points; these have {} coordinates",
                points.dim()
            )));
        }
        let pts: Vec<(f64, f64)> = points.rows().map(|r| (r[0], r[1])).collect();
        let sites: Vec<(f64, f64)> = (0..model.k())
            .map(|j| (model.centre(j)[0], model.centre(j)[1]))
            .collect();
        plot::render(
            path,
            &SiteMap {
                title: format!("{} sites (Euclidean k-means)", model.k()),
                kind: MapKind::Plane {
                    x: columns[1].clone(),
                    y: columns[0].clone(),
                },
                points: &pts,
                weights: points.weights(),
                assignments: model.labels(),
                sites: &sites,
            },
        )?;
        eprintln!("wrote {}", path.display());
    }
    Ok(euclidean_report(&ids, &points, &model, sections, curve))
}

fn euclidean_report(
    ids: &[String],
    points: &PointSet,
    model: &KMeansModel,
    sections: Vec<Section>,
    curve: Value,
) -> Report {
    let k = model.k();
    let mut demand = vec![0.0; k];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    let mut dist_sum = vec![0.0; k];
    let mut dist_max = vec![0.0f64; k];
    for (i, (p, &j)) in points.rows().zip(model.labels()).enumerate() {
        let w = points.weight(i);
        let d = p
            .iter()
            .zip(model.centre(j))
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>()
            .sqrt();
        demand[j] += w;
        dist_sum[j] += w * d;
        dist_max[j] = dist_max[j].max(d);
        members[j].push(i);
    }
    let total = points.total_weight();
    let mean = |j: usize| {
        if demand[j] > 0.0 {
            dist_sum[j] / demand[j]
        } else {
            0.0
        }
    };
    let rows = (0..k)
        .map(|j| {
            let mut row = vec![(j + 1).to_string()];
            row.extend(model.centre(j).iter().map(|c| format!("{c:.4}")));
            row.extend([
                members[j].len().to_string(),
                num(demand[j]),
                format!("{:.1}%", 100.0 * demand[j] / total),
                num(mean(j)),
                num(dist_max[j]),
            ]);
            row
        })
        .collect();
    let mut headers = vec!["site".to_owned()];
    headers.extend((0..points.dim()).map(|d| format!("x{}", d + 1)));
    headers.extend(
        [
            "customers",
            "demand",
            "share",
            "mean_distance",
            "max_distance",
        ]
        .map(String::from),
    );
    let mut json = json!({
        "k": k,
        "mode": "euclidean",
        "inertia": model.inertia(),
        "converged": model.converged(),
        "n_iter": model.n_iter(),
        "centers": (0..k).map(|j| model.centre(j).to_vec()).collect::<Vec<_>>(),
        "assignments": model.labels(),
        "sites": (0..k).map(|j| json!({
            "center": model.centre(j),
            "customers": members[j].iter().map(|&i| ids[i].as_str()).collect::<Vec<_>>(),
            "demand": demand[j],
            "mean_distance": mean(j),
            "max_distance": dist_max[j],
        })).collect::<Vec<_>>(),
    });
    if !curve.is_null() {
        json["k_selection"] = curve;
    }
    Report {
        partial: None,
        headers,
        rows,
        json,
        sections,
    }
}
