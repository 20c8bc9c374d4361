//! Splits: leave-last-k by timestamp, seeded random splits and folds.

mod common;

use common::{load, movielens};
use ecom_core::{Feedback, RatingsBuilder};
use recsys_cf::split;

#[test]
fn leave_last_k_takes_each_users_latest_entries() {
    let mut b = RatingsBuilder::new(Feedback::explicit(1.0, 5.0).unwrap());
    for (u, i, ts) in [
        ("a", "x", 5),
        ("a", "y", 1),
        ("b", "x", 3),
        ("a", "z", 9),
        ("c", "x", 2),
        ("c", "y", 2), // equal timestamps: the later entry counts as more recent
        ("c", "z", 1),
    ] {
        b.push_with_timestamp(u, i, 3.0, ts).unwrap();
    }
    let r = b.build().unwrap();
    let s = split::leave_last_k(&r, 1).unwrap();
    let mut held: Vec<(String, String)> = s
        .test
        .entries()
        .map(|e| {
            (
                s.test.users().id(e.user).into(),
                s.test.items().id(e.item).into(),
            )
        })
        .collect();
    held.sort();
    assert_eq!(held, [("a".into(), "z".into()), ("c".into(), "y".into())]);
    // b has a single entry: it stays in training.
    assert_eq!(s.train.get("b", "x"), Some(3.0));
    assert_eq!(s.train.len(), 5);
    let two = split::leave_last_k(&r, 2).unwrap();
    assert_eq!(two.test.len(), 4);
}

#[test]
fn leave_last_k_on_movielens() {
    let Some(dir) = movielens("leave_last_k_on_movielens") else {
        return;
    };
    let all = load(&dir, "u.data");
    let s = split::leave_last_k(&all, 2).unwrap();
    assert_eq!(s.test.len(), 2 * all.n_users()); // every user has at least 20 ratings
    let (tr_ts, te_ts) = (s.train.timestamps().unwrap(), s.test.timestamps().unwrap());
    for u in s.test.users().ids() {
        let latest_train = s
            .train
            .by_user()
            .row_entries(s.train.user_index(u).unwrap() as usize)
            .iter()
            .map(|&e| tr_ts[e])
            .max()
            .unwrap();
        let earliest_test = s
            .test
            .by_user()
            .row_entries(s.test.user_index(u).unwrap() as usize)
            .iter()
            .map(|&e| te_ts[e])
            .min()
            .unwrap();
        assert!(earliest_test >= latest_train, "user {u}");
    }
}

#[test]
fn seeded_splits_are_reproducible() {
    let mut b = RatingsBuilder::new(Feedback::Implicit);
    for n in 0..200 {
        b.push(&format!("u{}", n % 17), &format!("i{}", n % 23), 1.0)
            .unwrap();
    }
    let r = b.build().unwrap();
    assert_eq!(
        split::random(&r, 0.25, 5).unwrap(),
        split::random(&r, 0.25, 5).unwrap()
    );
    assert_ne!(
        split::random(&r, 0.25, 5).unwrap(),
        split::random(&r, 0.25, 6).unwrap()
    );
    assert_eq!(
        split::kfold(&r, 4, 1).unwrap(),
        split::kfold(&r, 4, 1).unwrap()
    );
    let s = split::random(&r, 0.25, 5).unwrap();
    assert_eq!(s.test.len(), 50);
}
