//! Optimisation benchmarks: (s,S) by Zheng–Federgruen, exact (r,Q) for Poisson and normal
//! demand, Wagner–Whitin, planning a batch of SKUs, and Poisson quantities at huge means (the
//! bounded window table and the normal approximation). Fixed instances and seeds.

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use inventory_eoq::{
    Costs, LotSizing, Newsvendor, NormalDemand, PoissonDemand, ReplenishmentParams, Review,
    RqNormal, RqPoisson, ServiceTarget, SsModel, reorder_point,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn ss(c: &mut Criterion) {
    let mut g = c.benchmark_group("ss_zheng_federgruen");
    // (h, p, K, mean): Snyder & Shen Example 4.7, an own instance, and a larger one.
    for (name, h, p, k, mean) in [
        ("ex4_7", 1.0, 4.0, 5.0, 6.0),
        ("own", 1.0, 10.0, 20.0, 10.0),
        ("large", 1.0, 9.0, 100.0, 25.0),
    ] {
        let costs = Costs::default().order(k).holding(h).stockout(p);
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                SsModel::new(PoissonDemand::new(black_box(mean)).unwrap(), costs)
                    .unwrap()
                    .optimize()
                    .unwrap()
            })
        });
    }
    g.finish();
}

fn rq(c: &mut Criterion) {
    let mut g = c.benchmark_group("rq_optimize");
    for (name, h, p, k, rate, lead) in [
        ("poisson_ex5_8", 20.0, 150.0, 100.0, 1.5, 2.0),
        ("poisson_large", 1.0, 20.0, 50.0, 30.0, 2.0),
    ] {
        let costs = Costs::default().order(k).holding(h).stockout(p);
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                RqPoisson::new(black_box(rate), lead, costs)
                    .unwrap()
                    .optimize()
                    .unwrap()
            })
        });
    }
    for (name, h, p, k, rate, sd, lead) in [
        ("normal_ex5_1", 0.225, 7.5, 8.0, 1300.0, 150.0, 1.0 / 12.0),
        ("normal_p5_1", 3.1, 45.0, 50.0, 800.0, 40.0, 4.0 / 365.0),
    ] {
        let costs = Costs::default().order(k).holding(h).stockout(p);
        let demand = NormalDemand::new(rate, sd).unwrap();
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                RqNormal::new(demand, black_box(lead), costs)
                    .unwrap()
                    .optimize()
            })
        });
    }
    g.finish();
}

fn lot_sizing(c: &mut Criterion) {
    let mut g = c.benchmark_group("wagner_whitin");
    let ls = LotSizing::new(Costs::default().order(150.0).holding(1.0)).unwrap();
    for horizon in [12usize, 52, 365] {
        g.bench_with_input(BenchmarkId::from_parameter(horizon), &horizon, |b, &n| {
            b.iter_batched(
                || {
                    let mut rng = ChaCha8Rng::seed_from_u64(7);
                    (0..n)
                        .map(|_| rng.random_range(0.0..120.0))
                        .collect::<Vec<f64>>()
                },
                |demand| ls.wagner_whitin(&demand).unwrap(),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

fn planning(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan_batch");
    let params =
        ReplenishmentParams::new(Costs::default().order(25.0).holding(0.05)).lead_time(5.0);
    // Continuous review reads the normal quantile; daily review solves for the ready rate (the
    // per-period in-stock probability) by root finding.
    for (name, service) in [
        ("continuous", ServiceTarget::cycle_service(0.95)),
        (
            "every_period",
            ServiceTarget::ready_rate(0.95).review(Review::EVERY_PERIOD),
        ),
    ] {
        let params = params.service(service);
        g.bench_function(BenchmarkId::new(name, 10_000), |b| {
            b.iter_batched(
                || {
                    let mut rng = ChaCha8Rng::seed_from_u64(11);
                    (0..10_000)
                        .map(|_| {
                            let m: f64 = rng.random_range(1.0..200.0);
                            (m, m * rng.random_range(0.1..1.5))
                        })
                        .collect::<Vec<(f64, f64)>>()
                },
                |skus| params.plan_iid_batch(&skus),
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// Newsvendor and safety stock with Poisson demand at means from 1e6 to 1e12: distribution built
/// and solved in each iteration, so the cost of the O(√mean) window (up to the 1e8 threshold)
/// and of the O(1) normal approximation above it is what is measured.
fn poisson_huge_means(c: &mut Criterion) {
    let mut g = c.benchmark_group("poisson_huge_mean");
    let nv = Newsvendor::new(Costs::default().holding(1.0).stockout(4.0)).unwrap();
    for (name, mean) in [("1e6", 1e6), ("1e8", 1e8), ("1e9", 1e9), ("1e12", 1e12)] {
        g.bench_function(BenchmarkId::new("newsvendor", name), |b| {
            b.iter(|| nv.solve(&PoissonDemand::new(black_box(mean)).unwrap()))
        });
        g.bench_function(BenchmarkId::new("safety_stock_95", name), |b| {
            b.iter(|| {
                reorder_point(
                    &PoissonDemand::new(black_box(mean)).unwrap(),
                    ServiceTarget::cycle_service(0.95),
                    None,
                )
                .unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, ss, rq, lot_sizing, planning, poisson_huge_means);
criterion_main!(benches);
