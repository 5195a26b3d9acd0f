"""How the deployment's dbt builds start, on a real pipeline run's DuckDB file: at most one build at a
time (dbt/build.sh and its build lock), and no build creating a schema that already exists (the
deployment's dbt account may not create datasets); plus, from the BigQuery target's manifest, that
every relation dbt builds lives in a dataset Terraform creates.
"""

import json
import os
import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from test_incremental_models import DBT, ROOT, load

BUILD = ROOT / "dbt" / "build.sh"


def env(tmp: Path, **extra) -> dict:
    return dict(os.environ, GHEVENTS_DUCKDB=str(tmp / "w.duckdb"), DBT_PROFILES_DIR=str(ROOT / "dbt"),
                DBT=str(DBT), DBT_TARGET="local", DBT_TARGET_PATH=str(tmp / "dbt-target"), **extra)


def build(tmp: Path, holder: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BUILD)], env=env(tmp, HOLDER=holder), capture_output=True, text=True)


def operation(tmp: Path, name: str, args: str) -> str:
    out = subprocess.run([str(DBT), "run-operation", name, "--no-use-colors", "--args", args],
                         cwd=ROOT / "dbt", env=env(tmp), capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]
    return out.stdout


def lock(tmp: Path):
    with duckdb.connect(str(tmp / "w.duckdb"), read_only=True) as con:
        return con.sql("select holder, held_until > now() from gharchive_analytics._ghevents_build_lock").fetchall()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dbt-builds")
    # Every sample hour: the freshness checks want rows of every table that has one.
    load(tmp, "2015-01-01-12,2021-07-21-6..2021-07-21-9")
    return tmp


def test_a_build_takes_the_lock_builds_and_gives_it_back(warehouse):
    out = build(warehouse, "build-1")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "Done. PASS=" in out.stdout
    assert lock(warehouse) == [(None, None)], "given back"


def test_a_build_beside_a_running_one_exits_cleanly_without_building(warehouse):
    taken = operation(warehouse, "take_build_lock", "{holder: build-running, minutes: 65}")
    assert "ghevents-build-lock: taken by build-running" in taken
    with duckdb.connect(str(warehouse / "w.duckdb"), read_only=True) as con:
        windows = con.sql("select count(*) from gharchive_analytics._ghevents_watermarks").fetchall()
    out = build(warehouse, "build-2")
    assert out.returncode == 0, out.stdout[-3000:]
    assert "another dbt build is running (held by build-running since" in out.stdout
    assert "Done. PASS=" not in out.stdout, "it must not build"
    with duckdb.connect(str(warehouse / "w.duckdb"), read_only=True) as con:
        assert con.sql("select count(*) from gharchive_analytics._ghevents_watermarks").fetchall() == windows
    assert lock(warehouse) == [("build-running", True)], "the running build's lock is untouched"
    # A lock whose build died expires: the next build takes it over.
    with duckdb.connect(str(warehouse / "w.duckdb")) as con:
        con.sql("update gharchive_analytics._ghevents_build_lock set held_until = now() - interval 1 minute")
    out = build(warehouse, "build-3")
    assert out.returncode == 0 and "Done. PASS=" in out.stdout, out.stdout[-3000:]
    assert lock(warehouse) == [(None, None)]


def test_a_build_creates_no_schema_that_exists(warehouse, tmp_path):
    debug = subprocess.run(
        [str(DBT), "--debug", "--log-path", str(tmp_path), "build", "--no-use-colors",
         "--select", "stg_push_events", "--target-path", str(tmp_path / "target")],
        cwd=ROOT / "dbt", env=env(warehouse), capture_output=True, text=True)
    assert debug.returncode == 0, debug.stdout[-3000:]
    log = (tmp_path / "dbt.log").read_text()
    assert "_ghevents_watermarks" in log, "the on-run-start hook ran"
    # Which connection ran each `create schema`. dbt's own create_schemas ("create_<db>_<schema>")
    # asks for the schemas it does not find listed; dbt-duckdb 1.11 lists them with the database
    # name quoted ('"ghevents"') and so finds none and asks for every one, harmlessly on DuckDB.
    # dbt-bigquery lists datasets with the project name unquoted (connections.list_dataset), so on
    # BigQuery it asks for none that the dbt account can see. The hook must never ask.
    creating = re.findall(r"On ([\w-]+): /\*[^\n]*\*/\s+create schema", log, re.I)
    assert creating, "the test no longer sees dbt's statements"
    assert all(c.startswith("create_") for c in creating), creating


def test_every_relation_dbt_builds_on_bigquery_is_in_a_dataset_terraform_creates(tmp_path):
    out = subprocess.run(
        [str(DBT), "parse", "--target", "prod", "--no-use-colors", "--target-path", str(tmp_path)],
        cwd=ROOT / "dbt", env=dict(os.environ, DBT_PROFILES_DIR=str(ROOT / "dbt"), GCP_PROJECT="ghevents-ci"),
        capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    main_tf = (ROOT / "terraform" / "main.tf").read_text()
    built = {n["schema"] for n in manifest["nodes"].values()
             if n["resource_type"] in ("model", "seed", "snapshot")}
    assert built == {"gharchive_analytics"}
    stored = {n["unique_id"] for n in manifest["nodes"].values()
              if n["resource_type"] == "test" and n["config"].get("store_failures")}
    assert not stored, f"tests that would create an audit dataset: {stored}"
    read = {s["schema"] for s in manifest["sources"].values()}
    assert read == {"gharchive_staging", "gharchive_ops"}
    for dataset in built | read:
        assert f'"{dataset}"' in main_tf, f"{dataset} is not one of Terraform's datasets"
