//! Two-way mapping between raw string ids and dense indices.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Raw string ids (`"196"`, `"85123A"`) mapped to dense `u32` indices in order of first
/// appearance, and back.
///
/// First-appearance order matters: it is how Surprise numbers users and items, and it decides
/// ties between equally similar neighbours.
///
/// ```
/// use ecom_core::IdMap;
/// let mut ids = IdMap::default();
/// assert_eq!(ids.get_or_insert("b"), 0);
/// assert_eq!(ids.get_or_insert("a"), 1);
/// assert_eq!(ids.get_or_insert("b"), 0);
/// assert_eq!(ids.index("a"), Some(1));
/// assert_eq!(ids.id(0), "b");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct IdMap {
    ids: Vec<String>,
    index: HashMap<String, u32>,
}

impl IdMap {
    /// The index of `id`, assigning the next free one if it is new.
    ///
    /// # Panics
    /// Never in practice: more than `u32::MAX` distinct ids would not fit in memory as strings
    /// long before; the builder checks the count anyway.
    pub fn get_or_insert(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = u32::try_from(self.ids.len()).expect("more than u32::MAX ids");
        self.ids.push(id.to_owned());
        self.index.insert(id.to_owned(), i);
        i
    }

    /// The dense index of `id`, if known.
    pub fn index(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
    }

    /// The raw id of dense index `i`.
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn id(&self, i: u32) -> &str {
        &self.ids[i as usize]
    }

    /// Number of distinct ids.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// `true` when no id has been added.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Raw ids in index order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }
}

impl From<Vec<String>> for IdMap {
    /// Later duplicates of an id map to its first index.
    fn from(ids: Vec<String>) -> Self {
        let mut map = IdMap::default();
        for id in &ids {
            map.get_or_insert(id);
        }
        map
    }
}

impl From<IdMap> for Vec<String> {
    fn from(map: IdMap) -> Self {
        map.ids
    }
}
