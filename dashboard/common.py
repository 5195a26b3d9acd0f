"""What every page shares: the backend, the friendly empty state, number formatting, filters."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

import data

# The event types the pipeline knows (model/EventTypes.java), each with its own colour, the same on
# every chart; a type GitHub adds later (kept in other_events under its name) is grey.
KNOWN_EVENT_TYPES = [
    "PushEvent", "CreateEvent", "PullRequestEvent", "WatchEvent", "IssueCommentEvent",
    "DeleteEvent", "PullRequestReviewEvent", "IssuesEvent", "PullRequestReviewCommentEvent",
    "ForkEvent", "ReleaseEvent", "CommitCommentEvent", "GollumEvent", "MemberEvent", "PublicEvent",
    "PullRequestReviewThreadEvent", "DiscussionEvent", "SponsorshipEvent",
]
# Tableau's 20 categorical colours without its two greys: 18 colours no two alike.
PALETTE = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#a0cbe8", "#ffbe7d", "#8cd17d", "#b6992d", "#f1ce63", "#499894", "#86bcb6",
    "#d37295", "#d4a6c8",
]
UNKNOWN_TYPE_COLOUR = "#9d9d9d"

# The grain a time chart uses for a range of this many days or fewer; weeks beyond.
HOURLY_UP_TO_DAYS = 3
DAILY_UP_TO_DAYS = 92
GRAIN_DELTA = {"hour": pd.Timedelta(hours=1), "day": pd.Timedelta(days=1), "week": pd.Timedelta(weeks=1)}


def backend_or_stop() -> data.Backend:
    """The backend, or a page that says what to do when there is no warehouse yet."""
    try:
        backend = data.backend_from_env()
        data.run(backend, data.DATE_RANGE)
        return backend
    except data.WarehouseMissing as missing:
        st.title("GitHub events")
        st.info(
            "There is no data to show yet. Load the bundled sample hours and build the models with "
            "`make run`, then start the dashboard again with `make dashboard`."
        )
        st.caption(f"Details: {missing}")
        st.stop()


def number(value) -> str:
    """12345 -> '12,345'; None -> '-'."""
    if value is None or pd.isna(value):
        return "-"
    return f"{int(value):,}"


def date_range(backend: data.Backend, sql: str = data.DATE_RANGE) -> tuple[dt.date, dt.date]:
    """A date range control over the days that have data."""
    bounds = data.run(backend, sql).iloc[0]
    first, last = pd.Timestamp(bounds.iloc[0]).date(), pd.Timestamp(bounds.iloc[1]).date()
    chosen = st.sidebar.date_input(
        "Date range (UTC)", value=(first, last), min_value=first, max_value=last
    )
    if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
        return chosen[0], chosen[1]
    return first, last


def type_colours(types) -> alt.Scale:
    """One fixed colour per event type, the same on every chart whatever the data holds."""
    extra = sorted(set(types) - set(KNOWN_EVENT_TYPES))
    return alt.Scale(
        domain=KNOWN_EVENT_TYPES + extra, range=PALETTE + [UNKNOWN_TYPE_COLOUR] * len(extra)
    )


def grain(start: dt.date, end: dt.date) -> str:
    """The time grain for a date range: hours for a few days, days for a few months, else weeks."""
    days = (end - start).days + 1
    if days <= HOURLY_UP_TO_DAYS:
        return "hour"
    return "day" if days <= DAILY_UP_TO_DAYS else "week"


def bucket(times: pd.Series, unit: str) -> pd.Series:
    """Each time's start of hour, day or ISO week (Monday)."""
    times = pd.to_datetime(times)
    if unit == "week":
        days = times.dt.floor("D")
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    return times.dt.floor("h" if unit == "hour" else "D")


def with_gaps(frame: pd.DataFrame, time: str, group: str, value: str, unit: str) -> pd.DataFrame:
    """`frame` summed per `unit` and `group`, with a `segment` per run of consecutive buckets, so a
    chart draws its lines within a segment and never across buckets without data."""
    if frame.empty:
        return frame.assign(period=pd.Series(dtype="datetime64[ns]"), segment=pd.Series(dtype=int))
    out = (
        frame.assign(period=bucket(frame[time], unit))
        .groupby([group, "period"], as_index=False)[value]
        .sum()
        .sort_values([group, "period"])
    )
    step = GRAIN_DELTA[unit]
    new_run = out.groupby(group)["period"].diff().ne(step)
    out["segment"] = out[group].astype(str) + "#" + new_run.groupby(out[group]).cumsum().astype(str)
    return out.reset_index(drop=True)


def loaded_periods(backend: data.Backend, start: dt.date, end: dt.date, unit: str) -> pd.Series:
    """The `unit` buckets in the range holding at least one hour the ledger has loaded."""
    hours = data.run(backend, data.HEALTH, start=start, end=end)
    return pd.Series(bucket(hours.loc[hours["status"] == "loaded", "hour"], unit).unique())


def measures_over_time(
    frame: pd.DataFrame, time: str, measures: dict[str, str], unit: str, loaded: pd.Series
) -> pd.DataFrame:
    """`frame`'s `measures` (column -> label) summed per `unit`, one row per measure and bucket:
    0 in a bucket with loaded hours but no rows (nothing happened), nothing in a bucket without
    loaded hours (not known), and a `segment` per run of neighbouring buckets (`with_gaps`)."""
    columns = list(measures)
    sums = (
        frame.assign(period=bucket(frame[time], unit)).groupby("period")[columns].sum()
        if not frame.empty
        else pd.DataFrame(columns=columns, index=pd.DatetimeIndex([], name="period"))
    )
    periods = pd.DatetimeIndex(sorted(set(pd.to_datetime(loaded)) | set(sums.index)), name="period")
    filled = sums.reindex(periods, fill_value=0).reset_index()
    long = filled.melt(id_vars="period", value_vars=columns, var_name="measure", value_name="value")
    long["measure"] = long["measure"].map(measures)
    return with_gaps(long, "period", "measure", "value", unit)
