//! `ecom`: the ecom-supply toolkit from the command line.

mod commands;
mod error;
mod inputs;
mod map_view;
mod output;
mod plot;
mod regressors;
mod world;

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
    after_help = "Examples:\n  ecom plan examples/data/sales.csv --locations examples/data/customers.csv --out report\n  ecom forecast examples/data/sales.csv --auto --horizon 28 --plot forecast.svg\n  ecom inventory eoq --demand 1000 --order-cost 100 --holding-cost 10\n  ecom warehouses examples/data/customers.csv --geo --weight-column demand --k-range 1..8\n  ecom recommend examples/data/ratings.csv --user U001 --top 5\n\nEvery command takes --format table|json|csv; results go to stdout, progress and\ndiagnostics to stderr. Exit codes: 0 success, 1 failure not caused by the input, 2 bad input\n(one line naming the file, line and field), 3 partial failure (some SKUs failed; the output\nholds the rest and stderr says how many)."
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
    /// The main job: per SKU a forecast, safety stock, reorder point and order quantity for a
    /// service level; with customer locations, warehouse sites weighted by demand.
    #[command(
        allow_negative_numbers = true,
        after_help = "Examples:\n  ecom plan examples/data/sales.csv --locations examples/data/customers.csv --out report\n  ecom plan examples/data/online-retail/daily_sales_top40.csv --value-column units \\\n      --locations examples/data/online-retail/country_demand.csv \\\n      --location-id-column country --weight-column units \\\n      --service-level 0.95 --lead-time 5 --order-cost 40 --holding-cost 2 --out report"
    )]
    Plan(commands::plan::PlanArgs),
    /// Forecast demand with prediction intervals: fixed or automatic ARIMA, or a baseline.
    #[command(
        allow_negative_numbers = true,
        after_help = "Examples:\n  ecom forecast examples/data/sales.csv --id-column sku --auto --horizon 28 \\\n      --plot forecast.svg\n  ecom forecast sales.csv --order 1,1,1 --seasonal 0,1,1,7 --levels 80,95 --format json\n  ecom forecast examples/data/online-retail/daily_sales_top40.csv --id-column sku \\\n      --value-column units --model ses"
    )]
    Forecast(commands::forecast::ForecastArgs),
    /// Compare forecasting models by rolling-origin backtests (MAE, RMSE, MASE, sMAPE).
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom backtest examples/data/sales.csv --id-column sku --models auto,ses,ma:7,snaive \\\n      --horizon 7 --windows 4"
    )]
    Backtest(commands::forecast::BacktestArgs),
    /// Summarise a sales, ratings or locations file.
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom describe sales sales.csv --id-column sku --value-column units --format csv"
    )]
    Describe(commands::describe::DescribeArgs),
    /// Inventory policy: EOQ, safety stock, newsvendor, (r,Q), (s,S), base-stock, lot sizing, simulation.
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom inventory eoq --demand 1000 --order-cost 100 --holding-cost 10"
    )]
    Inventory(commands::inventory::InventoryArgs),
    /// Top-N recommendations for a user from a ratings or purchases file.
    #[command(
        allow_negative_numbers = true,
        after_help = "Examples:\n  ecom recommend examples/data/ratings.csv --user U001 --top 5\n  ecom recommend ratings.csv --user U001 --algorithm knn-baseline --item-based \\\n      --similarity pearson-baseline --k 40"
    )]
    Recommend(commands::recommend::RecommendArgs),
    /// Items most similar to an item ("customers who bought this also bought").
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom similar-items purchases.csv --implicit --user-column customer \\\n      --item-column product --item 85123A --top 5"
    )]
    SimilarItems(commands::recommend::SimilarItemsArgs),
    /// Fit a recommender on one file and score it on another: RMSE, MAE, precision@k, recall@k, NDCG@k.
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom evaluate --train u1.base --test u1.test --movielens --algorithm knn-baseline \\\n      --item-based --similarity pearson-baseline --at 10"
    )]
    Evaluate(commands::recommend::EvaluateArgs),
    /// Place k warehouses where the demand is (or choose k by cost, elbow or silhouette).
    #[command(
        allow_negative_numbers = true,
        after_help = "Examples:\n  ecom warehouses examples/data/customers.csv --geo --k 4 --weight-column demand \\\n      --plot map.svg\n  ecom warehouses examples/data/online-retail/country_demand.csv --geo \\\n      --id-column country --weight-column units --k-range 1..6 --site-cost 250000 \\\n      --transport-cost 0.0002"
    )]
    Warehouses(commands::warehouses::WarehousesArgs),
}

fn run(cli: &Cli) -> Result<Option<output::Partial>, CliError> {
    let report = match &cli.command {
        Command::Plan(args) => commands::plan::run(args)?,
        Command::Forecast(args) => commands::forecast::forecast(args)?,
        Command::Backtest(args) => commands::forecast::backtest(args)?,
        Command::Describe(args) => commands::describe::run(args)?,
        Command::Inventory(args) => commands::inventory::run(args)?,
        Command::Recommend(args) => commands::recommend::recommend(args)?,
        Command::SimilarItems(args) => commands::recommend::similar_items(args)?,
        Command::Evaluate(args) => commands::recommend::evaluate_model(args)?,
        Command::Warehouses(args) => commands::warehouses::run(args)?,
    };
    // Rendered in memory first so that a failed check leaves stdout empty.
    let mut buf = Vec::new();
    report.write(cli.format, &mut buf)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(&buf)?;
    out.flush()?;
    Ok(report.partial)
}

/// clap's message for a usage error folded into one line (its "Usage:" and "--help" hint
/// lines dropped), so every bad input ends in exactly one line on stderr.
fn one_line(e: &clap::Error) -> String {
    e.render()
        .to_string()
        .lines()
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A message on one line: line breaks that came from the input (a header cell with a newline
/// inside quotes) are shown escaped.
fn one_line_text(s: &str) -> String {
    s.replace('\r', "\\r").replace('\n', "\\n")
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
            }
            eprintln!("{}", one_line(&e));
            return ExitCode::from(2);
        }
    };
    match run(&cli) {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(p)) => {
            eprintln!(
                "partial failure: {} of {} {} failed (exit code {})",
                p.failed,
                p.total,
                p.unit,
                error::PARTIAL_FAILURE
            );
            ExitCode::from(error::PARTIAL_FAILURE)
        }
        Err(e) => {
            eprintln!("error: {}", one_line_text(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}
