//! `ecom inventory ...`: order quantities, safety stock and policies from named numbers.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use ecom_supply::inventory::{
    AllUnitsDiscount, BaseStock, Costs, DemandDistribution, DemandProcess, DiscreteDemand, Eoq,
    EoqBackorders, Epq, IncrementalDiscount, InventoryError, LotSizing, Newsvendor,
    NewsvendorPrices, NormalDemand, PoissonDemand, Policy, PriceBreaks, RqNormal, RqPoisson,
    RqPolicy, ServiceTarget, SimParams, SsModel, reorder_point, simulate, simulate_sampled,
    ss_power_approximation,
};
use serde_json::json;

use crate::error::CliError;
use crate::inputs::{SalesPolicy, load_sales, sales_schema};
use crate::output::{Report, metric_report, num, optional};

/// Inventory policy: how much to order, when, and what service it buys.
#[derive(Debug, Args)]
pub(crate) struct InventoryArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, Subcommand)]
enum What {
    /// Economic order quantity (optionally with planned backorders, or the cost of another Q).
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom inventory eoq --demand 1000 --order-cost 100 --holding-cost 10\n  -> Q* = 141.42, cost 1414.21 per period\n\nEvery rate is per period: any unit of time, the same for demand and holding cost\n(per year in this example)."
    )]
    Eoq(EoqArgs),
    /// Economic production quantity (finite production rate).
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom inventory epq --demand 1000 --order-cost 100 --holding-cost 10 --production-rate 4000"
    )]
    Epq(EpqArgs),
    /// EOQ with all-units or incremental quantity discounts.
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom inventory discounts --demand 1300 --order-cost 8 --holding-rate 0.3 \\\n      --breaks 0,400,800 --unit-costs 0.75,0.72,0.68"
    )]
    Discounts(DiscountArgs),
    /// Safety stock and reorder point for a cycle service level or a fill rate.
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom inventory safety-stock --mean 100 --sd 20 --lead-time 4 --lead-time-sd 1 \\\n      --service-level 0.95"
    )]
    SafetyStock(SafetyStockArgs),
    /// Single-period order quantity (newsvendor) for normal, Poisson or empirical demand.
    #[command(
        allow_negative_numbers = true,
        after_help = "Examples:\n  ecom inventory newsvendor --holding-cost 1 --stockout-cost 4 --mean 50 --sd 8\n  ecom inventory newsvendor --price 10 --cost 4 --salvage 1 --history sales.csv \\\n      --id-column sku --sku SKU-001"
    )]
    Newsvendor(NewsvendorArgs),
    /// Continuous-review (r, Q) policy: exact optimum or a textbook approximation.
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom inventory rq --holding-cost 0.225 --stockout-cost 7.5 --order-cost 8 \\\n      --demand-rate 1300 --demand-sd 150 --lead-time 0.0833"
    )]
    Rq(RqArgs),
    /// Periodic-review (s, S) policy: exact (Zheng-Federgruen) for Poisson demand, power approximation for normal.
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom inventory ss --holding-cost 1 --stockout-cost 4 --order-cost 5 --mean 6"
    )]
    Ss(SsArgs),
    /// Optimal base-stock (order-up-to) level with a lead time.
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom inventory base-stock --holding-cost 0.18 --stockout-cost 0.7 --lead-time 1 \\\n      --mean 50 --sd 8"
    )]
    BaseStock(BaseStockArgs),
    /// Order plan over a finite horizon of demand: Wagner-Whitin (exact) or Silver-Meal.
    #[command(
        allow_negative_numbers = true,
        after_help = "Example:\n  ecom inventory lot-size --order-cost 500 --holding-cost 2 --demand 90,120,80,70,200,100"
    )]
    LotSize(LotSizeArgs),
    /// Simulate a policy against a demand history or sampled demand.
    #[command(
        allow_negative_numbers = true,
        after_help = "Examples:\n  ecom inventory simulate --policy base-stock:56.6 --holding-cost 0.18 \\\n      --stockout-cost 0.7 --lead-time 1 --mean 50 --sd 8 --periods 10000\n  ecom inventory simulate --policy rnq:400,600 --holding-cost 0.01 --stockout-cost 1 \\\n      --lead-time 5 --history sales.csv --id-column sku --sku SKU-001"
    )]
    Simulate(SimulateArgs),
}

pub(crate) fn run(args: &InventoryArgs) -> Result<Report, CliError> {
    match &args.what {
        What::Eoq(a) => eoq(a),
        What::Epq(a) => epq(a),
        What::Discounts(a) => discounts(a),
        What::SafetyStock(a) => safety_stock(a),
        What::Newsvendor(a) => newsvendor(a),
        What::Rq(a) => rq(a),
        What::Ss(a) => ss(a),
        What::BaseStock(a) => base_stock(a),
        What::LotSize(a) => lot_size(a),
        What::Simulate(a) => simulate_policy(a),
    }
}

impl From<ecom_supply::inventory::InventoryError> for CliError {
    fn from(e: ecom_supply::inventory::InventoryError) -> Self {
        CliError::Input(e.to_string())
    }
}

/// A demand history read from a sales file: one SKU's values.
#[derive(Debug, Args)]
struct HistoryArgs {
    /// Sales CSV file giving the demand history (one value per period).
    #[arg(long)]
    history: Option<PathBuf>,
    /// Date column of the history file.
    #[arg(long, default_value = "date")]
    date_column: String,
    /// Quantity column of the history file.
    #[arg(long, default_value = "quantity")]
    value_column: String,
    /// SKU column of the history file [default: a column named `sku` if the file has one].
    #[arg(long)]
    id_column: Option<String>,
    /// Which SKU to use when the file holds several.
    #[arg(long)]
    sku: Option<String>,
    #[command(flatten)]
    policy: SalesPolicy,
}

impl HistoryArgs {
    /// The chosen SKU's demand per period. Demand cannot be negative (a return is not negative
    /// demand), so a negative period is refused here, where its file, SKU and line are known.
    ///
    /// Missing periods (empty or `NA` cells) are left out of a demand distribution
    /// (`every_period` false), never counted as zero; a simulation or lot sizing needs the
    /// demand of `every_period` and refuses them, naming the first.
    fn load(&self, every_period: bool) -> Result<Option<Vec<f64>>, CliError> {
        let Some(path) = &self.history else {
            return Ok(None);
        };
        let schema = self.policy.apply(sales_schema(
            path,
            &self.date_column,
            &self.value_column,
            self.id_column.as_deref(),
        ));
        // One SKU is used: the others' faults are no concern of this command, and the chosen
        // SKU's own fault becomes the error below.
        let history = load_sales(&schema, path, false)?;
        let file = path.display();
        let named = match (&self.sku, history.series.len()) {
            (Some(sku), _) => match history.series.iter().find(|s| &s.id == sku) {
                Some(s) => s,
                None => {
                    let why = history.skipped.iter().find(|s| &s.id == sku).map_or_else(
                        || format!("{file}: no SKU {sku:?}"),
                        |s| format!("{file}: {s}"),
                    );
                    return Err(CliError::Input(why));
                }
            },
            (None, 1) => &history.series[0],
            (None, n) => {
                return Err(CliError::Input(format!(
                    "{file}: {n} SKUs; choose one with --sku (first: {})",
                    history.series[0].id
                )));
            }
        };
        let values = named.series.values();
        if let Some(i) = values.iter().position(|&v| v < 0.0) {
            let date = named.series.date_at(i);
            let line = date
                .and_then(|d| schema.find_line(path, &named.id, history.frequency, d))
                .map_or_else(String::new, |l| format!("line {l}, "));
            let when = date.map_or_else(|| format!("period {}", i + 1), |d| d.to_string());
            return Err(CliError::Input(format!(
                "{file}: {line}column `{}`: SKU {:?} sold {} on {when}; demand history must be non-negative (returns are not negative demand)",
                self.value_column, named.id, values[i]
            )));
        }
        if let Some(i) = named.series.first_missing() {
            let n = named.series.missing_count();
            let when = named
                .series
                .date_at(i)
                .map_or_else(|| format!("period {}", i + 1), |d| d.to_string());
            if every_period {
                return Err(CliError::Input(format!(
                    "{file}: SKU {:?} has {n} missing periods (empty or NA), the first on {when}; this command needs the demand of every period (fill them, or --missing error to find them)",
                    named.id
                )));
            }
            eprintln!(
                "note: {file}: SKU {:?}: {n} missing periods (the first on {when}) left out of the demand distribution",
                named.id
            );
            return Ok(Some(named.series.observed().map(|(_, v)| v).collect()));
        }
        Ok(Some(values.to_vec()))
    }
}

/// Per-period demand: normal (mean, sd), Poisson (mean) or an empirical history.
#[derive(Debug, Args)]
struct DemandArgs {
    /// Mean demand per period.
    #[arg(long)]
    mean: Option<f64>,
    /// Standard deviation of demand per period (normal demand).
    #[arg(long)]
    sd: Option<f64>,
    /// Poisson demand with the given --mean.
    #[arg(long)]
    poisson: bool,
    #[command(flatten)]
    history: HistoryArgs,
}

enum Demand {
    Normal(NormalDemand),
    Poisson(PoissonDemand),
    History(Vec<f64>),
}

impl DemandArgs {
    /// The demand; `every_period` as [`HistoryArgs::load`].
    fn demand(&self, every_period: bool) -> Result<Demand, CliError> {
        if let Some(h) = self.history.load(every_period)? {
            if self.mean.is_some() || self.sd.is_some() || self.poisson {
                return Err(CliError::Input(
                    "give either --history or --mean/--sd/--poisson, not both".into(),
                ));
            }
            return Ok(Demand::History(h));
        }
        let mean = self.mean.ok_or_else(|| {
            CliError::Input("demand needs --mean (with --sd or --poisson) or --history FILE".into())
        })?;
        match (self.poisson, self.sd) {
            (true, None) => Ok(Demand::Poisson(PoissonDemand::new(mean)?)),
            (false, Some(sd)) => Ok(Demand::Normal(NormalDemand::new(mean, sd)?)),
            (true, Some(_)) => Err(CliError::Input(
                "--poisson takes only --mean, not --sd".into(),
            )),
            (false, None) => Err(CliError::Input(
                "normal demand needs --sd (or pass --poisson)".into(),
            )),
        }
    }
}

#[derive(Debug, Args)]
struct EoqArgs {
    /// Demand per period (units; every rate of the command uses the same period).
    #[arg(long)]
    demand: f64,
    /// Fixed cost per order.
    #[arg(long)]
    order_cost: f64,
    /// Holding cost per unit per period.
    #[arg(long)]
    holding_cost: f64,
    /// Also report the cost of ordering this quantity instead.
    #[arg(long)]
    quantity: Option<f64>,
    /// Backorder cost per unit per period: EOQ with planned backorders.
    #[arg(long)]
    backorder_cost: Option<f64>,
}

fn eoq(a: &EoqArgs) -> Result<Report, CliError> {
    if let Some(p) = a.backorder_cost {
        let m = EoqBackorders::new(
            a.demand,
            Costs::default()
                .order(a.order_cost)
                .holding(a.holding_cost)
                .stockout(p),
        )?;
        return Ok(metric_report(vec![
            ("order_quantity", json!(m.order_quantity())),
            ("stockout_fraction", json!(m.stockout_fraction())),
            ("max_backorders", json!(m.max_backorders())),
            ("max_inventory", json!(m.max_inventory())),
            ("total_cost", json!(m.total_cost())),
            ("cycle_time", json!(m.cycle_time())),
        ]));
    }
    let m = Eoq::new(
        a.demand,
        Costs::default().order(a.order_cost).holding(a.holding_cost),
    )?;
    let mut rows = vec![
        ("order_quantity", json!(m.order_quantity())),
        ("total_cost", json!(m.total_cost())),
        ("cycle_time", json!(m.cycle_time())),
        ("orders_per_period", json!(m.orders_per_period())),
    ];
    if let Some(q) = a.quantity {
        rows.push(("quantity", json!(q)));
        rows.push(("cost_at_quantity", json!(m.cost_at(q)?)));
        rows.push(("cost_penalty", json!(m.cost_penalty(q)?)));
    }
    Ok(metric_report(rows))
}

#[derive(Debug, Args)]
struct EpqArgs {
    /// Demand per period (units; every rate of the command uses the same period).
    #[arg(long)]
    demand: f64,
    /// Fixed cost per production run.
    #[arg(long)]
    order_cost: f64,
    /// Holding cost per unit per period.
    #[arg(long)]
    holding_cost: f64,
    /// Production rate per period (must exceed demand).
    #[arg(long)]
    production_rate: f64,
}

fn epq(a: &EpqArgs) -> Result<Report, CliError> {
    let m = Epq::new(
        a.demand,
        a.production_rate,
        Costs::default().order(a.order_cost).holding(a.holding_cost),
    )?;
    Ok(metric_report(vec![
        ("order_quantity", json!(m.order_quantity())),
        ("total_cost", json!(m.total_cost())),
        ("max_inventory", json!(m.max_inventory())),
        ("cycle_time", json!(m.cycle_time())),
        ("production_time", json!(m.production_time())),
    ]))
}

#[derive(Debug, Args)]
struct DiscountArgs {
    /// Demand per period (units; every rate of the command uses the same period).
    #[arg(long)]
    demand: f64,
    /// Fixed cost per order.
    #[arg(long)]
    order_cost: f64,
    /// Holding cost per period as a fraction of the unit cost.
    #[arg(long)]
    holding_rate: f64,
    /// Quantities at which each price starts, ascending, the first 0.
    #[arg(long, value_delimiter = ',', required = true)]
    breaks: Vec<f64>,
    /// Unit cost from each break on.
    #[arg(long, value_delimiter = ',', required = true)]
    unit_costs: Vec<f64>,
    /// Incremental discounts (each price applies only to the units in its range).
    #[arg(long)]
    incremental: bool,
}

fn discounts(a: &DiscountArgs) -> Result<Report, CliError> {
    let breaks = PriceBreaks::new(a.breaks.clone(), a.unit_costs.clone())?;
    let order = Costs::default().order(a.order_cost);
    let sol = if a.incremental {
        IncrementalDiscount::new(a.demand, a.holding_rate, breaks, order)?.solve()
    } else {
        AllUnitsDiscount::new(a.demand, a.holding_rate, breaks, order)?.solve()
    };
    Ok(metric_report(vec![
        (
            "kind",
            json!(if a.incremental {
                "incremental"
            } else {
                "all-units"
            }),
        ),
        ("order_quantity", json!(sol.order_quantity)),
        ("region", json!(sol.region)),
        ("unit_cost", json!(a.unit_costs[sol.region])),
        ("total_cost_incl_purchase", json!(sol.total_cost)),
    ]))
}

#[derive(Debug, Args)]
struct SafetyStockArgs {
    /// Mean demand per period.
    #[arg(long)]
    mean: f64,
    /// Standard deviation of demand per period (omit with --poisson).
    #[arg(long)]
    sd: Option<f64>,
    /// Poisson demand with the given mean.
    #[arg(long)]
    poisson: bool,
    /// Lead time in periods.
    #[arg(long)]
    lead_time: f64,
    /// Standard deviation of the lead time in periods.
    #[arg(long, default_value_t = 0.0)]
    lead_time_sd: f64,
    /// Target cycle service level (type 1), in (0, 1).
    #[arg(
        long,
        conflicts_with = "fill_rate",
        required_unless_present = "fill_rate"
    )]
    service_level: Option<f64>,
    /// Target fill rate (type 2), in (0, 1); needs --order-quantity.
    #[arg(long, requires = "order_quantity")]
    fill_rate: Option<f64>,
    /// Units per replenishment (for a fill-rate target).
    #[arg(long)]
    order_quantity: Option<f64>,
}

fn safety_stock(a: &SafetyStockArgs) -> Result<Report, CliError> {
    let (target, order_quantity) = match (a.service_level, a.fill_rate, a.order_quantity) {
        (Some(s), _, _) => (ServiceTarget::cycle_service(s), None),
        (None, Some(fill_rate), Some(q)) => (ServiceTarget::fill_rate(fill_rate), Some(q)),
        _ => {
            return Err(CliError::Input(
                "give --service-level, or --fill-rate with --order-quantity".into(),
            ));
        }
    };
    let rp = match (a.poisson, a.sd) {
        (false, Some(sd)) => reorder_point(
            &NormalDemand::lead_time_demand(a.mean, sd, a.lead_time, a.lead_time_sd)?,
            target,
            order_quantity,
        )?,
        (true, None) if a.lead_time_sd == 0.0 => reorder_point(
            &PoissonDemand::new(a.mean)?.over_periods(a.lead_time)?,
            target,
            order_quantity,
        )?,
        (true, None) => {
            return Err(CliError::Input(
                "--lead-time-sd is supported for normal demand only".into(),
            ));
        }
        (true, Some(_)) => {
            return Err(CliError::Input(
                "--poisson takes only --mean, not --sd".into(),
            ));
        }
        (false, None) => {
            return Err(CliError::Input(
                "normal demand needs --sd (or pass --poisson)".into(),
            ));
        }
    };
    let mut rows = vec![
        ("reorder_point", json!(rp.reorder_point)),
        ("safety_stock", json!(rp.safety_stock)),
        ("safety_factor", json!(rp.safety_factor)),
        ("lead_time_demand_mean", json!(rp.lead_time_demand_mean)),
        ("lead_time_demand_sd", json!(rp.lead_time_demand_sd)),
        ("cycle_service_level", json!(rp.cycle_service_level)),
    ];
    rows.extend(optional("fill_rate", rp.fill_rate));
    rows.push((
        "expected_shortage_per_cycle",
        json!(rp.expected_shortage_per_cycle),
    ));
    Ok(metric_report(rows))
}

#[derive(Debug, Args)]
struct NewsvendorArgs {
    /// Cost per unit left over.
    #[arg(long, conflicts_with_all = ["price", "cost", "salvage"])]
    holding_cost: Option<f64>,
    /// Cost per unit of unmet demand.
    #[arg(long)]
    stockout_cost: Option<f64>,
    /// Selling price per unit (profit form, with --cost and --salvage).
    #[arg(long, requires = "cost")]
    price: Option<f64>,
    /// Purchase cost per unit.
    #[arg(long, requires = "price")]
    cost: Option<f64>,
    /// Salvage value per unit left over.
    #[arg(long, default_value_t = 0.0)]
    salvage: f64,
    #[command(flatten)]
    demand: DemandArgs,
}

fn newsvendor(a: &NewsvendorArgs) -> Result<Report, CliError> {
    let nv = match (a.holding_cost, a.price, a.cost) {
        (Some(h), None, None) => Newsvendor::new(
            Costs::default()
                .holding(h)
                .stockout(a.stockout_cost.unwrap_or(0.0)),
        )?,
        (None, Some(price), Some(cost)) => {
            let mut prices = NewsvendorPrices::new(price, cost, a.salvage);
            if let Some(p) = a.stockout_cost {
                prices = prices.stockout_cost(p);
            }
            Newsvendor::from_prices(prices)?
        }
        _ => {
            return Err(CliError::Input(
                "give --holding-cost and --stockout-cost, or --price and --cost [--salvage]".into(),
            ));
        }
    };
    let demand = a.demand.demand(false)?;
    let sol = match &demand {
        Demand::Normal(d) => nv.solve(d),
        Demand::Poisson(d) => nv.solve(d),
        Demand::History(h) => nv.solve(&DiscreteDemand::empirical(h)?),
    };
    let mut rows = vec![
        ("order_quantity", json!(sol.order_quantity)),
        ("critical_ratio", json!(sol.critical_ratio)),
        ("expected_cost", json!(sol.expected_cost)),
    ];
    rows.extend(optional("expected_profit", sol.expected_profit));
    rows.extend([
        ("expected_shortage", json!(sol.expected_shortage)),
        ("expected_leftover", json!(sol.expected_leftover)),
        ("in_stock_probability", json!(sol.in_stock_probability)),
        ("fill_rate", json!(sol.fill_rate)),
    ]);
    Ok(metric_report(rows))
}

/// How to choose (r, Q).
#[derive(Debug, Clone, Copy, ValueEnum)]
enum RqMethod {
    /// The exact optimum of the expected cost.
    Exact,
    /// EOQ for Q, then r for the newsvendor critical ratio.
    EoqSs,
    /// EOQ with planned backorders.
    Eoqb,
    /// Loss-function approximation.
    Loss,
    /// Expected-inventory-level approximation.
    Eil,
}

#[derive(Debug, Args)]
struct RqArgs {
    /// Holding cost per unit per unit of time.
    #[arg(long)]
    holding_cost: f64,
    /// Backorder cost per unit.
    #[arg(long)]
    stockout_cost: f64,
    /// Fixed cost per order.
    #[arg(long)]
    order_cost: f64,
    /// Mean demand per unit of time.
    #[arg(long)]
    demand_rate: f64,
    /// Standard deviation of demand per unit of time (normal demand).
    #[arg(long, required_unless_present = "poisson")]
    demand_sd: Option<f64>,
    /// Poisson demand (integer r and Q, exact).
    #[arg(long, conflicts_with = "demand_sd")]
    poisson: bool,
    /// Lead time in the same unit of time.
    #[arg(long)]
    lead_time: f64,
    /// Optimisation method (normal demand).
    #[arg(long, value_enum, default_value_t = RqMethod::Exact)]
    method: RqMethod,
}

fn rq(a: &RqArgs) -> Result<Report, CliError> {
    let costs = Costs::default()
        .holding(a.holding_cost)
        .stockout(a.stockout_cost)
        .order(a.order_cost);
    let (policy, method): (RqPolicy, &str) = if a.poisson {
        (
            RqPoisson::new(a.demand_rate, a.lead_time, costs)?.optimize()?,
            "exact-poisson",
        )
    } else {
        let sd = a
            .demand_sd
            .ok_or_else(|| CliError::Input("--demand-sd is required for normal demand".into()))?;
        let m = RqNormal::new(NormalDemand::new(a.demand_rate, sd)?, a.lead_time, costs)?;
        let p = match a.method {
            RqMethod::Exact => m.optimize(),
            RqMethod::EoqSs => m.eoq_safety_stock(),
            RqMethod::Eoqb => m.eoq_backorders(),
            RqMethod::Loss => m.loss_function_approximation()?,
            RqMethod::Eil => m.eil_approximation()?,
        };
        let svc = m.service(p.reorder_point, p.order_quantity)?;
        return Ok(metric_report(vec![
            ("method", json!(format!("{:?}", a.method).to_lowercase())),
            ("reorder_point", json!(p.reorder_point)),
            ("order_quantity", json!(p.order_quantity)),
            ("cost", json!(p.cost)),
            ("converged", json!(p.converged)),
            ("cycle_service_level", json!(svc.cycle_service_level)),
            ("fill_rate", json!(svc.fill_rate)),
            ("expected_on_hand", json!(svc.expected_on_hand)),
            ("expected_backorders", json!(svc.expected_backorders)),
            ("order_frequency", json!(svc.order_frequency)),
        ]));
    };
    Ok(metric_report(vec![
        ("method", json!(method)),
        ("reorder_point", json!(policy.reorder_point)),
        ("order_quantity", json!(policy.order_quantity)),
        ("cost", json!(policy.cost)),
    ]))
}

#[derive(Debug, Args)]
struct SsArgs {
    /// Holding cost per unit per period.
    #[arg(long)]
    holding_cost: f64,
    /// Backorder cost per unit per period.
    #[arg(long)]
    stockout_cost: f64,
    /// Fixed cost per order.
    #[arg(long)]
    order_cost: f64,
    /// Mean demand per period (Poisson unless --sd is given).
    #[arg(long)]
    mean: f64,
    /// Standard deviation per period: normal demand, solved by the power approximation.
    #[arg(long)]
    sd: Option<f64>,
}

fn ss(a: &SsArgs) -> Result<Report, CliError> {
    let costs = Costs::default()
        .holding(a.holding_cost)
        .stockout(a.stockout_cost)
        .order(a.order_cost);
    match a.sd {
        None => {
            let model = SsModel::new(PoissonDemand::new(a.mean)?, costs)?;
            let p = model.optimize().map_err(|e| match e {
                InventoryError::LimitExceeded { .. } => CliError::Input(format!(
                    "--mean {}: {e} (on the command line: give --sd for normal demand)",
                    a.mean
                )),
                e => e.into(),
            })?;
            Ok(metric_report(vec![
                ("method", json!("zheng-federgruen")),
                ("reorder_point", json!(p.reorder_point)),
                ("order_up_to", json!(p.order_up_to_level)),
                ("cost", json!(p.cost)),
            ]))
        }
        Some(sd) => {
            let (s, big_s) = ss_power_approximation(&NormalDemand::new(a.mean, sd)?, &costs)?;
            Ok(metric_report(vec![
                ("method", json!("power-approximation")),
                ("reorder_point", json!(s)),
                ("order_up_to", json!(big_s)),
            ]))
        }
    }
}

#[derive(Debug, Args)]
struct BaseStockArgs {
    /// Holding cost per unit per period.
    #[arg(long)]
    holding_cost: f64,
    /// Backorder cost per unit per period.
    #[arg(long)]
    stockout_cost: f64,
    /// Lead time in periods.
    #[arg(long, default_value_t = 0)]
    lead_time: u32,
    #[command(flatten)]
    demand: DemandArgs,
}

fn base_stock(a: &BaseStockArgs) -> Result<Report, CliError> {
    let model = BaseStock::new(
        a.lead_time,
        Costs::default()
            .holding(a.holding_cost)
            .stockout(a.stockout_cost),
    )?;
    let sol = match a.demand.demand(false)? {
        Demand::Normal(d) => model.normal(&d)?,
        Demand::Poisson(d) => model.poisson(&d)?,
        Demand::History(h) => model.from_history(&h)?,
    };
    Ok(metric_report(vec![
        ("base_stock_level", json!(sol.base_stock_level)),
        ("expected_cost", json!(sol.expected_cost)),
        ("expected_on_hand", json!(sol.expected_on_hand)),
        ("expected_backorders", json!(sol.expected_backorders)),
        ("cycle_service_level", json!(sol.cycle_service_level)),
        ("fill_rate", json!(sol.fill_rate)),
    ]))
}

/// Lot-sizing method.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum LotMethod {
    /// Wagner-Whitin dynamic programme (optimal).
    WagnerWhitin,
    /// Silver-Meal heuristic.
    SilverMeal,
}

#[derive(Debug, Args)]
struct LotSizeArgs {
    /// Fixed cost per order.
    #[arg(long)]
    order_cost: f64,
    /// Holding cost per unit per period.
    #[arg(long)]
    holding_cost: f64,
    /// Demand per period, comma separated (or use --history).
    #[arg(long, value_delimiter = ',')]
    demand: Vec<f64>,
    /// Method.
    #[arg(long, value_enum, default_value_t = LotMethod::WagnerWhitin)]
    method: LotMethod,
    #[command(flatten)]
    history: HistoryArgs,
}

fn lot_size(a: &LotSizeArgs) -> Result<Report, CliError> {
    let demand = match (a.history.load(true)?, a.demand.is_empty()) {
        (Some(h), true) => h,
        (None, false) => a.demand.clone(),
        (Some(_), false) => {
            return Err(CliError::Input(
                "give either --demand or --history, not both".into(),
            ));
        }
        (None, true) => {
            return Err(CliError::Input(
                "give the demand per period with --demand or --history".into(),
            ));
        }
    };
    let ls = LotSizing::new(Costs::default().order(a.order_cost).holding(a.holding_cost))?;
    let plan = match a.method {
        LotMethod::WagnerWhitin => ls.wagner_whitin(&demand)?,
        LotMethod::SilverMeal => ls.silver_meal(&demand)?,
    };
    let mut rows: Vec<Vec<String>> = demand
        .iter()
        .zip(&plan.order_quantities)
        .enumerate()
        .map(|(t, (d, q))| vec![(t + 1).to_string(), num(*d), num(*q)])
        .collect();
    rows.push(vec!["total cost".into(), String::new(), num(plan.cost)]);
    Ok(Report {
        partial: None,
        headers: vec!["period".into(), "demand".into(), "order_quantity".into()],
        rows,
        json: json!({
            "method": format!("{:?}", a.method).to_lowercase(),
            "cost": plan.cost,
            "fixed_cost": plan.fixed_cost,
            "holding_cost": plan.holding_cost,
            "order_periods": plan.order_periods().iter().map(|p| p + 1).collect::<Vec<_>>(),
            "order_quantities": plan.order_quantities,
            "demand": demand,
        }),
        sections: Vec::new(),
    })
}

#[derive(Debug, Args)]
struct SimulateArgs {
    /// Policy: base-stock:S, ss:s,S, rq:r,Q (one batch), rnq:r,Q (as many batches as needed),
    /// or rs:R,S (review every R periods, order up to S).
    #[arg(long)]
    policy: String,
    /// Holding cost per unit per period.
    #[arg(long, default_value_t = 0.0)]
    holding_cost: f64,
    /// Backorder cost per unit per period.
    #[arg(long, default_value_t = 0.0)]
    stockout_cost: f64,
    /// Fixed cost per order.
    #[arg(long, default_value_t = 0.0)]
    order_cost: f64,
    /// Lead time in periods (an order placed in period t arrives at the start of t + L).
    #[arg(long, default_value_t = 0)]
    lead_time: usize,
    /// Periods to simulate when demand is sampled.
    #[arg(long, default_value_t = 10_000)]
    periods: usize,
    /// Periods at the start excluded from the statistics.
    #[arg(long, default_value_t = 0)]
    warmup: usize,
    /// Seed for sampled demand.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[command(flatten)]
    demand: DemandArgs,
}

fn parse_policy(spec: &str) -> Result<Policy, CliError> {
    let bad = || {
        CliError::Input(format!(
            "--policy {spec:?}: expected base-stock:S, ss:s,S, rq:r,Q, rnq:r,Q or rs:R,S"
        ))
    };
    let (kind, rest) = spec.split_once(':').ok_or_else(bad)?;
    let nums: Vec<f64> = rest
        .split(',')
        .map(|t| t.trim().parse::<f64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    Ok(
        match (kind.trim().to_ascii_lowercase().as_str(), nums.as_slice()) {
            ("base-stock" | "bs", [s]) => Policy::BaseStock { level: *s },
            ("ss", [s, big]) => Policy::Ss {
                reorder_point: *s,
                order_up_to: *big,
            },
            ("rq", [r, q]) => Policy::Rq {
                reorder_point: *r,
                order_quantity: *q,
            },
            ("rnq", [r, q]) => Policy::RnQ {
                reorder_point: *r,
                order_quantity: *q,
            },
            ("rs", [period, s])
                if period.fract() == 0.0 && *period >= 1.0 && *period <= f64::from(u32::MAX) =>
            {
                Policy::PeriodicReview {
                    review_period: *period as u32,
                    order_up_to: *s,
                    offset: 0,
                }
            }
            _ => return Err(bad()),
        },
    )
}

fn simulate_policy(a: &SimulateArgs) -> Result<Report, CliError> {
    let policy = parse_policy(&a.policy)?;
    let params = SimParams::default()
        .lead_time(a.lead_time)
        .costs(
            Costs::default()
                .holding(a.holding_cost)
                .stockout(a.stockout_cost)
                .order(a.order_cost),
        )
        .warmup(a.warmup);
    let (report, source) = match a.demand.demand(true)? {
        Demand::History(h) => (simulate(&policy, &params, &h)?, "history"),
        Demand::Normal(d) => (
            simulate_sampled(
                &policy,
                &params,
                &DemandProcess::Normal {
                    mean: d.mean(),
                    sd: d.sd(),
                },
                a.periods,
                a.seed,
            )?,
            "normal",
        ),
        Demand::Poisson(d) => (
            simulate_sampled(
                &policy,
                &params,
                &DemandProcess::Poisson { mean: d.mean() },
                a.periods,
                a.seed,
            )?,
            "poisson",
        ),
    };
    Ok(metric_report(vec![
        ("demand", json!(source)),
        ("periods", json!(report.periods)),
        ("total_demand", json!(report.total_demand)),
        ("fill_rate", json!(report.fill_rate)),
        ("cycle_service_level", json!(report.cycle_service_level)),
        ("in_stock_rate", json!(report.in_stock_rate)),
        ("stockout_periods", json!(report.stockout_periods)),
        ("average_on_hand", json!(report.average_on_hand)),
        ("average_backorders", json!(report.average_backorders)),
        ("orders", json!(report.orders)),
        ("units_ordered", json!(report.units_ordered)),
        ("holding_cost", json!(report.holding_cost)),
        ("stockout_cost", json!(report.stockout_cost)),
        ("fixed_cost", json!(report.fixed_cost)),
        ("total_cost", json!(report.total_cost)),
        ("mean_cost_per_period", json!(report.mean_cost_per_period)),
    ]))
}
