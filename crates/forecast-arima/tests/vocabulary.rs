//! One vocabulary with the rest of the toolkit (issue 14): interval levels are percentages
//! and a fraction is refused, models print as R names them, forecasts know their dates, and
//! batches are keyed by SKU id.

mod common;

use ecom_core::{Frequency, NaiveDate, NamedSeries, SalesHistory, SalesSchema, TimeSeries};
use forecast_arima::{
    Arima, ArimaError, AutoArima, Backtest, DEFAULT_LEVELS, FittedModel, Forecaster, Holt,
    MovingAverage, Order, SeasonalNaive, SeasonalOrder, SimpleExpSmoothing, Trend, fit_batch,
    fit_history, forecast_batch, forecast_history, normal_quantile,
};

const SALES: [f64; 10] = [
    150.0, 160.0, 155.0, 165.0, 157.0, 162.0, 159.0, 167.0, 158.0, 163.0,
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The error says the level is a percentage and suggests the one meant.
#[track_caller]
fn refused_as_fraction<T: std::fmt::Debug>(r: forecast_arima::Result<T>, suggestion: &str) {
    match r {
        Err(e @ ArimaError::InvalidParameter { name: "level", .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("interval levels are percentages")
                    && msg.contains(&format!("did you mean {suggestion}?")),
                "{msg}"
            );
        }
        other => panic!("expected a level error, got {other:?}"),
    }
}

#[test]
fn every_entry_point_refuses_a_fraction_for_a_level() {
    let y = TimeSeries::new(SALES.to_vec()).unwrap();
    refused_as_fraction(normal_quantile(0.95), "95");
    let arima = Arima::new(1, 0, 0)
        .with_trend(Trend::Constant)
        .fit(&y)
        .unwrap();
    refused_as_fraction(arima.forecast(3, &[0.95]), "95");
    refused_as_fraction(arima.forecast(3, &[80.0, 0.8]), "80");
    refused_as_fraction(FittedModel::forecast(&arima, 3, &[0.5]), "50");
    refused_as_fraction(
        SimpleExpSmoothing::default()
            .fit(&y)
            .unwrap()
            .forecast(3, &[0.9]),
        "90",
    );
    refused_as_fraction(Holt::default().fit(&y).unwrap().forecast(3, &[0.9]), "90");
    refused_as_fraction(
        MovingAverage::new(3)
            .unwrap()
            .fit(&y)
            .unwrap()
            .forecast(3, &[0.9]),
        "90",
    );
    refused_as_fraction(
        SeasonalNaive::naive().fit(&y).unwrap().forecast(3, &[0.99]),
        "99",
    );
    // Checked before anything is fitted.
    refused_as_fraction(AutoArima::default().fit_forecast(&y, 3, &[0.95]), "95");
    for r in forecast_batch(&AutoArima::default(), &[y.clone(), y.clone()], 3, &[0.95]) {
        refused_as_fraction(r, "95");
    }
    let history = SalesHistory {
        series: vec![NamedSeries {
            id: "A".into(),
            series: y.clone(),
        }],
        frequency: Frequency::Daily,
        skipped: vec![],
        duplicates: None,
    };
    for (id, r) in forecast_history(&AutoArima::default(), &history, 3, &[0.95]) {
        assert_eq!(id, "A");
        refused_as_fraction(r, "95");
    }
    // Percentages from 1 up are intervals; a 1 % one is narrow but valid.
    let f = arima.forecast(2, &[1.0, 50.0, 99.9]).unwrap();
    assert_eq!(f.intervals.len(), 3);
    for bad in [0.0, -5.0, 100.0, 250.0, f64::NAN] {
        assert!(arima.forecast(2, &[bad]).is_err(), "{bad}");
    }
}

#[test]
fn models_print_as_r_names_them() {
    let cases = [
        (Arima::new(1, 1, 1), "ARIMA(1,1,1)"),
        (
            Arima::new(0, 0, 0)
                .with_seasonal(1, 0, 1, 7)
                .with_trend(Trend::Constant),
            "ARIMA(0,0,0)(1,0,1)[7] with mean",
        ),
        (
            Arima::new(0, 1, 1)
                .with_seasonal(0, 1, 1, 12)
                .with_trend(Trend::None),
            "ARIMA(0,1,1)(0,1,1)[12]",
        ),
        (
            Arima::new(2, 1, 0).with_trend(Trend::Drift),
            "ARIMA(2,1,0) with drift",
        ),
        // A period without seasonal terms is not part of the name.
        (
            Arima::new(1, 0, 0).with_seasonal_order(SeasonalOrder::new(0, 0, 0, 12)),
            "ARIMA(1,0,0)",
        ),
    ];
    for (spec, name) in cases {
        assert_eq!(spec.to_string(), name);
    }
    assert_eq!(Order::new(2, 1, 2).to_string(), "(2,1,2)");
    assert_eq!(SeasonalOrder::new(0, 1, 1, 12).to_string(), "(0,1,1)[12]");
    // The fitted model prints its specification: statsforecast's AutoARIMA picks a mean model
    // for the ten days of sales and ARIMA(1,1,1) for the Nile.
    let fit = AutoArima::default().fit_slice(&SALES).unwrap();
    assert_eq!(fit.to_string(), "ARIMA(0,0,0) with mean");
    assert_eq!(fit.to_string(), fit.spec().to_string());
    let nile = common::load("nile");
    let fit = AutoArima::default().fit_slice(&nile.y()).unwrap();
    assert_eq!(fit.to_string(), "ARIMA(1,1,1)");
}

#[test]
fn setters_and_getters_agree_between_spec_and_fit() {
    let spec = Arima::new(1, 1, 0)
        .with_seasonal(0, 1, 1, 4)
        .with_method(forecast_arima::Method::Ml)
        .with_max_iter(80)
        .with_min_root_modulus(1.001);
    assert_eq!(spec.order(), Order::new(1, 1, 0));
    assert_eq!(spec.seasonal_order(), SeasonalOrder::new(0, 1, 1, 4));
    assert_eq!(spec.trend(), Trend::None);
    assert_eq!(spec.method(), forecast_arima::Method::Ml);
    assert_eq!((spec.max_iter(), spec.min_root_modulus()), (80, 1.001));
    let y: Vec<f64> = (0..40)
        .map(|t| 10.0 + 0.3 * t as f64 + [0.0, 2.0, -1.0, 1.0][t % 4] + (t as f64 * 1.7).sin())
        .collect();
    let fit = spec.fit_slice(&y).unwrap();
    assert_eq!(
        (fit.order(), fit.seasonal_order(), fit.trend(), fit.method()),
        (
            spec.order(),
            spec.seasonal_order(),
            spec.trend(),
            spec.method()
        )
    );
    assert_eq!(Arima::from_order(Order::new(1, 1, 0)), Arima::new(1, 1, 0));
    assert_eq!(
        Arima::default().with_order(Order::new(2, 0, 1)),
        Arima::new(2, 0, 1)
    );
}

/// Every model fitted to a dated series dates its forecasts from the period after the last
/// observation; fitted to plain values, it has no dates.
#[test]
fn forecasts_know_their_dates() {
    fn check<F: Forecaster>(model: &F, y: &TimeSeries, first: NaiveDate, third: NaiveDate) {
        let f = model.fit_forecast(y, 3, &DEFAULT_LEVELS).unwrap();
        assert_eq!(f.start, Some(first));
        assert_eq!(f.frequency, y.frequency());
        assert_eq!((f.date(0), f.date(2)), (Some(first), Some(third)));
        let plain = TimeSeries::new(y.values().to_vec()).unwrap();
        let f = model.fit_forecast(&plain, 3, &DEFAULT_LEVELS).unwrap();
        assert_eq!((f.start, f.frequency), (None, None));
    }
    // AirPassengers runs from January 1949 to December 1960: forecasts start in January 1961.
    let air = common::load("airpassengers");
    let monthly = TimeSeries::new(air.y())
        .unwrap()
        .with_start(day(1949, 1, 1), Frequency::Monthly);
    let (jan, mar) = (day(1961, 1, 1), day(1961, 3, 1));
    check(&AutoArima::default(), &monthly, jan, mar);
    check(
        &Arima::new(0, 1, 1).with_seasonal(0, 1, 1, 12),
        &monthly,
        jan,
        mar,
    );
    check(&SimpleExpSmoothing::default(), &monthly, jan, mar);
    check(&Holt::default(), &monthly, jan, mar);
    check(&MovingAverage::new(3).unwrap(), &monthly, jan, mar);
    check(&SeasonalNaive::new(12).unwrap(), &monthly, jan, mar);
    // Weekly sales ending on Monday 2024-02-26 are forecast from 4 March.
    let weekly = TimeSeries::new(SALES.to_vec())
        .unwrap()
        .with_start(day(2023, 12, 25), Frequency::Weekly);
    check(
        &AutoArima::default(),
        &weekly,
        day(2024, 3, 4),
        day(2024, 3, 18),
    );

    // The getters, `predict`, and the folds of a backtest agree.
    let fit = Arima::new(0, 1, 1)
        .with_seasonal(0, 1, 1, 12)
        .fit(&monthly)
        .unwrap();
    assert_eq!(
        (fit.forecast_start(), fit.frequency()),
        (Some(jan), Some(Frequency::Monthly))
    );
    let p = fit.predict(13).unwrap();
    assert_eq!((p.start, p.date(12)), (Some(jan), Some(day(1962, 1, 1))));
    let report = Backtest::new(12)
        .with_windows(2)
        .run(&SeasonalNaive::new(12).unwrap(), &monthly)
        .unwrap();
    // Origins 120 and 132: January 1959 and January 1960.
    let starts: Vec<_> = report.folds.iter().map(|f| f.forecast.start).collect();
    assert_eq!(starts, [Some(day(1959, 1, 1)), Some(day(1960, 1, 1))]);
}

#[test]
fn batches_keyed_by_sku_id_keep_the_history_order() {
    let path = ecom_testing::data_path(env!("CARGO_MANIFEST_DIR"), "online_retail_8skus.csv");
    let mut history = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(path)
        .unwrap();
    // One SKU too short to model: its own error, under its own id.
    history.series.insert(
        3,
        NamedSeries {
            id: "SHORT".into(),
            series: TimeSeries::new(vec![2.0]).unwrap(),
        },
    );
    let ids: Vec<String> = history.series.iter().map(|s| s.id.clone()).collect();
    let spec = AutoArima::default();
    let fits = fit_history(&spec, &history);
    let got: Vec<&str> = fits.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(got, ids.iter().map(String::as_str).collect::<Vec<_>>());
    let series: Vec<TimeSeries> = history.series.iter().map(|s| s.series.clone()).collect();
    // The same fits as the slice version, in the same order.
    for ((id, keyed), plain) in fits.iter().zip(fit_batch(&spec, &series)) {
        match (keyed, plain) {
            (Ok(a), Ok(b)) => assert_eq!(a.to_string(), b.to_string(), "{id}"),
            (Err(_), Err(_)) => assert_eq!(id, "SHORT"),
            _ => panic!("{id}: keyed and plain batches disagree"),
        }
    }
    let forecasts = forecast_history(&spec, &history, 14, &DEFAULT_LEVELS);
    let plain = forecast_batch(&spec, &series, 14, &DEFAULT_LEVELS);
    for (((id, f), g), s) in forecasts.iter().zip(&plain).zip(&history.series) {
        match (f, g) {
            (Ok(f), Ok(g)) => {
                assert_eq!(
                    common::roundtrip::bits(&f.mean),
                    common::roundtrip::bits(&g.mean)
                );
                // The loader dates every series: forecasts start the day after its last sale.
                assert_eq!(f.start, s.series.date_at(s.series.len()), "{id}");
                assert_eq!(f.frequency, Some(Frequency::Daily));
            }
            (Err(_), Err(_)) => assert_eq!(id, "SHORT"),
            _ => panic!("{id}: keyed and plain batches disagree"),
        }
    }
}
