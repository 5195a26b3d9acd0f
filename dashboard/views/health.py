"""Data health: per hour, events loaded against the trailing median, ledger status, dead letters,
and GH Archive's known breaks."""

import sys
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import common  # noqa: E402
import data  # noqa: E402

backend = common.backend_or_stop()
st.title("Data health")
start, end = common.date_range(backend, data.HEALTH_RANGE)
window = {"start": start, "end": end}

breaks = data.run(backend, data.BREAKS, **window)
for _, b in breaks.iterrows():
    st.warning(f"**{b['affects']}** may be undercounted or shifted in this range: {b['description']}")

hours = data.run(backend, data.HEALTH, **window)
statuses = hours["status"].value_counts()
cols = st.columns(5)
for col, status in zip(cols, ["loaded", "pending", "missing", "corrupt", "failed"]):
    col.metric(f"Hours {status}", common.number(statuses.get(status, 0)))

st.subheader("Events loaded per hour against the trailing 24-hour median")
long = hours.melt(
    id_vars=["hour", "status"],
    value_vars=["events_loaded", "trailing_median_events"],
    var_name="series",
    value_name="events",
)
long["series"] = long["series"].map(
    {"events_loaded": "events loaded", "trailing_median_events": "trailing median"}
)
chart = (
    alt.Chart(long)
    .mark_line(point=True)
    .encode(
        x=alt.X("hour:T", title="Hour (UTC)"),
        y=alt.Y("events:Q", title="Events"),
        color=alt.Color("series:N", title=""),
        tooltip=["hour:T", "series", alt.Tooltip("events:Q", format=","), "status"],
    )
)
if not breaks.empty:
    rules = (
        alt.Chart(breaks.assign(starts_at=pd.to_datetime(breaks["starts_at"])))
        .mark_rule(color="firebrick", strokeDash=[4, 4])
        .encode(x="starts_at:T", tooltip=["break_id", "description"])
    )
    chart = chart + rules
st.altair_chart(chart, width="stretch")

st.subheader("Hours")
shown = hours.assign(hour=hours["hour"].astype(str))
st.dataframe(shown, hide_index=True, width="stretch")
dead = int(hours["dead_letters"].fillna(0).sum())
st.caption(
    f"{common.number(dead)} dead letters in the range: see gharchive_ops.dead_letter for the lines."
)
