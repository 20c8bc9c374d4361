//! The crate's limits, in one place: every one is checked before work starts, and an input
//! beyond it is an [`InventoryError::LimitExceeded`](crate::InventoryError::LimitExceeded)
//! that says what to do instead. Within them every solver keeps its memory bounded and runs
//! in well under a second on one core.
//!
//! Callers that validate input early (the planning pipeline, the command line) can use the same
//! constants to reject bad input up front.
//!
//! ```
//! use inventory_eoq::{limits, BaseStock, Costs, InventoryError, PoissonDemand};
//! let costs = Costs::default().holding(1.0).stockout(4.0);
//! assert!(BaseStock::new(limits::MAX_LEAD_TIME_PERIODS as u32, costs).is_ok());
//! assert!(matches!(
//!     BaseStock::new(limits::MAX_LEAD_TIME_PERIODS as u32 + 1, costs),
//!     Err(InventoryError::LimitExceeded { .. })
//! ));
//! // Poisson demand of any accepted mean is cheap: above POISSON_NORMAL_MEAN it is the normal
//! // approximation with continuity correction.
//! let d = PoissonDemand::new(1e12)?;
//! assert!(d.is_normal_approximation());
//! # Ok::<(), InventoryError>(())
//! ```

/// Largest magnitude accepted for any input value (demand, cost, lead time, level), shared with
/// the rest of the toolkit: squares of values up to 1e150 stay finite.
pub use ecom_core::MAX_ABS_VALUE;

/// Longest lead time, in periods, of every integer-period lead time and review period in the
/// crate: [`BaseStock`](crate::BaseStock) lead times, the simulator's
/// [`SimParams::lead_time`](crate::SimParams::lead_time), the review period of
/// [`Policy::PeriodicReview`](crate::Policy::PeriodicReview), and the lead time (in periods) of
/// [`ReplenishmentParams`](crate::ReplenishmentParams). Ten thousand periods is 27 years of
/// daily data; longer lead times mean the period is too short for the problem.
pub const MAX_LEAD_TIME_PERIODS: usize = 10_000;

/// Most periods one simulation may run ([`simulate`](crate::simulate),
/// [`simulate_trace`](crate::simulate_trace), [`simulate_sampled`](crate::simulate_sampled) and
/// each job of [`simulate_batch`](crate::simulate_batch)): about a second of work, and far more
/// than the standard error of any service measure needs.
pub const MAX_SIMULATION_PERIODS: usize = 10_000_000;

/// Most history values [`ReplenishmentParams::plan_history`](crate::ReplenishmentParams::plan_history)
/// holds: under periodic review every R > 1 periods it keeps the empirical distribution of each
/// of the R windows of a review cycle, so R times the history's length may not exceed this
/// (about 64 MB). Continuous and daily review hold two windows whatever the history's length.
pub const MAX_HISTORY_WINDOW_VALUES: usize = 1_000_000;

/// Longest horizon of a lot-sizing problem ([`LotSizing`](crate::LotSizing)): Wagner–Whitin
/// and Silver–Meal are O(T²) in the number of periods T.
pub const MAX_LOT_SIZING_PERIODS: usize = 10_000;

/// Poisson mean at and below which Poisson probabilities are tabulated exactly, on a window of
/// mean ± 13 sd (+40) where all but 1e-30 of the mass lies: O(√mean) memory, about 6 MB at the
/// threshold. Above it [`PoissonDemand`](crate::PoissonDemand) and the Poisson models use the
/// normal approximation with continuity correction, P(X ≤ k) ≈ Φ((k + ½ − μ)/σ) and
/// E[(X − k)⁺] ≈ σ·G((k − μ)/σ) (G the standard normal loss function), in O(1) memory and time.
/// At the threshold the two agree to within 7e-6 in every probability, 4e-6 standard
/// deviations in every loss (5e-4 relative where the loss exceeds 0.001 sd), and two units
/// (2e-8 relative) in every quantile: the normal approximation misses the Poisson's skewness
/// shift (z² − 1)/6, which does not shrink with the mean.
pub const POISSON_NORMAL_MEAN: f64 = 1e8;

/// Largest Poisson mean accepted anywhere (per period, or over a lead time): beyond it integer
/// demand is no longer exactly representable alongside its spread. Use normal demand instead.
pub const MAX_POISSON_MEAN: f64 = 1e15;

/// Most order quantities the exact integer (r, Q) search of
/// [`RqPoisson::optimize`](crate::RqPoisson::optimize) may visit, and the largest Q
/// [`RqPoisson::cost`](crate::RqPoisson::cost) and [`RqPoisson::service`](crate::RqPoisson::service)
/// sum over. The search needs about as many steps as the optimal Q (about half a second at the
/// limit), which is estimated before the search starts (the larger of the EOQ with planned
/// backorders and the normal-demand optimum); the search also stops with the same error if it
/// reaches the limit anyway.
pub const MAX_RQ_POISSON_QUANTITY: u64 = 5_000_000;

/// Largest S − s the exact (s, S) search of [`SsModel`](crate::SsModel) explores (its work grows
/// with the square of the span). The span of the optimum is about the EOQ with planned
/// backorders, which is checked before the search starts; the power approximation
/// ([`ss_power_approximation`](crate::ss_power_approximation)) has no limit.
pub const MAX_SS_SPAN: usize = 10_000;

/// Most inventory states times periods the finite-horizon dynamic program
/// ([`FiniteHorizon`](crate::FiniteHorizon)) may hold (its policy table has one entry per state
/// and period: 80 MB at the limit).
pub const MAX_FINITE_HORIZON_STATES: u64 = 10_000_000;

/// Most state × demand-point evaluations, summed over periods, the finite-horizon dynamic
/// program may do in one pass: about half a second (its state range may be widened and the pass
/// repeated when costs still fall at the top of the range; each pass is checked again).
pub const MAX_FINITE_HORIZON_WORK: u64 = 500_000_000;
