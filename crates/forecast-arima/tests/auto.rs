//! Automatic order selection against statsforecast's AutoARIMA on the fixture series.

mod common;

use forecast_arima::{AutoArima, Order, SeasonalOrder, Trend};

#[test]
fn auto_arima_matches_statsforecast_or_beats_its_aicc() {
    let mut same = 0;
    let mut total = 0;
    for f in common::all() {
        let Some(auto) = &f.auto else { continue };
        let sf = &auto.statsforecast;
        let y = f.y();
        let report = AutoArima::default().search(&y, f.period).unwrap();
        let fit = &report.model;
        let sf_order = Order::new(sf.order[0], sf.order[1], sf.order[2]);
        let sf_seasonal = if sf.seasonal_order[3] > 1 {
            SeasonalOrder::new(
                sf.seasonal_order[0],
                sf.seasonal_order[1],
                sf.seasonal_order[2],
                sf.seasonal_order[3],
            )
        } else {
            SeasonalOrder::NONE
        };
        let same_order = fit.order() == sf_order
            && fit.seasonal_order() == sf_seasonal
            && (fit.trend() != Trend::None) == sf.with_constant;
        // The same tests must give the same differencing.
        assert_eq!(fit.order().d, sf_order.d, "{}: d", f.series);
        assert_eq!(fit.seasonal_order().d, sf_seasonal.d, "{}: D", f.series);
        let aicc = fit.aicc().unwrap();
        assert!(
            aicc <= sf.aicc + 1e-3 * sf.aicc.abs(),
            "{}: ours {} {} AICc {aicc} vs statsforecast {sf_order}{sf_seasonal} {}",
            f.series,
            fit.order(),
            fit.seasonal_order(),
            sf.aicc
        );
        eprintln!(
            "{:20} ours {}{} AICc {aicc:9.3} | statsforecast {sf_order}{sf_seasonal} {:9.3}",
            f.series,
            fit.order(),
            fit.seasonal_order(),
            sf.aicc
        );
        total += 1;
        same += usize::from(same_order);
    }
    assert_eq!(total, 10);
    // Same order on half the series; everywhere else a better AICc (checked above). The
    // second climb from the best simple model reaches lower minima than statsforecast's single
    // climb on one more of them, which then no longer matches its order.
    assert!(same >= 5, "same order on only {same} of {total} series");
}

#[test]
fn exhaustive_search_is_at_least_as_good_as_stepwise() {
    let f = common::load("nile");
    let y = f.y();
    let step = AutoArima::default().fit_slice(&y).unwrap();
    let full = AutoArima::default()
        .with_stepwise(false)
        .fit_slice(&y)
        .unwrap();
    assert!(full.aicc().unwrap() <= step.aicc().unwrap() + 1e-9);
}
