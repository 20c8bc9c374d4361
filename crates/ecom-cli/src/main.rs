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
}

fn run(cli: &Cli) -> Result<(), CliError> {
    let report = match &cli.command {
        Command::Describe(args) => commands::describe::run(args)?,
        Command::Inventory(args) => commands::inventory::run(args)?,
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
