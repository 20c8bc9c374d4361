"""ecom_supply.forecast against the command line on the shop's data, and its refusals."""

import datetime as dt
import json
import subprocess
import warnings

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import ecom_supply
from ecom_supply import ForecastError, InputError


def cli_forecast(ecom_bin, path, *flags):
    out = subprocess.run(
        [ecom_bin, "--format", "json", "forecast", str(path), *flags],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("model", ["auto", "ets"])
def test_same_numbers_as_the_command_line(retail, retail_path, ecom_bin, model):
    flags = ["--id-column", "sku", "--value-column", "units", "--horizon", "28",
             "--model", model, "--nonnegative"]
    cli = cli_forecast(ecom_bin, retail_path, *flags)
    ours = ecom_supply.forecast(retail, id_col="sku", value_col="units", h=28, model=model,
                                nonnegative=True)
    assert ours.num_rows == 40 * 28
    assert ours.column_names == ["id", "model", "step", "date", "mean",
                                 "lower_80", "upper_80", "lower_95", "upper_95"]
    rows = ours.to_pylist()
    by_key = {(r["id"], r["step"]): r for r in rows}
    assert len(cli) == 40
    for sku in cli:
        for s in sku["forecast"]:
            r = by_key[(sku["id"], s["step"])]
            assert r["model"] == sku["model"]["name"]
            assert r["date"].isoformat() == s["date"]
            # Bit for bit: the same code on the same rows.
            assert r["mean"] == s["mean"]
            for level in ("80", "95"):
                assert r[f"lower_{level}"] == s["lower"][level]
                assert r[f"upper_{level}"] == s["upper"][level]


def test_closed_saturdays_forecast_zero(retail):
    out = ecom_supply.forecast(retail, id_col="sku", value_col="units", h=14)
    saturdays = out.filter(pc.equal(pc.day_of_week(out["date"]), 5))
    assert saturdays.num_rows == 40 * 2
    assert set(saturdays["mean"].to_pylist()) == {0.0}
    assert set(saturdays["upper_95"].to_pylist()) == {0.0}


def test_pandas_input_gives_the_same_table(retail):
    pd = pytest.importorskip("pandas")
    df = retail.to_pandas()
    assert isinstance(df, pd.DataFrame)
    a = ecom_supply.forecast(retail, id_col="sku", value_col="units", h=7, model="snaive")
    b = ecom_supply.forecast(df, id_col="sku", value_col="units", h=7, model="snaive")
    assert a.equals(b)


def test_text_dates_and_float_quantities_read_as_the_csv(retail):
    text = retail.set_column(0, "date", pc.cast(retail["date"], pa.string()))
    text = text.set_column(text.schema.get_field_index("units"), "units",
                           pc.cast(text["units"], pa.float64()))
    a = ecom_supply.forecast(retail, id_col="sku", value_col="units", h=7, model="ses")
    b = ecom_supply.forecast(text, id_col="sku", value_col="units", h=7, model="ses")
    assert a.equals(b)


def test_detected_calendar_matches_the_totals_route(retail):
    cal = ecom_supply.detect_calendar(retail, id_col="sku", value_col="units")
    assert cal["closed"] == ["Sat"]
    assert "2010-12-24" in cal["holidays"]  # the 25th is a Saturday, closed anyway
    totals = retail.group_by("date").aggregate([("units", "sum")])
    again = ecom_supply.calendar_from_daily_totals(
        totals["date"].to_pylist(), totals["units_sum"].to_pylist(), 40)
    assert again == cal


def test_given_calendar_is_used():
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(42)]
    t = pa.table({"date": days, "quantity": [5.0 + (i % 7) for i in range(42)]})
    out = ecom_supply.forecast(t, h=7, model="snaive", closed=["sun"])
    sunday = out.filter(pc.equal(pc.day_of_week(out["date"]), 6))
    assert sunday["mean"].to_pylist() == [0.0]
    open_days = ecom_supply.forecast(t, h=7, model="snaive", no_calendar=True)
    assert 0.0 not in open_days["mean"].to_pylist()


def test_missing_cells_are_missing_observations():
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(60)]
    values = [float(10 + i % 7 + (i * 7919) % 5) for i in range(60)]
    values[20] = None
    t = pa.table({"date": days, "quantity": values})
    out = ecom_supply.forecast(t, h=3, model="auto", no_calendar=True)
    assert out.num_rows == 3
    with pytest.raises(InputError, match="row 20"):
        ecom_supply.forecast(t, h=3, missing="error")


def test_refusals_are_typed(retail):
    with pytest.raises(InputError, match="no column `qty`"):
        ecom_supply.forecast(retail, id_col="sku", value_col="qty")
    with pytest.raises(ValueError):  # an InputError is a ValueError too
        ecom_supply.forecast(retail, id_col="sku", value_col="units", h=0)
    with pytest.raises(InputError, match="unknown model"):
        ecom_supply.forecast(retail, id_col="sku", value_col="units", model="prophet")
    with pytest.raises(InputError, match="levels"):
        ecom_supply.forecast(retail, id_col="sku", value_col="units", levels=[0.95])
    with pytest.raises(InputError):
        ecom_supply.forecast([1, 2, 3])
    garbage = pa.table({"date": ["2024-01-01", "2024-01-02"], "quantity": ["1", "abc"]})
    with pytest.raises(InputError, match="row 1"):
        ecom_supply.forecast(garbage)
    assert issubclass(InputError, ecom_supply.EcomError)
    assert issubclass(ForecastError, ecom_supply.EcomError)


def test_a_failing_sku_is_reported_not_fatal(retail):
    short = pa.table({"date": pa.array([dt.date(2011, 12, 9)], pa.date32()),
                      "sku": ["TINY"], "units": [3]})
    t = pa.concat_tables([retail.select(["date", "sku", "units"]), short])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = ecom_supply.forecast(t, id_col="sku", value_col="units", h=7, model="ets")
    assert any("TINY" in str(w.message) for w in caught)
    assert [f["id"] for f in ecom_supply.failures(out)] == ["TINY"]
    assert "TINY" not in out["id"].to_pylist()
    with pytest.raises(ForecastError, match="TINY"):
        ecom_supply.forecast(t, id_col="sku", value_col="units", h=7, model="ets",
                             errors="raise")
    with pytest.raises(ForecastError, match="no SKU could be forecast"):
        ecom_supply.forecast(short, id_col="sku", value_col="units", h=7, model="ets")


def test_every_number_is_finite(retail):
    out = ecom_supply.forecast(retail, id_col="sku", value_col="units", h=28, model="select",
                               nonnegative=True)
    for name in ["mean", "lower_80", "upper_80", "lower_95", "upper_95"]:
        col = out[name]
        assert pc.all(pc.is_finite(col)).as_py()
        assert pc.min(col).as_py() >= 0.0
    assert pc.all(pc.less_equal(out["lower_95"], out["lower_80"])).as_py()
    assert pc.all(pc.less_equal(out["upper_80"], out["upper_95"])).as_py()


def test_module_docstring_example_runs():
    import doctest

    result = doctest.testmod(ecom_supply, raise_on_error=False)
    assert result.attempted > 0 and result.failed == 0
