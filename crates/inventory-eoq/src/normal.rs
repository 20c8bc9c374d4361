//! The standard normal distribution at full double precision: density, distribution function,
//! survival function and quantile.
//!
//! The quantile is Wichura's algorithm AS 241 (PPND16, *Applied Statistics* 37, 1988), accurate to
//! about 1e-16 relative, so safety factors agree with `scipy.stats.norm.ppf` to the last digits.
//!
//! ```
//! use inventory_eoq::normal;
//! let z = normal::quantile(0.95)?;
//! assert!((z - 1.6448536269514722).abs() < 1e-14);
//! assert!((normal::cdf(z) - 0.95).abs() < 1e-15);
//! assert!(normal::quantile(1.0).is_err());
//! # Ok::<(), inventory_eoq::InventoryError>(())
//! ```

use std::f64::consts::FRAC_1_SQRT_2;

use statrs::function::erf::erfc;

use crate::error::Result;
use crate::validate;

/// 1 / sqrt(2 pi).
const INV_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

/// Density φ(z).
pub fn pdf(z: f64) -> f64 {
    INV_SQRT_2PI * (-0.5 * z * z).exp()
}

/// Distribution function Φ(z).
pub fn cdf(z: f64) -> f64 {
    // erfc keeps full relative precision in the lower tail, where 1 - Φ(-z) would not.
    0.5 * erfc(-z * FRAC_1_SQRT_2)
}

/// Survival function 1 − Φ(z), accurate in the upper tail.
pub fn sf(z: f64) -> f64 {
    0.5 * erfc(z * FRAC_1_SQRT_2)
}

/// Quantile Φ⁻¹(p) for p in (0, 1); other values give
/// [`InventoryError::ProbabilityOutOfRange`](crate::InventoryError::ProbabilityOutOfRange).
pub fn quantile(p: f64) -> Result<f64> {
    validate::probability("probability", p)?;
    Ok(quantile_unchecked(p))
}

/// Φ⁻¹(p) for p already known to be in (0, 1).
pub(crate) fn quantile_unchecked(p: f64) -> f64 {
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = (-r.ln()).sqrt();
    let x = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -x } else { x }
}

/// Horner evaluation of c[0] + c[1] x + ... + c[7] x^7.
fn poly(c: &[f64; 8], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * x + ci)
}

// AS 241 coefficients (Wichura 1988). The leading 1.0 of each denominator is stored explicitly.
const A: [f64; 8] = [
    3.387_132_872_796_366_608,
    133.141_667_891_784_377_45,
    1_971.590_950_306_551_442_7,
    13_731.693_765_509_461_125,
    45_921.953_931_549_871_457,
    67_265.770_927_008_700_853,
    33_430.575_583_588_128_105,
    2_509.080_928_730_122_672_7,
];
const B: [f64; 8] = [
    1.0,
    42.313_330_701_600_911_252,
    687.187_007_492_057_908_3,
    5_394.196_021_424_751_107_7,
    21_213.794_301_586_595_867,
    39_307.895_800_092_710_61,
    28_729.085_735_721_942_674,
    5_226.495_278_852_854_561,
];
const C: [f64; 8] = [
    1.423_437_110_749_683_577_34,
    4.630_337_846_156_545_295_9,
    5.769_497_221_460_691_405_5,
    3.647_848_324_763_204_605_04,
    1.270_458_252_452_368_382_58,
    0.241_780_725_177_450_611_77,
    0.022_723_844_989_269_184_583_3,
    7.745_450_142_783_414_076_4e-4,
];
const D: [f64; 8] = [
    1.0,
    2.053_191_626_637_758_821_87,
    1.676_384_830_183_803_849_4,
    0.689_767_334_985_100_004_55,
    0.148_103_976_427_480_074_59,
    0.015_198_666_563_616_457_196_6,
    5.475_938_084_995_344_946e-4,
    1.050_750_071_644_416_843_24e-9,
];
const E: [f64; 8] = [
    6.657_904_643_501_103_777_2,
    5.463_784_911_164_114_369_9,
    1.784_826_539_917_291_335_8,
    0.296_560_571_828_504_891_23,
    0.026_532_189_526_576_123_093,
    0.001_242_660_947_388_078_438_6,
    2.711_555_568_743_487_578_15e-5,
    2.010_334_399_292_288_132_65e-7,
];
const F: [f64; 8] = [
    1.0,
    0.599_832_206_555_887_937_69,
    0.136_929_880_922_735_805_31,
    0.014_875_361_290_850_614_852_5,
    7.868_691_311_456_132_591e-4,
    1.846_318_317_510_054_681_8e-5,
    1.421_511_758_316_445_888_7e-7,
    2.044_263_103_389_939_785_64e-15,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_matches_scipy() {
        // scipy.stats.norm.ppf values (scipy 1.17).
        let cases = [
            (0.5, 0.0),
            (0.9, 1.2815515655446004),
            (0.975, 1.959963984540054),
            (0.999, 3.090232306167813),
            (0.05, -1.6448536269514729),
            (1e-10, -6.361340902404056),
            (0.7954545454545455, 0.8254944909292361),
            (1.0 - 1e-12, 7.0344869100478356),
        ];
        for (p, z) in cases {
            let got = quantile(p).unwrap();
            assert!(
                (got - z).abs() <= 1e-14 * z.abs().max(1.0),
                "p={p}: {got} vs {z}"
            );
        }
    }

    #[test]
    fn quantile_inverts_cdf() {
        for i in 1..1000 {
            let p = i as f64 / 1000.0;
            let z = quantile(p).unwrap();
            assert!((cdf(z) - p).abs() < 4e-16 * p.max(1.0 - p) + 1e-17);
        }
        assert!((1.0 / (2.0 * std::f64::consts::PI).sqrt() - INV_SQRT_2PI).abs() < 1e-16);
    }
}
