from typing import Any, Optional, Sequence

from . import Calendar

def ray_calendar(ds: Any, id_col: str, date_col: str, value_col: str) -> Calendar: ...
def forecast_ray(
    ds: Any,
    *,
    id_col: str = ...,
    date_col: str = ...,
    value_col: str = ...,
    h: int = ...,
    levels: Sequence[float] = ...,
    model: str = ...,
    period: Optional[int] = ...,
    nonnegative: bool = ...,
    calendar: Optional[Calendar] = ...,
    no_calendar: bool = ...,
    frequency: Optional[str] = ...,
    missing: str = ...,
) -> Any: ...
