"""The pages' shared helpers: the time grain, gaps that stay gaps, and fixed type colours."""

import datetime as dt

import pandas as pd

import common


def test_the_grain_is_hours_for_days_days_for_months_and_weeks_beyond():
    day = dt.date(2024, 3, 1)
    assert common.grain(day, day) == "hour"
    assert common.grain(day, day + dt.timedelta(days=2)) == "hour"
    assert common.grain(day, day + dt.timedelta(days=3)) == "day"
    assert common.grain(day, day + dt.timedelta(days=91)) == "day"
    assert common.grain(dt.date(2015, 1, 1), dt.date(2021, 7, 21)) == "week"


def test_a_series_is_cut_where_a_bucket_has_no_data():
    frame = pd.DataFrame(
        {
            "event_hour": pd.to_datetime(
                ["2021-07-21 06:00", "2021-07-21 07:00", "2021-07-21 09:00", "2021-07-21 06:00"]
            ),
            "event_type": ["PushEvent", "PushEvent", "PushEvent", "WatchEvent"],
            "events": [5, 6, 7, 1],
        }
    )
    out = common.with_gaps(frame, "event_hour", "event_type", "events", "hour")
    push = out[out.event_type == "PushEvent"]
    # 06:00 and 07:00 are one run; 09:00 follows a missing 08:00, so it starts another.
    assert push.segment.tolist()[0] == push.segment.tolist()[1] != push.segment.tolist()[2]
    assert out[out.event_type == "WatchEvent"].segment.nunique() == 1
    weekly = common.with_gaps(frame, "event_hour", "event_type", "events", "week")
    assert weekly[weekly.event_type == "PushEvent"].events.tolist() == [18]
    assert str(weekly.period.iloc[0].date()) == "2021-07-19", "weeks start on Monday"


def test_an_empty_series_stays_empty():
    empty = pd.DataFrame({"event_hour": [], "event_type": [], "events": []})
    assert common.with_gaps(empty, "event_hour", "event_type", "events", "day").empty


def test_unknown_types_are_grey_and_known_ones_keep_their_colour():
    scale = common.type_colours(["PushEvent", "TeamAddEvent"]).to_dict()
    assert scale["domain"][-1] == "TeamAddEvent"
    assert scale["range"][-1] == common.UNKNOWN_TYPE_COLOUR
    assert scale["range"][0] == common.PALETTE[0]
    assert common.type_colours(["WatchEvent"]).to_dict()["range"][:18] == common.PALETTE


def test_a_loaded_day_without_events_is_zero_and_a_day_not_loaded_is_a_gap():
    daily = pd.DataFrame(
        {
            "activity_date": pd.to_datetime(["2024-03-01", "2024-03-04"]),
            "stars": [3, 4],
            "forks": [1, 0],
        }
    )
    # Hours were loaded on 1, 2 and 4 March; nothing on the 3rd.
    loaded = pd.Series(pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-04"]))
    out = common.measures_over_time(daily, "activity_date", {"stars": "stars", "forks": "forks"}, "day", loaded)
    stars = out[out.measure == "stars"].set_index("period")
    assert stars["value"].to_dict() == {
        pd.Timestamp("2024-03-01"): 3, pd.Timestamp("2024-03-02"): 0, pd.Timestamp("2024-03-04"): 4,
    }
    # The 2nd joins the 1st; the 4th starts a new segment after the unloaded 3rd.
    assert stars["segment"].nunique() == 2
    assert stars.loc[pd.Timestamp("2024-03-01"), "segment"] == stars.loc[pd.Timestamp("2024-03-02"), "segment"]
    weekly = common.measures_over_time(daily, "activity_date", {"stars": "stars"}, "week", loaded)
    assert weekly["value"].tolist() == [3, 4]  # the weeks of Monday 26 February and Monday 4 March
    empty = common.measures_over_time(daily.iloc[0:0], "activity_date", {"stars": "stars"}, "day", loaded)
    assert empty["value"].tolist() == [0, 0, 0]
