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

from typing import Any, Optional, Sequence

from . import Calendar
from ._engines import calendar_from_aggregates, level_key, sku_forecaster


def output_schema(levels: Sequence[float] = (80, 95)) -> str:
    """The Spark DDL schema of `forecast_spark`'s result for these levels."""
    cols = ["id string", "model string", "step bigint", "date date", "mean double"]
    for level in levels:
        key = level_key(level)
        cols += [f"lower_{key} double", f"upper_{key} double"]
    cols.append("error string")
    return ", ".join(cols)


def spark_calendar(df: Any, id_col: str, date_col: str, value_col: str) -> Calendar:
    """The calendar `ecom_supply.detect_calendar` finds on the whole DataFrame, from two
    aggregations collected to the driver (one row per date, one per SKU)."""
    from pyspark.sql import functions as F  # noqa: PLC0415

    date = F.to_date(F.col(date_col))
    value = F.col(value_col).cast("double")
    per_date = df.groupBy(date.alias("d")).agg(
        F.sum(F.abs(value)).alias("total"),
        F.count(value).alias("observed"),
        F.countDistinct(F.col(id_col)).alias("skus"),
    )
    spans = df.groupBy(F.col(id_col)).agg(F.min(date).alias("a"), F.max(date).alias("b"))
    return calendar_from_aggregates(
        [(r["d"], r["total"], r["observed"], r["skus"]) for r in per_date.collect()],
        [(r["a"], r["b"]) for r in spans.collect()],
    )


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
    one_sku = sku_forecaster(
        lambda: spark_calendar(df, id_col, date_col, value_col), id_col=id_col, levels=levels,
        calendar=calendar, no_calendar=no_calendar, date_col=date_col, value_col=value_col,
        h=h, model=model, period=period, nonnegative=nonnegative, frequency=frequency,
        missing=missing)
    schema = output_schema(levels)
    grouped = df.groupBy(id_col)
    if hasattr(grouped, "applyInArrow"):
        return grouped.applyInArrow(one_sku, schema)
    # Spark < 4.0: the same function through pandas.
    import pyarrow as pa  # noqa: PLC0415

    return grouped.applyInPandas(
        lambda pdf: one_sku(pa.Table.from_pandas(pdf, preserve_index=False)).to_pandas(),
        schema,
    )
