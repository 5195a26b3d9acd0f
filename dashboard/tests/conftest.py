"""The dashboard's tests run against the warehouse `make dbt-test` builds from the samples."""

import os
import sys
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parents[1]
ROOT = DASHBOARD.parent
sys.path.insert(0, str(DASHBOARD))


@pytest.fixture(scope="session")
def warehouse() -> str:
    path = Path(os.environ.get("GHEVENTS_TEST_DUCKDB", ROOT / "target" / "dbt-test" / "ghevents.duckdb"))
    if not path.exists():
        pytest.fail(f"no test warehouse at {path}: run `make dbt-test` first (make test does)")
    return str(path)
