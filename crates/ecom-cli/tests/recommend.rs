//! `ecom recommend`, `similar-items` and `evaluate` end to end on the sample ratings.

mod common;

use common::{input_error, json};
use ecom_supply::RatingsSchema;
use ecom_supply::recsys::evaluate::{self, Relevance};
use ecom_supply::recsys::{Knn, KnnAlgorithm, Recommender, Similarity, Svd};
use serde_json::Value;

fn sample_ratings() -> String {
    format!(
        "{}/../../examples/data/ratings.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn ids(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["item"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn recommend_matches_the_library_and_excludes_seen_items() {
    let path = sample_ratings();
    let v = json(&[
        "recommend",
        &path,
        "--user",
        "U007",
        "--top",
        "5",
        "--seed",
        "3",
    ]);
    let data = RatingsSchema::default().load(&path).unwrap();
    let model = Svd::new().seed(3).fit(&data).unwrap();
    let expected = model.recommend("U007", 5, true);
    assert_eq!(ids(&v), expected.ids());
    assert_eq!(v["algorithm"], "svd");
    assert_eq!(v["cold_start"], false);
    for item in ids(&v) {
        assert!(data.get("U007", &item).is_none(), "{item} already rated");
    }
    let scores: Vec<f64> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn unknown_user_gets_a_flagged_popular_list() {
    let v = json(&[
        "recommend",
        &sample_ratings(),
        "--user",
        "nobody",
        "--top",
        "3",
        "--algorithm",
        "knn-basic",
    ]);
    assert_eq!(v["cold_start"], true);
    assert_eq!(ids(&v).len(), 3);
}

#[test]
fn similar_items_by_item_knn() {
    let path = sample_ratings();
    let v = json(&[
        "similar-items",
        &path,
        "--item",
        "P001",
        "--top",
        "4",
        "--algorithm",
        "knn-basic",
        "--similarity",
        "pearson",
    ]);
    let data = RatingsSchema::default().load(&path).unwrap();
    let model = Knn::new(KnnAlgorithm::Basic)
        .similarity(Similarity::Pearson)
        .user_based(false)
        .fit(&data)
        .unwrap();
    let expected: Vec<String> = model
        .neighbours("P001", 4)
        .unwrap()
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    assert_eq!(ids(&v), expected);
    assert!(!ids(&v).contains(&"P001".to_owned()));
}

#[test]
fn evaluate_reports_accuracy_and_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample_ratings()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let (mut train, mut test) = (format!("{header}\n"), format!("{header}\n"));
    for (i, l) in lines.enumerate() {
        let dest = if i % 5 == 0 { &mut test } else { &mut train };
        dest.push_str(l);
        dest.push('\n');
    }
    let (tr, te) = (dir.path().join("train.csv"), dir.path().join("test.csv"));
    std::fs::write(&tr, train).unwrap();
    std::fs::write(&te, test).unwrap();
    let v = json(&[
        "evaluate",
        "--train",
        tr.to_str().unwrap(),
        "--test",
        te.to_str().unwrap(),
        "--algorithm",
        "knn-means",
        "--similarity",
        "cosine",
        "--at",
        "5",
    ]);
    let schema = RatingsSchema::default();
    let (train, test) = (schema.load(&tr).unwrap(), schema.load(&te).unwrap());
    let model = Knn::new(KnnAlgorithm::WithMeans)
        .similarity(Similarity::Cosine)
        .fit(&train)
        .unwrap();
    let acc = evaluate::accuracy(&model, &test).unwrap();
    let rank = evaluate::ranking(&model, &test, 5, Relevance::AtLeast(4.0)).unwrap();
    assert_eq!(v["rmse"].as_f64().unwrap(), acc.rmse);
    assert_eq!(v["mae"].as_f64().unwrap(), acc.mae);
    assert_eq!(v["precision@5"].as_f64().unwrap(), rank.precision);
    assert_eq!(v["ndcg@5"].as_f64().unwrap(), rank.ndcg);
    assert!(acc.rmse > 0.3 && acc.rmse < 1.5, "{}", acc.rmse);
}

#[test]
fn bad_recommendation_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "user,item,rating\nu1,i1,4\nu2,i1,9\n").unwrap();
    let err = input_error([
        std::ffi::OsStr::new("recommend"),
        bad.as_os_str(),
        "--user".as_ref(),
        "u1".as_ref(),
    ]);
    assert!(err.contains("line 3") && err.contains("rating"), "{err}");
    input_error(["similar-items", &sample_ratings(), "--item", "NOPE"]);
}
