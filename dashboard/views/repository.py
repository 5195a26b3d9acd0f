"""Repository: one repository, every repository of an owner (a user or an organisation), or where a
person who owns none contributed, over the loaded hours. Open it with `?repo=owner/name`,
`?owner=login` or `?user=login` to share it; every number links to the GitHub page it describes."""

import datetime as dt
import html
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import common  # noqa: E402
import data  # noqa: E402
import github  # noqa: E402
import subject as subjects  # noqa: E402

backend = common.backend_or_stop()
start, end = common.date_range(backend)
asked = st.query_params.get("repo") or st.query_params.get("owner") or st.query_params.get("user") or ""
typed = st.sidebar.text_input(
    "Repository, owner or user",
    value=asked,
    placeholder="owner/name, or an owner",
    help="A repository (owner/name), or the login of an organisation or a user; a github.com link works too.",
)
found = subjects.find(backend, typed)

if found is None:
    st.title("Repository")
    if subjects.cleaned(typed):
        st.warning(f"No repository or owner named **{subjects.cleaned(typed)}** in the loaded hours.")
    else:
        st.info("Type a repository (owner/name) or an owner in the sidebar, or pick one below.")
    matches = subjects.suggestions(backend, typed if "/" not in subjects.cleaned(typed) else "")
    picked = st.selectbox(
        "Repositories with the most events" + (" matching what you typed" if typed else ""),
        matches,
        index=None,
        placeholder="Pick a repository",
    )
    if picked:
        st.query_params.from_dict({"repo": picked})
        st.rerun()
    st.stop()

st.query_params.from_dict(found.query_params)

CONTRIBUTION_COLUMNS = {
    "contributions": st.column_config.NumberColumn("All", help="The sum of the columns after it."),
    "pushes": st.column_config.NumberColumn("Pushes"),
    "commits": st.column_config.NumberColumn("Commits"),
    "pull_requests_opened": st.column_config.NumberColumn("PRs"),
    "issues_opened": st.column_config.NumberColumn("Issues"),
    "comments": st.column_config.NumberColumn("Comments"),
    "reviews": st.column_config.NumberColumn("Reviews"),
    "releases": st.column_config.NumberColumn("Releases"),
}


def contributions_of(login: str) -> None:
    """Where `login` contributed in the range, repository by repository."""
    mine = data.run(backend, data.CONTRIBUTIONS_OF, login=login, start=start, end=end)
    st.subheader(f"Where {login} contributed")
    st.caption("Pushes, pull requests and issues opened, comments, reviews and releases in the range.")
    st.dataframe(
        mine.assign(link=mine["repo_name"].map(github.repo))[
            ["link", "contributions", "pushes", "commits", "pull_requests_opened", "issues_opened",
             "comments", "reviews", "releases"]
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "link": st.column_config.LinkColumn("Repository", display_text=r"https://github\.com/(.*)"),
            **CONTRIBUTION_COLUMNS,
        },
    )


if found.kind == "user":
    actor = found.actor
    st.title(found.name)
    facts = [f"[github.com/{found.name}]({github.profile(found.name)})", "owns no repository seen in the loaded hours"]
    if actor["is_bot"]:
        facts.append("a bot")
    facts.append(
        f"first seen {actor['first_seen_at']:%Y-%m-%d %H:%M} UTC, last seen {actor['last_seen_at']:%Y-%m-%d %H:%M} UTC"
    )
    st.markdown(" · ".join(facts))
    contributions_of(found.name)
    st.stop()

ids = found.repo_ids
days = {"repo_ids": ids, "start": start, "end": end}
times = {
    "repo_ids": ids,
    "start_at": dt.datetime.combine(start, dt.time()),
    "end_at": dt.datetime.combine(end + dt.timedelta(days=1), dt.time()),
}
daily = data.run(backend, data.REPO_DAILY, **days)
pushers = data.run(backend, data.REPO_PUSHERS, **days)
contributors = data.run(backend, data.REPO_CONTRIBUTORS, **days)
merge_hours = data.run(backend, data.REPO_MERGE_TIMES, **times)["hours"]
close_hours = data.run(backend, data.REPO_CLOSE_TIMES, **times)["hours"]
releases = data.run(backend, data.REPO_RELEASES, **times)
# Data is per day; a range of many weeks is drawn per week.
unit = "week" if common.grain(start, end) == "week" else "day"
loaded = common.loaded_periods(backend, start, end, unit)

repos = found.repos
first_seen, last_seen = repos["first_seen_at"].min(), repos["last_seen_at"].max()
home = github.repo(found.name) if found.kind == "repo" else github.profile(found.name)
st.title(found.name)
facts = [f"[{home.removeprefix('https://')}]({home})"]
if found.kind == "repo" and pd.notna(repos["language"].iloc[0]):
    facts.append(str(repos["language"].iloc[0]))
if found.kind == "owner":
    facts.append(f"{len(repos):,} repositories in the loaded hours")
facts.append(f"first seen {first_seen:%Y-%m-%d %H:%M} UTC, last seen {last_seen:%Y-%m-%d %H:%M} UTC")
st.markdown(" · ".join(facts))
st.caption(
    "Counts are the events GH Archive recorded in the loaded hours of the date range (stars given,"
    " never taken back; a star is a WatchEvent). GitHub's pages, which the numbers link to, show"
    " today's state."
)


def total(column: str) -> int:
    return int(daily[column].sum()) if not daily.empty else 0


def median(hours: pd.Series) -> str:
    return f"{hours.median():,.1f} h" if not hours.empty else "-"


def linked_metric(column, label: str, value: str, url: str, help_text: str = "") -> None:
    """A metric whose number is a link to the GitHub page it describes."""
    title = f' title="{html.escape(help_text)}"' if help_text else ""
    column.markdown(
        f'<div class="ghevents-metric"{title}><div style="font-size:0.875rem;opacity:0.7">'
        f"{html.escape(label)}</div>"
        f'<a href="{html.escape(url)}" target="_blank" style="font-size:1.9rem;text-decoration:none">'
        f"{html.escape(value)}</a></div>",
        unsafe_allow_html=True,
    )


scope, span = found.search_scope, github.days(start, end)
is_repo = found.kind == "repo"
merged = total("pull_requests_merged")
row = st.columns(6)
linked_metric(row[0], "Stars", common.number(total("stars")),
              github.repo(found.name, "stargazers") if is_repo else github.search(scope, "", "repositories"))
linked_metric(row[1], "Forks", common.number(total("forks")),
              github.repo(found.name, "forks") if is_repo else github.search(scope, "fork:only", "repositories"))
linked_metric(row[2], "Pushes", common.number(total("pushes")),
              github.repo(found.name, "commits") if is_repo else github.search(scope, f"committer-date:{span}", "commits"))
linked_metric(row[3], "Commits pushed", common.number(total("commits")),
              github.repo(found.name, "commits") if is_repo else github.search(scope, f"committer-date:{span}", "commits"))
linked_metric(row[4], "Distinct pushers", common.number(pushers["person"].nunique()),
              github.repo(found.name, "graphs/contributors") if is_repo else github.profile(found.name))
linked_metric(row[5], "Releases", common.number(total("releases")),
              github.repo(found.name, "releases") if is_repo else github.search(scope, "", "repositories"))
row = st.columns(6)
linked_metric(row[0], "Pull requests opened", common.number(total("pull_requests_opened")),
              github.search(scope, f"is:pr created:{span}", "pullrequests"))
linked_metric(row[1], "Pull requests merged", common.number(merged),
              github.search(scope, f"is:pr is:merged merged:{span}", "pullrequests"))
linked_metric(row[2], "Closed without merge", common.number(total("pull_requests_closed") - merged),
              github.search(scope, f"is:pr is:unmerged closed:{span}", "pullrequests"),
              "Closes after 2025-10-07 cannot say whether they merged; they count here.")
linked_metric(row[3], "Median time to merge", median(merge_hours),
              github.search(scope, f"is:pr is:merged merged:{span}", "pullrequests"),
              "From opening to merge, over the pull requests merged in the range.")
linked_metric(row[4], "Issues opened / closed",
              f"{common.number(total('issues_opened'))} / {common.number(total('issues_closed'))}",
              github.search(scope, f"is:issue created:{span}", "issues"))
linked_metric(row[5], "Median time to close an issue", median(close_hours),
              github.search(scope, f"is:issue is:closed closed:{span}", "issues"),
              "From opening to close, over the issues closed in the range.")


# A few days or weeks get a tick each, not Vega's hours between them.
periods = (end - start).days // (7 if unit == "week" else 1) + 1
time_axis = alt.Axis(
    format="%b %d, %Y",
    **({"tickCount": {"interval": unit, "step": 1}} if periods <= 14 else {}),
)


def measures_chart(long: pd.DataFrame, y_title: str, labels: list[str]) -> None:
    """The measures over time, one line per measure, broken where no hour is loaded."""
    st.altair_chart(
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", title=f"{unit.capitalize()} (UTC)", axis=time_axis),
            # Whole numbers on the axis, also when every value is 0.
            y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=",d", tickMinStep=1)),
            color=alt.Color("measure:N", title="", scale=alt.Scale(domain=labels, range=common.PALETTE)),
            # A shape per measure too, so equal values drawn on one spot stay told apart.
            shape=alt.Shape("measure:N", title="", scale=alt.Scale(domain=labels)),
            detail="segment:N",
            tooltip=["period:T", "measure", alt.Tooltip("value:Q", format=",")],
        ),
        width="stretch",
    )


st.caption(
    f"Per {unit} (UTC). A {unit} with loaded hours but no events counts 0; a {unit} with no loaded"
    " hour is left out, so lines break there."
)
pushers_per_period = pushers.assign(period=common.bucket(pushers["activity_date"], unit)).groupby(
    "period", as_index=False
)["person"].nunique().rename(columns={"person": "pushers"})

charts = [
    ("Stars and forks", daily, "activity_date", {"stars": "stars", "forks": "forks"}),
    ("Events", daily, "activity_date", {"events": "events of every type"}),
    ("Pushes and commits", daily, "activity_date", {"pushes": "pushes", "commits": "commits"}),
    ("Distinct pushers", pushers_per_period, "period", {"pushers": "pushers"}),
    ("Pull requests", daily, "activity_date",
     {"pull_requests_opened": "opened", "pull_requests_merged": "merged", "pull_requests_closed": "closed"}),
    ("Issues", daily, "activity_date", {"issues_opened": "opened", "issues_closed": "closed"}),
]
grid = [column for _ in range(len(charts) // 2) for column in st.columns(2)]
for (title, frame, time, measures), column in zip(charts, grid):
    with column:
        st.subheader(title)
        measures_chart(common.measures_over_time(frame, time, measures, unit, loaded), f"Per {unit}",
                       list(measures.values()))

left, right = st.columns(2)
with left:
    st.subheader("Top contributors")
    with_bots = st.toggle("Include bots", value=False)
    bots = int(contributors["is_bot"].sum()) if not contributors.empty else 0
    shown = contributors if with_bots else contributors[~contributors["is_bot"].astype(bool)]
    st.caption(
        "Pushes, pull requests and issues opened, comments, reviews and releases in the range."
        + ("" if with_bots else f" {bots:,} bot(s) left out.")
    )
    table = shown.head(25).assign(profile=shown["actor_login"].map(github.profile))
    st.dataframe(
        table[["profile", "is_bot", "contributions", "pushes", "commits", "pull_requests_opened",
               "issues_opened", "comments", "reviews", "releases"]],
        hide_index=True,
        width="stretch",
        column_config={
            "profile": st.column_config.LinkColumn("Login", display_text=r"https://github\.com/(.*)"),
            "is_bot": st.column_config.CheckboxColumn("Bot"),
            **CONTRIBUTION_COLUMNS,
        },
    )
with right:
    st.subheader("Releases")
    st.caption("The newest 50 published in the range.")
    st.dataframe(
        releases.assign(link=[github.release(r, t) for r, t in zip(releases["repo_name"], releases["tag_name"])])[
            ["created_at", "repo_name", "link", "release_name", "is_prerelease"]
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "created_at": st.column_config.DatetimeColumn("Published (UTC)"),
            "repo_name": st.column_config.TextColumn("Repository"),
            "release_name": st.column_config.TextColumn("Name"),
            "link": st.column_config.LinkColumn("Tag", display_text=r".*/releases/tag/(.*)"),
            "is_prerelease": st.column_config.CheckboxColumn("Pre-release"),
        },
    )

if found.kind == "owner":
    st.subheader("Repositories")
    in_range = daily.groupby("repo_id", as_index=False)[["events", "stars"]].sum()
    owned = repos.merge(in_range, on="repo_id", how="left", suffixes=("_all", ""))
    owned = owned.fillna({"events": 0, "stars": 0}).sort_values(["events", "repo_name"], ascending=[False, True])
    st.dataframe(
        owned.assign(link=owned["repo_name"].map(github.repo))[
            ["link", "events", "stars", "first_seen_at", "last_seen_at", "language"]
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "link": st.column_config.LinkColumn("Repository", display_text=r"https://github\.com/(.*)"),
            "events": st.column_config.NumberColumn("Events in the range"),
            "stars": st.column_config.NumberColumn("Stars in the range"),
            "first_seen_at": st.column_config.DatetimeColumn("First seen (UTC)"),
            "last_seen_at": st.column_config.DatetimeColumn("Last seen (UTC)"),
            "language": st.column_config.TextColumn("Language"),
        },
    )
    contributions_of(found.name)
