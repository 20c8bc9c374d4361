//! Exploration.
mod common;
use logistics_kmeans::*;
#[test]
fn explore() {
    for f in common::CASES {
        let c = common::case(f);
        let p = common::points(&c.dataset);
        let t = std::time::Instant::now();
        let m = KMeans::new(c.k).n_init(50).seed(0).algorithm(Algorithm::Lloyd).fit(&p).unwrap();
        let t1 = t.elapsed();
        let singles: Vec<f64> = (1..=50).map(|s| KMeans::new(c.k).n_init(1).seed(s).fit(&p).unwrap().inertia()).collect();
        let med = common::median(&singles);
        let r3 = inertia(&p, &common::flatten(&c.best_n_init50.centres)).unwrap();
        println!("{f}: best {:.10e} ref {:.10e} ratio {:.6} | median {:.6e} ref {:.6e} ratio {:.5} | recomputed rel {:.2e} | {:?} iters {}",
            m.inertia(), c.best_n_init50.inertia, m.inertia()/c.best_n_init50.inertia, med, c.single_runs.median, med/c.single_runs.median,
            (r3 - c.best_n_init50.inertia_recomputed).abs()/c.best_n_init50.inertia_recomputed, t1, m.n_iter());
    }
}
