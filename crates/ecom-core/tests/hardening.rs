//! The loaders under hostile input: bad SKUs isolated on request, repeated rows counted, memory
//! bounded by the file rather than its dates, values that would overflow rejected, and no panic
//! on arbitrary bytes.

use ecom_core::{
    BadSeriesPolicy, CoreError, Frequency, GapPolicy, LocationsSchema, MAX_ABS_VALUE,
    MAX_SERIES_PERIODS, MissingPolicy, NaiveDate, PointsSchema, RatingsSchema, SalesSchema,
    TimeSeries,
};
use proptest::prelude::*;

fn sales() -> SalesSchema {
    SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
}

const THREE_SKUS: &str = "date,sku,units\n\
    2024-01-01,A,1\n2024-01-01,B,2\n2024-01-01,C,3\n\
    2024-01-02,A,4\n2024-01-02,B,abc\n2024-01-02,C,6\n\
    2024-01-03,A,7\n2024-01-03,B,8\n2024-01-03,C,NaN\n";

#[test]
fn strict_default_names_the_first_bad_row() {
    let err = sales().read(THREE_SKUS.as_bytes(), "s.csv").unwrap_err();
    assert_eq!(
        err.to_string(),
        "s.csv: line 6, column `units`: \"abc\" is not a valid quantity"
    );
}

#[test]
fn skip_policy_drops_only_the_bad_skus_and_says_where() {
    // The strict reading of missing markers: `NaN` is a bad row like `abc`.
    let h = sales()
        .missing(MissingPolicy::Error)
        .bad_series(BadSeriesPolicy::Skip)
        .read(THREE_SKUS.as_bytes(), "s.csv")
        .unwrap();
    assert_eq!(h.series.len(), 1);
    assert_eq!(h.series[0].id, "A");
    assert_eq!(h.series[0].series.values(), &[1.0, 4.0, 7.0]);
    let skipped: Vec<(&str, u64)> = h.skipped.iter().map(|s| (s.id.as_str(), s.line)).collect();
    assert_eq!(skipped, [("B", 6), ("C", 10)]);
    assert_eq!(h.skipped[1].column, "units");
    assert!(
        h.skipped[1].message.contains("not finite"),
        "{}",
        h.skipped[1]
    );
    assert_eq!(
        h.skipped[0].to_string(),
        "SKU \"B\" skipped: line 6, column `units`: \"abc\" is not a valid quantity"
    );
}

#[test]
fn skip_policy_with_every_sku_bad_is_an_error() {
    let csv = "date,sku,units\n2024-01-01,A,x\n2024-01-01,B,\n";
    let err = sales()
        .missing(MissingPolicy::Error)
        .bad_series(BadSeriesPolicy::Skip)
        .read(csv.as_bytes(), "s.csv")
        .unwrap_err();
    assert!(matches!(err, CoreError::Csv { line: 2, .. }), "{err}");
    assert!(err.to_string().contains("every SKU has a bad row"), "{err}");
}

#[test]
fn missing_markers_are_missing_observations_and_garbage_stays_an_error() {
    // By default `NaN`, `NA`, `null` and empty cells are missing observations, kept in place;
    // `abc` is still a bad row.
    let csv = "date,sku,units\n\
        2024-01-01,A,1\n2024-01-01,B,NA\n2024-01-01,C,\n\
        2024-01-02,A,null\n2024-01-02,B,2\n2024-01-02,C,NaN\n\
        2024-01-03,A,7\n2024-01-03,B,na\n2024-01-03,C, \n";
    let h = sales().read(csv.as_bytes(), "s.csv").unwrap();
    let counts: Vec<(&str, usize)> = h
        .series
        .iter()
        .map(|s| (s.id.as_str(), s.series.missing_count()))
        .collect();
    assert_eq!(counts, [("A", 1), ("B", 2), ("C", 3)]);
    let a = &h.series[0].series;
    assert_eq!(a.observed().collect::<Vec<_>>(), [(0, 1.0), (2, 7.0)]);
    assert!(a.is_missing(1));
    // An all-missing SKU loads: what cannot be fitted fails for that SKU alone, later.
    assert_eq!(h.series[2].series.observed().count(), 0);
    let err = sales().read(THREE_SKUS.as_bytes(), "s.csv").unwrap_err();
    assert!(
        err.to_string().contains("\"abc\" is not a valid quantity"),
        "{err}"
    );
    // A period with an observed row and a missing one counts the observed row.
    let dup =
        "date,units\n2024-01-01,3\n2024-01-01,NA\n2024-01-02,NA\n2024-01-02,4\n2024-01-03,NA\n";
    let h = SalesSchema::default()
        .quantity_column("units")
        .read(dup.as_bytes(), "d.csv")
        .unwrap();
    let s = &h.series[0].series;
    assert_eq!(&s.values()[..2], &[3.0, 4.0]);
    assert!(s.is_missing(2));
    // The strict reading refuses the file at the first marker.
    let err = SalesSchema::default()
        .quantity_column("units")
        .missing(MissingPolicy::Error)
        .read(dup.as_bytes(), "d.csv")
        .unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[test]
fn skipped_skus_do_not_shape_the_calendar() {
    // B's only good row is a year earlier than the others: skipping B must not make A start
    // then, nor make the frequency come from B's dates.
    let csv = "date,sku,units\n2023-01-01,B,1\n2024-01-01,A,1\n2024-01-08,A,2\n2024-01-15,B,oops\n2024-01-15,A,3\n";
    let h = sales()
        .bad_series(BadSeriesPolicy::Skip)
        .read(csv.as_bytes(), "s.csv")
        .unwrap();
    assert_eq!(h.frequency, Frequency::Weekly);
    assert_eq!(h.series[0].series.values(), &[1.0, 2.0, 3.0]);
    assert_eq!(
        h.series[0].series.start(),
        NaiveDate::from_ymd_opt(2024, 1, 1)
    );
}

#[test]
fn repeated_date_sku_rows_are_summed_and_counted() {
    let csv = "date,sku,units\n2024-01-01,A,1\n2024-01-01,A,2\n2024-01-02,A,3\n2024-01-02,A,4\n2024-01-02,A,5\n";
    let h = sales().read(csv.as_bytes(), "s.csv").unwrap();
    assert_eq!(h.series[0].series.values(), &[3.0, 12.0]);
    let d = h.duplicates.expect("duplicates reported");
    assert_eq!((d.rows, d.first_line, d.first_id.as_str()), (3, 3, "A"));
    assert_eq!(d.first_date, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
    let clean = sales()
        .read("date,sku,units\n2024-01-01,A,1\n".as_bytes(), "s.csv")
        .unwrap();
    assert!(clean.duplicates.is_none());
}

#[test]
fn values_whose_squares_overflow_are_rejected_with_line_and_column() {
    let csv = "date,sku,units\n2024-01-01,A,1\n2024-01-02,A,1e308\n";
    let err = sales().read(csv.as_bytes(), "s.csv").unwrap_err();
    match &err {
        CoreError::Csv { line, column, .. } => assert_eq!((*line, column.as_str()), (3, "units")),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("too large"), "{err}");
    // The limit itself is accepted; a sum of rows that crosses it is not.
    let at_limit = format!("date,sku,units\n2024-01-01,A,{MAX_ABS_VALUE:e}\n");
    assert!(sales().read(at_limit.as_bytes(), "s.csv").is_ok());
    let summed =
        format!("date,sku,units\n2024-01-01,A,{MAX_ABS_VALUE:e}\n2024-01-01,A,{MAX_ABS_VALUE:e}\n");
    let err = sales().read(summed.as_bytes(), "s.csv").unwrap_err();
    assert!(matches!(err, CoreError::Csv { line: 3, .. }), "{err}");

    assert!(matches!(
        TimeSeries::new(vec![1.0, -1e151]),
        Err(CoreError::TooLarge { index: 1, .. })
    ));
    let err = LocationsSchema::default()
        .weight_column("w")
        .read("id,lat,lon,w\nA,1,2,1e200\n".as_bytes(), "l.csv")
        .unwrap_err();
    assert!(matches!(err, CoreError::Csv { line: 2, .. }), "{err}");
    let err = PointsSchema::new(["x"])
        .read("x\n1\n-1e160\n".as_bytes(), "p.csv")
        .unwrap_err();
    assert!(matches!(err, CoreError::Csv { line: 3, .. }), "{err}");
    let mut implicit = RatingsSchema::implicit("u", "i");
    implicit.rating = Some("n".into());
    let err = implicit
        .read("u,i,n\na,b,1e300\n".as_bytes(), "r.csv")
        .unwrap_err();
    assert!(matches!(err, CoreError::Csv { line: 2, .. }), "{err}");
    assert!(err.to_string().contains("too large"), "{err}");
    // Repeated interactions that sum past the limit.
    let big = format!("u,i,n\na,b,{MAX_ABS_VALUE:e}\na,b,{MAX_ABS_VALUE:e}\n");
    let err = implicit.read(big.as_bytes(), "r.csv").unwrap_err();
    assert!(matches!(err, CoreError::Csv { line: 3, .. }), "{err}");
}

#[test]
fn sparse_dates_cannot_blow_up_memory() {
    // Two rows 9,000 years apart would fill 3.3 million daily periods.
    let csv = "date,sku,units\n0001-01-01,A,1\n9000-01-01,A,1\n";
    let err = sales()
        .frequency(Frequency::Daily)
        .read(csv.as_bytes(), "s.csv")
        .unwrap_err();
    assert!(
        err.to_string().contains(&MAX_SERIES_PERIODS.to_string()),
        "{err}"
    );
    // Many SKUs, each within the per-series limit, still cannot fill more than the budget.
    let mut csv = String::from("date,sku,units\n");
    for s in 0..40 {
        csv.push_str(&format!("1000-01-01,S{s},1\n3000-01-01,S{s},1\n"));
    }
    let err = sales()
        .frequency(Frequency::Daily)
        .read(csv.as_bytes(), "s.csv")
        .unwrap_err();
    assert!(err.to_string().contains("too sparse"), "{err}");
    // Monthly data over the same span is small and loads.
    let h = sales()
        .frequency(Frequency::Monthly)
        .read(csv.as_bytes(), "s.csv")
        .unwrap();
    assert_eq!(h.series[0].series.len(), 2000 * 12 + 1);
}

#[test]
fn gap_policy_reject_names_the_missing_period() {
    let csv = "date,sku,units\n2024-01-01,A,1\n2024-01-03,A,2\n";
    let err = sales()
        .frequency(Frequency::Daily)
        .gaps(GapPolicy::Reject)
        .read(csv.as_bytes(), "s.csv")
        .unwrap_err();
    assert!(err.to_string().contains("2024-01-02"), "{err}");
}

#[test]
fn find_line_points_back_at_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.csv");
    std::fs::write(&path, THREE_SKUS).unwrap();
    let d = |day| NaiveDate::from_ymd_opt(2024, 1, day).unwrap();
    let schema = sales();
    assert_eq!(
        schema.find_line(&path, "C", Frequency::Daily, d(3)),
        Some(10)
    );
    assert_eq!(
        schema.find_line(&path, "A", Frequency::Daily, d(2)),
        Some(5)
    );
    assert_eq!(schema.find_line(&path, "Z", Frequency::Daily, d(2)), None);
    // A weekly period covers the seven days from its start.
    assert_eq!(
        schema.find_line(&path, "B", Frequency::Weekly, d(1)),
        Some(3)
    );
}

/// Text that looks like a CSV file: headers the loaders look for, numbers of every size,
/// dates good and bad, stray quotes, separators and invalid UTF-8.
fn csv_like() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        Just("date".to_owned()),
        Just("sku".to_owned()),
        Just("units".to_owned()),
        Just("quantity".to_owned()),
        Just("user".to_owned()),
        Just("item".to_owned()),
        Just("rating".to_owned()),
        Just("id".to_owned()),
        Just("lat".to_owned()),
        Just("lon".to_owned()),
        Just("x".to_owned()),
        Just("w".to_owned()),
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]",
        "[0-9]{4}/[0-9]{2}/[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2})?",
        "[+-]?[0-9]{0,4}(\\.[0-9]{0,3})?(e[+-]?[0-9]{1,3})?",
        Just("NaN".to_owned()),
        Just("inf".to_owned()),
        Just("-1e308".to_owned()),
        Just("\"".to_owned()),
        Just(String::new()),
        "[A-Za-z]{1,3}",
        "\\PC{0,4}",
    ];
    let row = prop::collection::vec(field, 0..6).prop_map(|f| f.join(","));
    (prop::collection::vec(row, 0..12), any::<bool>()).prop_map(|(rows, crlf)| {
        let sep = if crlf { "\r\n" } else { "\n" };
        rows.join(sep).into_bytes()
    })
}

/// Arbitrary bytes, CSV-like text (some with a few bytes flipped), or rows under a header each
/// loader recognises.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let headed = (
        prop_oneof![
            Just("date,sku,units"),
            Just("date,quantity"),
            Just("user,item,rating"),
            Just("id,lat,lon,w"),
            Just("x,lat"),
        ],
        csv_like(),
    )
        .prop_map(|(header, body)| {
            let mut bytes = format!("{header}\n").into_bytes();
            bytes.extend(body);
            bytes
        });
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        headed,
        (
            csv_like(),
            prop::collection::vec((any::<usize>(), any::<u8>()), 0..3)
        )
            .prop_map(|(mut bytes, flips)| {
                for (at, b) in flips {
                    if !bytes.is_empty() {
                        let n = bytes.len();
                        bytes[at % n] = b;
                    }
                }
                bytes
            }),
        csv_like(),
    ]
}

proptest! {
    // Failures are reported, never written into the source tree.
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Every loader returns a value or an error on any input; a value holds only finite data
    /// within the magnitude limit.
    #[test]
    fn loaders_never_panic(bytes in input()) {
        for policy in [BadSeriesPolicy::Error, BadSeriesPolicy::Skip] {
            for schema in [sales(), SalesSchema::default()] {
                if let Ok(h) = schema.bad_series(policy).read(bytes.as_slice(), "f.csv") {
                    for s in &h.series {
                        prop_assert!(s.series.values().iter().all(|v| v.abs() <= MAX_ABS_VALUE));
                    }
                }
            }
        }
        let _ = sales().gaps(GapPolicy::Reject).read(bytes.as_slice(), "f.csv");
        if let Ok(r) = RatingsSchema::default().read(bytes.as_slice(), "f.csv") {
            prop_assert!(r.values().iter().all(|v| (1.0..=5.0).contains(v)));
        }
        let _ = RatingsSchema::implicit("user", "item").read(bytes.as_slice(), "f.csv");
        if let Ok(l) = LocationsSchema::default().weight_column("w").read(bytes.as_slice(), "f.csv") {
            prop_assert!(l.weights.iter().flatten().all(|w| w.is_finite() && *w >= 0.0));
        }
        if let Ok((_, p)) = PointsSchema::new(["x", "lat"]).read(bytes.as_slice(), "f.csv") {
            prop_assert!(p.as_slice().iter().all(|v| v.abs() <= MAX_ABS_VALUE));
        }
    }
}
