"""The dbt project over real pipeline runs: a backfilled older hour loaded after newer ones reaches
the facts, building again changes no model's row count, and data tests given `test_loaded_since`
read only the rows loaded since then.

Runs the pipeline's shaded jar (GHEVENTS_JAR) on the bundled samples into a fresh DuckDB file, and
dbt (the same virtualenv) on the `local` target.
"""

import datetime
import json
import os
import re
import shutil
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
            " and table_name != '_ghevents_watermarks' order by 1",
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
    # One window per incremental model (8 facts, 2 dimensions, 2 repository models) is kept: the
    # newest one read.
    windows = query(tmp, "select model, count(*), bool_and(done) from gharchive_analytics._ghevents_watermarks group by 1")
    assert len(windows) == 12 and all(n == 1 and done for _, n, done in windows), windows


DIMENSIONS = {
    "dim_actors": "actor_id, actor_login, first_seen_at, last_seen_at, events, is_bot",
    "dim_repos": "repo_id, repo_name, owner_login, first_seen_at, last_seen_at, events, language",
}


def test_incremental_dimensions_equal_a_rebuild_from_all_events(warehouse):
    """The dimensions were merged build by build (newer hours, then a backfill of older ones, then
    the same hours again); rebuilt whole from fct_events they hold exactly the same rows."""
    tmp, _ = warehouse
    merged = {name: query(tmp, f"select {cols} from gharchive_analytics.{name} order by 1") for name, cols in DIMENSIONS.items()}
    assert len(merged["dim_actors"]) > 1000 and len(merged["dim_repos"]) > 1000
    env = dict(os.environ, GHEVENTS_DUCKDB=str(tmp / "w.duckdb"), DBT_PROFILES_DIR=str(ROOT / "dbt"))
    rebuilt = subprocess.run(
        [str(DBT), "run", "--no-use-colors", "--target-path", str(tmp / "dbt-rebuild"),
         "--full-refresh", "--select", "fct_events", "dim_actors", "dim_repos"],
        cwd=ROOT / "dbt", env=env, capture_output=True, text=True,
    )
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:]
    for name, cols in DIMENSIONS.items():
        assert query(tmp, f"select {cols} from gharchive_analytics.{name} order by 1") == merged[name], name


REPOSITORY_MODELS = ["repo_activity_daily", "repo_contributors_daily"]


def test_the_repository_models_recomputed_day_by_day_equal_a_rebuild(warehouse):
    """The repository page's models were built on 2021-07-21-8..9, then on a backfill that added
    2021-07-21-6..7 to the same day (the day recomputed, its distinct pushers included) and an
    hour of 2015, then on nothing new; rebuilt whole they hold exactly the same rows."""
    tmp, _ = warehouse
    merged = {name: query(tmp, f"select * from gharchive_analytics.{name} order by all") for name in REPOSITORY_MODELS}
    july = query(tmp, "select sum(events), sum(pushes) from gharchive_analytics.repo_activity_daily"
                      " where activity_date = '2021-07-21'")
    in_facts = query(tmp, "select count(*), count(case when event_type = 'PushEvent' then 1 end)"
                          " from gharchive_analytics.fct_events where cast(created_at as date) = '2021-07-21'")
    assert july == in_facts and july[0][0] == 800
    env = dict(os.environ, GHEVENTS_DUCKDB=str(tmp / "w.duckdb"), DBT_PROFILES_DIR=str(ROOT / "dbt"))
    rebuilt = subprocess.run(
        [str(DBT), "run", "--no-use-colors", "--target-path", str(tmp / "dbt-rebuild-repos"),
         "--full-refresh", "--select", *REPOSITORY_MODELS],
        cwd=ROOT / "dbt", env=env, capture_output=True, text=True,
    )
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:]
    for name in REPOSITORY_MODELS:
        assert query(tmp, f"select * from gharchive_analytics.{name} order by all") == merged[name], name


def dbt_test(db: Path, target: Path, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, GHEVENTS_DUCKDB=str(db), DBT_PROFILES_DIR=str(ROOT / "dbt"))
    return subprocess.run(
        [str(DBT), "test", "--no-use-colors", "--target-path", str(target), *args],
        cwd=ROOT / "dbt", env=env, capture_output=True, text=True,
    )


def test_tests_given_a_load_time_read_only_rows_loaded_since(warehouse, tmp_path):
    tmp, _ = warehouse
    db = tmp_path / "copy.duckdb"
    shutil.copy(tmp / "w.duckdb", db)
    copy_one_push = (
        "insert into gharchive_staging.push_events select * replace (cast('{at}' as timestamp)"
        " as loaded_at) from gharchive_staging.push_events where id = ("
        "select min(id) from gharchive_staging.push_events)"
    )
    with duckdb.connect(str(db)) as con:
        # A duplicate among old loads: only the full (daily) test can see it.
        con.execute(copy_one_push.format(at="2000-01-01 00:00:00"))
    select = ["--select", "source:gharchive_staging.push_events", "fct_events"]
    recent = ["--vars", json.dumps({"test_loaded_since": "2001-01-01 00:00:00"})]
    scoped = dbt_test(db, tmp_path / "t1", *select, *recent)
    assert scoped.returncode == 0, scoped.stdout[-3000:]
    full = dbt_test(db, tmp_path / "t2", *select)
    assert full.returncode == 1
    assert "FAIL 1 source_unique_combination_gharchive_staging_push_events_id__created_at" in full.stdout, full.stdout[-3000:]
    with duckdb.connect(str(db)) as con:
        # A duplicate among recent loads: the hourly test sees it.
        con.execute(copy_one_push.format(at="2030-01-01 00:00:00"))
    caught = dbt_test(db, tmp_path / "t3", *select, *recent)
    assert caught.returncode == 1
    assert "FAIL 1 source_unique_combination_gharchive_staging_push_events_id__created_at" in caught.stdout, caught.stdout[-3000:]
    bad = dbt_test(db, tmp_path / "t4", *select, "--vars", json.dumps({"test_loaded_since": "yesterday"}))
    assert bad.returncode != 0 and "must be a UTC time" in bad.stdout, bad.stdout[-3000:]


def test_the_hourly_cloud_build_selection_builds_facts_and_repository_days_and_leaves_dims_and_metrics(warehouse, tmp_path):
    tmp, _ = warehouse
    db = tmp_path / "copy.duckdb"
    shutil.copy(tmp / "w.duckdb", db)
    # The selectors the hourly trigger passes (terraform/dbt_trigger.tf), read from there.
    trigger = (ROOT / "terraform" / "dbt_trigger.tf").read_text()
    exclude = re.search(r'dbt_daily_only\s*=\s*"([^"]+)"', trigger).group(1).split()
    env = dict(os.environ, GHEVENTS_DUCKDB=str(db), DBT_PROFILES_DIR=str(ROOT / "dbt"))
    result = subprocess.run(
        [
            str(DBT), "build", "--no-use-colors", "--target-path", str(tmp_path / "t"),
            "--vars", json.dumps({"test_loaded_since": "2001-01-01 00:00:00"}), "--exclude", *exclude,
        ],
        cwd=ROOT / "dbt", env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"OK created sql incremental model gharchive_analytics\.fct_events", result.stdout)
    # The facts and the repository page's models build hourly; the metrics and dimensions wait for the day.
    for model in ["repo_activity_daily", "repo_contributors_daily"]:
        assert re.search(rf"OK created sql incremental model gharchive_analytics\.{model}", result.stdout), model
    assert "metric_" not in result.stdout and "dim_actors" not in result.stdout, result.stdout[-3000:]
    assert "unique_combination_repo_activity_daily" not in result.stdout, "the repository models' tests run daily"
    assert "unique_combination_fct_events_event_id__created_at" not in result.stdout, "the facts' tests run daily"
    assert re.search(r"PASS source_unique_combination_gharchive_staging_push_events_id__created_at", result.stdout)


def test_the_facts_read_commits_in_the_order_they_were_stamped(warehouse, tmp_path):
    """dbt reads rows up to the newest commit in the ledger when the build starts, after the last
    one it read. A commit stamps its rows after taking the commit lock, so a commit that started
    before another but finished after it is stamped after it too, and reaches the facts."""
    tmp, _ = warehouse
    db = tmp_path / "copy.duckdb"
    shutil.copy(tmp / "w.duckdb", db)
    env = dict(os.environ, GHEVENTS_DUCKDB=str(db), DBT_PROFILES_DIR=str(ROOT / "dbt"))

    def build():
        result = subprocess.run(
            # run, not build: staging holds rows the facts do not have yet, on purpose.
            [str(DBT), "run", "--no-use-colors", "--target-path", str(tmp_path / "t"),
             "--select", "fct_events", "fct_pushes"],
            cwd=ROOT / "dbt", env=env, capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stdout[-3000:]

    def commit(event_id, stamp, ledger=True):
        with duckdb.connect(str(db)) as con:
            con.execute(
                "insert into gharchive_staging.push_events select * replace (? as id, ? as loaded_at)"
                " from gharchive_staging.push_events where id = (select min(id) from"
                " gharchive_staging.push_events)", [event_id, stamp])
            if ledger:
                ledger_row(stamp)

    def ledger_row(stamp):
        with duckdb.connect(str(db)) as con:
            con.execute(
                "insert into gharchive_ops.ingest_ledger select * replace (? as finished_at)"
                " from gharchive_ops.ingest_ledger limit 1", [stamp])

    def in_facts(event_id):
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute(
                "select count(*) from gharchive_analytics.fct_pushes where event_id = ?", [event_id]
            ).fetchall()[0][0]

    with duckdb.connect(str(db), read_only=True) as con:
        newest = con.execute("select max(finished_at) from gharchive_ops.ingest_ledger").fetchall()[0][0]
    hour = datetime.timedelta(hours=1)
    # B's rows are visible in staging but the build read the ledger before B's row was there (the
    # two reads are separate queries): B is left for the next build, not skipped.
    commit("b", newest + hour, ledger=False)
    build()
    assert in_facts("b") == 0
    ledger_row(newest + hour)
    build()
    assert in_facts("b") == 1
    # A started before B and finished after it: its stamp, taken once it held the lock, is later.
    commit("a", newest + 2 * hour)
    build()
    assert in_facts("a") == 1
    # A stamp taken before the lock (the old commit) would fall under the watermark: never read.
    commit("early", newest + hour / 2)
    build()
    assert in_facts("early") == 0
