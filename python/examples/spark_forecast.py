"""Forecast the shop's 40 SKUs on Spark: each SKU in the executor that holds its rows.

    python examples/spark_forecast.py [SALES.csv|SALES.parquet] [OUT_DIR]

Defaults to the shipped Online Retail slice (examples/data/online-retail/daily_sales_top40.csv,
CC BY 4.0) and prints the first rows; with OUT_DIR it writes the forecasts there as Parquet.
Runs on a local two-core Spark session; on a cluster, build the session as usual (the
package must be installed on the executors).
"""

import pathlib
import sys

from pyspark.sql import SparkSession

from ecom_supply.spark import forecast_spark

root = pathlib.Path(__file__).resolve().parents[2]
path = sys.argv[1] if len(sys.argv) > 1 else str(
    root / "examples" / "data" / "online-retail" / "daily_sales_top40.csv")

spark = SparkSession.builder.master("local[2]").appName("ecom-forecast").getOrCreate()
reader = spark.read
sales = (reader.parquet(path) if path.endswith(".parquet")
         else reader.option("header", True).option("inferSchema", True).csv(path))
sales = sales.select("date", sales["sku"].cast("string").alias("sku"), "units")

forecasts = forecast_spark(sales, id_col="sku", value_col="units", h=28, nonnegative=True)
if len(sys.argv) > 2:
    forecasts.write.mode("overwrite").parquet(sys.argv[2])
else:
    forecasts.orderBy("id", "step").show(10)
failed = forecasts.filter(forecasts["error"].isNotNull()).count()
print(f"{forecasts.select('id').distinct().count()} SKUs forecast, {failed} failed")
spark.stop()
