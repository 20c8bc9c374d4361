"""What the Spark and Ray adapters share: the calendar from distributed aggregates, the result
schema, and the per-SKU function each engine runs on its groups."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Iterable, Optional, Sequence, Tuple

import pyarrow as pa

from . import Calendar, calendar_from_daily_totals, failures, forecast
from .errors import ForecastError, InputError


def level_key(level: float) -> str:
    """`80`, `97.5`: a level as the column names write it."""
    return f"{level:.0f}" if float(level).is_integer() else f"{level}"


def arrow_schema(levels: Sequence[float]) -> pa.Schema:
    """`id, model, step, date, mean, lower_L, upper_L, ..., error`."""
    fields = [
        pa.field("id", pa.string()),
        pa.field("model", pa.string()),
        pa.field("step", pa.int64()),
        pa.field("date", pa.date32()),
        pa.field("mean", pa.float64()),
    ]
    for level in levels:
        key = level_key(level)
        fields += [pa.field(f"lower_{key}", pa.float64()), pa.field(f"upper_{key}", pa.float64())]
    fields.append(pa.field("error", pa.string()))
    return pa.schema(fields)


def calendar_from_aggregates(
    per_date: Iterable[Tuple[Any, Optional[float], int, int]],
    spans: Sequence[Tuple[_dt.date, _dt.date]],
) -> Calendar:
    """The calendar `detect_calendar` finds on the whole table, from two aggregates an engine
    computes across its workers: per date ``(date, total absolute sales, observed cells,
    distinct SKUs with a row)``, and per SKU the ``(first, last)`` date of its rows. A date
    inside a SKU's span without a row counts as a day without sales (the loader fills it with
    0); a date whose only cells are missing is not seen at all."""
    spans = [(a, b) for a, b in spans if a is not None and b is not None]
    if not spans:
        return {"closed": [], "holidays": []}
    first = min(a for a, _ in spans)
    last = max(b for _, b in spans)
    days = (last - first).days + 1
    # SKUs whose span covers each date, by a sweep over the span ends.
    change = [0] * (days + 1)
    for a, b in spans:
        change[(a - first).days] += 1
        change[(b - first).days + 1] -= 1
    rows = {d: (t, n, k) for d, t, n, k in per_date if d is not None}
    dates, totals = [], []
    covering = 0
    for i in range(days):
        covering += change[i]
        if covering == 0:
            continue
        d = first + _dt.timedelta(days=i)
        total, observed, skus = rows.get(d, (0.0, 0, 0))
        if observed > 0 or skus < covering:
            dates.append(d)
            totals.append(float(total or 0.0))
    return calendar_from_daily_totals(dates, totals, len(spans))


def sku_forecaster(
    detect: Callable[[], Calendar],
    *,
    id_col: str,
    levels: Sequence[float],
    calendar: Optional[Calendar],
    no_calendar: bool,
    **options: Any,
) -> Callable:
    """The function an engine runs on one SKU's rows: `forecast` with `options` and the
    whole shop's calendar (given, none with `no_calendar`, else `detect()`-ed once, here on
    the driver), and a SKU that cannot be forecast as one row carrying its `error` instead of
    an exception that would fail the job."""
    if no_calendar:
        calendar = {"closed": [], "holidays": []}
    elif calendar is None:
        calendar = detect()
    levels = [float(x) for x in levels]
    options = dict(options, id_col=id_col, levels=levels, calendar=calendar)
    schema = arrow_schema(levels)
    names = schema.names

    def one_sku(group: pa.Table) -> pa.Table:
        sku = str(group.column(id_col)[0].as_py()) if group.num_rows else ""
        try:
            out = forecast(group, **options, errors="ignore")
            bad = failures(out)
        except (ForecastError, InputError) as e:
            out, bad = None, [{"id": sku, "error": str(e)}]
        parts = []
        if out is not None and out.num_rows:
            cols = [out.column(n) for n in names[:-1]]
            cols.append(pa.nulls(out.num_rows, pa.string()))
            parts.append(pa.Table.from_arrays(cols, schema=schema))
        if bad:
            cols = [pa.nulls(len(bad), f.type) for f in schema]
            cols[0] = pa.array([b["id"] for b in bad], pa.string())
            cols[-1] = pa.array([b["error"] for b in bad], pa.string())
            parts.append(pa.Table.from_arrays(cols, schema=schema))
        return pa.concat_tables(parts) if parts else schema.empty_table()

    return one_sku
