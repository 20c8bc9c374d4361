"""Batch forecasting through Spark local[2]: ecom_supply against statsforecast's AutoARIMA with
its Spark backend (fugue), side by side in one run on the same synthetic SKUs.

    python benches/spark_benchmark.py [N_SKUS] [--ours-only]

N_SKUS synthetic daily SKUs over two years (730 days; weekly pattern, trend, Poisson counts;
seeded), 28 days ahead with 80/95 % intervals, automatic ARIMA with a weekly period on both
sides. Prints wall times through Spark, per-SKU cost, and the in-process time and peak memory
of ecom_supply.forecast on the same table (for projecting a cluster size). With --ours-only,
statsforecast is skipped (it is the slow side: use a smaller N for the ratio).
BLAS threads are pinned to one per Spark task on the Python side.
"""

import os
import resource
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402

import ecom_supply  # noqa: E402

DAYS = 730
H = 28


def synthetic(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = np.arange(DAYS)
    start = np.datetime64("2023-01-01")
    frames = []
    for i in range(n):
        level = rng.uniform(2, 60)
        weekly = 1 + rng.uniform(0, 0.6) * np.sin(2 * np.pi * (t + rng.integers(7)) / 7)
        trend = 1 + rng.uniform(-0.3, 0.5) * t / DAYS
        y = rng.poisson(level * weekly * trend).astype(float)
        frames.append(pd.DataFrame({"unique_id": f"SKU{i:06d}", "ds": start + t, "y": y}))
    df = pd.concat(frames, ignore_index=True)
    # Timestamps at midnight: statsforecast needs them; ecom_supply reads their dates.
    df["ds"] = pd.to_datetime(df["ds"])
    return df


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 1000
    ours_only = "--ours-only" in sys.argv
    pdf = synthetic(n)
    table = pa.Table.from_pandas(pdf, preserve_index=False)

    # In-process, all cores: the per-SKU cost without Spark.
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t_local, out = timed(lambda: ecom_supply.forecast(
        table, id_col="unique_id", date_col="ds", value_col="y", h=H, model="auto",
        no_calendar=True))
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert out.num_rows == n * H

    from pyspark.sql import SparkSession  # noqa: PLC0415

    spark = (SparkSession.builder.master("local[2]").appName("ecom-bench")
             .config("spark.sql.shuffle.partitions", "8")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.driver.memory", "6g")
             .config("spark.sql.session.timeZone", "UTC")
             .getOrCreate())
    sdf = spark.createDataFrame(pdf).repartition(8).cache()
    sdf.count()

    from ecom_supply.spark import forecast_spark  # noqa: PLC0415

    t_ours, _ = timed(lambda: forecast_spark(
        sdf, id_col="unique_id", date_col="ds", value_col="y", h=H, model="auto",
        no_calendar=True).write.format("noop").mode("overwrite").save())

    print(f"{n} synthetic SKUs x {DAYS} days, h = {H}, levels 80/95, Spark local[2], "
          f"{os.cpu_count()} cores")
    print(f"ecom_supply in-process (rayon, all cores): {t_local:8.2f} s  "
          f"({1e3 * t_local / n:.2f} ms per SKU; peak RSS +{(rss1 - rss0) / 1024:.0f} MB, "
          f"{rss1 / 1024:.0f} MB total)")
    print(f"ecom_supply through Spark (applyInArrow):  {t_ours:8.2f} s  "
          f"({1e3 * t_ours / n:.2f} ms per SKU)")
    if not ours_only:
        from statsforecast import StatsForecast  # noqa: PLC0415
        from statsforecast.models import AutoARIMA  # noqa: PLC0415

        sf = StatsForecast(models=[AutoARIMA(season_length=7)], freq="D", n_jobs=1)
        # numba JIT warm-up in the driver does not help the executors; warm them on 2 SKUs.
        small = sdf.filter(sdf.unique_id.isin("SKU000000", "SKU000001"))
        sf.forecast(df=small, h=H, level=[80, 95]).write.format("noop").mode(
            "overwrite").save()
        t_sf, _ = timed(lambda: sf.forecast(df=sdf, h=H, level=[80, 95]).write.format(
            "noop").mode("overwrite").save())
        print(f"statsforecast AutoARIMA through Spark (fugue): {t_sf:8.2f} s  "
              f"({1e3 * t_sf / n:.2f} ms per SKU)")
        print(f"ratio through Spark: {t_sf / t_ours:.1f}x")
    spark.stop()


if __name__ == "__main__":
    main()
