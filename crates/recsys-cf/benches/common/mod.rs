//! Deterministic synthetic ratings for the benches (a 64-bit LCG: fixed workload, no RNG crate).

use ecom_core::{DuplicatePolicy, Feedback, Ratings};

/// About `per_user` ratings (1 to 5) for each of `n_users` users over `n_items` items, item
/// popularity skewed like real catalogues (a few items get most ratings).
pub(crate) fn synthetic(n_users: usize, n_items: usize, per_user: usize, seed: u64) -> Ratings {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        x >> 33
    };
    let mut t: Vec<(String, String, f64)> = Vec::with_capacity(n_users * per_user);
    for u in 0..n_users {
        for _ in 0..per_user {
            // squaring a uniform draw skews towards low item numbers
            let r = (next() % 10_000) as f64 / 10_000.0;
            let i = ((r * r) * n_items as f64) as usize;
            let rating = (next() % 5 + 1) as f64;
            t.push((format!("u{u}"), format!("i{i}"), rating));
        }
    }
    Ratings::from_triplets(
        Feedback::explicit(1.0, 5.0).expect("valid scale"),
        DuplicatePolicy::KeepLast,
        t.iter().map(|(u, i, r)| (u.as_str(), i.as_str(), *r)),
    )
    .expect("valid synthetic ratings")
}
