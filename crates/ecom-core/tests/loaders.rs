//! The CSV loaders on real shop data and on malformed files.

use ecom_core::{
    CoreError, CsvOptions, Frequency, LocationsSchema, MissingPolicy, NaiveDate, RatingsSchema,
    SalesSchema,
};
use proptest::prelude::*;

fn data(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn real_daily_sales_load_as_two_full_series() {
    let h = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(data("daily_sales_2skus.csv"))
        .unwrap();
    assert_eq!(h.frequency, Frequency::Daily);
    assert_eq!(h.series.len(), 2);
    let s = h.get("85123A").unwrap();
    // 2010-12-01 ..= 2011-12-09 is 374 days.
    assert_eq!(s.len(), 374);
    assert_eq!(s.start(), NaiveDate::from_ymd_opt(2010, 12, 1));
    assert_eq!(s.end(), NaiveDate::from_ymd_opt(2011, 12, 9));
    assert_eq!(&s.values()[..4], &[454.0, 309.0, 25.0, 0.0]);
    assert_eq!(s.values().iter().sum::<f64>(), 37660.0);
    assert_eq!(s.period(), Some(7));
}

#[test]
fn real_country_demand_loads_with_weights() {
    let locs = LocationsSchema::default()
        .id_column("country")
        .weight_column("units")
        .load(data("country_demand.csv"))
        .unwrap();
    assert_eq!(locs.points.len(), 35);
    assert_eq!(locs.ids[0], "United Kingdom");
    assert_eq!(locs.points[0].lat(), 52.5);
    assert_eq!(locs.weights.as_ref().unwrap()[0], 4_651_803.0);
    let pts = locs.to_point_set().unwrap();
    assert_eq!((pts.len(), pts.dim()), (35, 2));
    assert_eq!(pts.total_weight(), 5_370_017.0);
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let err = SalesSchema::default()
        .load("/no/such/file.csv")
        .unwrap_err();
    assert!(matches!(err, CoreError::Io { .. }));
    assert!(err.to_string().starts_with("/no/such/file.csv:"));
}

#[test]
fn missing_column_lists_the_available_ones() {
    let err = LocationsSchema::default()
        .read("name,lat,lon\nA,1,2\n".as_bytes(), "loc.csv")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "loc.csv: no column `id` (columns are: name, lat, lon)"
    );
}

#[test]
fn header_names_match_ignoring_case() {
    let locs = LocationsSchema::default()
        .read(" ID , Lat,LON\nA,1,2\n".as_bytes(), "loc.csv")
        .unwrap();
    assert_eq!(locs.ids, ["A"]);
}

#[test]
fn ragged_rows_and_bad_coordinates_name_the_line() {
    let err = LocationsSchema::default()
        .read("id,lat,lon\nA,1,2\nB,1\n".as_bytes(), "loc.csv")
        .unwrap_err();
    assert!(matches!(err, CoreError::Csv { line: 3, .. }), "{err}");
    let err = LocationsSchema::default()
        .read("id,lat,lon\nA,1,2\nB,91,2\n".as_bytes(), "loc.csv")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "loc.csv: line 3, column `lat`: latitude 91 is outside [-90, 90]"
    );
    let err = LocationsSchema::default()
        .weight_column("w")
        .read("id,lat,lon,w\nA,1,2,0\nB,1,2,0\n".as_bytes(), "loc.csv")
        .unwrap_err();
    assert!(err.to_string().contains("sum to zero"), "{err}");
}

#[test]
fn duplicate_ratings_name_their_line() {
    let csv = "user,item,rating\nu,a,3\nv,a,4\nu,a,5\n";
    let err = RatingsSchema::default()
        .read(csv.as_bytes(), "r.csv")
        .unwrap_err();
    assert!(matches!(err, CoreError::Csv { line: 4, .. }), "{err}");
    let keep = RatingsSchema {
        duplicates: ecom_core::DuplicatePolicy::KeepLast,
        ..RatingsSchema::default()
    };
    assert_eq!(
        keep.read(csv.as_bytes(), "r.csv").unwrap().get("u", "a"),
        Some(5.0)
    );
}

#[test]
fn movielens_layout_and_implicit_logs() {
    let tsv = "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t1\t878887116\n";
    let r = RatingsSchema::movielens_100k()
        .read(tsv.as_bytes(), "u.data")
        .unwrap();
    assert_eq!((r.n_users(), r.n_items(), r.len()), (2, 2, 3));
    assert_eq!(r.timestamps().unwrap()[2], 878_887_116);
    let log =
        "customer,product,when\nc1,p1,2011-01-02 10:00:00\nc1,p1,2011-01-03\nc2,p1,2011-01-04\n";
    let mut schema = RatingsSchema::implicit("customer", "product");
    schema.timestamp = Some("when".into());
    let r = schema.read(log.as_bytes(), "log.csv").unwrap();
    assert_eq!(r.get("c1", "p1"), Some(2.0));
    // The later of the two timestamps is kept for the summed pair.
    assert_eq!(r.timestamps().unwrap()[0], 1_294_012_800);
}

#[test]
fn headerless_file_cannot_use_names() {
    let schema = SalesSchema {
        csv: CsvOptions {
            delimiter: b',',
            has_headers: false,
        },
        ..SalesSchema::default()
    };
    let err = schema
        .read("2024-01-01,1\n".as_bytes(), "s.csv")
        .unwrap_err();
    assert!(matches!(err, CoreError::MissingColumn { .. }), "{err}");
}

/// A bad field injected at a random row of an otherwise valid file.
#[derive(Debug, Clone, Copy)]
enum Corruption {
    NotANumber,
    Empty,
    Infinite,
    BadDate,
    MissingField,
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        Just(Corruption::NotANumber),
        Just(Corruption::Empty),
        Just(Corruption::Infinite),
        Just(Corruption::BadDate),
        Just(Corruption::MissingField),
    ]
}

proptest! {
    // Failures are reported, never written into the source tree.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever row is corrupted and however, the error names exactly that line (header = line 1).
    #[test]
    fn sales_errors_report_the_corrupted_line(rows in 1usize..60, bad_row_seed in any::<usize>(), how in corruption()) {
        let bad = bad_row_seed % rows;
        let mut text = String::from("date,sku,units\n");
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        for r in 0..rows {
            let date = start + chrono::Days::new(r as u64);
            let line = if r == bad {
                match how {
                    Corruption::NotANumber => format!("{date},A,x{r}"),
                    Corruption::Empty => format!("{date},A,"),
                    Corruption::Infinite => format!("{date},A,inf"),
                    Corruption::BadDate => format!("2024-13-{:02},A,1", r % 28 + 1),
                    Corruption::MissingField => format!("{date},A"),
                }
            } else {
                format!("{date},A,{r}")
            };
            text.push_str(&line);
            text.push('\n');
        }
        // The strict reading: an empty cell is an error too, not a missing observation.
        let err = SalesSchema::default().id_column("sku").quantity_column("units")
            .missing(MissingPolicy::Error)
            .read(text.as_bytes(), "s.csv").unwrap_err();
        match err {
            CoreError::Csv { line, file, .. } => {
                prop_assert_eq!(line, bad as u64 + 2);
                prop_assert_eq!(file, "s.csv");
            }
            other => prop_assert!(false, "unexpected error {other:?}"),
        }
    }

    /// Ratings outside the scale are reported on their own line.
    #[test]
    fn ratings_errors_report_the_line(values in prop::collection::vec(1u8..=5, 1..40), bad_seed in any::<usize>()) {
        let bad = bad_seed % values.len();
        let mut text = String::from("user,item,rating\n");
        for (r, v) in values.iter().enumerate() {
            let v = if r == bad { 9 } else { *v };
            text.push_str(&format!("u{r},i{r},{v}\n"));
        }
        match RatingsSchema::default().read(text.as_bytes(), "r.csv") {
            Err(CoreError::Csv { line, column, .. }) => {
                prop_assert_eq!(line, bad as u64 + 2);
                prop_assert_eq!(column, "rating");
            }
            other => prop_assert!(false, "unexpected {other:?}"),
        }
    }
}
