"""Shared fixtures: the shipped Online Retail slice and the `ecom` binary to compare with."""

import os
import pathlib
import shutil

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
RETAIL = ROOT / "examples" / "data" / "online-retail" / "daily_sales_top40.csv"


@pytest.fixture(scope="session")
def retail_path() -> pathlib.Path:
    return RETAIL


@pytest.fixture(scope="session")
def retail() -> pa.Table:
    """The 40 SKUs x 374 days of the shop, as pyarrow reads the CSV (dates become date32)."""
    return pacsv.read_csv(
        RETAIL, convert_options=pacsv.ConvertOptions(column_types={"sku": pa.string()})
    )


@pytest.fixture(scope="session")
def ecom_bin() -> str:
    """The command line built from the same sources: ECOM_BIN (set by .ci/run), else the
    workspace's target directory, else PATH."""
    for candidate in (
        os.environ.get("ECOM_BIN"),
        ROOT / "target" / "debug" / "ecom",
        ROOT / "target" / "release" / "ecom",
        shutil.which("ecom"),
    ):
        if candidate and pathlib.Path(candidate).is_file():
            return str(candidate)
    pytest.fail("no ecom binary: build it with `cargo build -p ecom-cli` or set ECOM_BIN")
