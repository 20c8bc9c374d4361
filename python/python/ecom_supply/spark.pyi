from typing import Any, Optional, Sequence

from . import Calendar

def output_schema(levels: Sequence[float] = ...) -> str: ...
def spark_calendar(df: Any, id_col: str, date_col: str, value_col: str) -> Calendar: ...
def forecast_spark(
    df: Any,
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
