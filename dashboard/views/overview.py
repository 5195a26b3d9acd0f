"""Overview: the original Looker Studio tiles, plus merge times, bots, trends and newcomers."""

import sys
from pathlib import Path

import altair as alt
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import common  # noqa: E402
import data  # noqa: E402

TOP = 10

backend = common.backend_or_stop()
st.title("GitHub events")
start, end = common.date_range(backend)
all_types = data.run(backend, data.EVENT_TYPES)["event_type"].tolist()
# Empty means every type: the sidebar stays short.
chosen = st.sidebar.multiselect("Event types", all_types, default=[], placeholder="All types")
types = chosen or all_types
colours = common.type_colours(all_types)
unit = common.grain(start, end)
window = {"start": start, "end": end}
typed = {**window, "types": types}

by_type = data.run(backend, data.EVENTS_BY_TYPE, **typed)
total = int(by_type["events"].sum()) if not by_type.empty else 0

left, middle, right = st.columns(3)
left.metric("Total events", common.number(total))
middle.metric("Event types", common.number(len(by_type)))
bots = data.run(backend, data.BOT_SHARE, **window)
bot_share = bots["bot_events"].sum() / bots["events"].sum() if bots["events"].sum() else 0
right.metric("Share of events by bots", f"{bot_share:.1%}", help="Event-type filter not applied.")

st.subheader("Events per type")
st.altair_chart(
    alt.Chart(by_type)
    .mark_arc(innerRadius=70)
    .encode(
        theta=alt.Theta("events:Q"),
        color=alt.Color(
            "event_type:N",
            title="Event type",
            scale=colours,
            legend=alt.Legend(values=by_type["event_type"].tolist()),
        ),
        tooltip=["event_type", alt.Tooltip("events:Q", format=",")],
    ),
    width="stretch",
)

st.subheader(f"Events by {unit} and type")
st.caption(
    f"Per {unit} (UTC): the grain follows the date range. Lines join only {unit}s next to each"
    " other; a gap in the data stays a gap."
)
series = common.with_gaps(
    data.run(backend, data.EVENTS_BY_HOUR, **typed), "event_hour", "event_type", "events", unit
)
st.altair_chart(
    alt.Chart(series)
    .mark_line(point=True)
    .encode(
        x=alt.X("period:T", title=f"{unit.capitalize()} (UTC)"),
        y=alt.Y("events:Q", title="Events"),
        color=alt.Color(
            "event_type:N",
            title="Event type",
            scale=colours,
            legend=alt.Legend(values=sorted(series["event_type"].unique().tolist())),
        ),
        detail="segment:N",
        tooltip=["period:T", "event_type", alt.Tooltip("events:Q", format=",")],
    ),
    width="stretch",
)

st.subheader("Hours loaded")
st.caption("Every hour the ledger knows in the range, by its latest status: which hours the charts can show.")
coverage = data.run(backend, data.HEALTH, **window)
st.altair_chart(
    alt.Chart(coverage)
    .mark_tick(thickness=3, size=28)
    .encode(
        x=alt.X("hour:T", title="Hour (UTC)"),
        color=alt.Color(
            "status:N",
            title="Status",
            scale=alt.Scale(
                domain=["loaded", "corrupt", "pending", "failed", "missing"],
                range=["#59a14f", "#edc948", "#a0cbe8", "#e15759", "#9d9d9d"],
            ),
        ),
        tooltip=["hour:T", "status", alt.Tooltip("events_loaded:Q", format=",")],
    )
    .properties(height=60),
    width="stretch",
)



def top_per_day(frame, value: str, value_title: str, who: str, who_title: str) -> None:
    """Stacked bars: per day, the top entries' `value`, one colour per entry."""
    st.altair_chart(
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(event_date):O", title="Day"),
            y=alt.Y(f"{value}:Q", title=value_title, stack=True),
            color=alt.Color(f"{who}:N", title=who_title),
            tooltip=["event_date:T", who, value],
        ),
        width="stretch",
    )


left, right = st.columns(2)
with left:
    st.subheader("Most active pushers per day")
    st.caption("Bots left out. The event-type filter does not apply to this tile.")
    top_per_day(data.run(backend, data.TOP_PUSHERS, **window, top=TOP), "pushes", "Pushes",
                "actor_login", "Pusher")
with right:
    st.subheader("Most starred repositories per day")
    st.caption("Stars gained that day. The event-type filter does not apply to this tile.")
    top_per_day(data.run(backend, data.TOP_REPOS, **window, top=TOP), "stars", "Stars",
                "repo_name", "Repository")

left, right = st.columns(2)
with left:
    st.subheader("Pull request time to merge")
    st.caption("Hours from opening to merge, by day of merge. Event-type filter not applied.")
    merge = data.run(backend, data.TIME_TO_MERGE, **window)
    long = merge.melt(
        id_vars=["merge_date", "merged_pull_requests"],
        value_vars=["median_hours_to_merge", "p90_hours_to_merge"],
        var_name="measure",
        value_name="hours",
    )
    long["measure"] = long["measure"].map(
        {"median_hours_to_merge": "median", "p90_hours_to_merge": "90th percentile"}
    )
    st.altair_chart(
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(merge_date):O", title="Day"),
            xOffset="measure:N",
            y=alt.Y("hours:Q", title="Hours"),
            color=alt.Color("measure:N", title=""),
            tooltip=["merge_date:T", "measure", alt.Tooltip("hours:Q", format=".1f"), "merged_pull_requests"],
        ),
        width="stretch",
    )
with right:
    st.subheader("Share of events by bots")
    st.caption("Per day. Event-type filter not applied.")
    st.altair_chart(
        alt.Chart(bots)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(event_date):O", title="Day"),
            y=alt.Y("bot_share:Q", title="Share", axis=alt.Axis(format="%")),
            tooltip=["event_date:T", alt.Tooltip("bot_share:Q", format=".1%"), "bot_events", "events"],
        ),
        width="stretch",
    )

left, right = st.columns(2)
with left:
    st.subheader("Trending repositories")
    st.caption("Stars in the 7 days up to the newest day loaded, against the 7 days before.")
    st.dataframe(data.run(backend, data.TRENDING, top=TOP), hide_index=True, width="stretch")
with right:
    st.subheader("New contributors")
    st.caption("People whose first push or pull request in the repository falls in the range.")
    st.dataframe(
        data.run(backend, data.NEW_CONTRIBUTORS, **window), hide_index=True, width="stretch"
    )
