//! Loads the real Online Retail daily sales slice and prints each SKU's demand profile.
//!
//! ```text
//! cargo run --release --example describe_sales [path/to/daily_sales.csv]
//! ```

use ecom_supply::SalesSchema;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/online-retail/daily_sales_top40.csv"
        )
        .to_owned()
    });
    let history = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(&path)?;
    println!("{} SKUs, {} data", history.series.len(), history.frequency);
    println!(
        "{:<8} {:>5} {:>10} {:>10} {:>8}",
        "sku", "days", "mean/day", "total", "zero %"
    );
    for s in &history.series {
        let v = s.series.values();
        let total: f64 = v.iter().sum();
        let zeros = v.iter().filter(|&&x| x == 0.0).count() as f64 / v.len() as f64;
        println!(
            "{:<8} {:>5} {:>10.1} {:>10.0} {:>7.1}%",
            s.id,
            v.len(),
            total / v.len() as f64,
            total,
            100.0 * zeros
        );
    }
    Ok(())
}
