"""ecom_supply.place_warehouses against `ecom warehouses --geo` on the shop's country demand."""

import json
import pathlib
import subprocess

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import ecom_supply
from ecom_supply import InputError

DEMAND = (pathlib.Path(__file__).resolve().parents[2] / "examples" / "data" / "online-retail"
          / "country_demand.csv")


@pytest.fixture(scope="module")
def demand():
    # "NA" is Namibia's ISO code, not a missing cell.
    return pacsv.read_csv(DEMAND, convert_options=pacsv.ConvertOptions(
        strings_can_be_null=False, null_values=[]))


def test_same_sites_as_the_command_line(demand, ecom_bin):
    out = subprocess.run(
        [ecom_bin, "--format", "json", "warehouses", str(DEMAND), "--geo", "--k", "3",
         "--weight-column", "units", "--id-column", "country"],
        check=True, capture_output=True, text=True)
    cli = json.loads(out.stdout)
    sites, assignments = ecom_supply.place_warehouses(
        demand, 3, weight_col="units", id_col="country")
    assert sites.num_rows == 3
    assert [[r["lat"], r["lon"]] for r in sites.to_pylist()] == cli["centers"]
    assert [r["site"] - 1 for r in assignments.to_pylist()] == cli["assignments"]
    for r, s in zip(sites.to_pylist(), cli["sites"]):
        assert r["demand"] == s["demand"] and r["mean_km"] == s["mean_km"]
        assert r["customers"] == len(s["customers"])
    assert sum(sites["demand_share"].to_pylist()) == pytest.approx(1.0)
    ids = assignments["id"].to_pylist()
    assert ids[0] == "United Kingdom" and len(ids) == demand.num_rows


def test_warehouse_refusals_are_typed(demand):
    with pytest.raises(InputError):
        ecom_supply.place_warehouses(demand, demand.num_rows + 1, weight_col="units")
    with pytest.raises(InputError):
        ecom_supply.place_warehouses(demand, 0)
    bad = pa.table({"lat": [95.0, 10.0], "lon": [0.0, 0.0]})
    with pytest.raises(InputError):
        ecom_supply.place_warehouses(bad, 1)
