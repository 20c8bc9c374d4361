#!/usr/bin/env bash
# CI for the Python package: lints of its crate, the abi3 wheel built by maturin in a fresh
# virtualenv, and pytest (the command-line comparison and a real local Spark session).
# Called by .ci/run after the Rust tests, which built the `ecom` binary the tests compare with.
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd .. && pwd)"
# Its own target dir: the crate is not in the Rust workspace, so nothing there can be reused.
export CARGO_TARGET_DIR="$root/target/python"

echo "--- cargo fmt / clippy (python crate)"
cargo fmt --check
cargo clippy --release --locked -- -D warnings

# Spark needs a Java runtime; these machines have Java 17, a fresh one gets it from Debian.
if ! command -v java > /dev/null 2>&1; then
  echo "--- installing openjdk-17-jre-headless"
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq openjdk-17-jre-headless > /dev/null
fi

echo "--- virtualenv with maturin, pytest, pyarrow, pandas, pyspark, ray"
venv="$CARGO_TARGET_DIR/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "maturin>=1.7,<2" pytest pandas pyarrow pyspark "ray[data]"

echo "--- maturin build (abi3 wheel)"
rm -rf "$CARGO_TARGET_DIR/wheels"
"$venv/bin/maturin" build --release --locked --quiet --out "$CARGO_TARGET_DIR/wheels"
"$venv/bin/pip" install --quiet --force-reinstall --no-deps "$CARGO_TARGET_DIR"/wheels/*.whl

echo "--- pytest"
ECOM_BIN="${ECOM_BIN:-$root/target/debug/ecom}" PYSPARK_PYTHON="$venv/bin/python" \
  "$venv/bin/python" -m pytest -q tests
