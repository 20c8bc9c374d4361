//! Simulation throughput (SKU-periods per second): one SKU over many periods, and many SKUs in
//! parallel. Fixed seeds.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use inventory_eoq::{
    Costs, DemandProcess, Policy, SimDemand, SimJob, SimParams, simulate, simulate_batch,
    simulate_sampled,
};

fn policies() -> [(&'static str, Policy); 4] {
    [
        ("base_stock", Policy::BaseStock { level: 56.6 }),
        (
            "s_S",
            Policy::Ss {
                reorder_point: 40.0,
                order_up_to: 75.0,
            },
        ),
        (
            "r_nQ",
            Policy::RnQ {
                reorder_point: 60.0,
                order_quantity: 120.0,
            },
        ),
        (
            "R_S",
            Policy::PeriodicReview {
                review_period: 7,
                order_up_to: 420.0,
                offset: 0,
            },
        ),
    ]
}

fn single_sku(c: &mut Criterion) {
    let periods = 100_000;
    let params = SimParams::default()
        .lead_time(2)
        .costs(Costs::default().holding(0.18).stockout(0.7));
    let process = DemandProcess::Normal {
        mean: 50.0,
        sd: 8.0,
    };
    let mut g = c.benchmark_group("simulate_sampled");
    g.throughput(Throughput::Elements(periods as u64));
    for (name, policy) in policies() {
        g.bench_function(BenchmarkId::new(name, periods), |b| {
            b.iter(|| simulate_sampled(&policy, &params, &process, periods, 42).unwrap())
        });
    }
    g.finish();

    // Replaying a stored demand sequence (no sampling cost).
    let demand = process.sample(periods, 42).unwrap();
    let mut g = c.benchmark_group("simulate_given");
    g.throughput(Throughput::Elements(periods as u64));
    for (name, policy) in policies() {
        g.bench_function(BenchmarkId::new(name, periods), |b| {
            b.iter(|| simulate(&policy, &params, &demand).unwrap())
        });
    }
    g.finish();
}

fn many_skus(c: &mut Criterion) {
    let (skus, periods) = (1_000usize, 10_000usize);
    let params = SimParams::default()
        .lead_time(2)
        .costs(Costs::default().holding(0.18).stockout(0.7));
    let jobs: Vec<SimJob<'_>> = (0..skus)
        .map(|i| SimJob {
            policy: Policy::Ss {
                reorder_point: 40.0,
                order_up_to: 75.0 + (i % 10) as f64,
            },
            params,
            demand: SimDemand::Sampled {
                process: DemandProcess::Poisson { mean: 30.0 },
                periods,
            },
        })
        .collect();
    let mut g = c.benchmark_group("simulate_batch");
    g.throughput(Throughput::Elements((skus * periods) as u64));
    g.sample_size(10);
    g.bench_function(
        BenchmarkId::new("s_S_poisson", format!("{skus}x{periods}")),
        |b| b.iter(|| simulate_batch(&jobs, 7)),
    );
    g.finish();
}

criterion_group!(benches, single_sku, many_skus);
criterion_main!(benches);
