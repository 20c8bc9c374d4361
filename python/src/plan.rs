//! `plan`: every SKU's replenishment policy from its forecast, as `ecom plan` makes it (without
//! warehouse sites), with the out-of-sample check.

use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use ecom_supply::plan::{
    CalendarChoice, Plan, PlanConfig, PlanMethod, Planner, Review, ServiceTarget,
};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

use crate::calendar::CalendarRequest;
use crate::errors::{Failure, Result};
use crate::sales::{self, Columns};

/// The settings `ecom plan` takes as flags, as plain values.
struct Settings {
    service_level: f64,
    fill_rate: Option<f64>,
    lead_time: usize,
    review_period: usize,
    order_cost: f64,
    holding_cost: f64,
    horizon: Option<usize>,
    levels: Vec<f64>,
    holdout: Option<usize>,
    replan_every: usize,
}

impl Settings {
    /// The configuration `ecom plan` builds from the same flags.
    fn config(&self) -> PlanConfig {
        let mut c = PlanConfig::default()
            .service(
                match self.fill_rate {
                    Some(b) => ServiceTarget::fill_rate(b),
                    None => ServiceTarget::cycle_service(self.service_level),
                }
                .review(match self.review_period {
                    0 => Review::Continuous,
                    period => Review::Periodic { period },
                }),
            )
            .lead_time(self.lead_time)
            .order_cost(self.order_cost)
            .holding_cost_per_year(self.holding_cost)
            .levels(self.levels.clone());
        c.horizon = self.horizon;
        c.holdout = self.holdout;
        c.replan_every = self.replan_every;
        c
    }
}

/// The `(id, error)` of each SKU not planned.
type Failed = Vec<(String, String)>;

/// Columns of the policy table, in order.
const FLOATS: [&str; 14] = [
    "demand_per_period",
    "lead_time_demand_mean",
    "lead_time_demand_sd",
    "safety_stock",
    "reorder_point",
    "order_quantity",
    "expected_cost",
    "cycle_service_level",
    "fill_rate",
    "holdout_mase",
    "holdout_promised_fill_rate",
    "holdout_achieved_fill_rate",
    "holdout_in_stock_rate",
    "holdout_stock_to_demand",
];

fn to_batch(plan: &Plan) -> Result<RecordBatch> {
    let n = plan.skus.len();
    let mut id = StringBuilder::with_capacity(n, n * 8);
    let mut model = StringBuilder::with_capacity(n, n * 16);
    let mut method = StringBuilder::with_capacity(n, n * 8);
    let mut missing = Int64Builder::with_capacity(n);
    let mut holdout_periods = Int64Builder::with_capacity(n);
    let mut floats: Vec<Float64Builder> = FLOATS
        .iter()
        .map(|_| Float64Builder::with_capacity(n))
        .collect();
    for s in &plan.skus {
        let p = &s.policy;
        id.append_value(&s.id);
        match (&s.model, &s.method) {
            (Some(m), _) => model.append_value(&m.name),
            (None, PlanMethod::History { .. }) => model.append_value("sales history"),
            (None, PlanMethod::Forecast) => model.append_value("forecast"),
        }
        method.append_value(match s.method {
            PlanMethod::Forecast => "forecast",
            PlanMethod::History { .. } => "history",
        });
        missing.append_value(s.missing_periods as i64);
        let h = s.holdout.as_ref();
        holdout_periods.append_option(h.map(|h| h.periods as i64));
        let values = [
            Some(s.demand_per_period),
            Some(p.lead_time_demand_mean),
            Some(p.lead_time_demand_sd),
            Some(p.safety_stock),
            Some(p.reorder_point),
            Some(p.order_quantity),
            Some(p.expected_cost),
            Some(p.cycle_service_level),
            Some(p.fill_rate),
            h.and_then(|h| h.forecast.mase),
            h.map(|h| h.promised_fill_rate),
            h.map(|h| h.achieved_fill_rate),
            h.map(|h| h.in_stock_rate),
            h.and_then(|h| h.stock_to_demand),
        ];
        for (b, v) in floats.iter_mut().zip(values) {
            // Every number handed over is finite; a non-finite one is a bug, not a value.
            if let Some(x) = v.filter(|x| !x.is_finite()) {
                return Err(Failure::Forecast(format!(
                    "SKU {}: a policy number is not finite ({x})",
                    s.id
                )));
            }
            b.append_option(v);
        }
    }
    let mut fields = vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("model", DataType::Utf8, false),
        Field::new("method", DataType::Utf8, false),
        Field::new("missing_periods", DataType::Int64, false),
    ];
    let mut columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(model.finish()),
        Arc::new(method.finish()),
        Arc::new(missing.finish()),
    ];
    for (name, mut b) in FLOATS.iter().zip(floats) {
        fields.push(Field::new(*name, DataType::Float64, true));
        columns.push(Arc::new(b.finish()));
    }
    fields.push(Field::new("holdout_periods", DataType::Int64, true));
    columns.push(Arc::new(holdout_periods.finish()));
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| Failure::Input(e.to_string()))
}

/// Plans every SKU of `table` (see `ecom_supply.plan` for the documented signature). Returns
/// the policy table, the `(id, error)` pairs of the SKUs not planned, and the whole plan as
/// the JSON `ecom plan --format json` prints.
#[pyfunction]
#[pyo3(signature = (
    table, id_col, date_col, value_col, service_level, fill_rate, lead_time, review_period,
    order_cost, holding_cost, horizon, levels, holdout, replan_every, closed, holidays,
    no_calendar, frequency, missing
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan(
    py: Python<'_>,
    table: PyTable,
    id_col: Option<String>,
    date_col: String,
    value_col: String,
    service_level: f64,
    fill_rate: Option<f64>,
    lead_time: usize,
    review_period: usize,
    order_cost: f64,
    holding_cost: f64,
    horizon: Option<usize>,
    levels: Vec<f64>,
    holdout: Option<usize>,
    replan_every: usize,
    closed: Option<Vec<String>>,
    holidays: Option<Vec<String>>,
    no_calendar: bool,
    frequency: Option<String>,
    missing: String,
) -> PyResult<(PyTable, Failed, String)> {
    let (batches, _) = table.into_inner();
    let settings = Settings {
        service_level,
        fill_rate,
        lead_time,
        review_period,
        order_cost,
        holding_cost,
        horizon,
        levels,
        holdout,
        replan_every,
    };
    let done = py.detach(|| -> Result<(RecordBatch, Failed, String)> {
        let plan_error = |e: ecom_supply::plan::PlanError| Failure::Input(e.to_string());
        // Settings are checked before the table is read, as the command line does.
        Planner::new(settings.config()).map_err(plan_error)?;
        let columns = Columns::new(id_col, date_col, value_col, frequency.as_deref(), &missing)?;
        let history = sales::read(&batches, &columns)?;
        let calendar = CalendarRequest {
            closed,
            holidays,
            no_calendar,
        }
        .resolve(&history)?;
        let planner = Planner::new(settings.config().calendar(CalendarChoice::Given(calendar)))
            .map_err(plan_error)?;
        let plan = planner.plan(&history, None).map_err(plan_error)?;
        let failed = plan
            .failures
            .iter()
            .map(|f| (f.id.clone(), f.error.clone()))
            .collect();
        let json = serde_json::to_string(&plan).map_err(|e| Failure::Input(e.to_string()))?;
        Ok((to_batch(&plan)?, failed, json))
    });
    let (batch, failed, json) = done.map_err(|e| e.into_py(py))?;
    let schema = batch.schema();
    Ok((PyTable::try_new(vec![batch], schema)?, failed, json))
}
