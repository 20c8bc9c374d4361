//! Saving and loading models: every fitted model survives a round trip through serde_json
//! with bit-identical predictions, top-N lists and similar items, and a tampered file is an
//! error naming the field, never a model that panics or answers NaN later.

mod common;

use common::{data, retail_slice};
use ecom_core::{Feedback, Ratings, RatingsSchema};
use recsys_cf::{
    BaselineMethod, BaselineOnly, ImplicitAls, ItemCosine, Knn, KnnAlgorithm, Popularity,
    Prediction, RatingPredictor, Recommender, RecsysError, Similarity, SimilarityMatrix,
    SimilarityOptions, Storage, Svd, SvdPp, TopN,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The shipped sample: 3,383 ratings of 80 products by 150 customers (with timestamps).
fn sample() -> Ratings {
    RatingsSchema::default()
        .timestamp_column("timestamp")
        .load(data("sample_ratings.csv"))
        .expect("sample ratings")
}

/// Saves and loads `model`; the reloaded model must save to the same text.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(model: &T) -> T {
    let text = serde_json::to_string(model).expect("save");
    let back: T = serde_json::from_str(&text).expect("load");
    assert_eq!(serde_json::to_string(&back).expect("save again"), text);
    assert_eq!(&back, model);
    back
}

fn same_bits(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits()
}

fn assert_same_predictions(a: &[Prediction], b: &[Prediction]) {
    assert_eq!(a.len(), b.len());
    for (n, (p, q)) in a.iter().zip(b).enumerate() {
        assert!(
            same_bits(p.estimate, q.estimate) && same_bits(p.unclipped, q.unclipped),
            "prediction {n}: {p:?} vs {q:?}"
        );
        assert_eq!(
            (p.impossible, p.fallback, p.actual_k),
            (q.impossible, q.fallback, q.actual_k)
        );
    }
}

fn assert_same_lists(a: &[TopN], b: &[TopN]) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(
            (&x.query, x.cold_start, x.ids()),
            (&y.query, y.cold_start, y.ids())
        );
        for (s, t) in x.items.iter().zip(&y.items) {
            assert!(
                same_bits(s.score, t.score),
                "{}: {} vs {}",
                x.query,
                s.score,
                t.score
            );
        }
    }
}

/// Every training pair and a few cold starts, every user's top 10 (seen items in and out), and
/// the similar items of every item (or the same error) agree bit for bit.
fn assert_same_answers<M: Recommender>(a: &M, b: &M, r: &Ratings) {
    for exclude in [true, false] {
        assert_same_lists(&a.recommend_all(10, exclude), &b.recommend_all(10, exclude));
    }
    let cold = [a.recommend("no such user", 5, true)];
    assert_same_lists(&cold, &[b.recommend("no such user", 5, true)]);
    let ids = r
        .items()
        .ids()
        .iter()
        .map(String::as_str)
        .chain(["no such item"]);
    for item in ids {
        match (a.similar_items(item, 8), b.similar_items(item, 8)) {
            (Ok(x), Ok(y)) => assert_same_lists(&[x], &[y]),
            (Err(x), Err(y)) => assert_eq!(x.to_string(), y.to_string()),
            (x, y) => panic!("{item}: {x:?} vs {y:?}"),
        }
    }
}

fn assert_same_ratings<M: RatingPredictor>(a: &M, b: &M, r: &Ratings) {
    assert_same_predictions(&a.test(r), &b.test(r));
    let cold = [
        a.predict("no such user", r.items().id(0)),
        a.predict(r.users().id(0), "no such item"),
    ];
    let cold_b = [
        b.predict("no such user", r.items().id(0)),
        b.predict(r.users().id(0), "no such item"),
    ];
    assert_same_predictions(&cold, &cold_b);
}

fn knn_specs() -> Vec<Knn> {
    let mut specs = Vec::new();
    for algorithm in [
        KnnAlgorithm::Basic,
        KnnAlgorithm::WithMeans,
        KnnAlgorithm::WithZScore,
        KnnAlgorithm::Baseline,
    ] {
        for user_based in [true, false] {
            specs.push(Knn::new(algorithm).user_based(user_based).k(20));
        }
    }
    specs.push(
        Knn::new(KnnAlgorithm::Basic)
            .similarity(Similarity::Cosine)
            .storage(Storage::Sparse),
    );
    specs.push(
        Knn::new(KnnAlgorithm::WithMeans)
            .similarity(Similarity::Pearson)
            .user_based(false)
            .storage(Storage::Pruned(5)),
    );
    specs.push(
        Knn::new(KnnAlgorithm::Baseline)
            .similarity(Similarity::pearson_baseline())
            .baseline(BaselineMethod::sgd())
            .min_k(3),
    );
    specs
}

#[test]
fn rating_models_round_trip_bit_exactly_on_the_sample() {
    let r = sample();
    for method in [BaselineMethod::als(), BaselineMethod::sgd()] {
        let m = BaselineOnly::new(method).fit(&r).unwrap();
        let back = round_trip(&m);
        assert_same_ratings(&m, &back, &r);
        assert_same_answers(&m, &back, &r);
    }
    for spec in knn_specs() {
        let m = spec.fit(&r).unwrap();
        let back = round_trip(&m);
        assert_same_ratings(&m, &back, &r);
        assert_same_answers(&m, &back, &r);
    }
    for biased in [true, false] {
        let m = Svd::new()
            .n_factors(8)
            .biased(biased)
            .seed(3)
            .fit(&r)
            .unwrap();
        let back = round_trip(&m);
        assert_same_ratings(&m, &back, &r);
        assert_same_answers(&m, &back, &r);
    }
    let m = SvdPp::new()
        .n_factors(5)
        .n_epochs(5)
        .seed(1)
        .fit(&r)
        .unwrap();
    let back = round_trip(&m);
    assert_same_ratings(&m, &back, &r);
    assert_same_answers(&m, &back, &r);
}

#[test]
fn top_n_models_round_trip_bit_exactly_on_the_sample_and_shop_data() {
    let (retail, _) = retail_slice();
    for r in [sample(), retail] {
        let m = ImplicitAls::new()
            .factors(16)
            .iterations(5)
            .fit(&r)
            .unwrap();
        let back = round_trip(&m);
        assert_same_answers(&m, &back, &r);
        for (u, i) in [(0, 0), (3, 7)] {
            let (u, i) = (r.users().id(u), r.items().id(i));
            assert_eq!(
                m.score(u, i).unwrap().to_bits(),
                back.score(u, i).unwrap().to_bits()
            );
        }
        let m = ItemCosine::new().k(10).fit(&r).unwrap();
        assert_same_answers(&m, &round_trip(&m), &r);
        let m = Popularity.fit(&r).unwrap();
        assert_same_answers(&m, &round_trip(&m), &r);
    }
}

#[test]
fn similarity_matrices_round_trip() {
    let r = sample();
    for storage in [Storage::Dense, Storage::Sparse, Storage::Pruned(4)] {
        let m = SimilarityOptions::new(Similarity::Pearson)
            .user_based(false)
            .storage(storage)
            .compute(&r)
            .unwrap();
        let back = round_trip(&m);
        for a in 0..m.n() {
            assert_eq!(m.neighbours(a, 10), back.neighbours(a, 10));
        }
    }
}

#[test]
fn specifications_round_trip_and_fill_defaults() {
    let knn = Knn::new(KnnAlgorithm::Baseline)
        .similarity(Similarity::pearson_baseline())
        .storage(Storage::Pruned(7))
        .baseline(BaselineMethod::sgd());
    assert_eq!(round_trip(&knn), knn);
    let svd = Svd::new().n_factors(7).learning_rate(0.01).seed(9);
    assert_eq!(round_trip(&svd), svd);
    assert_eq!(
        round_trip(&SvdPp::new().n_epochs(3)),
        SvdPp::new().n_epochs(3)
    );
    assert_eq!(
        round_trip(&ImplicitAls::new().alpha(40.0)),
        ImplicitAls::new().alpha(40.0)
    );
    assert_eq!(round_trip(&ItemCosine::new().k(5)), ItemCosine::new().k(5));
    assert_eq!(
        round_trip(&BaselineOnly::new(BaselineMethod::sgd())),
        BaselineOnly::new(BaselineMethod::sgd())
    );
    // A hand-written configuration names only what differs from the defaults.
    let svd: Svd = serde_json::from_str(r#"{"n_factors": 50, "seed": 4}"#).unwrap();
    assert_eq!(svd, Svd::new().n_factors(50).seed(4));
    let knn: Knn = serde_json::from_str(r#"{"k": 10, "sim": {"user_based": false}}"#).unwrap();
    assert_eq!(knn, Knn::new(KnnAlgorithm::Basic).k(10).user_based(false));
}

#[test]
fn invalid_specifications_are_refused_when_read() {
    for (json, field) in [
        (r#"{"n_factors": 0}"#, "n_factors"),
        (r#"{"n_factors": 5000}"#, "n_factors"),
        (r#"{"lr": [0.1, 0.1, -1, 0.1]}"#, "learning rate"),
        (r#"{"n_factor": 5}"#, "unknown field"),
    ] {
        let e = serde_json::from_str::<Svd>(json).unwrap_err().to_string();
        assert!(e.contains(field), "{json}: {e}");
    }
    for (json, field) in [
        (r#"{"k": 0}"#, "k"),
        (r#"{"k": 3, "min_k": 4}"#, "min_k"),
        (r#"{"sim": {"storage": {"pruned": 0}}}"#, "storage"),
        (
            r#"{"sim": {"measure": {"name": "pearson_baseline", "shrinkage": -1}}}"#,
            "shrinkage",
        ),
        (
            r#"{"sim": {"baseline": {"method": "sgd", "reg": 0.02, "learning_rate": 0, "n_epochs": 2}}}"#,
            "learning rate",
        ),
    ] {
        let e = serde_json::from_str::<Knn>(json).unwrap_err().to_string();
        assert!(e.contains(field), "{json}: {e}");
    }
    assert!(serde_json::from_str::<ImplicitAls>(r#"{"cg_steps": 0}"#).is_err());
    assert!(serde_json::from_str::<ImplicitAls>(r#"{"alpha": -1}"#).is_err());
    assert!(serde_json::from_str::<ItemCosine>(r#"{"k": 0}"#).is_err());
    assert!(serde_json::from_str::<SvdPp>(r#"{"init_std": -0.1}"#).is_err());
}

// ---- tampered files ----

fn saved<T: Serialize>(model: &T) -> Value {
    serde_json::to_value(model).unwrap()
}

/// Loading `v` as `T` fails, and the message contains `needle` (a field name, usually).
fn refused<T: DeserializeOwned + std::fmt::Debug>(v: &Value, needle: &str) {
    match serde_json::from_value::<T>(v.clone()) {
        Ok(m) => panic!("a tampered file loaded ({needle}): {m:?}"),
        Err(e) => assert!(
            e.to_string().contains(needle),
            "expected {needle:?} in: {e}"
        ),
    }
}

fn array(v: &mut Value, field: &str) -> Vec<Value> {
    v[field].as_array().unwrap().clone()
}

#[test]
fn tampered_factor_models_are_refused_naming_the_field() {
    let r = sample();
    let svd = saved(&Svd::new().n_factors(4).n_epochs(3).fit(&r).unwrap());
    // Shape: one factor short, one user's factors missing.
    let mut v = svd.clone();
    let mut f = array(&mut v, "item_factors");
    f.pop();
    v["item_factors"] = Value::from(f);
    refused::<recsys_cf::SvdModel>(&v, "item_factors");
    let mut v = svd.clone();
    let f = array(&mut v, "user_factors");
    v["user_factors"] = Value::from(f[4..].to_vec());
    refused::<recsys_cf::SvdModel>(&v, "user_factors");
    // NaN is written as null: named with its index.
    let mut v = svd.clone();
    v["user_factors"][3] = Value::Null;
    refused::<recsys_cf::SvdModel>(&v, "`user_factors` value NaN at index 3");
    let mut v = svd.clone();
    v["item_biases"][0] = Value::Null;
    refused::<recsys_cf::SvdModel>(&v, "item_biases");
    // Parameters beyond their limits, or huge values that would overflow an estimate.
    for n in [0, 5000] {
        let mut v = svd.clone();
        v["n_factors"] = Value::from(n);
        refused::<recsys_cf::SvdModel>(&v, "n_factors");
    }
    let mut v = svd.clone();
    v["user_factors"][0] = Value::from(1e300);
    v["item_factors"][0] = Value::from(1e300);
    refused::<recsys_cf::SvdModel>(&v, "overflow");
    // Unknown fields, a missing field, a truncated file.
    let mut v = svd.clone();
    v["extra"] = Value::from(1);
    refused::<recsys_cf::SvdModel>(&v, "unknown field");
    let mut v = svd.clone();
    v.as_object_mut().unwrap().remove("item_factors");
    refused::<recsys_cf::SvdModel>(&v, "item_factors");
    let text = serde_json::to_string(&svd).unwrap();
    assert!(serde_json::from_str::<recsys_cf::SvdModel>(&text[..text.len() / 2]).is_err());

    let pp = saved(&SvdPp::new().n_factors(3).n_epochs(2).fit(&r).unwrap());
    let mut v = pp.clone();
    v["item_implicit_factors"] = Value::from(vec![0.5; 7]);
    refused::<recsys_cf::SvdPpModel>(&v, "item_implicit_factors");

    let als = saved(&ImplicitAls::new().factors(4).iterations(2).fit(&r).unwrap());
    let mut v = als.clone();
    v["factors"] = Value::from(5);
    refused::<recsys_cf::ImplicitAlsModel>(&v, "user_factors");
    let mut v = als.clone();
    v["item_factors"][2] = Value::Null;
    refused::<recsys_cf::ImplicitAlsModel>(&v, "item_factors");
    let mut v = als.clone();
    v["item_factors"][2] = Value::from(1e39); // beyond f32
    assert!(serde_json::from_value::<recsys_cf::ImplicitAlsModel>(v).is_err());

    let base = saved(&BaselineOnly::default().fit(&r).unwrap());
    let mut v = base.clone();
    v["user_biases"] = Value::from(vec![0.0; 3]);
    refused::<recsys_cf::BaselineModel>(&v, "user_biases");
}

#[test]
fn tampered_training_data_is_refused() {
    let r = sample();
    let svd = saved(&Svd::new().n_factors(2).n_epochs(1).fit(&r).unwrap());
    // A rating off the 1-5 scale, an entry pointing at a user that does not exist.
    let mut v = svd.clone();
    v["train"]["values"][0] = Value::from(9.0);
    assert!(serde_json::from_value::<recsys_cf::SvdModel>(v).is_err());
    let mut v = svd.clone();
    v["train"]["user_idx"][0] = Value::from(100_000);
    assert!(serde_json::from_value::<recsys_cf::SvdModel>(v).is_err());
    // An id no entry names (the id lists must be exactly the ids in order of first use).
    let mut v = svd.clone();
    v["train"]["users"]
        .as_array_mut()
        .unwrap()
        .push(Value::from("ghost"));
    assert!(serde_json::from_value::<recsys_cf::SvdModel>(v).is_err());
    // A valid training set with fewer users than the factors have rows: user 0's entries go.
    let mut v = svd.clone();
    let keep: Vec<usize> = (0..r.len()).filter(|&e| r.entry(e).user != 0).collect();
    v["train"] = serde_json::to_value(r.select(&keep).unwrap()).unwrap();
    refused::<recsys_cf::SvdModel>(&v, "user_factors");
    // A rating model saved with implicit feedback.
    let mut v = svd.clone();
    v["train"]["feedback"] = serde_json::to_value(Feedback::Implicit).unwrap();
    refused::<recsys_cf::SvdModel>(&v, "train");
}

#[test]
fn tampered_neighbourhood_models_are_refused() {
    let r = sample();
    let dense = saved(
        &Knn::new(KnnAlgorithm::Basic)
            .user_based(false)
            .fit(&r)
            .unwrap(),
    );
    let n = r.n_items();
    let mut v = dense.clone();
    v["similarity"]["store"]["dense"]["values"][1] = Value::from(0.123);
    refused::<recsys_cf::KnnModel>(&v, "not symmetric");
    let mut v = dense.clone();
    v["similarity"]["store"]["dense"]["values"][0] = Value::from(0.5);
    refused::<recsys_cf::KnnModel>(&v, "diagonal");
    let mut v = dense.clone();
    v["similarity"]["store"]["dense"]["values"][n] = Value::from(1.5);
    v["similarity"]["store"]["dense"]["values"][1] = Value::from(1.5);
    refused::<recsys_cf::KnnModel>(&v, "outside [-1, 1]");
    let mut v = dense.clone();
    v["similarity"]["store"]["dense"]["values"][5] = Value::Null;
    refused::<recsys_cf::KnnModel>(&v, "values");
    let mut v = dense.clone();
    v["user_based"] = Value::from(true); // an item matrix for a user-based model
    refused::<recsys_cf::KnnModel>(&v, "similarity");
    let mut v = dense.clone();
    v["k"] = Value::from(0);
    refused::<recsys_cf::KnnModel>(&v, "`k`");
    let mut v = dense.clone();
    v["min_k"] = Value::from(100);
    refused::<recsys_cf::KnnModel>(&v, "min_k");
    let mut v = dense.clone();
    v["algorithm"] = Value::from("Baseline");
    refused::<recsys_cf::KnnModel>(&v, "baselines");

    let sparse = saved(
        &Knn::new(KnnAlgorithm::Basic)
            .storage(Storage::Sparse)
            .fit(&r)
            .unwrap(),
    );
    let s = &sparse["similarity"]["store"]["sparse"];
    let row0 = s["offsets"][1].as_u64().unwrap() as usize;
    assert!(row0 >= 2);
    let mut v = sparse.clone();
    v["similarity"]["store"]["sparse"]["columns"][0] = Value::from(1_000_000);
    refused::<recsys_cf::KnnModel>(&v, "columns");
    let mut v = sparse.clone();
    let cols = &mut v["similarity"]["store"]["sparse"]["columns"];
    let (a, b) = (cols[0].clone(), cols[1].clone());
    cols[0] = b;
    cols[1] = a;
    refused::<recsys_cf::KnnModel>(&v, "not sorted");
    let mut v = sparse.clone();
    v["similarity"]["store"]["sparse"]["offsets"][1] = Value::from(1_000_000);
    refused::<recsys_cf::KnnModel>(&v, "offsets");
    let mut v = sparse.clone();
    let k = (0..row0)
        .find(|&k| s["columns"][k].as_u64() != Some(0))
        .unwrap();
    v["similarity"]["store"]["sparse"]["values"][k] = Value::from(0.0001);
    refused::<recsys_cf::KnnModel>(&v, "not symmetric");

    let base = saved(&Knn::new(KnnAlgorithm::Baseline).fit(&r).unwrap());
    let mut v = base.clone();
    v["baselines"] = Value::Null;
    refused::<recsys_cf::KnnModel>(&v, "baselines");
    let mut v = base.clone();
    v["baselines"]["item_biases"][0] = Value::Null;
    refused::<recsys_cf::KnnModel>(&v, "item_biases");
}

#[test]
fn tampered_item_cosine_models_are_refused() {
    let (r, _) = retail_slice();
    let cos = saved(&ItemCosine::new().k(5).fit(&r).unwrap());
    let mut v = cos.clone();
    v["neighbour_items"][3] = Value::from(r.n_items());
    refused::<recsys_cf::ItemCosineModel>(&v, "neighbour_items");
    let mut v = cos.clone();
    v["neighbour_items"][1] = v["neighbour_items"][0].clone();
    refused::<recsys_cf::ItemCosineModel>(&v, "twice");
    let mut v = cos.clone();
    v["neighbour_similarities"][0] = Value::from(7.0);
    refused::<recsys_cf::ItemCosineModel>(&v, "neighbour_similarities");
    let mut v = cos.clone();
    v["neighbour_offsets"][2] = Value::from(0);
    refused::<recsys_cf::ItemCosineModel>(&v, "neighbour_offsets");
    let mut v = cos.clone();
    v["neighbour_offsets"].as_array_mut().unwrap().pop();
    refused::<recsys_cf::ItemCosineModel>(&v, "neighbour_offsets");
}

#[test]
fn tampered_similarity_matrix_is_refused_standalone() {
    let r = sample();
    let m: SimilarityMatrix = SimilarityOptions::default().compute(&r).unwrap();
    let mut v = saved(&m);
    v["n"] = Value::from(m.n() + 1);
    refused::<SimilarityMatrix>(&v, "values");
}

#[test]
fn similar_items_is_one_method_with_one_list_type() {
    let r = sample();
    let models: Vec<(&str, Box<dyn Recommender>)> = vec![
        (
            "knn item",
            Box::new(
                Knn::new(KnnAlgorithm::Basic)
                    .user_based(false)
                    .fit(&r)
                    .unwrap(),
            ),
        ),
        ("svd", Box::new(Svd::new().n_factors(6).fit(&r).unwrap())),
        (
            "svdpp",
            Box::new(SvdPp::new().n_factors(6).n_epochs(3).fit(&r).unwrap()),
        ),
        (
            "als",
            Box::new(ImplicitAls::new().factors(6).fit(&r).unwrap()),
        ),
        ("cosine", Box::new(ItemCosine::new().fit(&r).unwrap())),
    ];
    let item = r.items().id(0);
    for (name, m) in &models {
        let top = m.similar_items(item, 5).unwrap();
        assert_eq!(top.query, item);
        assert!(!top.cold_start && top.items.len() == 5, "{name}");
        assert!(
            top.items.iter().all(|s| s.item != item && s.score <= 1.0),
            "{name}"
        );
        assert!(
            top.items.windows(2).all(|w| w[0].score >= w[1].score),
            "{name}"
        );
        let cold = m.similar_items("no such item", 3).unwrap();
        assert!(cold.cold_start && cold.items.len() == 3, "{name}");
    }
    let no: Vec<(&str, Box<dyn Recommender>)> = vec![
        (
            "KNN",
            Box::new(Knn::new(KnnAlgorithm::Basic).fit(&r).unwrap()),
        ),
        (
            "BaselineOnly",
            Box::new(BaselineOnly::default().fit(&r).unwrap()),
        ),
        ("Popularity", Box::new(Popularity.fit(&r).unwrap())),
    ];
    for (name, m) in &no {
        let e = m.similar_items(item, 5).unwrap_err();
        assert!(matches!(e, RecsysError::NoItemSimilarity { .. }), "{e}");
        assert!(e.to_string().contains(name), "{e}");
    }
    // Item-based KNN lists the matrix's most similar items, positive ones only.
    let knn = Knn::new(KnnAlgorithm::Basic)
        .similarity(Similarity::Pearson)
        .user_based(false)
        .fit(&r)
        .unwrap();
    let top = knn.similar_items(item, usize::MAX).unwrap();
    let sim = knn.similarity_matrix();
    let positive = (1..r.n_items()).filter(|&b| sim.get(0, b) > 0.0).count();
    assert_eq!(top.items.len(), positive);
    assert_eq!(top.items[0].score, knn.neighbours(item, 1).unwrap()[0].1);
}

#[test]
fn movielens_models_round_trip_bit_exactly() {
    let Some(dir) = common::movielens("movielens_models_round_trip_bit_exactly") else {
        return;
    };
    let (train, test) = (common::load(&dir, "u1.base"), common::load(&dir, "u1.test"));
    let knn = Knn::new(KnnAlgorithm::WithMeans)
        .similarity(Similarity::Pearson)
        .user_based(false)
        .fit(&train)
        .unwrap();
    let back = round_trip(&knn);
    assert_same_predictions(&knn.test(&test), &back.test(&test));
    assert_same_lists(&knn.recommend_all(10, true), &back.recommend_all(10, true));
    let svd = Svd::new().fit(&train).unwrap();
    let back = round_trip(&svd);
    assert_same_predictions(&svd.test(&test), &back.test(&test));
    assert_same_lists(&svd.recommend_all(10, true), &back.recommend_all(10, true));
}

// ---- every field, every kind of damage ----

/// Paths of every number, bool and array in `v` (arrays also as wholes).
fn leaves(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                path.push(k.clone());
                leaves(x, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            out.push(path.clone());
            for (i, x) in a.iter().enumerate() {
                path.push(i.to_string());
                leaves(x, path, out);
                path.pop();
            }
        }
        Value::Number(_) | Value::Bool(_) | Value::Null => out.push(path.clone()),
        Value::String(_) => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(v, |v, k| match v {
        Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
        other => &mut other[k.as_str()],
    })
}

/// Damages each field of `model`'s saved form in turn (null, 0, -1, 0.5, 2, 2^31, ±1e300,
/// true; arrays shortened and lengthened); whatever loads must answer every call with finite
/// numbers and no panic.
fn fuzz<M>(name: &str, model: &M, r: &Ratings, exercise: impl Fn(&M, &Ratings) -> bool)
where
    M: Serialize + DeserializeOwned,
{
    let v = saved(model);
    let mut paths = Vec::new();
    leaves(&v, &mut Vec::new(), &mut paths);
    let values = [
        Value::Null,
        Value::from(0),
        Value::from(-1),
        Value::from(0.5),
        Value::from(2),
        Value::from(1u64 << 31),
        Value::from(1e300),
        Value::from(-1e300),
        Value::from(true),
    ];
    let (mut loaded, mut refused) = (0, 0);
    for path in &paths {
        let mut variants = Vec::new();
        if let Value::Array(a) = at(&mut v.clone(), path) {
            let mut short = a.clone();
            short.pop();
            let mut long = a.clone();
            long.extend(a.first().cloned());
            variants.push(Value::from(short));
            variants.push(Value::from(long));
        } else {
            variants.extend(values.iter().cloned());
        }
        for x in variants {
            let mut t = v.clone();
            *at(&mut t, path) = x.clone();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                serde_json::from_value::<M>(t).map(|m| exercise(&m, r))
            }));
            match outcome {
                Err(_) => panic!("{name}: {path:?} = {x} made a call panic"),
                Ok(Ok(finite)) => {
                    assert!(
                        finite,
                        "{name}: {path:?} = {x} loaded and answered a non-finite number"
                    );
                    loaded += 1;
                }
                Ok(Err(_)) => refused += 1,
            }
        }
    }
    assert!(
        refused > 0 && loaded > 0,
        "{name}: {loaded} loaded, {refused} refused"
    );
}

fn lists_finite(lists: &[TopN]) -> bool {
    lists
        .iter()
        .all(|l| l.items.iter().all(|s| s.score.is_finite()))
}

fn exercise_recommender<M: Recommender>(m: &M, r: &Ratings) -> bool {
    let mut ok =
        lists_finite(&m.recommend_all(3, true)) && lists_finite(&m.recommend_all(3, false));
    for u in r.users().ids().iter().map(String::as_str).chain(["nobody"]) {
        ok &= lists_finite(&[m.recommend(u, 4, true)]);
        if let Ok(l) = m.recommend_checked(u, 4, false) {
            ok &= lists_finite(&[l]);
        }
    }
    for i in r
        .items()
        .ids()
        .iter()
        .map(String::as_str)
        .chain(["nothing"])
    {
        if let Ok(l) = m.similar_items(i, 4) {
            ok &= lists_finite(&[l]);
        }
    }
    ok && m.catalogue_len() == r.n_items()
}

fn exercise_predictor<M: RatingPredictor + Recommender>(m: &M, r: &Ratings) -> bool {
    let mut ok = m
        .test(r)
        .iter()
        .all(|p| p.estimate.is_finite() && p.unclipped.is_finite());
    for u in r.users().ids().iter().map(String::as_str).chain(["nobody"]) {
        for i in r
            .items()
            .ids()
            .iter()
            .map(String::as_str)
            .chain(["nothing"])
        {
            let p = m.predict(u, i);
            ok &= p.estimate.is_finite() && p.unclipped.is_finite();
        }
    }
    ok && exercise_recommender(m, r)
}

fn toy() -> Ratings {
    let rows = [
        ("ann", "tea", 5.0),
        ("ann", "cake", 4.0),
        ("ann", "jam", 1.0),
        ("bob", "tea", 4.0),
        ("bob", "cake", 5.0),
        ("bob", "mug", 2.0),
        ("cat", "tea", 1.0),
        ("cat", "jam", 5.0),
        ("cat", "pie", 4.0),
        ("dan", "cake", 3.0),
        ("dan", "pie", 5.0),
        ("dan", "mug", 4.0),
        ("eve", "jam", 2.0),
        ("eve", "tea", 3.0),
    ];
    Ratings::from_triplets(
        Feedback::explicit(1.0, 5.0).unwrap(),
        ecom_core::DuplicatePolicy::Reject,
        rows,
    )
    .unwrap()
}

#[test]
fn no_damaged_field_loads_into_a_model_that_panics_or_answers_nan() {
    let r = toy();
    for spec in [
        Knn::new(KnnAlgorithm::Basic),
        Knn::new(KnnAlgorithm::WithMeans).user_based(false),
        Knn::new(KnnAlgorithm::WithZScore).storage(Storage::Sparse),
        Knn::new(KnnAlgorithm::Baseline)
            .user_based(false)
            .storage(Storage::Pruned(2)),
        Knn::new(KnnAlgorithm::Baseline).similarity(Similarity::pearson_baseline()),
    ] {
        fuzz("knn", &spec.k(3).fit(&r).unwrap(), &r, exercise_predictor);
    }
    fuzz(
        "baseline",
        &BaselineOnly::default().fit(&r).unwrap(),
        &r,
        exercise_predictor,
    );
    fuzz(
        "svd",
        &Svd::new().n_factors(2).fit(&r).unwrap(),
        &r,
        exercise_predictor,
    );
    fuzz(
        "svdpp",
        &SvdPp::new().n_factors(2).fit(&r).unwrap(),
        &r,
        exercise_predictor,
    );
    let als = ImplicitAls::new().factors(2).fit(&r).unwrap();
    fuzz("als", &als, &r, |m, r| {
        let mut scores = r.users().ids().iter().flat_map(|u| {
            r.items()
                .ids()
                .iter()
                .map(move |i| m.score(u, i).is_none_or(f32::is_finite))
        });
        scores.all(|b| b) && exercise_recommender(m, r)
    });
    fuzz(
        "item-cosine",
        &ItemCosine::new().k(3).fit(&r).unwrap(),
        &r,
        exercise_recommender,
    );
    fuzz(
        "popularity",
        &Popularity.fit(&r).unwrap(),
        &r,
        exercise_recommender,
    );
}
