"""Forecast the shop's 40 SKUs on Ray: each SKU in a Ray worker.

    python examples/ray_forecast.py [SALES.csv|SALES.parquet]

Defaults to the shipped Online Retail slice (examples/data/online-retail/daily_sales_top40.csv,
CC BY 4.0). Starts a local Ray instance; on a cluster, call ray.init(address=...) instead.
"""

import pathlib
import sys

import pyarrow as pa
import ray
import ray.data

from ecom_supply.ray import forecast_ray

root = pathlib.Path(__file__).resolve().parents[2]
path = sys.argv[1] if len(sys.argv) > 1 else str(
    root / "examples" / "data" / "online-retail" / "daily_sales_top40.csv")

ray.init(include_dashboard=False)
read = ray.data.read_parquet if path.endswith(".parquet") else ray.data.read_csv
sales = read(path).select_columns(["date", "sku", "units"])
forecasts = forecast_ray(sales, id_col="sku", value_col="units", h=28, nonnegative=True)
table = pa.Table.from_pylist(forecasts.take_all())
print(table.sort_by([("id", "ascending"), ("step", "ascending")]).slice(0, 10).to_pandas())
print(f"{len(set(table['id'].to_pylist()))} SKUs, "
      f"{sum(e is not None for e in table['error'].to_pylist())} failed")
ray.shutdown()
