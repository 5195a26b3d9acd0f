"""The BigQuery backend runs the same queries as DuckDB; where the SQL must differ, both are shown."""

import datetime as dt

import data


def test_duckdb_and_bigquery_render_the_same_query_but_for_names_and_parameters():
    duck = data.Backend("duckdb", "w.duckdb").render(data.EVENTS_BY_TYPE)
    bq = data.Backend("bigquery", "my-project").render(data.EVENTS_BY_TYPE)
    assert "from gharchive_analytics.metric_events_daily" in duck
    assert "from `my-project.gharchive_analytics.metric_events_daily`" in bq
    assert "between $start and $end" in duck
    assert "between @start and @end" in bq
    assert "event_type in (select unnest($types))" in duck
    assert "event_type in unnest(@types)" in bq
    # Everything else is the same text.
    assert duck.replace("$", "@").replace("(select unnest(@types))", "unnest(@types)").replace(
        "gharchive_analytics.", "`my-project.gharchive_analytics."
    ).replace("metric_events_daily\n", "metric_events_daily`\n") == bq


def test_every_query_names_only_dbt_tables():
    names = [n for n in dir(data) if n.isupper() and isinstance(getattr(data, n), str)]
    for name in names:
        sql = getattr(data, name)
        for table in data._TABLE.findall(sql):
            assert table.startswith(("metric_", "fct_", "dim_", "repo_", "gharchive_known_breaks")), (name, table)


def test_bigquery_gets_typed_parameters():
    assert data._bq_param("repo_ids", [1, 2]).array_type == "INT64"
    assert data._bq_param("types", ["PushEvent"]).array_type == "STRING"
    assert data._bq_param("start", dt.date(2024, 3, 1)).type_ == "DATE"
    assert data._bq_param("start_at", dt.datetime(2024, 3, 1)).type_ == "TIMESTAMP"
