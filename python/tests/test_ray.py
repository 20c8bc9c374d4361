"""forecast_ray on a real local Ray instance: the same rows as one in-process call."""

import pyarrow as pa
import pytest

import ecom_supply

ray = pytest.importorskip("ray", reason="ray is not installed")
pytest.importorskip("ray.data", reason="ray[data] is not installed")

from ecom_supply.ray import forecast_ray, ray_calendar  # noqa: E402


@pytest.fixture(scope="module")
def ray_session():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    yield
    ray.shutdown()


def test_ray_forecast_is_the_single_process_forecast(ray_session, retail):
    sales = retail.select(["date", "sku", "units"])
    ds = ray.data.from_arrow(sales).repartition(3)
    assert ray_calendar(ds, "sku", "date", "units") == ecom_supply.detect_calendar(
        sales, id_col="sku", value_col="units")
    out = forecast_ray(ds, id_col="sku", value_col="units", h=14, model="ets")
    got = pa.Table.from_pylist(out.take_all())
    assert got.num_rows == 40 * 14
    assert set(got["error"].to_pylist()) == {None}
    want = ecom_supply.forecast(sales, id_col="sku", value_col="units", h=14, model="ets")
    key = lambda r: (r["id"], r["step"])  # noqa: E731
    assert sorted(got.drop_columns(["error"]).to_pylist(), key=key) == sorted(
        want.to_pylist(), key=key)
