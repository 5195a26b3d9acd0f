"""Data access for the dashboard: the dbt metric and core tables, from DuckDB or BigQuery.

Every query is written once, in BigQuery's SQL with `{table}` placeholders and `@name` parameters,
which DuckDB also runs after three mechanical changes made by `Backend.render`: tables are named
`dataset.table` instead of `` `project.dataset.table` ``, parameters are `$name`, and `x in
unnest(@list)` becomes `x in (select unnest($list))`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ANALYTICS = os.environ.get("GHEVENTS_ANALYTICS_DATASET", "gharchive_analytics")
DEFAULT_DUCKDB = Path(__file__).resolve().parents[1] / "data" / "ghevents.duckdb"
_PARAM = re.compile(r"@([a-z_]+)")
_TABLE = re.compile(r"\{([a-z_]+)\}")
_IN_UNNEST = re.compile(r"in unnest\(@([a-z_]+)\)")


class WarehouseMissing(Exception):
    """There is no warehouse with the dbt tables yet: run `make run` first."""


@dataclass(frozen=True)
class Backend:
    """Where the tables are: a DuckDB file, or a BigQuery project."""

    engine: str  # "duckdb" or "bigquery"
    location: str  # the DuckDB file, or the BigQuery project

    def table(self, name: str) -> str:
        if self.engine == "bigquery":
            return f"`{self.location}.{ANALYTICS}.{name}`"
        return f"{ANALYTICS}.{name}"

    def render(self, sql: str) -> str:
        """The query as this engine runs it."""
        sql = _TABLE.sub(lambda m: self.table(m.group(1)), sql)
        if self.engine == "duckdb":
            # BigQuery's `x in unnest(@list)` is DuckDB's `x in (select unnest($list))`.
            sql = _IN_UNNEST.sub(lambda m: f"in (select unnest(@{m.group(1)}))", sql)
            sql = _PARAM.sub(lambda m: "$" + m.group(1), sql)
        return sql


def backend_from_env() -> Backend:
    """BigQuery when GHEVENTS_BACKEND=bigquery (project from GCP_PROJECT), else the DuckDB file."""
    if os.environ.get("GHEVENTS_BACKEND", "duckdb") == "bigquery":
        project = os.environ.get("GCP_PROJECT")
        if not project:
            raise WarehouseMissing("GHEVENTS_BACKEND=bigquery needs GCP_PROJECT")
        return Backend("bigquery", project)
    return Backend("duckdb", os.environ.get("GHEVENTS_DUCKDB", str(DEFAULT_DUCKDB)))


def run(backend: Backend, sql: str, **params) -> pd.DataFrame:
    """Runs one query; raises WarehouseMissing when the warehouse or the dbt tables are absent."""
    query = backend.render(sql)
    if backend.engine == "bigquery":
        return _run_bigquery(backend.location, query, tuple(sorted(params.items())))
    return _run_duckdb(backend.location, query, params)


def _run_duckdb(path: str, query: str, params: dict) -> pd.DataFrame:
    import duckdb

    if not Path(path).exists():
        raise WarehouseMissing(f"no warehouse at {path}")
    try:
        with duckdb.connect(path, read_only=True) as con:
            return con.execute(query, params).df()
    except duckdb.CatalogException as e:
        raise WarehouseMissing(f"the dbt tables are not in {path}: {e}") from e


def _run_bigquery(project: str, query: str, params: tuple) -> pd.DataFrame:
    # Results are cached for 10 minutes, so page views do not bill the same query again.
    import streamlit as st

    @st.cache_data(ttl=600, show_spinner=False)
    def cached(project: str, query: str, params: tuple) -> pd.DataFrame:
        from google.cloud import bigquery

        client = bigquery.Client(project=project)
        config = bigquery.QueryJobConfig(
            query_parameters=[_bq_param(name, value) for name, value in params]
        )
        return client.query(query, job_config=config).to_dataframe()

    return cached(project, query, params)


def _bq_param(name: str, value):
    from google.cloud import bigquery

    if isinstance(value, list):
        kind = "INT64" if value and all(isinstance(v, int) for v in value) else "STRING"
        return bigquery.ArrayQueryParameter(name, kind, value)
    if isinstance(value, dt.datetime):
        return bigquery.ScalarQueryParameter(name, "TIMESTAMP", value)
    if isinstance(value, dt.date):
        return bigquery.ScalarQueryParameter(name, "DATE", value)
    if isinstance(value, int):
        return bigquery.ScalarQueryParameter(name, "INT64", value)
    return bigquery.ScalarQueryParameter(name, "STRING", value)


# The queries of the pages. `@types` is a list of event types; `@start` and `@end` are dates.
DATE_RANGE = "select min(event_date) as first_date, max(event_date) as last_date from {metric_events_daily}"
EVENT_TYPES = "select distinct event_type from {metric_events_daily} order by event_type"
EVENTS_BY_TYPE = """
select event_type, sum(events) as events
from {metric_events_daily}
where event_date between @start and @end and event_type in unnest(@types)
group by event_type
order by events desc
"""
EVENTS_BY_HOUR = """
select event_hour, event_type, events
from {metric_events_hourly}
where cast(event_hour as date) between @start and @end and event_type in unnest(@types)
order by event_hour
"""
TOP_PUSHERS = """
select event_date, actor_login, pushes, rank_in_day
from {metric_top_pushers_daily}
where event_date between @start and @end and rank_in_day <= @top
order by event_date, rank_in_day
"""
TOP_REPOS = """
select event_date, repo_name, stars, rank_in_day
from {metric_top_repos_by_stars_daily}
where event_date between @start and @end and rank_in_day <= @top
order by event_date, rank_in_day
"""
TIME_TO_MERGE = """
select merge_date, merged_pull_requests, median_hours_to_merge, p90_hours_to_merge
from {metric_pr_time_to_merge_daily}
where merge_date between @start and @end
order by merge_date
"""
BOT_SHARE = """
select event_date, events, bot_events, bot_share
from {metric_bot_share_daily}
where event_date between @start and @end
order by event_date
"""
TRENDING = """
select trend_rank, repo_name, stars_last_7_days, stars_previous_7_days, star_growth, as_of_date
from {metric_trending_repos}
where trend_rank <= @top
order by trend_rank
"""
NEW_CONTRIBUTORS = """
select repo_name, sum(new_human_contributors) as new_contributors
from {metric_new_contributors_daily}
where event_date between @start and @end
group by repo_name
order by new_contributors desc, repo_name
limit 10
"""
HEALTH = """
select hour, status, lines_read, dead_letters, events_loaded, trailing_median_events, known_breaks
from {metric_data_health_hourly}
where cast(hour as date) between @start and @end
order by hour
"""
HEALTH_RANGE = "select min(cast(hour as date)) as first_date, max(cast(hour as date)) as last_date from {metric_data_health_hourly}"
BREAKS = """
select break_id, starts_at, ends_at, affects, description
from {gharchive_known_breaks}
where cast(starts_at as date) <= @end and cast(ends_at as date) > @start
order by starts_at
"""

# The repository page (views/repository.py). `@repo_ids` is a list of repository ids; `@start_at`
# and `@end_at` bound created_at, so BigQuery prunes the facts' partitions.
_REPO_COLUMNS = "repo_id, repo_name, owner_login, first_seen_at, last_seen_at, events, language"
REPO_BY_NAME = f"select {_REPO_COLUMNS} from {{dim_repos}} where lower(repo_name) = lower(@name)"
REPOS_OF_OWNER = f"""
select {_REPO_COLUMNS} from {{dim_repos}}
where lower(owner_login) = lower(@owner)
order by events desc, repo_name
"""
REPO_SUGGESTIONS = """
select repo_name, events from {dim_repos}
where lower(repo_name) like @pattern
order by events desc, repo_name
limit 10
"""
REPO_DAILY = """
select activity_date, repo_id, repo_name, events, stars, forks, pushes, commits, pushers,
    pull_requests_opened, pull_requests_merged, pull_requests_closed, issues_opened, issues_closed,
    releases
from {repo_activity_daily}
where repo_id in unnest(@repo_ids) and activity_date between @start and @end
order by activity_date
"""
REPO_PUSHERS = """
select distinct activity_date, coalesce(cast(actor_id as string), actor_login) as person
from {repo_contributors_daily}
where repo_id in unnest(@repo_ids) and activity_date between @start and @end and pushes > 0
"""
# A person's contributions over the range, summed from repo_contributors_daily.
_CONTRIBUTION_SUMS = """
    sum(pushes) as pushes,
    sum(commits) as commits,
    sum(pull_requests_opened) as pull_requests_opened,
    sum(issues_opened) as issues_opened,
    sum(comments) as comments,
    sum(reviews) as reviews,
    sum(releases) as releases,
    sum(pushes + pull_requests_opened + issues_opened + comments + reviews + releases) as contributions
""".strip("\n")
REPO_CONTRIBUTORS = f"""
select
    max(actor_login) as actor_login,
    max(actor_id) as actor_id,
    max(is_bot) as is_bot,
{_CONTRIBUTION_SUMS}
from {{repo_contributors_daily}}
where repo_id in unnest(@repo_ids) and activity_date between @start and @end
group by coalesce(cast(actor_id as string), actor_login)
order by contributions desc, actor_login
limit 200
"""
REPO_MERGE_TIMES = """
select time_to_merge_seconds / 3600.0 as hours
from {fct_pull_requests}
where repo_id in unnest(@repo_ids) and created_at >= @start_at and created_at < @end_at
    and is_merged and time_to_merge_seconds is not null
"""
REPO_CLOSE_TIMES = """
select time_to_close_seconds / 3600.0 as hours
from {fct_issues}
where repo_id in unnest(@repo_ids) and created_at >= @start_at and created_at < @end_at
    and is_closed and time_to_close_seconds is not null
"""
REPO_RELEASES = """
select created_at, repo_name, tag_name, release_name, is_prerelease
from {fct_releases}
where repo_id in unnest(@repo_ids) and created_at >= @start_at and created_at < @end_at
order by created_at desc
limit 50
"""
ACTOR_BY_LOGIN = """
select actor_id, actor_login, first_seen_at, last_seen_at, events, is_bot from {dim_actors}
where lower(actor_login) = lower(@login)
order by last_seen_at desc
limit 1
"""
# Where a person contributed; BigQuery prunes by the clustering's actor_login within each day.
CONTRIBUTIONS_OF = f"""
select
    contributions.repo_id,
    max(repos.repo_name) as repo_name,
{_CONTRIBUTION_SUMS}
from {{repo_contributors_daily}} as contributions
left join {{dim_repos}} as repos on contributions.repo_id = repos.repo_id
where lower(contributions.actor_login) = lower(@login) and activity_date between @start and @end
group by contributions.repo_id
order by contributions desc, repo_name
limit 100
"""
