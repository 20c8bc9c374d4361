//! Random demand for simulation, drawn from a seeded ChaCha stream.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal, Poisson};
use serde::{Deserialize, Serialize};

use crate::demand::poisson_mean;
use crate::error::{InventoryError, Result};
use crate::validate;

/// How per-period demand is generated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DemandProcess {
    /// Normal, truncated at zero (as stockpyl's simulator does).
    Normal {
        /// Mean per period.
        mean: f64,
        /// Standard deviation per period.
        sd: f64,
    },
    /// Poisson.
    Poisson {
        /// Mean per period.
        mean: f64,
    },
    /// Bootstrap: each period's demand is drawn uniformly from the history (which keeps its
    /// zeros and its spread, but not its autocorrelation).
    Empirical(Vec<f64>),
}

impl DemandProcess {
    /// Errors unless the parameters are valid (positive mean and sd, a Poisson mean at most
    /// [`MAX_POISSON_MEAN`](crate::limits::MAX_POISSON_MEAN), a non-empty history of
    /// non-negative values, an offender named by its index).
    pub fn validate(&self) -> Result<()> {
        match self {
            DemandProcess::Normal { mean, sd } => {
                validate::positive("demand mean", *mean)?;
                validate::positive("demand sd", *sd)?;
            }
            DemandProcess::Poisson { mean } => {
                poisson_mean("Poisson demand mean", *mean)?;
            }
            DemandProcess::Empirical(h) => validate::non_negative_slice("demand history", h)?,
        }
        Ok(())
    }

    /// A generator on stream `stream` of seed `seed`: the same (seed, stream) always yields the
    /// same demands, and different streams are independent.
    pub fn sampler(&self, seed: u64, stream: u64) -> Result<DemandSampler<'_>> {
        self.validate()?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        let kind = match self {
            DemandProcess::Normal { mean, sd } => {
                Kind::Normal(Normal::new(*mean, *sd).map_err(bad)?)
            }
            DemandProcess::Poisson { mean } => Kind::Poisson(Poisson::new(*mean).map_err(bad)?),
            DemandProcess::Empirical(h) => Kind::Empirical(h),
        };
        Ok(DemandSampler { rng, kind })
    }

    /// `periods` demands from stream 0 of `seed`.
    ///
    /// ```
    /// use inventory_eoq::DemandProcess;
    /// let d = DemandProcess::Poisson { mean: 4.0 };
    /// assert_eq!(d.sample(5, 7)?, d.sample(5, 7)?);
    /// assert!(DemandProcess::Normal { mean: 10.0, sd: -1.0 }.sample(5, 7).is_err());
    /// # Ok::<(), inventory_eoq::InventoryError>(())
    /// ```
    ///
    /// At most [`MAX_SIMULATION_PERIODS`](crate::limits::MAX_SIMULATION_PERIODS) periods.
    pub fn sample(&self, periods: usize, seed: u64) -> Result<Vec<f64>> {
        validate::at_most(
            "sampled periods",
            periods as f64,
            crate::limits::MAX_SIMULATION_PERIODS as f64,
            "sample fewer periods at a time (a sampler is an endless iterator)",
        )?;
        Ok(self.sampler(seed, 0)?.take(periods).collect())
    }
}

fn bad(e: impl std::fmt::Display) -> InventoryError {
    InventoryError::InvalidParameter {
        name: "demand process",
        reason: e.to_string(),
    }
}

#[derive(Debug, Clone)]
enum Kind<'a> {
    Normal(Normal<f64>),
    Poisson(Poisson<f64>),
    Empirical(&'a [f64]),
}

/// An endless iterator of demands.
#[derive(Debug, Clone)]
pub struct DemandSampler<'a> {
    rng: ChaCha8Rng,
    kind: Kind<'a>,
}

impl Iterator for DemandSampler<'_> {
    type Item = f64;

    #[inline]
    fn next(&mut self) -> Option<f64> {
        Some(match &self.kind {
            Kind::Normal(n) => n.sample(&mut self.rng).max(0.0),
            Kind::Poisson(p) => p.sample(&mut self.rng),
            Kind::Empirical(h) => h[self.rng.random_range(0..h.len())],
        })
    }
}
