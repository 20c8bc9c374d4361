//! Same seed, same model, whatever the thread count; different seeds, different streams.

mod common;

use common::points;
use logistics_kmeans::{Algorithm, GeoKMeans, KMeans, KMeansModel, MiniBatchKMeans};

fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn kmeans_is_bit_identical_on_1_2_and_3_threads() {
    // Large enough for many chunks (parallel passes) and for sequential restarts.
    let blobs = points("blobs_100k_16d_20c");
    let cities = points("us_cities_pop_latlon");
    for (pts, k, n_init) in [(&blobs, 20, 2), (&cities, 10, 8)] {
        for algo in [Algorithm::Lloyd, Algorithm::Hamerly, Algorithm::Elkan] {
            let spec = KMeans::new(k).n_init(n_init).seed(11).algorithm(algo);
            let runs: Vec<KMeansModel> = [1, 2, 3]
                .iter()
                .map(|&t| on_threads(t, || spec.fit(pts).unwrap()))
                .collect();
            for r in &runs[1..] {
                assert_eq!(r, &runs[0], "{algo:?} k = {k}");
            }
        }
    }
}

#[test]
fn geo_and_minibatch_are_thread_count_independent() {
    let cities = points("us_cities_pop_latlon");
    let g1 = on_threads(1, || GeoKMeans::new(6).fit(&cities).unwrap());
    let g3 = on_threads(3, || GeoKMeans::new(6).fit(&cities).unwrap());
    assert_eq!(g1, g3);
    let blobs = points("blobs_10k_2d_8c");
    let spec = MiniBatchKMeans::new(8).batch_size(5000).seed(4);
    let m1 = on_threads(1, || spec.fit(&blobs).unwrap());
    let m2 = on_threads(2, || spec.fit(&blobs).unwrap());
    assert_eq!(m1, m2);
}

#[test]
fn seeds_matter_and_repeat() {
    let pts = points("blobs_10k_2d_8c");
    let a = KMeans::new(8).seed(1).fit(&pts).unwrap();
    let b = KMeans::new(8).seed(1).fit(&pts).unwrap();
    assert_eq!(a, b);
    let inertias: Vec<f64> = (0..10)
        .map(|s| KMeans::new(8).seed(s).fit(&pts).unwrap().inertia())
        .collect();
    let distinct = inertias.iter().filter(|&&v| v != inertias[0]).count();
    assert!(distinct > 0, "ten seeds all gave {}", inertias[0]);
    // Restart r of a multi-start fit is the single fit of the same stream: best of n is the min.
    let multi = KMeans::new(8).n_init(5).seed(3).fit(&pts).unwrap();
    assert_eq!(multi.run_inertias().len(), 5);
    let min = multi
        .run_inertias()
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    assert_eq!(multi.inertia(), min);
    assert_eq!(multi.run_inertias()[multi.best_run()], min);
}
