//! Choosing k from the data: the inertia curve (elbow) and the silhouette.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use ecom_core::PointSet;

use crate::error::{KMeansError, Result, bad_field, invalid};
use crate::geo_model::GeoModel;
use crate::kmeans::KMeans;
use crate::saved::{check_count, check_values};
use crate::silhouette::{SilhouetteOptions, silhouette_score};

/// Scores of one k.
///
/// Serde: loading checks `k >= 1`, a finite non-negative inertia and a silhouette in [-1, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "KScoreRepr")]
pub struct KScore {
    /// Number of clusters.
    pub k: usize,
    /// Best inertia over the specification's restarts.
    pub inertia: f64,
    /// Mean silhouette of that clustering (`None` for k = 1 or when not asked for).
    pub silhouette: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KScoreRepr {
    k: usize,
    #[serde(deserialize_with = "crate::saved::float")]
    inertia: f64,
    silhouette: Option<f64>,
}

impl TryFrom<KScoreRepr> for KScore {
    type Error = KMeansError;
    fn try_from(r: KScoreRepr) -> Result<Self> {
        check_count("k", r.k, 1, usize::MAX)?;
        check_values("inertia", &[r.inertia], 0.0)?;
        if let Some(s) = r.silhouette {
            check_values("silhouette", &[s], -1.0)?;
            if s > 1.0 {
                return Err(bad_field("silhouette", format!("{s} is above 1")));
            }
        }
        Ok(Self {
            k: r.k,
            inertia: r.inertia,
            silhouette: r.silhouette,
        })
    }
}

/// Inertia (and optionally silhouette) for a range of k.
///
/// Serde: loading checks each score (as [`KScore`]'s saved form) and k strictly ascending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "KCurveRepr")]
pub struct KCurve {
    /// One entry per k, ascending.
    pub scores: Vec<KScore>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KCurveRepr {
    scores: Vec<KScore>,
}

impl TryFrom<KCurveRepr> for KCurve {
    type Error = KMeansError;
    fn try_from(r: KCurveRepr) -> Result<Self> {
        if let Some(i) = r.scores.windows(2).position(|w| w[0].k >= w[1].k) {
            return Err(bad_field(
                "scores",
                format!("k is not ascending at entry {}", i + 1),
            ));
        }
        Ok(Self { scores: r.scores })
    }
}

impl KCurve {
    /// Fits `spec` (its `k` replaced) for every k in `ks`; with `silhouette`, also scores each
    /// clustering with k ≥ 2 by [`silhouette_score`].
    ///
    /// ```
    /// use ecom_core::PointSet;
    /// use logistics_kmeans::{KCurve, KMeans, SilhouetteOptions};
    /// // Three tight groups at the corners of an equilateral triangle.
    /// let mut rows = Vec::new();
    /// for (x, y) in [(0.0, 0.0), (10.0, 0.0), (5.0, 8.66)] {
    ///     rows.extend([[x, y], [x + 0.1, y], [x, y + 0.1]]);
    /// }
    /// let pts = PointSet::from_rows(&rows)?;
    /// let curve = KCurve::fit(&KMeans::new(1).n_init(5), &pts, 1..=5, Some(SilhouetteOptions::exact()))?;
    /// assert_eq!(curve.best_silhouette_k(), Some(3));
    /// assert_eq!(curve.elbow_k(), Some(3));
    /// # Ok::<(), logistics_kmeans::KMeansError>(())
    /// ```
    ///
    /// The range is checked first ([`KMeans::check_k_range`]): a range reaching beyond the
    /// number of distinct points fails at once, before any k is fitted.
    ///
    /// # Errors
    /// [`KMeansError::InvalidParameter`](crate::KMeansError::InvalidParameter) for an empty
    /// range or k = 0; [`KMeansError::TooFewDistinctPoints`](crate::KMeansError::TooFewDistinctPoints)
    /// for a range beyond the distinct points; the errors of [`KMeans::fit`] and
    /// [`silhouette_score`].
    pub fn fit(
        spec: &KMeans,
        points: &PointSet,
        ks: RangeInclusive<usize>,
        silhouette: Option<SilhouetteOptions>,
    ) -> Result<Self> {
        spec.check_k_range(points, &ks)?;
        if *ks.end() >= 2 && silhouette.is_some_and(|o| o.sample_size.is_some_and(|m| m < 2)) {
            return Err(invalid("sample_size", "at least 2 points are needed"));
        }
        let mut scores = Vec::new();
        for k in ks {
            let mut s = spec.clone();
            s.k = k;
            let model = s.fit(points)?;
            let sil = match silhouette {
                Some(opt) if k >= 2 => Some(silhouette_score(points, model.labels(), opt)?),
                _ => None,
            };
            scores.push(KScore {
                k,
                inertia: model.inertia(),
                silhouette: sil,
            });
        }
        Ok(Self { scores })
    }

    /// The curve of fitted geographic placements, one per k: each k's "inertia" is its
    /// demand-weighted great-circle distance (`Σ weight x km`, [`GeoModel::weighted_sum_km`]),
    /// the cost whose elbow [`elbow_k`](Self::elbow_k) finds. Models are sorted by k.
    pub fn from_geo_models(models: &[GeoModel]) -> Self {
        let mut scores: Vec<KScore> = models
            .iter()
            .map(|m| KScore {
                k: m.k(),
                inertia: m.weighted_sum_km(),
                silhouette: None,
            })
            .collect();
        scores.sort_by_key(|s| s.k);
        Self { scores }
    }

    /// The k with the highest silhouette (the smallest such k on ties).
    pub fn best_silhouette_k(&self) -> Option<usize> {
        self.scores
            .iter()
            .filter_map(|s| s.silhouette.map(|v| (s.k, v)))
            .fold(None, |best: Option<(usize, f64)>, (k, v)| match best {
                Some((_, bv)) if bv >= v => best,
                _ => Some((k, v)),
            })
            .map(|(k, _)| k)
    }

    /// The elbow of the inertia curve: the k farthest below the straight line joining the first
    /// and last points once both axes are scaled to [0, 1] (the "Kneedle" idea). `None` with
    /// fewer than three k or a flat curve.
    pub fn elbow_k(&self) -> Option<usize> {
        let (first, last) = (self.scores.first()?, self.scores.last()?);
        if self.scores.len() < 3 {
            return None;
        }
        let (k0, k1) = (first.k as f64, last.k as f64);
        let hi = self
            .scores
            .iter()
            .map(|s| s.inertia)
            .fold(f64::NEG_INFINITY, f64::max);
        let lo = self
            .scores
            .iter()
            .map(|s| s.inertia)
            .fold(f64::INFINITY, f64::min);
        if hi <= lo {
            return None;
        }
        let y = |v: f64| (v - lo) / (hi - lo);
        let (y0, y1) = (y(first.inertia), y(last.inertia));
        self.scores
            .iter()
            .map(|s| {
                let t = (s.k as f64 - k0) / (k1 - k0);
                (s.k, y0 + t * (y1 - y0) - y(s.inertia))
            })
            .fold(None, |best: Option<(usize, f64)>, (k, gap)| match best {
                Some((_, g)) if g >= gap => best,
                _ => Some((k, gap)),
            })
            .filter(|&(_, gap)| gap > 0.0)
            .map(|(k, _)| k)
    }
}
