from typing import Any, Iterable, Optional, Sequence, TypedDict

import pyarrow as pa

from .errors import EcomError as EcomError
from .errors import ForecastError as ForecastError
from .errors import InputError as InputError

__version__: str
FAILURES_KEY: bytes
PLAN_KEY: bytes

class Calendar(TypedDict):
    closed: list[str]
    holidays: list[str]

def detect_calendar(
    table: Any,
    *,
    id_col: Optional[str] = ...,
    date_col: str = ...,
    value_col: str = ...,
) -> Calendar: ...
def calendar_from_daily_totals(
    dates: Sequence[Any], totals: Sequence[float], series_count: int
) -> Calendar: ...
def forecast(
    table: Any,
    *,
    id_col: Optional[str] = ...,
    date_col: str = ...,
    value_col: str = ...,
    h: int = ...,
    levels: Sequence[float] = ...,
    model: str = ...,
    period: Optional[int] = ...,
    nonnegative: bool = ...,
    calendar: Optional[Calendar] = ...,
    closed: Optional[Sequence[str]] = ...,
    holidays: Optional[Iterable[Any]] = ...,
    no_calendar: bool = ...,
    frequency: Optional[str] = ...,
    missing: str = ...,
    errors: str = ...,
) -> pa.Table: ...
def failures(result: pa.Table) -> list[dict[str, str]]: ...
def plan(
    table: Any,
    *,
    id_col: Optional[str] = ...,
    date_col: str = ...,
    value_col: str = ...,
    service_level: float = ...,
    fill_rate: Optional[float] = ...,
    lead_time: int = ...,
    review_period: int = ...,
    order_cost: float = ...,
    holding_cost: float = ...,
    horizon: Optional[int] = ...,
    levels: Sequence[float] = ...,
    holdout: Optional[int] = ...,
    replan_every: int = ...,
    calendar: Optional[Calendar] = ...,
    closed: Optional[Sequence[str]] = ...,
    holidays: Optional[Iterable[Any]] = ...,
    no_calendar: bool = ...,
    frequency: Optional[str] = ...,
    missing: str = ...,
    errors: str = ...,
) -> pa.Table: ...
def plan_details(result: pa.Table) -> dict[str, Any]: ...
def place_warehouses(
    table: Any,
    k: int,
    *,
    lat_col: str = ...,
    lon_col: str = ...,
    weight_col: Optional[str] = ...,
    id_col: Optional[str] = ...,
    n_init: int = ...,
    seed: int = ...,
    radius_km: float = ...,
) -> tuple[pa.Table, pa.Table]: ...
