//! One module per subcommand.

pub(crate) mod describe;
pub(crate) mod forecast;
pub(crate) mod inventory;
pub(crate) mod plan;
pub(crate) mod recommend;
pub(crate) mod saved;
pub(crate) mod warehouses;

use std::ops::RangeInclusive;

/// Parses a `LO..HI` range of counts (`--k-range 2..10`, `--site-range 1..6`; `LO..=HI` too).
pub(crate) fn parse_range(s: &str) -> Result<RangeInclusive<usize>, String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("{s:?}: expected LO..HI, e.g. 2..10"))?;
    let parse = |t: &str| {
        t.trim_start_matches('=')
            .trim()
            .parse::<usize>()
            .map_err(|_| format!("{t:?} is not a whole number"))
    };
    let (lo, hi) = (parse(a)?, parse(b)?);
    if lo == 0 || lo > hi {
        return Err(format!("{s:?}: need 1 <= LO <= HI"));
    }
    Ok(lo..=hi)
}
