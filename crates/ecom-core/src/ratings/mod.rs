//! Sparse ratings and interactions: string ids, a coordinate list and CSR/CSC forms.

mod csr;
mod id_map;
mod store;

pub use csr::Csr;
pub use id_map::IdMap;
pub use store::{DuplicatePolicy, Entry, Feedback, RatingScale, Ratings, RatingsBuilder};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CoreError;

    fn explicit() -> Feedback {
        Feedback::explicit(1.0, 5.0).unwrap()
    }

    #[test]
    fn csr_and_csc_keep_input_order() {
        let r = Ratings::from_triplets(
            explicit(),
            DuplicatePolicy::Reject,
            [
                ("u2", "b", 3.0),
                ("u1", "a", 4.0),
                ("u2", "a", 5.0),
                ("u1", "c", 1.0),
            ],
        )
        .unwrap();
        // u2 appeared first, so it is user 0.
        assert_eq!(r.user_index("u2"), Some(0));
        assert_eq!(r.user_row(0), (&[0u32, 1][..], &[3.0, 5.0][..]));
        // item "a" (index 1) was rated by u1 then u2, in file order.
        assert_eq!(r.item_column(1), (&[1u32, 0][..], &[4.0, 5.0][..]));
        assert_eq!(r.by_item().row_entries(1), &[1, 2]);
        assert_eq!(r.global_mean(), 3.25);
    }

    #[test]
    fn duplicate_policies() {
        let trip = [("u", "i", 2.0), ("v", "i", 3.0), ("u", "i", 4.0)];
        assert!(matches!(
            Ratings::from_triplets(explicit(), DuplicatePolicy::Reject, trip),
            Err(CoreError::DuplicatePair { index: 2, .. })
        ));
        let last = Ratings::from_triplets(explicit(), DuplicatePolicy::KeepLast, trip).unwrap();
        assert_eq!(last.values(), &[4.0, 3.0]);
        assert!(Ratings::from_triplets(explicit(), DuplicatePolicy::Sum, trip).is_err());
        let sum = Ratings::from_triplets(Feedback::Implicit, DuplicatePolicy::Sum, trip).unwrap();
        assert_eq!(sum.values(), &[6.0, 3.0]);
    }

    #[test]
    fn values_are_validated() {
        let mut b = RatingsBuilder::new(explicit());
        assert!(matches!(
            b.push("u", "i", 0.5),
            Err(CoreError::ValueOutOfRange { index: 0, .. })
        ));
        assert!(matches!(
            b.push("u", "i", f64::NAN),
            Err(CoreError::NonFinite { .. })
        ));
        let mut b = RatingsBuilder::new(Feedback::Implicit);
        assert!(b.push("u", "i", 0.0).is_err());
        assert!(b.push("u", "i", -1.0).is_err());
        assert!(matches!(
            RatingsBuilder::new(Feedback::Implicit).build(),
            Err(CoreError::Empty { .. })
        ));
        assert!(Feedback::explicit(5.0, 1.0).is_err());
    }

    #[test]
    fn timestamps_must_be_all_or_none() {
        let mut b = RatingsBuilder::new(explicit());
        b.push_with_timestamp("u", "i", 3.0, 10).unwrap();
        assert!(b.push("u", "j", 3.0).is_err());
        b.push_with_timestamp("u", "j", 3.0, 5).unwrap();
        let r = b.build().unwrap();
        assert_eq!(r.timestamps(), Some(&[10, 5][..]));
        assert_eq!(r.entry(1).timestamp, Some(5));
    }

    #[test]
    fn select_renumbers_like_a_fresh_load() {
        let r = Ratings::from_triplets(
            explicit(),
            DuplicatePolicy::Reject,
            [("a", "x", 1.0), ("b", "y", 2.0), ("c", "x", 3.0)],
        )
        .unwrap();
        let s = r.select(&[2, 1]).unwrap();
        assert_eq!(s.users().ids(), &["c".to_string(), "b".to_string()]);
        assert_eq!(s.values(), &[3.0, 2.0]);
        assert!(r.select(&[0, 0]).is_err());
        assert!(r.select(&[9]).is_err());
        let bin = r.binarized();
        assert_eq!(bin.values(), &[1.0, 1.0, 1.0]);
        assert_eq!(bin.feedback(), Feedback::Implicit);
    }

    #[test]
    fn deserialising_rejects_inconsistent_data() {
        let good = Ratings::from_triplets(
            explicit(),
            DuplicatePolicy::Reject,
            [("a", "x", 1.0), ("b", "y", 2.0)],
        )
        .unwrap();
        let json = serde_json::to_string(&good).unwrap();
        assert_eq!(serde_json::from_str::<Ratings>(&json).unwrap(), good);
        let bad = json.replace("2.0", "9.0");
        assert!(serde_json::from_str::<Ratings>(&bad).is_err());
        let bad_scale = json.replace("[1.0,5.0]", "[5.0,1.0]");
        assert!(serde_json::from_str::<Ratings>(&bad_scale).is_err());
    }
}
