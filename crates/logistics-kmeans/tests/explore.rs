//! Exploration.
mod common;
use logistics_kmeans::*;
#[test]
fn explore() {
    for f in common::CASES {
        let c = common::case(f);
        let p = common::points(&c.dataset);
        let t = std::time::Instant::now();
        let m = KMeans::new(c.k)
            .n_init(50)
            .seed(0)
            .algorithm(Algorithm::Lloyd)
            .fit(&p)
            .unwrap();
        let t1 = t.elapsed();
        let singles: Vec<f64> = (1..=50)
            .map(|s| {
                KMeans::new(c.k)
                    .n_init(1)
                    .seed(s)
                    .fit(&p)
                    .unwrap()
                    .inertia()
            })
            .collect();
        let med = common::median(&singles);
        let r3 = inertia(&p, &common::flatten(&c.best_n_init50.centres)).unwrap();
        println!(
            "{f}: best {:.10e} ref {:.10e} ratio {:.6} | median {:.6e} ref {:.6e} ratio {:.5} | recomputed rel {:.2e} | {:?} iters {}",
            m.inertia(),
            c.best_n_init50.inertia,
            m.inertia() / c.best_n_init50.inertia,
            med,
            c.single_runs.median,
            med / c.single_runs.median,
            (r3 - c.best_n_init50.inertia_recomputed).abs() / c.best_n_init50.inertia_recomputed,
            t1,
            m.n_iter()
        );
    }
}
#[test]
fn explore_geo() {
    let p = common::us_cities_latlon();
    for f in [
        "us_cities_pop_xyz_k5.json",
        "us_cities_pop_xyz_k10.json",
        "us_cities_pop_latlon_k5.json",
        "us_cities_pop_latlon_k10.json",
    ] {
        let c = common::case(f);
        let g = c.geo.unwrap();
        for obj in [GeoObjective::SquaredChord, GeoObjective::Distance] {
            let t = std::time::Instant::now();
            let m = GeoKMeans::new(c.k)
                .n_init(50)
                .objective(obj)
                .fit(&p)
                .unwrap();
            println!(
                "{f} {obj:?}: sum_km {:.6e} ref {:.6e} ratio {:.5} mean {:.3} ref {:.3} max {:.1} ref {:.1} {:?} it {}",
                m.weighted_sum_km(),
                g.weighted_sum_km,
                m.weighted_sum_km() / g.weighted_sum_km,
                m.weighted_mean_km(),
                g.weighted_mean_km,
                m.max_km(),
                g.max_km,
                t.elapsed(),
                m.n_iter()
            );
        }
    }
}
#[test]
fn explore_kselect() {
    for (f, sample) in [
        ("blobs_10k_2d_8c_kselect.json", Some(5000)),
        ("iris_kselect.json", None),
        ("us_cities_pop_latlon_kselect.json", None),
    ] {
        let ks = common::kselect(f);
        let p = common::points(&ks.dataset);
        let kmax = ks.curve.last().unwrap().k;
        let t = std::time::Instant::now();
        let opt = match sample {
            Some(m) => SilhouetteOptions::sampled(m, 0),
            None => SilhouetteOptions::exact(),
        };
        let curve = KCurve::fit(&KMeans::new(1).n_init(10), &p, 1..=kmax, Some(opt)).unwrap();
        for (s, r) in curve.scores.iter().zip(&ks.curve) {
            println!(
                "{f} k={} inertia ratio {:.6} sil {:?} ref {:?}",
                s.k,
                s.inertia / r.inertia_best_of_10,
                s.silhouette,
                r.silhouette
            );
        }
        println!(
            "best sil {:?} elbow {:?} {:?}",
            curve.best_silhouette_k(),
            curve.elbow_k(),
            t.elapsed()
        );
    }
}
#[test]
fn explore_dist() {
    for (ds, k) in [
        ("iris", 9),
        ("iris", 10),
        ("us_cities_pop_latlon", 10),
        ("us_cities_pop_latlon", 11),
        ("blobs_10k_2d_8c", 11),
    ] {
        let p = common::points(ds);
        let v: Vec<f64> = (0..200)
            .map(|s| KMeans::new(k).n_init(1).seed(s).fit(&p).unwrap().inertia())
            .collect();
        let b10: Vec<f64> = v
            .chunks(10)
            .map(|c| c.iter().copied().fold(f64::INFINITY, f64::min))
            .collect();
        println!(
            "{ds} {k} median {} mean {} min {} best10 median {}",
            common::median(&v),
            v.iter().sum::<f64>() / 200.0,
            v.iter().copied().fold(f64::INFINITY, f64::min),
            common::median(&b10)
        );
    }
}
#[test]
fn explore_minibatch() {
    for ds in [
        "blobs_10k_2d_8c",
        "blobs_100k_16d_20c",
        "us_cities_pop_latlon",
    ] {
        let p = common::points(ds);
        let k = if ds.contains("100k") { 20 } else { 8 };
        let t = std::time::Instant::now();
        let m = MiniBatchKMeans::new(k).fit(&p).unwrap();
        let t1 = t.elapsed();
        let f = KMeans::new(k).n_init(3).fit(&p).unwrap();
        println!(
            "{ds}: minibatch {:.6e} ({:?}, n_iter {}, conv {}) full {:.6e} ratio {:.4}",
            m.inertia(),
            t1,
            m.n_iter(),
            m.converged(),
            f.inertia(),
            m.inertia() / f.inertia()
        );
    }
}
#[test]
fn explore_minibatch_dist() {
    for (ds, k) in [("blobs_10k_2d_8c", 8), ("us_cities_pop_latlon", 8)] {
        let p = common::points(ds);
        let v: Vec<f64> = (0..20)
            .map(|s| MiniBatchKMeans::new(k).seed(s).fit(&p).unwrap().inertia())
            .collect();
        println!(
            "{ds} median {:.6e} min {:.6e}",
            common::median(&v),
            v.iter().copied().fold(f64::INFINITY, f64::min)
        );
    }
}
