"""forecast_spark on a real local Spark session: the shop's 40 SKUs spread over partitions give
exactly the rows of one in-process call."""

import datetime as dt
import os
import shutil

import pyarrow as pa
import pytest

import ecom_supply

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime for Spark", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402

from ecom_supply.spark import forecast_spark, spark_calendar  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[2]")
        .appName("ecom-supply-test")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def retail_df(spark, retail):
    df = spark.createDataFrame(retail.select(["date", "sku", "units"]).to_pandas())
    # Rows of one SKU land on several input partitions; groupBy brings them together.
    return df.repartition(5)


def test_calendar_from_spark_aggregates_matches_detection(retail_df, retail):
    assert spark_calendar(retail_df, "sku", "date", "units") == ecom_supply.detect_calendar(
        retail, id_col="sku", value_col="units")


def test_spark_forecast_is_the_single_process_forecast(retail_df, retail):
    out = forecast_spark(retail_df, id_col="sku", value_col="units", h=28, nonnegative=True)
    got = pa.Table.from_pandas(out.toPandas(), preserve_index=False)
    assert got.num_rows == 40 * 28
    assert set(got["error"].to_pylist()) == {None}
    want = ecom_supply.forecast(retail, id_col="sku", value_col="units", h=28,
                                nonnegative=True)
    key = lambda r: (r["id"], r["step"])  # noqa: E731
    got_rows = sorted(got.drop_columns(["error"]).to_pylist(), key=key)
    want_rows = sorted(want.to_pylist(), key=key)
    assert got_rows == want_rows


def test_a_failing_sku_becomes_an_error_row(spark, retail):
    tiny = pa.table({"date": pa.array([dt.date(2011, 12, 9)], pa.date32()),
                     "sku": ["TINY"], "units": [3]})
    some = retail.select(["date", "sku", "units"]).slice(0, 374 * 2)
    df = spark.createDataFrame(pa.concat_tables([some, tiny]).to_pandas())
    out = forecast_spark(df, id_col="sku", value_col="units", h=7, model="ets").toPandas()
    bad = out[out["id"] == "TINY"]
    assert len(bad) == 1 and "TINY" not in set(out.dropna(subset=["mean"])["id"])
    assert bad["error"].iloc[0]
    assert out["error"].isna().sum() == 2 * 7
