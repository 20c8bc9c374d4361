# The native module; use the wrappers in ecom_supply instead.
from typing import Any, Optional

__version__: str

def forecast(
    table: Any,
    id_col: Optional[str],
    date_col: str,
    value_col: str,
    h: int,
    levels: list[float],
    model: str,
    period: Optional[int],
    nonnegative: bool,
    closed: Optional[list[str]],
    holidays: Optional[list[str]],
    no_calendar: bool,
    frequency: Optional[str],
    missing: str,
) -> tuple[Any, list[tuple[str, str]]]: ...
def detect_calendar(
    table: Any, id_col: Optional[str], date_col: str, value_col: str
) -> tuple[list[str], list[str]]: ...
def calendar_from_daily_totals(
    dates: list[str], totals: list[float], series_count: int
) -> tuple[list[str], list[str]]: ...
def plan(
    table: Any,
    id_col: Optional[str],
    date_col: str,
    value_col: str,
    service_level: float,
    fill_rate: Optional[float],
    lead_time: int,
    review_period: int,
    order_cost: float,
    holding_cost: float,
    horizon: Optional[int],
    levels: list[float],
    holdout: Optional[int],
    replan_every: int,
    closed: Optional[list[str]],
    holidays: Optional[list[str]],
    no_calendar: bool,
    frequency: Optional[str],
    missing: str,
) -> tuple[Any, list[tuple[str, str]], str]: ...
def place_warehouses(
    table: Any,
    k: int,
    lat_col: str,
    lon_col: str,
    weight_col: Optional[str],
    id_col: Optional[str],
    n_init: int,
    seed: int,
    radius_km: float,
) -> tuple[Any, Any]: ...
