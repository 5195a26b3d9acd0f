"""What every page shares: the backend, the friendly empty state, number formatting, filters."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import data


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
