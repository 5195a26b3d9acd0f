"""The dbt project over real pipeline runs: a backfilled older hour loaded after newer ones reaches
the facts, and building again changes no model's row count.

Runs the pipeline's shaded jar (GHEVENTS_JAR) on the bundled samples into a fresh DuckDB file, and
dbt (the same virtualenv) on the `local` target.
"""

import os
import subprocess
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
JAR = Path(os.environ.get("GHEVENTS_JAR", ROOT / "target" / "ghevents-bundled.jar"))
DBT = Path(os.environ.get("DBT", ROOT / ".venv" / "bin" / "dbt"))


def load(tmp: Path, hours: str) -> None:
    subprocess.run(
        [
            "java", "-jar", str(JAR), "--source=" + str(ROOT / "samples"), "--hours=" + hours,
            "--lake=" + str(tmp / "lake"), "--duckdbPath=" + str(tmp / "w.duckdb"),
            "--enforceImmutability=false", "--enforceEncodability=false",
        ],
        check=True, capture_output=True, text=True,
    )


def dbt_build(tmp: Path) -> None:
    env = dict(os.environ, GHEVENTS_DUCKDB=str(tmp / "w.duckdb"), DBT_PROFILES_DIR=str(ROOT / "dbt"))
    result = subprocess.run(
        [str(DBT), "build", "--no-use-colors", "--target-path", str(tmp / "dbt-target")],
        cwd=ROOT / "dbt", env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:]


def query(tmp: Path, sql: str):
    with duckdb.connect(str(tmp / "w.duckdb"), read_only=True) as con:
        return con.sql(sql).fetchall()


def model_counts(tmp: Path) -> dict:
    tables = [
        name for (name,) in query(
            tmp,
            "select table_name from duckdb_tables() where schema_name = 'gharchive_analytics'"
            " order by 1",
        )
    ]
    return {t: query(tmp, f"select count(*) from gharchive_analytics.{t}")[0][0] for t in tables}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dbt-e2e")
    # Newer hours first, then a backfill of older ones, as an operator would.
    load(tmp, "2021-07-21-8..2021-07-21-9")
    dbt_build(tmp)
    first = model_counts(tmp)
    load(tmp, "2015-01-01-12,2021-07-21-6..2021-07-21-7")
    dbt_build(tmp)
    return tmp, first


def test_a_backfilled_older_hour_reaches_the_facts(warehouse):
    tmp, first = warehouse
    assert first["fct_events"] == 400
    per_hour = dict(query(
        tmp,
        "select strftime(source_hour, '%Y-%m-%d %H'), count(*) from gharchive_analytics.fct_events"
        " group by 1",
    ))
    assert per_hour == {
        "2015-01-01 12": 8273, "2021-07-21 06": 200, "2021-07-21 07": 200,
        "2021-07-21 08": 200, "2021-07-21 09": 200,
    }
    pushes_2015 = query(
        tmp,
        "select count(*) from gharchive_analytics.fct_pushes where created_at < '2016-01-01'",
    )[0][0]
    assert pushes_2015 == 4284


def test_fact_counts_per_type_equal_staging(warehouse):
    tmp, _ = warehouse
    facts = dict(query(tmp, "select event_type, count(*) from gharchive_analytics.fct_events group by 1"))
    staged = {}
    for (table,) in query(
        tmp, "select table_name from duckdb_tables() where schema_name = 'gharchive_staging'"
    ):
        for event_type, n in query(tmp, f"select type, count(*) from gharchive_staging.{table} group by 1"):
            staged[event_type] = n
    assert facts == staged
    assert sum(facts.values()) == 9073


def test_building_again_changes_no_row_count(warehouse):
    tmp, _ = warehouse
    before = model_counts(tmp)
    load(tmp, "2015-01-01-12,2021-07-21-6..2021-07-21-9")  # the same hours again: nothing new
    dbt_build(tmp)
    after = model_counts(tmp)
    assert after == before
    assert len(after) >= 20
