"""ghevents dashboard: what happens on public GitHub, from the GH Archive warehouse.

`make dashboard` runs it on the `make run` DuckDB warehouse; on Cloud Run it reads BigQuery
(GHEVENTS_BACKEND=bigquery, GCP_PROJECT=...).
"""

import streamlit as st

st.set_page_config(page_title="GitHub events", page_icon=":bar_chart:", layout="wide")

# The pages live in views/, not pages/: a pages/ folder beside the main script makes Streamlit serve
# a shared link (/repository?repo=...) opened first on a fresh server as its own page, outside this
# navigation.
pages = st.navigation(
    [
        st.Page("views/overview.py", title="Overview", default=True),
        st.Page("views/repository.py", title="Repository"),
        st.Page("views/health.py", title="Data health"),
    ]
)
pages.run()
