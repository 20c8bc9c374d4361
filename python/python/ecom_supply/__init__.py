"""Batch demand forecasts for e-commerce SKUs, on Arrow tables.

The numbers are those of the ``ecom`` command line (the Rust ``ecom-supply`` toolkit): every
SKU of a sales table is fitted on the shop's trading days (closed weekdays and dates detected
from the sales, or given) and forecast with prediction intervals. Tables go in and out as
pyarrow Tables; pandas and polars DataFrames are accepted. The work runs in Rust on all cores
with the GIL released.

>>> import pyarrow as pa, ecom_supply
>>> sales = pa.table({"date": [f"2024-01-{d:02}" for d in range(1, 29)],
...                   "quantity": [10, 12, 11, 13, 12, 9, 8] * 4})
>>> fc = ecom_supply.forecast(sales, h=7, model="snaive")
>>> fc.column("mean").to_pylist()
[10.0, 12.0, 11.0, 13.0, 12.0, 9.0, 8.0]
"""

from __future__ import annotations

import json
import warnings
from typing import Any, Iterable, Optional, Sequence

import pyarrow as pa

from . import _ecom_supply
from .errors import EcomError, ForecastError, InputError

__all__ = [
    "FAILURES_KEY",
    "PLAN_KEY",
    "EcomError",
    "ForecastError",
    "InputError",
    "Calendar",
    "calendar_from_daily_totals",
    "detect_calendar",
    "failures",
    "forecast",
    "place_warehouses",
    "plan",
    "plan_details",
    "__version__",
]

__version__: str = _ecom_supply.__version__

#: Schema metadata key under which `forecast` and `plan` record the SKUs they could not do.
FAILURES_KEY = b"ecom_supply.failures"
#: Schema metadata key under which `plan` keeps the whole plan as JSON.
PLAN_KEY = b"ecom_supply.plan"

Calendar = dict  # a TypedDict in the stub: {"closed": [...], "holidays": [...]}
"""A trading calendar as plain data: ``{"closed": ["Sat"], "holidays": ["2010-12-24", ...]}``
(closed weekdays, and closed dates as YYYY-MM-DD); what `detect_calendar` returns and what
`forecast(calendar=...)` takes."""


def _arrow(table: Any) -> Any:
    """Anything exporting the Arrow C stream interface passes through untouched (no copy);
    pandas older than 2.2 is converted by pyarrow."""
    if hasattr(table, "__arrow_c_stream__"):
        return table
    try:
        import pandas as pd  # noqa: PLC0415

        if isinstance(table, pd.DataFrame):
            return pa.Table.from_pandas(table, preserve_index=False)
    except ImportError:
        pass
    raise InputError(
        f"expected a pyarrow Table, a pandas or polars DataFrame, or another object with "
        f"__arrow_c_stream__; got {type(table).__name__}"
    )


def _column_names(table: Any) -> list:
    schema = getattr(table, "schema", None)
    names = getattr(schema, "names", None)
    if names is None:
        names = list(getattr(table, "columns", []))
    return [str(n) for n in names]


def _id_column(table: Any, id_col: Optional[str]) -> Optional[str]:
    # As the command line: a column named "sku" when the table has one, else one series.
    if id_col is not None:
        return id_col
    return "sku" if "sku" in _column_names(table) else None


def _dates(values: Optional[Iterable[Any]]) -> Optional[list]:
    if values is None:
        return None
    return [v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values]


def detect_calendar(
    table: Any,
    *,
    id_col: Optional[str] = None,
    date_col: str = "date",
    value_col: str = "quantity",
) -> Calendar:
    """The trading calendar the sales show, as `forecast` detects it: a weekday on which no
    SKU ever sold is closed, and, with at least 10 SKUs, so is any other date on which none
    sold. Non-daily sales give an always-open calendar (no closed days)."""
    table = _arrow(table)
    closed, holidays = _ecom_supply.detect_calendar(
        table, _id_column(table, id_col), date_col, value_col
    )
    return {"closed": closed, "holidays": holidays}


def calendar_from_daily_totals(
    dates: Sequence[Any], totals: Sequence[float], series_count: int
) -> Calendar:
    """The calendar `detect_calendar` would find, from what it looks at: the total absolute
    sales of every date some SKU's history covers (0 for a covered date without sales) and the
    number of SKUs. Batch engines aggregate these two over the whole data set, so that every
    partition forecasts with the calendar of the whole shop (see `ecom_supply.spark`)."""
    closed, holidays = _ecom_supply.calendar_from_daily_totals(
        _dates(dates), [float(t) for t in totals], int(series_count)
    )
    return {"closed": closed, "holidays": holidays}


def forecast(
    table: Any,
    *,
    id_col: Optional[str] = None,
    date_col: str = "date",
    value_col: str = "quantity",
    h: int = 14,
    levels: Sequence[float] = (80, 95),
    model: str = "auto",
    period: Optional[int] = None,
    nonnegative: bool = False,
    calendar: Optional[Calendar] = None,
    closed: Optional[Sequence[str]] = None,
    holidays: Optional[Iterable[Any]] = None,
    no_calendar: bool = False,
    frequency: Optional[str] = None,
    missing: str = "keep",
    errors: str = "warn",
) -> pa.Table:
    """Forecasts every SKU of a sales table, as ``ecom forecast`` does.

    Parameters mirror the command's flags:

    - ``id_col``: the SKU column (default: ``"sku"`` if the table has one, else the whole
      table is one series); ``date_col``, ``value_col``: dates (date, timestamp or
      YYYY-MM-DD text) and quantities (numbers; null cells are missing observations).
    - ``h``: periods to forecast; ``levels``: interval levels in percent.
    - ``model``: ``"auto"`` (automatic ARIMA), ``"ets"``, ``"theta"``, ``"select"``
      (per SKU, the best of all of them by rolling-origin backtest), or a baseline
      ``"ses"``, ``"holt"``, ``"ma:N"``, ``"snaive"``, ``"naive"``.
    - ``period``: seasonal period (default: from the data's frequency, 7 for daily).
    - ``nonnegative``: clip means and bounds at 0.
    - ``calendar`` (from `detect_calendar`), or ``closed`` weekdays and ``holidays`` dates:
      the shop's closed days, detected from the sales when not given; ``no_calendar``
      treats every day as open.
    - ``frequency``: spacing of the dates (inferred when omitted); ``missing``: ``"keep"``
      reads null cells as missing observations, ``"error"`` refuses them.
    - ``errors``: a SKU that cannot be forecast is ``"warn"``-ed about (the default, as the
      command line), ``"ignore"``-d, or ``"raise"``-s `ForecastError`. Either way its id and
      error are in the result's schema metadata under ``FAILURES_KEY`` (JSON), and if no SKU
      could be forecast `ForecastError` is raised.

    Returns a pyarrow Table with columns ``id, model, step, date, mean`` and
    ``lower_L, upper_L`` per level, one row per SKU and step.

    Raises `InputError` for a table or an argument refused before any work.
    """
    if errors not in ("warn", "ignore", "raise"):
        raise InputError(f'errors must be "warn", "ignore" or "raise", got {errors!r}')
    closed, holidays = _calendar_args(calendar, closed, holidays, no_calendar)
    table = _arrow(table)
    result, failed = _ecom_supply.forecast(
        table,
        _id_column(table, id_col),
        date_col,
        value_col,
        int(h),
        [float(x) for x in levels],
        model,
        None if period is None else int(period),
        bool(nonnegative),
        None if closed is None else [str(w) for w in closed],
        _dates(holidays),
        bool(no_calendar),
        frequency,
        missing,
    )
    return _with_failures(pa.table(result), failed, errors, "forecast")


def _calendar_args(calendar, closed, holidays, no_calendar):
    if calendar is None:
        return closed, holidays
    if closed is not None or holidays is not None or no_calendar:
        raise InputError("give calendar, or closed/holidays/no_calendar, not both")
    return calendar.get("closed", []), calendar.get("holidays", [])


def _with_failures(result: pa.Table, failed: list, errors: str, done: str) -> pa.Table:
    """The SKUs that failed, raised, warned about, and recorded in the schema metadata."""
    if not failed:
        return result
    if result.num_rows == 0:
        raise ForecastError(
            f"no SKU could be {done} ({len(failed)} failed; first: SKU {failed[0][0]}: "
            f"{failed[0][1]})"
        )
    if errors == "raise":
        raise ForecastError(f"SKU {failed[0][0]}: {failed[0][1]}")
    if errors == "warn":
        for sku, why in failed:
            warnings.warn(f"SKU {sku}: {why}", stacklevel=3)
    metadata = {FAILURES_KEY: json.dumps([{"id": i, "error": e} for i, e in failed])}
    return result.replace_schema_metadata(metadata)


def plan(
    table: Any,
    *,
    id_col: Optional[str] = None,
    date_col: str = "date",
    value_col: str = "quantity",
    service_level: float = 0.95,
    fill_rate: Optional[float] = None,
    lead_time: int = 7,
    review_period: int = 1,
    order_cost: float = 50.0,
    holding_cost: float = 1.0,
    horizon: Optional[int] = None,
    levels: Sequence[float] = (80, 95),
    holdout: Optional[int] = None,
    replan_every: int = 0,
    calendar: Optional[Calendar] = None,
    closed: Optional[Sequence[str]] = None,
    holidays: Optional[Iterable[Any]] = None,
    no_calendar: bool = False,
    frequency: Optional[str] = None,
    missing: str = "keep",
    errors: str = "warn",
) -> pa.Table:
    """Every SKU's replenishment policy, as ``ecom plan`` makes it (warehouse sites aside).

    Each SKU's automatic ARIMA forecast on its trading days gives the distribution of demand
    over the lead time plus one review period, which sets the safety stock, reorder point and
    order quantity (EOQ) for the service target: ``service_level`` (cycle service, default
    0.95) or ``fill_rate``. ``lead_time`` and ``review_period`` are in periods (0: continuous
    review); ``order_cost`` per order, ``holding_cost`` per unit and year. The plan is checked
    out of sample on the last ``holdout`` periods (default: a quarter of a year, at least 4
    lead times; 0 turns it off), re-made every ``replan_every`` periods if given. The other
    parameters are those of `forecast`.

    Returns a pyarrow Table, one row per SKU: ``id, model, method, missing_periods,
    demand_per_period, lead_time_demand_mean, lead_time_demand_sd, safety_stock,
    reorder_point, order_quantity, expected_cost, cycle_service_level, fill_rate`` and the
    holdout check's ``holdout_mase, holdout_promised_fill_rate, holdout_achieved_fill_rate,
    holdout_in_stock_rate, holdout_stock_to_demand, holdout_periods`` (null without one).
    The whole plan, as ``ecom plan --format json`` prints it, is in the schema metadata under
    ``PLAN_KEY``; SKUs not planned are handled as in `forecast` (``errors``, `failures`).
    """
    if errors not in ("warn", "ignore", "raise"):
        raise InputError(f'errors must be "warn", "ignore" or "raise", got {errors!r}')
    closed, holidays = _calendar_args(calendar, closed, holidays, no_calendar)
    table = _arrow(table)
    result, failed, plan_json = _ecom_supply.plan(
        table,
        _id_column(table, id_col),
        date_col,
        value_col,
        float(service_level),
        None if fill_rate is None else float(fill_rate),
        int(lead_time),
        int(review_period),
        float(order_cost),
        float(holding_cost),
        None if horizon is None else int(horizon),
        [float(x) for x in levels],
        None if holdout is None else int(holdout),
        int(replan_every),
        None if closed is None else [str(w) for w in closed],
        _dates(holidays),
        bool(no_calendar),
        frequency,
        missing,
    )
    result = _with_failures(pa.table(result), failed, errors, "planned")
    metadata = dict(result.schema.metadata or {})
    metadata[PLAN_KEY] = plan_json
    return result.replace_schema_metadata(metadata)


def plan_details(result: pa.Table) -> dict:
    """The whole plan behind a `plan` result (config, calendar, per-SKU forecasts, policies
    and holdout checks), as ``ecom plan --format json`` prints it."""
    return json.loads(result.schema.metadata[PLAN_KEY])


def place_warehouses(
    table: Any,
    k: int,
    *,
    lat_col: str = "lat",
    lon_col: str = "lon",
    weight_col: Optional[str] = None,
    id_col: Optional[str] = None,
    n_init: int = 10,
    seed: int = 0,
    radius_km: float = 500.0,
) -> "tuple[pa.Table, pa.Table]":
    """``k`` warehouse sites for customer locations, as ``ecom warehouses --geo --k K``
    places them: geographic k-means on the sphere minimising demand-weighted great-circle
    distance (``weight_col`` is each location's demand), best of ``n_init`` seeded restarts.

    Returns ``(sites, assignments)``: per site ``site, lat, lon, customers, demand,
    demand_share, mean_km, max_km, share_within_radius`` (within ``radius_km``); per location
    its ``id`` (``id_col``, else the row number from 1), ``site`` and ``km`` to it.
    Raises `InputError` for bad coordinates or weights, or k larger than the locations.
    """
    table = _arrow(table)
    sites, assignments = _ecom_supply.place_warehouses(
        table, int(k), lat_col, lon_col, weight_col, id_col, int(n_init), int(seed),
        float(radius_km))
    return pa.table(sites), pa.table(assignments)


def failures(result: pa.Table) -> list:
    """The ``{"id", "error"}`` records of the SKUs `forecast` could not forecast."""
    raw = (result.schema.metadata or {}).get(FAILURES_KEY)
    return json.loads(raw) if raw else []

