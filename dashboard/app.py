"""ghevents dashboard: what happens on public GitHub, from the GH Archive warehouse.

`make dashboard` runs it on the `make run` DuckDB warehouse; on Cloud Run it reads BigQuery
(GHEVENTS_BACKEND=bigquery, GCP_PROJECT=...).
"""

import streamlit as st

st.set_page_config(page_title="GitHub events", page_icon=":bar_chart:", layout="wide")

pages = st.navigation(
    [
        st.Page("pages/overview.py", title="Overview", default=True),
        st.Page("pages/health.py", title="Data health"),
    ]
)
pages.run()
