"""Forecasting a Ray Dataset of sales, one SKU per group, in the Ray workers.

``forecast_ray(ds, ...)`` is ``ecom_supply.forecast`` on a Ray cluster: the calendar is
detected once from two aggregations of the whole Dataset, then
``ds.groupby(id_col).map_groups(..., batch_format="pyarrow")`` forecasts each SKU with it, so
the rows are those of a single ``forecast`` call on the whole table.

    import ray.data
    from ecom_supply.ray import forecast_ray
    out = forecast_ray(ray.data.read_parquet("sales/"), id_col="sku", value_col="units", h=28)

A SKU that cannot be forecast gets one row whose ``error`` column says why.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from . import Calendar
from ._engines import calendar_from_aggregates, sku_forecaster


def ray_calendar(ds: Any, id_col: str, date_col: str, value_col: str) -> Calendar:
    """The calendar `ecom_supply.detect_calendar` finds on the whole Dataset, from one
    aggregate row per date and one per SKU, computed in the workers."""

    def _dates(t: pa.Table) -> pa.Array:
        d = t.column(date_col)
        if pa.types.is_timestamp(d.type):
            return pc.cast(d, pa.date32())
        if pa.types.is_string(d.type) or pa.types.is_large_string(d.type):
            return pc.cast(pc.strptime(d, "%Y-%m-%d", "s"), pa.date32())
        return d

    def per_date(t: pa.Table) -> pa.Table:
        v = pc.cast(t.column(value_col), pa.float64())
        return pa.table({
            "d": [_dates(t)[0].as_py()],
            "total": [pc.sum(pc.abs(v)).as_py() or 0.0],
            "observed": [pc.count(v).as_py()],
            "skus": [pc.count_distinct(t.column(id_col)).as_py()],
        })

    def span(t: pa.Table) -> pa.Table:
        d = _dates(t)
        return pa.table({"a": [pc.min(d).as_py()], "b": [pc.max(d).as_py()]})

    # Group keys are the raw date column; per_date reads the date back as date32.
    dates = ds.groupby(date_col).map_groups(per_date, batch_format="pyarrow").take_all()
    spans = ds.groupby(id_col).map_groups(span, batch_format="pyarrow").take_all()
    return calendar_from_aggregates(
        [(r["d"], r["total"], r["observed"], r["skus"]) for r in dates],
        [(r["a"], r["b"]) for r in spans],
    )


def forecast_ray(
    ds: Any,
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
    """Forecasts every SKU of a Ray Dataset (see `ecom_supply.forecast` for the parameters);
    returns a Dataset with the columns of `ecom_supply.spark.output_schema(levels)`."""
    one_sku = sku_forecaster(
        lambda: ray_calendar(ds, id_col, date_col, value_col), id_col=id_col, levels=levels,
        calendar=calendar, no_calendar=no_calendar, date_col=date_col, value_col=value_col,
        h=h, model=model, period=period, nonnegative=nonnegative, frequency=frequency,
        missing=missing)
    return ds.groupby(id_col).map_groups(one_sku, batch_format="pyarrow")
