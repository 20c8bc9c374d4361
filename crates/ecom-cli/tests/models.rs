//! `--save-model` and `--model-file`: a model saved by one run answers, in a later run,
//! exactly what it answered when it was fitted; a damaged or foreign file is bad input.

mod common;

use common::{input_error, sample};

/// The JSON output of `ecom ARGS` (numbers compare bit for bit: serde_json reads them back
/// exactly with `float_roundtrip`).
fn run(args: &[&str]) -> serde_json::Value {
    common::json(args)
}

#[test]
fn saved_forecast_models_forecast_bit_for_bit() {
    let dir = tempfile::tempdir().unwrap();
    let sales = sample("online-retail/daily_sales_top40.csv");
    for model in [
        None,
        Some("ses"),
        Some("holt"),
        Some("ma:7"),
        Some("snaive"),
    ] {
        let path = dir.path().join("m.json");
        let path = path.to_str().unwrap();
        let mut fit = vec![
            "forecast",
            &sales,
            "--value-column",
            "units",
            "--horizon",
            "10",
        ];
        if let Some(m) = model {
            fit.extend(["--model", m]);
        }
        fit.extend(["--save-model", path]);
        let mut fitted = run(&fit);
        // The count of missing periods comes from the history, which a saved model does not
        // carry: a fresh fit reports it, a forecast from the file alone leaves it out.
        for object in fitted.as_array_mut().unwrap() {
            let missing = object.as_object_mut().unwrap().remove("missing");
            assert_eq!(missing, Some(serde_json::json!(0)), "{model:?}");
        }
        let loaded = run(&["forecast", "--model-file", path, "--horizon", "10"]);
        assert_eq!(fitted, loaded, "{model:?}");
        // A longer horizon from the saved model keeps the first steps and their dates.
        let longer = run(&["forecast", "--model-file", path, "--horizon", "12"]);
        assert_eq!(
            longer[0]["forecast"][9], fitted[0]["forecast"][9],
            "{model:?}"
        );
        assert_eq!(fitted[0]["forecast"][0]["date"], "2011-12-10");
    }
}

#[test]
fn saved_recommenders_recommend_bit_for_bit() {
    let dir = tempfile::tempdir().unwrap();
    let ratings = sample("ratings.csv");
    let path = dir.path().join("r.json");
    let path = path.to_str().unwrap();
    for algorithm in [
        "svd",
        "svdpp",
        "knn-baseline",
        "knn-zscore",
        "implicit-als",
        "item-cosine",
    ] {
        let fitted = run(&[
            "recommend",
            &ratings,
            "--user",
            "U001",
            "--top",
            "5",
            "--algorithm",
            algorithm,
            "--save-model",
            path,
        ]);
        let loaded = run(&[
            "recommend",
            "--model-file",
            path,
            "--user",
            "U001",
            "--top",
            "5",
        ]);
        assert_eq!(fitted, loaded, "{algorithm}");
    }
}

#[test]
fn damaged_and_foreign_model_files_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let sales = sample("sales.csv");
    let path = dir.path().join("m.json");
    let p = path.to_str().unwrap();
    run(&[
        "forecast",
        &sales,
        "--model",
        "ses",
        "--horizon",
        "3",
        "--save-model",
        p,
    ]);
    // A smoothing weight outside [0, 1].
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("\"alpha\":").unwrap() + "\"alpha\":".len();
    let end = at + text[at..].find([',', '}']).unwrap();
    std::fs::write(&path, format!("{}7.5{}", &text[..at], &text[end..])).unwrap();
    let err = input_error(["forecast", "--model-file", p]);
    assert!(err.contains("alpha"), "{err}");
    // A recommender file is not a forecast file.
    let r = dir.path().join("r.json");
    let r = r.to_str().unwrap();
    run(&[
        "recommend",
        &sample("ratings.csv"),
        "--user",
        "U001",
        "--save-model",
        r,
    ]);
    let err = input_error(["forecast", "--model-file", r]);
    assert!(err.contains("ecom-recommender"), "{err}");
    let err = input_error(["recommend", "--model-file", &sales, "--user", "U001"]);
    assert!(err.contains("not an ecom model file"), "{err}");
}
