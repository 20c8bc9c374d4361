//! Writes the generated sample data under `examples/data/` from a fixed seed.
//!
//! ```text
//! cargo run --release --example generate_sample_data [-- OUT_DIR [SEED]]
//! ```
//!
//! Three files, documented in `examples/data/README.md`:
//! - `sales.csv`: two years of daily unit sales for 12 SKUs with trend, weekly and yearly
//!   seasonality, promotions (with a post-promotion dip), over-dispersed noise, and intermittent
//!   slow movers;
//! - `customers.csv`: 600 customers scattered around 24 cities on four continents, with annual
//!   demand;
//! - `ratings.csv`: about 3,000 1-5 star ratings of 80 products by 150 customers from a latent
//!   factor model, with timestamps.
//!
//! The same seed always writes the same files (ChaCha8 streams, fixed iteration order).

use std::error::Error;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ecom_supply::{Frequency, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Gamma, LogNormal, Normal, Poisson};

const DEFAULT_SEED: u64 = 20_241_123;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let out: PathBuf = args.next().map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        PathBuf::from,
    );
    let seed = args.next().map_or(Ok(DEFAULT_SEED), |s| s.parse())?;
    fs::create_dir_all(&out)?;
    let sales = write_sales(&out.join("sales.csv"), seed)?;
    let customers = write_customers(&out.join("customers.csv"), seed)?;
    let ratings = write_ratings(&out.join("ratings.csv"), seed)?;
    println!(
        "wrote {sales} sales rows, {customers} customers and {ratings} ratings to {} (seed {seed})",
        out.display()
    );
    Ok(())
}

/// One SKU's demand process.
struct Sku {
    id: &'static str,
    /// Mean units per day at the start, before seasonality.
    level: f64,
    /// Relative growth per year (0.3 = +30 % a year).
    trend: f64,
    /// Multipliers Monday..Sunday.
    weekly: [f64; 7],
    /// Amplitude of the yearly cycle (peak in early December).
    yearly: f64,
    /// Promotions per year.
    promos_per_year: f64,
    /// Gamma shape of the day-to-day noise (smaller = spikier).
    dispersion: f64,
    /// For slow movers: probability of any sale on a day (1 = every day has a Poisson draw).
    occurrence: f64,
}

const WEEKDAY_SHOP: [f64; 7] = [1.15, 1.1, 1.05, 1.0, 0.95, 0.8, 0.95];
const WEEKEND_SHOP: [f64; 7] = [0.85, 0.85, 0.9, 0.95, 1.1, 1.25, 1.1];
const FLAT: [f64; 7] = [1.0; 7];

const SKUS: [Sku; 12] = [
    Sku {
        id: "SKU-001",
        level: 120.0,
        trend: 0.25,
        weekly: WEEKDAY_SHOP,
        yearly: 0.35,
        promos_per_year: 6.0,
        dispersion: 12.0,
        occurrence: 1.0,
    },
    Sku {
        id: "SKU-002",
        level: 85.0,
        trend: 0.05,
        weekly: WEEKEND_SHOP,
        yearly: 0.6,
        promos_per_year: 4.0,
        dispersion: 10.0,
        occurrence: 1.0,
    },
    Sku {
        id: "SKU-003",
        level: 60.0,
        trend: -0.15,
        weekly: WEEKDAY_SHOP,
        yearly: 0.2,
        promos_per_year: 8.0,
        dispersion: 8.0,
        occurrence: 1.0,
    },
    Sku {
        id: "SKU-004",
        level: 45.0,
        trend: 0.4,
        weekly: WEEKEND_SHOP,
        yearly: 0.15,
        promos_per_year: 5.0,
        dispersion: 8.0,
        occurrence: 1.0,
    },
    Sku {
        id: "SKU-005",
        level: 30.0,
        trend: 0.0,
        weekly: WEEKDAY_SHOP,
        yearly: 0.5,
        promos_per_year: 3.0,
        dispersion: 6.0,
        occurrence: 1.0,
    },
    Sku {
        id: "SKU-006",
        level: 22.0,
        trend: 0.1,
        weekly: FLAT,
        yearly: 0.25,
        promos_per_year: 6.0,
        dispersion: 5.0,
        occurrence: 1.0,
    },
    Sku {
        id: "SKU-007",
        level: 9.0,
        trend: 0.2,
        weekly: WEEKEND_SHOP,
        yearly: 0.3,
        promos_per_year: 4.0,
        dispersion: 4.0,
        occurrence: 1.0,
    },
    Sku {
        id: "SKU-008",
        level: 6.0,
        trend: -0.1,
        weekly: WEEKDAY_SHOP,
        yearly: 0.4,
        promos_per_year: 2.0,
        dispersion: 3.0,
        occurrence: 1.0,
    },
    Sku {
        id: "SKU-009",
        level: 4.0,
        trend: 0.0,
        weekly: FLAT,
        yearly: 0.1,
        promos_per_year: 2.0,
        dispersion: 3.0,
        occurrence: 1.0,
    },
    Sku {
        id: "SKU-010",
        level: 3.0,
        trend: 0.0,
        weekly: FLAT,
        yearly: 0.2,
        promos_per_year: 0.0,
        dispersion: 2.0,
        occurrence: 0.25,
    },
    Sku {
        id: "SKU-011",
        level: 2.0,
        trend: 0.1,
        weekly: WEEKDAY_SHOP,
        yearly: 0.0,
        promos_per_year: 0.0,
        dispersion: 2.0,
        occurrence: 0.12,
    },
    Sku {
        id: "SKU-012",
        level: 6.0,
        trend: -0.2,
        weekly: FLAT,
        yearly: 0.3,
        promos_per_year: 1.0,
        dispersion: 1.5,
        occurrence: 0.06,
    },
];

fn write_sales(path: &Path, seed: u64) -> Result<usize, Box<dyn Error>> {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date");
    let days = 731usize; // 2024-01-01 ..= 2025-12-31
    let mut rows = Vec::with_capacity(days * SKUS.len());
    for (s, sku) in SKUS.iter().enumerate() {
        // One stream per SKU: adding a SKU does not change the others.
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (0x5a1e5 + s as u64));
        let promo = promotion_calendar(&mut rng, days, sku.promos_per_year);
        for (t, &(in_promo, uplift)) in promo.iter().enumerate() {
            let date = Frequency::Daily.advance(start, t as u32).expect("in range");
            let year_frac = t as f64 / 365.25;
            let weekday = t % 7; // 2024-01-01 is a Monday
            // Peak around day 340 (early December): gifts.
            let season =
                1.0 + sku.yearly * (2.0 * std::f64::consts::PI * (t as f64 - 340.0) / 365.25).cos();
            let mean =
                sku.level * (1.0 + sku.trend * year_frac) * sku.weekly[weekday] * season * uplift;
            let units = if sku.occurrence < 1.0 {
                // Intermittent: a sale happens with some probability, then a lumpy size.
                if rng.random::<f64>() < sku.occurrence * season.max(0.0) {
                    1.0 + Poisson::new(mean.max(0.1))?.sample(&mut rng)
                } else {
                    0.0
                }
            } else {
                // Gamma-Poisson mixture: over-dispersed counts, as real daily sales are.
                let lambda =
                    Gamma::new(sku.dispersion, mean.max(0.01) / sku.dispersion)?.sample(&mut rng);
                Poisson::new(lambda.max(1e-9))?.sample(&mut rng)
            };
            rows.push(format!(
                "{date},{},{},{}",
                sku.id,
                units as u64,
                u8::from(in_promo)
            ));
        }
    }
    // Date-major order, like a daily export.
    rows.sort_by(|a, b| a[..10].cmp(&b[..10]));
    let mut f = fs::File::create(path)?;
    writeln!(f, "date,sku,quantity,promo")?;
    for r in &rows {
        writeln!(f, "{r}")?;
    }
    Ok(rows.len())
}

/// Per day: (promotion running, demand multiplier). Promotions last 3-7 days with a 1.6-3x
/// uplift; the 4 days after one sell 25 % less (customers stocked up).
fn promotion_calendar(rng: &mut ChaCha8Rng, days: usize, per_year: f64) -> Vec<(bool, f64)> {
    let mut cal = vec![(false, 1.0); days];
    if per_year <= 0.0 {
        return cal;
    }
    let n = (per_year * days as f64 / 365.25).round() as usize;
    for _ in 0..n {
        let begin = rng.random_range(0..days);
        let len = rng.random_range(3..=7);
        let uplift = rng.random_range(1.6..3.0);
        let end = (begin + len).min(days);
        for day in &mut cal[begin..end] {
            *day = (true, uplift);
        }
        for day in &mut cal[end..(begin + len + 4).min(days)] {
            if !day.0 {
                day.1 = 0.75;
            }
        }
    }
    cal
}

/// (city, latitude, longitude, share of customers, mean annual demand per customer)
const CITIES: [(&str, f64, f64, f64, f64); 24] = [
    ("London", 51.5072, -0.1276, 0.12, 900.0),
    ("Manchester", 53.4808, -2.2426, 0.05, 700.0),
    ("Dublin", 53.3498, -6.2603, 0.03, 600.0),
    ("Paris", 48.8566, 2.3522, 0.07, 650.0),
    ("Berlin", 52.52, 13.405, 0.06, 600.0),
    ("Munich", 48.1351, 11.582, 0.03, 550.0),
    ("Amsterdam", 52.3676, 4.9041, 0.04, 600.0),
    ("Madrid", 40.4168, -3.7038, 0.04, 450.0),
    ("Milan", 45.4642, 9.19, 0.04, 500.0),
    ("Stockholm", 59.3293, 18.0686, 0.02, 550.0),
    ("Warsaw", 52.2297, 21.0122, 0.03, 400.0),
    ("New York", 40.7128, -74.006, 0.07, 800.0),
    ("Chicago", 41.8781, -87.6298, 0.03, 600.0),
    ("Los Angeles", 34.0522, -118.2437, 0.05, 700.0),
    ("Toronto", 43.6532, -79.3832, 0.03, 550.0),
    ("Dallas", 32.7767, -96.797, 0.02, 500.0),
    ("Sydney", -33.8688, 151.2093, 0.04, 650.0),
    ("Melbourne", -37.8136, 144.9631, 0.03, 600.0),
    ("Auckland", -36.8485, 174.7633, 0.02, 450.0),
    ("Tokyo", 35.6762, 139.6503, 0.05, 700.0),
    ("Singapore", 1.3521, 103.8198, 0.04, 650.0),
    ("Hong Kong", 22.3193, 114.1694, 0.03, 600.0),
    ("Dubai", 25.2048, 55.2708, 0.02, 700.0),
    ("Sao Paulo", -23.5505, -46.6333, 0.04, 400.0),
];

fn write_customers(path: &Path, seed: u64) -> Result<usize, Box<dyn Error>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xc057);
    let n = 600usize;
    let total_share: f64 = CITIES.iter().map(|c| c.3).sum();
    let scatter = Normal::new(0.0, 1.0)?;
    let mut f = fs::File::create(path)?;
    writeln!(f, "id,lat,lon,demand,city")?;
    let mut written = 0;
    for (c, &(city, lat, lon, share, demand)) in CITIES.iter().enumerate() {
        // Largest-remainder would be exact; rounding is enough for sample data.
        let count = ((share / total_share) * n as f64).round() as usize;
        let sizes = LogNormal::new(demand.ln() - 0.5 * 0.8f64.powi(2), 0.8)?;
        for i in 0..count {
            // Customers within a metro area: about 40 km standard deviation.
            let km = 40.0;
            let dlat = scatter.sample(&mut rng) * km / 111.0;
            let dlon = scatter.sample(&mut rng) * km / (111.0 * lat.to_radians().cos());
            let d = sizes.sample(&mut rng).round().max(1.0);
            writeln!(
                f,
                "C{:02}{:03},{:.4},{:.4},{d},{city}",
                c,
                i,
                (lat + dlat).clamp(-90.0, 90.0),
                wrap_lon(lon + dlon)
            )?;
            written += 1;
        }
    }
    Ok(written)
}

fn wrap_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

fn write_ratings(path: &Path, seed: u64) -> Result<usize, Box<dyn Error>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7a71);
    let (n_users, n_items, dim) = (150usize, 80usize, 3usize);
    let factor = Normal::new(0.0, 0.6)?;
    let bias = Normal::new(0.0, 0.4)?;
    let noise = Normal::new(0.0, 0.5)?;
    let user_f: Vec<Vec<f64>> = (0..n_users)
        .map(|_| (0..dim).map(|_| factor.sample(&mut rng)).collect())
        .collect();
    let item_f: Vec<Vec<f64>> = (0..n_items)
        .map(|_| (0..dim).map(|_| factor.sample(&mut rng)).collect())
        .collect();
    let user_b: Vec<f64> = (0..n_users).map(|_| bias.sample(&mut rng)).collect();
    let item_b: Vec<f64> = (0..n_items).map(|_| bias.sample(&mut rng)).collect();
    // Popular items are rated more often (Zipf-like weights).
    let popularity: Vec<f64> = (0..n_items)
        .map(|i| 1.0 / (1.0 + i as f64).powf(0.7))
        .collect();
    let pop_total: f64 = popularity.iter().sum();
    let mut f = fs::File::create(path)?;
    writeln!(f, "user,item,rating,timestamp")?;
    let mut t: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z
    let mut written = 0;
    for u in 0..n_users {
        let want = rng.random_range(8..=40usize);
        let mut chosen = vec![false; n_items];
        let mut got = 0;
        while got < want {
            // Inverse-CDF draw from the popularity weights.
            let mut x = rng.random::<f64>() * pop_total;
            let mut item = n_items - 1;
            for (i, p) in popularity.iter().enumerate() {
                if x < *p {
                    item = i;
                    break;
                }
                x -= p;
            }
            if chosen[item] {
                continue;
            }
            chosen[item] = true;
            got += 1;
            let dot: f64 = user_f[u]
                .iter()
                .zip(&item_f[item])
                .map(|(a, b)| a * b)
                .sum();
            let r = (3.6 + user_b[u] + item_b[item] + dot + noise.sample(&mut rng))
                .round()
                .clamp(1.0, 5.0);
            t += rng.random_range(600..86_400);
            writeln!(f, "U{:03},P{:03},{r},{t}", u + 1, item + 1)?;
            written += 1;
        }
    }
    Ok(written)
}
