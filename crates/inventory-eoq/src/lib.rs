#![doc = include_str!("../README.md")]

mod backorders;
mod base_stock;
mod costs;
mod demand;
mod discount;
mod eoq;
mod epq;
mod error;
mod finite_horizon;
mod joint_replenishment;
pub mod limits;
pub mod loss;
mod lot_sizing;
mod newsvendor;
pub mod normal;
mod output;
mod planning;
mod poisson;
mod power_of_two;
mod roots;
pub mod rq;
mod safety_stock;
mod service;
mod simulation;
mod ss;
mod validate;

pub use backorders::EoqBackorders;
pub use base_stock::{BaseStock, BaseStockSolution};
pub use costs::Costs;
pub use demand::{DemandDistribution, DiscreteDemand, IntegerDemand, NormalDemand, PoissonDemand};
pub use discount::{AllUnitsDiscount, DiscountSolution, IncrementalDiscount, PriceBreaks};
pub use eoq::Eoq;
pub use epq::Epq;
pub use error::{InventoryError, Result};
pub use finite_horizon::{FiniteHorizon, FiniteHorizonSolution};
pub use joint_replenishment::{JointReplenishment, JrpPlan};
pub use lot_sizing::{LotSizing, LotSizingPlan, WagnerWhitinTable};
pub use newsvendor::{Newsvendor, NewsvendorPrices, NewsvendorSolution};
pub use planning::{ReplenishmentParams, ReplenishmentPolicy};
pub use power_of_two::{PowerOfTwoPlan, power_of_two_policy};
pub use rq::{RqNormal, RqPoisson, RqPolicy, RqService};
pub use safety_stock::{ReorderPoint, normal_reorder_point, reorder_point};
pub use service::{Review, ServiceTarget};
pub use simulation::{
    DemandProcess, DemandSampler, PeriodRecord, Policy, PolicySchedule, SimDemand, SimJob,
    SimParams, SimReport, simulate, simulate_batch, simulate_sampled, simulate_schedule,
    simulate_trace,
};
pub use ss::{SsModel, SsPolicy, ss_power_approximation};
