//! Seeded random streams: one independent ChaCha stream per (seed, task), so restarts draw the
//! same numbers whether they run one after another or in parallel.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The generator for task `task` (a restart index, a k value, ...) under `seed`.
pub(crate) fn stream(seed: u64, task: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(task);
    rng
}
