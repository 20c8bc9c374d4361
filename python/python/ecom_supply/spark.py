"""Forecasting a Spark DataFrame of sales, one SKU per group, in the executors.

``forecast_spark(df, ...)`` is ``ecom_supply.forecast`` spread over a cluster: the shop's
trading calendar is detected once from the whole DataFrame (two small aggregations), then
``df.groupBy(id_col).applyInArrow`` forecasts each SKU where its rows live, with that calendar,
so that the rows are those a single ``forecast`` call on the whole table returns.

    from ecom_supply.spark import forecast_spark
    out = forecast_spark(sales_df, id_col="sku", value_col="units", h=28, nonnegative=True)

A SKU that cannot be forecast does not fail the job: it gets one row whose ``error`` column
says why (``error`` is null on every forecast row).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Optional, Sequence

import pyarrow as pa

from . import Calendar, calendar_from_daily_totals, failures, forecast
from .errors import ForecastError, InputError


def _level_key(level: float) -> str:
    return f"{level:.0f}" if float(level).is_integer() else f"{level}"


def output_schema(levels: Sequence[float] = (80, 95)) -> str:
    """The Spark DDL schema of `forecast_spark`'s result for these levels."""
    cols = ["id string", "model string", "step bigint", "date date", "mean double"]
    for level in levels:
        key = _level_key(level)
        cols += [f"lower_{key} double", f"upper_{key} double"]
    cols.append("error string")
    return ", ".join(cols)


def _arrow_schema(levels: Sequence[float]) -> pa.Schema:
    fields = [
        pa.field("id", pa.string()),
        pa.field("model", pa.string()),
        pa.field("step", pa.int64()),
        pa.field("date", pa.date32()),
        pa.field("mean", pa.float64()),
    ]
    for level in levels:
        key = _level_key(level)
        fields += [pa.field(f"lower_{key}", pa.float64()), pa.field(f"upper_{key}", pa.float64())]
    fields.append(pa.field("error", pa.string()))
    return pa.schema(fields)


def spark_calendar(df: Any, id_col: str, date_col: str, value_col: str) -> Calendar:
    """The calendar `ecom_supply.detect_calendar` finds on the whole DataFrame, from two
    aggregations collected to the driver (one row per date, one per SKU): per date the total
    absolute sales and whether any SKU observed it, per SKU the span of its history (a date
    inside it without a row counts as a day without sales, as the loader fills it)."""
    from pyspark.sql import functions as F  # noqa: PLC0415

    date = F.to_date(F.col(date_col))
    value = F.col(value_col).cast("double")
    per_date = (
        df.groupBy(date.alias("d"))
        .agg(
            F.sum(F.abs(value)).alias("total"),
            F.count(value).alias("observed"),
            F.countDistinct(F.col(id_col)).alias("skus"),
        )
        .collect()
    )
    spans = df.groupBy(F.col(id_col)).agg(F.min(date).alias("a"), F.max(date).alias("b"))
    spans = [(r["a"], r["b"]) for r in spans.collect() if r["a"] is not None]
    if not spans or not per_date:
        return {"closed": [], "holidays": []}
    # SKUs whose span covers each date, by a sweep over the span ends.
    first = min(a for a, _ in spans)
    last = max(b for _, b in spans)
    days = (last - first).days + 1
    change = [0] * (days + 1)
    for a, b in spans:
        change[(a - first).days] += 1
        change[(b - first).days + 1] -= 1
    covering = []
    running = 0
    for i in range(days):
        running += change[i]
        covering.append(running)
    rows = {r["d"]: r for r in per_date if r["d"] is not None}
    dates, totals = [], []
    for i in range(days):
        d = first + _dt.timedelta(days=i)
        r = rows.get(d)
        if covering[i] == 0:
            continue
        # A date is seen if some SKU sold (or recorded 0) on it, or a SKU covering it has no
        # row there (a gap, read as 0); a date whose only cells are missing is not.
        observed = r is not None and r["observed"] > 0
        gap = r is None or r["skus"] < covering[i]
        if observed or gap:
            dates.append(d)
            totals.append(float(r["total"] or 0.0) if r is not None else 0.0)
    return calendar_from_daily_totals(dates, totals, len(spans))


def forecast_spark(
    df: Any,
    *,
    id_col: str = "sku",
    date_col: str = "date",
    value_col: str = "quantity",
    h: int = 14,
    levels: Sequence[float] = (80, 95),
    model: str = "auto",
    period: Optional[int] = None,
    nonnegative: bool = False,
    calendar: Optional[Calendar] = None,
    no_calendar: bool = False,
    frequency: Optional[str] = None,
    missing: str = "keep",
) -> Any:
    """Forecasts every SKU of a Spark DataFrame (see `ecom_supply.forecast` for the
    parameters); returns a Spark DataFrame with `output_schema(levels)`."""
    if no_calendar:
        cal: Calendar = {"closed": [], "holidays": []}
    elif calendar is not None:
        cal = calendar
    else:
        cal = spark_calendar(df, id_col, date_col, value_col)
    levels = [float(x) for x in levels]
    schema = output_schema(levels)
    names = [c.split(" ")[0] for c in schema.split(", ")]
    options = dict(
        id_col=id_col,
        date_col=date_col,
        value_col=value_col,
        h=h,
        levels=levels,
        model=model,
        period=period,
        nonnegative=nonnegative,
        calendar=cal,
        frequency=frequency,
        missing=missing,
        errors="ignore",
    )

    arrow_schema = _arrow_schema(levels)

    def one_sku(group: pa.Table) -> pa.Table:
        sku = str(group.column(id_col)[0].as_py()) if group.num_rows else ""
        try:
            out = forecast(group, **options)
            bad = failures(out)
        except (ForecastError, InputError) as e:
            out, bad = None, [{"id": sku, "error": str(e)}]
        parts = []
        if out is not None and out.num_rows:
            cols = [out.column(n) for n in names[:-1]]
            parts.append(pa.Table.from_arrays(cols + [pa.nulls(out.num_rows, pa.string())],
                                              schema=arrow_schema))
        if bad:
            cols = [pa.nulls(len(bad), f.type) for f in arrow_schema]
            cols[0] = pa.array([b["id"] for b in bad], pa.string())
            cols[-1] = pa.array([b["error"] for b in bad], pa.string())
            parts.append(pa.Table.from_arrays(cols, schema=arrow_schema))
        return pa.concat_tables(parts) if parts else arrow_schema.empty_table()

    grouped = df.groupBy(id_col)
    if hasattr(grouped, "applyInArrow"):
        return grouped.applyInArrow(one_sku, schema)
    # Spark < 4.0: the same function through pandas.
    return grouped.applyInPandas(
        lambda pdf: one_sku(pa.Table.from_pandas(pdf, preserve_index=False)).to_pandas(),
        schema,
    )
