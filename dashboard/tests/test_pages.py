"""Every page under Streamlit's AppTest, against the samples' warehouse built by the pipeline and dbt."""

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

import common
from conftest import DASHBOARD

# The samples (samples/README.md): 9,073 events, 4,709 of them pushes, 800 on 2021-07-21.
ALL_EVENTS = "9,073"


def page(name: str, warehouse: str, monkeypatch) -> AppTest:
    monkeypatch.setenv("GHEVENTS_DUCKDB", warehouse)
    monkeypatch.delenv("GHEVENTS_BACKEND", raising=False)
    at = AppTest.from_file(str(DASHBOARD / "views" / name), default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def charts(at: AppTest) -> int:
    return len(at.get("vega_lite_chart"))


def test_overview_shows_every_tile_with_the_samples_numbers(warehouse, monkeypatch):
    at = page("overview.py", warehouse, monkeypatch)
    assert metric(at, "Total events") == ALL_EVENTS
    assert metric(at, "Event types") == "15"
    # donut, events over time, hours loaded, pushers, stars, time to merge, bot share
    assert charts(at) == 7
    assert len(at.dataframe) == 2  # trending repositories, new contributors
    subheaders = [s.value for s in at.subheader]
    # 2015-01-01 to 2021-07-21: weeks.
    for tile in ["Events per type", "Events by week and type", "Hours loaded",
                 "Most active pushers per day",
                 "Most starred repositories per day", "Pull request time to merge",
                 "Share of events by bots", "Trending repositories", "New contributors"]:
        assert tile in subheaders
    captions = " ".join(c.value for c in at.caption)
    assert "event-type filter does not apply" in captions


def spec(at: AppTest, index: int) -> dict:
    return json.loads(at.get("vega_lite_chart")[index].proto.spec)


def colour_scale(chart: dict) -> dict:
    return chart["encoding"]["color"]["scale"]


def test_each_event_type_has_one_colour_on_every_chart_and_no_two_share_one(warehouse, monkeypatch):
    at = page("overview.py", warehouse, monkeypatch)
    donut, series = colour_scale(spec(at, 0)), colour_scale(spec(at, 1))
    assert donut == series
    assert donut["domain"][:3] == ["PushEvent", "CreateEvent", "PullRequestEvent"]
    known = len(common.KNOWN_EVENT_TYPES)
    assert len(set(donut["range"][:known])) == known, "no two known types share a colour"
    # Filtering to one type keeps its colour.
    at.sidebar.multiselect[0].set_value(["WatchEvent"]).run()
    assert colour_scale(spec(at, 1)) == donut


def test_the_time_grain_follows_the_range_and_gaps_stay_gaps(warehouse, monkeypatch):
    at = page("overview.py", warehouse, monkeypatch)
    assert at.sidebar.multiselect[0].value == [], "all types, without listing them"
    assert spec(at, 1)["encoding"]["detail"]["field"] == "segment"
    at.sidebar.date_input[0].set_value((dt.date(2021, 7, 21), dt.date(2021, 7, 21))).run()
    assert "Events by hour and type" in [s.value for s in at.subheader]


def test_the_event_type_filter_changes_the_total(warehouse, monkeypatch):
    at = page("overview.py", warehouse, monkeypatch)
    at.sidebar.multiselect[0].set_value(["PushEvent"]).run()
    assert not at.exception
    assert metric(at, "Total events") == "4,709"
    assert metric(at, "Event types") == "1"


def test_the_date_range_changes_the_total(warehouse, monkeypatch):
    at = page("overview.py", warehouse, monkeypatch)
    at.sidebar.date_input[0].set_value((dt.date(2021, 7, 21), dt.date(2021, 7, 21))).run()
    assert not at.exception
    assert metric(at, "Total events") == "800"


def test_data_health_shows_the_ledger(warehouse, monkeypatch):
    at = page("health.py", warehouse, monkeypatch)
    assert metric(at, "Hours loaded") == "5"
    assert metric(at, "Hours pending") == "0"
    assert charts(at) == 1
    table = at.dataframe[0].value
    assert list(table["events_loaded"]) == [8273, 200, 200, 200, 200]
    assert table["trailing_median_events"].iloc[2] == pytest.approx(200)
    assert not at.warning  # no known GH Archive break covers 2015 or 2021


def test_a_missing_warehouse_gives_a_friendly_page(tmp_path, monkeypatch):
    monkeypatch.setenv("GHEVENTS_DUCKDB", str(tmp_path / "none.duckdb"))
    for name in ["overview.py", "repository.py", "health.py"]:
        at = AppTest.from_file(str(DASHBOARD / "views" / name), default_timeout=30)
        at.run()
        assert not at.exception
        assert "make run" in at.info[0].value


def test_a_range_over_a_known_break_shows_a_banner(warehouse, tmp_path, monkeypatch):
    import shutil

    import duckdb

    copy = tmp_path / "w.duckdb"
    shutil.copy(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "insert into gharchive_analytics.metric_data_health_hourly (hour, status, lines_read,"
            " dead_letters, runs, events_loaded) values (timestamp '2025-10-08 12:00:00', 'loaded',"
            " 90000, 0, 1, 90000)"
        )
    at = page("health.py", str(copy), monkeypatch)
    banners = " ".join(w.value for w in at.warning)
    assert "push commit counts" in banners and "undercounted" in banners
    assert "crawl time" in banners
