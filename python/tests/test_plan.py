"""ecom_supply.plan against `ecom plan` on the shop's data."""

import json
import subprocess

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import ecom_supply
from ecom_supply import InputError


def test_same_policies_as_the_command_line(retail, retail_path, ecom_bin):
    out = subprocess.run(
        [ecom_bin, "--format", "json", "plan", str(retail_path), "--value-column", "units",
         "--lead-time", "5", "--service-level", "0.9"],
        check=True, capture_output=True, text=True)
    cli = json.loads(out.stdout)
    ours = ecom_supply.plan(retail, id_col="sku", value_col="units", lead_time=5,
                            service_level=0.9)
    assert ours.num_rows == len(cli["skus"]) == 40
    # The whole plan, bit for bit.
    assert ecom_supply.plan_details(ours) == cli
    rows = {r["id"]: r for r in ours.to_pylist()}
    for s in cli["skus"]:
        r = rows[s["id"]]
        p = s["policy"]
        for name in ["safety_stock", "reorder_point", "order_quantity", "expected_cost",
                     "lead_time_demand_mean", "fill_rate"]:
            assert r[name] == p[name], name
        assert r["holdout_achieved_fill_rate"] == s["holdout"]["achieved_fill_rate"]
        assert r["model"] == s["model"]["name"]


def test_policy_numbers_are_within_their_meaning(retail):
    t = ecom_supply.plan(retail, id_col="sku", value_col="units", fill_rate=0.98)
    for name in ["cycle_service_level", "fill_rate", "holdout_achieved_fill_rate",
                 "holdout_promised_fill_rate", "holdout_in_stock_rate"]:
        col = t[name]
        assert pc.min(col).as_py() >= 0.0 and pc.max(col).as_py() <= 1.0, name
    assert pc.min(t["order_quantity"]).as_py() > 0
    assert pc.all(pc.is_finite(t["reorder_point"])).as_py()
    assert pc.all(pc.greater_equal(t["fill_rate"], 0.98 - 1e-9)).as_py()


def test_plan_refusals_are_typed(retail):
    with pytest.raises(InputError):
        ecom_supply.plan(retail, id_col="sku", value_col="units", service_level=1.5)
    with pytest.raises(InputError):
        ecom_supply.plan(retail, id_col="sku", value_col="units", order_cost=-1)
    with pytest.raises(InputError, match="no column"):
        ecom_supply.plan(retail, id_col="sku", value_col="qty")
    empty = pa.table({"date": pa.array([], pa.string()), "quantity": pa.array([], pa.float64())})
    with pytest.raises(InputError, match="no rows"):
        ecom_supply.plan(empty)
