//! The sparse user x item store and its builder.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{Csr, IdMap};
use crate::error::{CoreError, Result};

/// The closed range explicit ratings must lie in, e.g. 1 to 5 stars.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "(f64, f64)", into = "(f64, f64)")]
pub struct RatingScale {
    min: f64,
    max: f64,
}

impl RatingScale {
    /// A scale from `min` to `max` inclusive.
    ///
    /// # Errors
    /// [`CoreError::InvalidParameter`] unless `min < max` and both are finite and within
    /// ±[`MAX_ABS_VALUE`](crate::MAX_ABS_VALUE).
    pub fn new(min: f64, max: f64) -> Result<Self> {
        let bounded = |x: f64| x.abs() <= crate::MAX_ABS_VALUE;
        if !(bounded(min) && bounded(max) && min < max) {
            return Err(CoreError::InvalidParameter {
                name: "rating scale",
                reason: format!(
                    "need finite min < max within ±{:e}, got [{min}, {max}]",
                    crate::MAX_ABS_VALUE
                ),
            });
        }
        Ok(Self { min, max })
    }

    /// Lowest allowed rating.
    pub fn min(self) -> f64 {
        self.min
    }

    /// Highest allowed rating.
    pub fn max(self) -> f64 {
        self.max
    }

    /// `x` clipped into the scale.
    pub fn clip(self, x: f64) -> f64 {
        x.clamp(self.min, self.max)
    }

    /// `true` when `x` lies in the scale.
    pub fn contains(self, x: f64) -> bool {
        (self.min..=self.max).contains(&x)
    }
}

impl TryFrom<(f64, f64)> for RatingScale {
    type Error = CoreError;
    fn try_from((min, max): (f64, f64)) -> Result<Self> {
        Self::new(min, max)
    }
}

impl From<RatingScale> for (f64, f64) {
    fn from(s: RatingScale) -> Self {
        (s.min, s.max)
    }
}

/// What the stored values mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Feedback {
    /// Ratings a user gave on a declared scale (stars). Values outside the scale are rejected.
    Explicit {
        /// The allowed range.
        scale: RatingScale,
    },
    /// Interactions a user had (views, clicks, purchases): a count or strength, always > 0.
    /// Binary data is the special case where every value is 1.
    Implicit,
}

impl Feedback {
    /// Explicit ratings on `[min, max]`.
    ///
    /// # Errors
    /// As [`RatingScale::new`].
    pub fn explicit(min: f64, max: f64) -> Result<Self> {
        Ok(Feedback::Explicit {
            scale: RatingScale::new(min, max)?,
        })
    }

    /// The rating scale of explicit feedback.
    pub fn scale(self) -> Option<RatingScale> {
        match self {
            Feedback::Explicit { scale } => Some(scale),
            Feedback::Implicit => None,
        }
    }

    fn check(self, value: f64, index: usize) -> Result<()> {
        let ok = match self {
            Feedback::Explicit { scale } => scale.contains(value),
            Feedback::Implicit => value > 0.0,
        };
        if !crate::within_limits(value) {
            return Err(crate::error::value_error("ratings", index, value));
        }
        if ok {
            return Ok(());
        }
        Err(CoreError::ValueOutOfRange {
            value,
            index,
            allowed: match self {
                Feedback::Explicit { scale } => {
                    format!("the rating scale [{}, {}]", scale.min, scale.max)
                }
                Feedback::Implicit => "(0, inf) for implicit feedback".into(),
            },
        })
    }
}

/// What to do when the same (user, item) pair is added twice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicatePolicy {
    /// Fail with [`CoreError::DuplicatePair`] (the default: a duplicate usually means a data bug).
    #[default]
    Reject,
    /// The later value (and timestamp) replaces the earlier one, which keeps its position in
    /// the entry order: a re-rating updates the rating.
    KeepLast,
    /// Values add up and the latest timestamp is kept, at the earlier entry's position: several
    /// purchases of one product become one interaction with their total count. Implicit feedback
    /// only; with explicit ratings a duplicate is an error.
    Sum,
}

/// One stored interaction, by dense indices.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Dense user index.
    pub user: u32,
    /// Dense item index.
    pub item: u32,
    /// Rating or interaction strength.
    pub value: f64,
    /// Optional timestamp (for example seconds since the Unix epoch).
    pub timestamp: Option<i64>,
}

/// Incrementally collects (user, item, value[, timestamp]) triplets into a [`Ratings`] store.
///
/// Each value is validated as it is pushed, so a loader can report the offending line.
///
/// ```
/// use ecom_core::{DuplicatePolicy, Feedback, RatingsBuilder};
/// let mut b = RatingsBuilder::new(Feedback::explicit(1.0, 5.0)?).duplicates(DuplicatePolicy::KeepLast);
/// b.push("alice", "tea", 4.0)?;
/// b.push("bob", "tea", 2.0)?;
/// b.push("alice", "tea", 5.0)?; // re-rating: keeps 5
/// assert!(b.push("bob", "cake", 6.0).is_err()); // outside the scale
/// let r = b.build()?;
/// assert_eq!((r.n_users(), r.n_items(), r.len()), (2, 1, 2));
/// assert_eq!(r.get("alice", "tea"), Some(5.0));
/// # Ok::<(), ecom_core::CoreError>(())
/// ```
#[derive(Debug, Clone)]
pub struct RatingsBuilder {
    feedback: Feedback,
    duplicates: DuplicatePolicy,
    users: IdMap,
    items: IdMap,
    user_idx: Vec<u32>,
    item_idx: Vec<u32>,
    values: Vec<f64>,
    timestamps: Vec<i64>,
    with_timestamps: Option<bool>,
    seen: HashMap<(u32, u32), usize>,
    pushed: usize,
}

impl RatingsBuilder {
    /// An empty builder for `feedback`, rejecting duplicate pairs.
    pub fn new(feedback: Feedback) -> Self {
        Self {
            feedback,
            duplicates: DuplicatePolicy::Reject,
            users: IdMap::default(),
            items: IdMap::default(),
            user_idx: Vec::new(),
            item_idx: Vec::new(),
            values: Vec::new(),
            timestamps: Vec::new(),
            with_timestamps: None,
            seen: HashMap::new(),
            pushed: 0,
        }
    }

    /// Sets the rule for repeated (user, item) pairs.
    pub fn duplicates(mut self, policy: DuplicatePolicy) -> Self {
        self.duplicates = policy;
        self
    }

    /// Adds an entry without a timestamp.
    ///
    /// # Errors
    /// Non-finite or out-of-scale values, a duplicate under [`DuplicatePolicy::Reject`] (or any
    /// duplicate of explicit ratings under `Sum`), and mixing entries with and without timestamps.
    pub fn push(&mut self, user: &str, item: &str, value: f64) -> Result<()> {
        self.push_entry(user, item, value, None)
    }

    /// Adds an entry with a timestamp. Errors as [`push`](Self::push).
    pub fn push_with_timestamp(
        &mut self,
        user: &str,
        item: &str,
        value: f64,
        timestamp: i64,
    ) -> Result<()> {
        self.push_entry(user, item, value, Some(timestamp))
    }

    /// Number of entries pushed so far (duplicates included).
    pub fn pushed(&self) -> usize {
        self.pushed
    }

    fn push_entry(&mut self, user: &str, item: &str, value: f64, ts: Option<i64>) -> Result<()> {
        let index = self.pushed;
        self.feedback.check(value, index)?;
        match self.with_timestamps {
            None => self.with_timestamps = Some(ts.is_some()),
            Some(has) if has != ts.is_some() => {
                return Err(CoreError::InvalidParameter {
                    name: "timestamp",
                    reason: format!(
                        "entry {index} {} a timestamp but earlier entries {}",
                        if ts.is_some() { "has" } else { "lacks" },
                        if has { "have one" } else { "do not" }
                    ),
                });
            }
            Some(_) => {}
        }
        let u = self.users.get_or_insert(user);
        let i = self.items.get_or_insert(item);
        if let Some(&prev) = self.seen.get(&(u, i)) {
            match (self.duplicates, self.feedback) {
                (DuplicatePolicy::KeepLast, _) => {
                    self.values[prev] = value;
                    if let Some(t) = ts {
                        self.timestamps[prev] = t;
                    }
                }
                (DuplicatePolicy::Sum, Feedback::Implicit) => {
                    let sum = self.values[prev] + value;
                    if sum > crate::MAX_ABS_VALUE {
                        return Err(crate::error::value_error("summed interactions", index, sum));
                    }
                    self.values[prev] = sum;
                    if let Some(t) = ts {
                        self.timestamps[prev] = self.timestamps[prev].max(t);
                    }
                }
                (DuplicatePolicy::Reject | DuplicatePolicy::Sum, _) => {
                    return Err(CoreError::DuplicatePair {
                        user: user.to_owned(),
                        item: item.to_owned(),
                        index,
                    });
                }
            }
        } else {
            self.seen.insert((u, i), self.values.len());
            self.user_idx.push(u);
            self.item_idx.push(i);
            self.values.push(value);
            if let Some(t) = ts {
                self.timestamps.push(t);
            }
        }
        self.pushed += 1;
        Ok(())
    }

    /// Finishes the store, building both compressed forms.
    ///
    /// # Errors
    /// [`CoreError::Empty`] when nothing was pushed.
    pub fn build(self) -> Result<Ratings> {
        if self.values.is_empty() {
            return Err(CoreError::Empty { what: "ratings" });
        }
        let timestamps = self
            .with_timestamps
            .unwrap_or(false)
            .then_some(self.timestamps);
        Ok(Ratings::assemble(
            self.feedback,
            self.users,
            self.items,
            self.user_idx,
            self.item_idx,
            self.values,
            timestamps,
        ))
    }
}

/// A validated sparse user x item matrix of ratings or interactions.
///
/// Holds the entries in input order (a coordinate list), the same matrix compressed by user
/// (CSR: [`by_user`](Self::by_user)) and by item (CSC: [`by_item`](Self::by_item)), and the
/// string-id maps in both directions. Dense indices follow first appearance in the input.
///
/// Memory: about 40 bytes per entry (coordinates, values and two compressed copies) plus the
/// id strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RatingsRepr", into = "RatingsRepr")]
pub struct Ratings {
    feedback: Feedback,
    users: IdMap,
    items: IdMap,
    user_idx: Vec<u32>,
    item_idx: Vec<u32>,
    values: Vec<f64>,
    timestamps: Option<Vec<i64>>,
    by_user: Csr,
    by_item: Csr,
}

impl Ratings {
    fn assemble(
        feedback: Feedback,
        users: IdMap,
        items: IdMap,
        user_idx: Vec<u32>,
        item_idx: Vec<u32>,
        values: Vec<f64>,
        timestamps: Option<Vec<i64>>,
    ) -> Self {
        let by_user = Csr::from_triplets(users.len(), &user_idx, &item_idx, &values);
        let by_item = Csr::from_triplets(items.len(), &item_idx, &user_idx, &values);
        Self {
            feedback,
            users,
            items,
            user_idx,
            item_idx,
            values,
            timestamps,
            by_user,
            by_item,
        }
    }

    /// Builds a store from `(user, item, value)` triplets in one call.
    ///
    /// # Errors
    /// As [`RatingsBuilder::push`] and [`RatingsBuilder::build`].
    pub fn from_triplets<'a, I>(
        feedback: Feedback,
        duplicates: DuplicatePolicy,
        triplets: I,
    ) -> Result<Self>
    where
        I: IntoIterator<Item = (&'a str, &'a str, f64)>,
    {
        let mut b = RatingsBuilder::new(feedback).duplicates(duplicates);
        for (u, i, v) in triplets {
            b.push(u, i, v)?;
        }
        b.build()
    }

    /// What the values mean.
    pub fn feedback(&self) -> Feedback {
        self.feedback
    }

    /// Number of distinct users.
    pub fn n_users(&self) -> usize {
        self.users.len()
    }

    /// Number of distinct items.
    pub fn n_items(&self) -> usize {
        self.items.len()
    }

    /// Number of stored (user, item) entries.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Always `false`: an empty store cannot be built.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// User id map.
    pub fn users(&self) -> &IdMap {
        &self.users
    }

    /// Item id map.
    pub fn items(&self) -> &IdMap {
        &self.items
    }

    /// Dense index of a raw user id.
    pub fn user_index(&self, user: &str) -> Option<u32> {
        self.users.index(user)
    }

    /// Dense index of a raw item id.
    pub fn item_index(&self, item: &str) -> Option<u32> {
        self.items.index(item)
    }

    /// User index of every entry, in input order.
    pub fn user_indices(&self) -> &[u32] {
        &self.user_idx
    }

    /// Item index of every entry, in input order.
    pub fn item_indices(&self) -> &[u32] {
        &self.item_idx
    }

    /// Value of every entry, in input order.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Timestamp of every entry, in input order, when the input had them.
    pub fn timestamps(&self) -> Option<&[i64]> {
        self.timestamps.as_deref()
    }

    /// Entry `e` in input order.
    ///
    /// # Panics
    /// If `e >= self.len()`.
    pub fn entry(&self, e: usize) -> Entry {
        Entry {
            user: self.user_idx[e],
            item: self.item_idx[e],
            value: self.values[e],
            timestamp: self.timestamps.as_ref().map(|t| t[e]),
        }
    }

    /// All entries in input order.
    pub fn entries(&self) -> impl ExactSizeIterator<Item = Entry> + '_ {
        (0..self.len()).map(|e| self.entry(e))
    }

    /// The matrix compressed by user (CSR): row `u` lists the items user `u` rated.
    pub fn by_user(&self) -> &Csr {
        &self.by_user
    }

    /// The matrix compressed by item (CSC): row `i` lists the users who rated item `i`.
    pub fn by_item(&self) -> &Csr {
        &self.by_item
    }

    /// Items and values of user `u`, in input order.
    pub fn user_row(&self, u: u32) -> (&[u32], &[f64]) {
        self.by_user.row(u as usize)
    }

    /// Users and values of item `i`, in input order.
    pub fn item_column(&self, i: u32) -> (&[u32], &[f64]) {
        self.by_item.row(i as usize)
    }

    /// The stored value for raw ids, if the pair exists.
    pub fn get(&self, user: &str, item: &str) -> Option<f64> {
        let (u, i) = (self.user_index(user)?, self.item_index(item)?);
        let (items, values) = self.user_row(u);
        items.iter().position(|&x| x == i).map(|p| values[p])
    }

    /// Mean of all stored values.
    pub fn global_mean(&self) -> f64 {
        self.values.iter().sum::<f64>() / self.len() as f64
    }

    /// The same interactions with every value set to 1 (implicit, binary).
    pub fn binarized(&self) -> Ratings {
        Ratings::assemble(
            Feedback::Implicit,
            self.users.clone(),
            self.items.clone(),
            self.user_idx.clone(),
            self.item_idx.clone(),
            vec![1.0; self.len()],
            self.timestamps.clone(),
        )
    }

    /// A new store holding the chosen entries (positions in input order), in the order given.
    /// Ids are renumbered by first appearance among the selection, as a fresh load would.
    /// Used for train/test splits.
    ///
    /// # Errors
    /// [`CoreError::Empty`] for an empty selection, [`CoreError::InvalidParameter`] for a
    /// position out of range, [`CoreError::DuplicatePair`] if a position repeats.
    pub fn select(&self, entries: &[usize]) -> Result<Ratings> {
        let mut b = RatingsBuilder::new(self.feedback);
        for &e in entries {
            if e >= self.len() {
                return Err(CoreError::InvalidParameter {
                    name: "entry",
                    reason: format!("position {e} is beyond the {} entries", self.len()),
                });
            }
            let (u, i) = (
                self.users.id(self.user_idx[e]),
                self.items.id(self.item_idx[e]),
            );
            match &self.timestamps {
                Some(t) => b.push_with_timestamp(u, i, self.values[e], t[e])?,
                None => b.push(u, i, self.values[e])?,
            }
        }
        b.build()
    }
}

/// Serde form of [`Ratings`]: ids and coordinates only; the compressed forms are rebuilt.
#[derive(Serialize, Deserialize)]
struct RatingsRepr {
    feedback: Feedback,
    users: Vec<String>,
    items: Vec<String>,
    user_idx: Vec<u32>,
    item_idx: Vec<u32>,
    values: Vec<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timestamps: Option<Vec<i64>>,
}

impl From<Ratings> for RatingsRepr {
    fn from(r: Ratings) -> Self {
        Self {
            feedback: r.feedback,
            users: r.users.into(),
            items: r.items.into(),
            user_idx: r.user_idx,
            item_idx: r.item_idx,
            values: r.values,
            timestamps: r.timestamps,
        }
    }
}

impl TryFrom<RatingsRepr> for Ratings {
    type Error = CoreError;

    fn try_from(r: RatingsRepr) -> Result<Self> {
        let n = r.values.len();
        for (what, len) in [
            ("user_idx", r.user_idx.len()),
            ("item_idx", r.item_idx.len()),
        ] {
            if len != n {
                return Err(CoreError::LengthMismatch {
                    what,
                    expected: n,
                    got: len,
                });
            }
        }
        if let Some(t) = &r.timestamps
            && t.len() != n
        {
            return Err(CoreError::LengthMismatch {
                what: "timestamps",
                expected: n,
                got: t.len(),
            });
        }
        // Rebuilding through the builder re-validates values, indices and duplicates.
        let mut b = RatingsBuilder::new(r.feedback);
        for e in 0..n {
            let (u, i) = (r.user_idx[e] as usize, r.item_idx[e] as usize);
            let (Some(user), Some(item)) = (r.users.get(u), r.items.get(i)) else {
                return Err(CoreError::InvalidParameter {
                    name: "entry",
                    reason: format!("entry {e} refers to a user or item index out of range"),
                });
            };
            match &r.timestamps {
                Some(t) => b.push_with_timestamp(user, item, r.values[e], t[e])?,
                None => b.push(user, item, r.values[e])?,
            }
        }
        let built = b.build()?;
        if built.users.ids() != r.users.as_slice() || built.items.ids() != r.items.as_slice() {
            return Err(CoreError::InvalidParameter {
                name: "ids",
                reason: "id lists must be distinct and in order of first appearance".into(),
            });
        }
        Ok(built)
    }
}
