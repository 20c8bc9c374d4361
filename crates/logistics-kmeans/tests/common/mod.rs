//! Loaders for the scikit-learn fixtures copied into `tests/data/` (see `tests/data/README.md`).
#![allow(dead_code)]

pub(crate) mod blobs;

use ecom_core::PointSet;
use ecom_testing::{data_path, read_json};
use serde::Deserialize;

/// Fingerprint of `make_blobs(100000, 16, centers=20, random_state=7)` rounded to f32, computed
/// from the fixture file `blobs_100k_16d_20c.f32` (not committed: 6.4 MB).
pub(crate) const BLOBS_100K_FINGERPRINT: u64 = 0xd3d0_f0fd_f27a_c2be;

#[derive(Debug, Deserialize)]
pub(crate) struct Case {
    pub(crate) dataset: String,
    pub(crate) k: usize,
    pub(crate) n: usize,
    pub(crate) d: usize,
    pub(crate) weighted: bool,
    pub(crate) best_n_init50: Best,
    pub(crate) elkan_check: ElkanCheck,
    pub(crate) single_runs: Singles,
    pub(crate) geo: Option<Geo>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Best {
    pub(crate) inertia: f64,
    pub(crate) inertia_recomputed: f64,
    pub(crate) n_iter: usize,
    pub(crate) centres: Vec<Vec<f64>>,
    pub(crate) cluster_sizes: Vec<usize>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ElkanCheck {
    pub(crate) inertia: f64,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Singles {
    pub(crate) min: f64,
    pub(crate) median: f64,
    pub(crate) max: f64,
    pub(crate) inertias: Vec<f64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Geo {
    pub(crate) centres_latlon_deg: Vec<Vec<f64>>,
    pub(crate) weighted_sum_km: f64,
    pub(crate) weighted_mean_km: f64,
    pub(crate) weighted_sum_sq_km2: f64,
    pub(crate) max_km: f64,
    pub(crate) cluster_weights: Vec<f64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct KSelect {
    pub(crate) dataset: String,
    pub(crate) curve: Vec<KPoint>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct KPoint {
    pub(crate) k: usize,
    pub(crate) inertia_best_of_10: f64,
    pub(crate) silhouette: Option<f64>,
}

pub(crate) fn case(file: &str) -> Case {
    read_json(data_path(env!("CARGO_MANIFEST_DIR"), file))
}

pub(crate) fn kselect(file: &str) -> KSelect {
    read_json(data_path(env!("CARGO_MANIFEST_DIR"), file))
}

/// Every k-means case in `INDEX.json` order.
pub(crate) const CASES: [&str; 9] = [
    "iris_k3.json",
    "iris_k5.json",
    "digits_k10.json",
    "blobs_10k_2d_8c_k8.json",
    "blobs_100k_16d_20c_k20.json",
    "us_cities_pop_latlon_k5.json",
    "us_cities_pop_latlon_k10.json",
    "us_cities_pop_xyz_k5.json",
    "us_cities_pop_xyz_k10.json",
];

/// A header-first CSV of floats: (row-major values, columns, weight column if named `weight`).
pub(crate) fn read_csv(file: &str) -> (Vec<f64>, usize, Option<Vec<f64>>) {
    let path = data_path(env!("CARGO_MANIFEST_DIR"), file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let wcol = header.iter().position(|h| *h == "weight");
    let dim = header.len() - usize::from(wcol.is_some());
    let mut data = Vec::new();
    let mut weights = wcol.map(|_| Vec::new());
    for line in lines.filter(|l| !l.is_empty()) {
        for (c, f) in line.split(',').enumerate() {
            let v: f64 = f.parse().unwrap_or_else(|e| panic!("{file}: {f:?}: {e}"));
            if Some(c) == wcol {
                weights.as_mut().unwrap().push(v);
            } else {
                data.push(v);
            }
        }
    }
    (data, dim, weights)
}

/// Unit vectors x = cos φ cos λ, y = cos φ sin λ, z = sin φ of (lat, lon) rows in degrees.
pub(crate) fn to_xyz(latlon: &[f64]) -> Vec<f64> {
    latlon
        .chunks_exact(2)
        .flat_map(|p| {
            let (phi, lam) = (p[0].to_radians(), p[1].to_radians());
            [phi.cos() * lam.cos(), phi.cos() * lam.sin(), phi.sin()]
        })
        .collect()
}

/// The point set a case was clustered on (weighted when the case is).
pub(crate) fn points(dataset: &str) -> PointSet {
    let (data, dim, w) = match dataset {
        "iris" => read_csv("iris.csv"),
        "digits" => read_csv("digits.csv"),
        "blobs_10k_2d_8c" => read_csv("blobs_10k_2d_8c.csv"),
        "blobs_100k_16d_20c" => {
            let x = blobs::make_blobs(100_000, 16, 20, 7, true);
            assert_eq!(blobs::fingerprint(&x), BLOBS_100K_FINGERPRINT);
            (x, 16, None)
        }
        "us_cities_pop_latlon" => read_csv("us_cities_pop_latlon.csv"),
        "us_cities_pop_xyz" => {
            let (x, _, w) = read_csv("us_cities_pop_latlon.csv");
            (to_xyz(&x), 3, w)
        }
        other => panic!("unknown dataset {other}"),
    };
    let p = PointSet::new(data, dim).unwrap();
    match w {
        Some(w) => p.with_weights(w).unwrap(),
        None => p,
    }
}

/// Lat/lon rows with population weights.
pub(crate) fn us_cities_latlon() -> PointSet {
    points("us_cities_pop_latlon")
}

pub(crate) fn flatten(rows: &[Vec<f64>]) -> Vec<f64> {
    rows.iter().flatten().copied().collect()
}

pub(crate) fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let m = s.len();
    if m % 2 == 1 {
        s[m / 2]
    } else {
        0.5 * (s[m / 2 - 1] + s[m / 2])
    }
}
