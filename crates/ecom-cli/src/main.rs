//! `ecom`: the ecom-supply toolkit from the command line.

mod commands;
mod error;
mod inputs;
mod output;
// Used by the forecast, warehouses and plan commands; exercised by its tests until they land.
#[allow(dead_code)]
mod plot;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;
use crate::output::Format;

/// Supply decisions for online shops from CSV files: demand forecasts, inventory policies,
/// warehouse sites and product recommendations.
#[derive(Debug, Parser)]
#[command(
    name = "ecom",
    version,
    about,
    after_help = "Examples:\n  ecom describe sales daily_sales.csv --id-column sku --value-column units\n  ecom describe locations customers.csv --weight-column demand --format json"
)]
struct Cli {
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    format: Format,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Summarise a sales, ratings or locations file.
    #[command(
        after_help = "Example:\n  ecom describe sales sales.csv --id-column sku --value-column units --format csv"
    )]
    Describe(commands::describe::DescribeArgs),
    /// Inventory policy: EOQ, safety stock, newsvendor, (r,Q), (s,S), base-stock, lot sizing, simulation.
    #[command(
        after_help = "Example:\n  ecom inventory eoq --demand 1000 --order-cost 100 --holding-cost 10"
    )]
    Inventory(commands::inventory::InventoryArgs),
    /// Top-N recommendations for a user from a ratings or purchases file.
    #[command(
        after_help = "Examples:\n  ecom recommend examples/data/ratings.csv --user U001 --top 5\n  ecom recommend ratings.csv --user U001 --algorithm knn-baseline --item-based --similarity pearson-baseline --k 40"
    )]
    Recommend(commands::recommend::RecommendArgs),
    /// Items most similar to an item ("customers who bought this also bought").
    #[command(
        after_help = "Example:\n  ecom similar-items purchases.csv --implicit --user-column customer --item-column product --item 85123A --top 5"
    )]
    SimilarItems(commands::recommend::SimilarItemsArgs),
    /// Fit a recommender on one file and score it on another: RMSE, MAE, precision@k, recall@k, NDCG@k.
    #[command(
        after_help = "Example:\n  ecom evaluate --train u1.base --test u1.test --movielens --algorithm knn-baseline --item-based --similarity pearson-baseline --at 10"
    )]
    Evaluate(commands::recommend::EvaluateArgs),
    /// Place k warehouses where the demand is (or choose k by cost, elbow or silhouette).
    #[command(
        after_help = "Examples:\n  ecom warehouses examples/data/customers.csv --geo --k 4 --weight-column demand --plot map.svg\n  ecom warehouses examples/data/online-retail/country_demand.csv --geo --id-column country --weight-column units --k-range 1..6 --site-cost 250000 --transport-cost 0.0002"
    )]
    Warehouses(commands::warehouses::WarehousesArgs),
}

fn run(cli: &Cli) -> Result<(), CliError> {
    let report = match &cli.command {
        Command::Describe(args) => commands::describe::run(args)?,
        Command::Inventory(args) => commands::inventory::run(args)?,
        Command::Recommend(args) => commands::recommend::recommend(args)?,
        Command::SimilarItems(args) => commands::recommend::similar_items(args)?,
        Command::Evaluate(args) => commands::recommend::evaluate_model(args)?,
        Command::Warehouses(args) => commands::warehouses::run(args)?,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    report.write(cli.format, &mut out)?;
    out.flush()?;
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
