//! scikit-learn's `make_blobs` reproduced bit for bit, for tests and benches: numpy's legacy
//! `RandomState` (MT19937, 53-bit doubles, polar Box–Muller with a cached second deviate, and
//! the masked-rejection bounded integers of its Fisher–Yates shuffle).
//!
//! The fixture `blobs_100k_16d_20c` is `make_blobs(100000, 16, centers=20, cluster_std=1.0,
//! random_state=7)` rounded to f32; regenerating it here keeps a 6.4 MB binary out of the
//! repository, and the test `blobs_generator_matches_fixture_checksum` pins it down.
#![allow(dead_code)]

/// numpy's legacy `RandomState` generator.
pub(crate) struct NumpyRandomState {
    mt: [u32; 624],
    pos: usize,
    gauss: Option<f64>,
}

impl NumpyRandomState {
    /// `np.random.RandomState(seed)` for a seed below 2³².
    pub(crate) fn new(seed: u32) -> Self {
        let mut mt = [0u32; 624];
        mt[0] = seed;
        for i in 1..624 {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        Self {
            mt,
            pos: 624,
            gauss: None,
        }
    }

    fn refill(&mut self) {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const A: u32 = 0x9908_b0df;
        for i in 0..624 {
            let y = (self.mt[i] & UPPER) | (self.mt[(i + 1) % 624] & LOWER);
            self.mt[i] = self.mt[(i + 397) % 624] ^ (y >> 1) ^ if y & 1 == 1 { A } else { 0 };
        }
        self.pos = 0;
    }

    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.pos >= 624 {
            self.refill();
        }
        let mut y = self.mt[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random_sample()`: 53-bit double in [0, 1).
    pub(crate) fn next_double(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// `standard_normal()` by the legacy polar method.
    pub(crate) fn gauss(&mut self) -> f64 {
        if let Some(g) = self.gauss.take() {
            return g;
        }
        loop {
            let x1 = 2.0 * self.next_double() - 1.0;
            let x2 = 2.0 * self.next_double() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * r2.ln() / r2).sqrt();
                self.gauss = Some(f * x1);
                return f * x2;
            }
        }
    }

    /// Uniform integer in [0, max] by masked rejection (numpy's `random_interval`).
    pub(crate) fn interval(&mut self, max: u32) -> u32 {
        if max == 0 {
            return 0;
        }
        let mut mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        loop {
            let v = self.next_u32() & mask;
            if v <= max {
                return v;
            }
        }
    }
}

/// `make_blobs(n, d, centers=c, cluster_std=1.0, center_box=(-10, 10), shuffle=True,
/// random_state=seed)`, row-major; with `round_f32` every value is rounded to f32 and widened
/// back, as the fixtures were.
pub(crate) fn make_blobs(
    n: usize,
    d: usize,
    centers: usize,
    seed: u32,
    round_f32: bool,
) -> Vec<f64> {
    let mut rs = NumpyRandomState::new(seed);
    let box_centres: Vec<f64> = (0..centers * d)
        .map(|_| -10.0 + 20.0 * rs.next_double())
        .collect();
    let mut per = vec![n / centers; centers];
    for p in per.iter_mut().take(n % centers) {
        *p += 1;
    }
    let mut x = Vec::with_capacity(n * d);
    for (c, &m) in per.iter().enumerate() {
        for _ in 0..m {
            for t in 0..d {
                x.push(box_centres[c * d + t] + rs.gauss());
            }
        }
    }
    let mut idx: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rs.interval(i as u32) as usize;
        idx.swap(i, j);
    }
    let mut out = Vec::with_capacity(n * d);
    for &i in &idx {
        for &v in &x[i * d..(i + 1) * d] {
            out.push(if round_f32 { v as f32 as f64 } else { v });
        }
    }
    out
}

/// FNV-1a over the f64 bit patterns: a cheap fingerprint to pin generated data.
pub(crate) fn fingerprint(x: &[f64]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in x {
        for b in v.to_bits().to_le_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Order-sensitive XOR fingerprint of the f64 bit patterns, cheap in numpy too:
/// `xor_i (bits_i ^ (i * 0x9E3779B97F4A7C15))` with wrapping multiplication. Printed by both
/// sides of the benchmark comparison to prove they clustered the same numbers.
pub(crate) fn xor_fingerprint(x: &[f64]) -> u64 {
    x.iter().enumerate().fold(0u64, |acc, (i, v)| {
        acc ^ (v.to_bits() ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    })
}
