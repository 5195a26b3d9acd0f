"""The repository page under AppTest on sample repositories and an owner, its numbers checked
against SQL run here on the staging views (not on the page's own models)."""

import re

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from conftest import DASHBOARD

REPO = "kaltura/mwEmbed"  # 2015-01-01 12:00: pushes, 2 pull requests opened and 9 merged
WITH_A_BOT = "mesin/twee"  # gitter-badger opened its badge pull request
OWNER = "cloudify-cosmo"  # 32 repositories in the samples


def page(warehouse: str, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("GHEVENTS_DUCKDB", warehouse)
    monkeypatch.delenv("GHEVENTS_BACKEND", raising=False)
    at = AppTest.from_file(str(DASHBOARD / "views" / "repository.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    """The linked metrics: label -> (number as shown, the link's target)."""
    found = {}
    for block in at.markdown:
        m = re.search(r'opacity:0.7">(.+?)</div><a href="([^"]+)"[^>]*>(.+?)</a>', block.value)
        if m:
            found[m.group(1).replace("&amp;", "&")] = (m.group(3), m.group(2).replace("&amp;", "&"))
    return found


def sql(warehouse: str, query: str, *params):
    with duckdb.connect(warehouse, read_only=True) as con:
        return con.execute(query, list(params)).fetchone()


def expected_for(warehouse: str, where: str, value: str) -> dict[str, str]:
    """The page's numbers for the repositories `where` (a condition on repo_name) selects,
    computed from the staging views."""
    a = "gharchive_analytics"

    def count(view: str, extra: str = "true") -> int:
        return sql(warehouse, f"select count(*) from {a}.{view} where {where} and {extra}", value)[0]

    pushes, commits, pushers = sql(
        warehouse,
        f"select count(*), coalesce(sum(coalesce(size, commit_count)), 0), count(distinct actor_id)"
        f" from {a}.stg_push_events where {where}",
        value,
    )
    merged, median_hours = sql(
        warehouse,
        f"select count(*), median(epoch(merged_at - pr_created_at) / 3600)"
        f" from {a}.stg_pull_request_events where {where} and action = 'closed' and merged_at is not null",
        value,
    )
    closed = count("stg_pull_request_events", "action = 'closed'")
    opened = count("stg_pull_request_events", "action = 'opened'")
    issues_opened = count("stg_issues_events", "action = 'opened'")
    issues_closed = count("stg_issues_events", "action = 'closed'")
    return {
        "Stars": f"{count('stg_watch_events'):,}",
        "Forks": f"{count('stg_fork_events'):,}",
        "Pushes": f"{pushes:,}",
        "Commits pushed": f"{commits:,}",
        "Distinct pushers": f"{pushers:,}",
        "Releases": f"{count('stg_release_events'):,}",
        "Pull requests opened": f"{opened:,}",
        "Pull requests merged": f"{merged:,}",
        "Closed without merge": f"{closed - merged:,}",
        "Median time to merge": f"{median_hours:,.1f} h" if merged else "-",
        "Issues opened / closed": f"{issues_opened:,} / {issues_closed:,}",
    }


def test_a_repository_page_shows_what_sql_on_the_warehouse_finds(warehouse, monkeypatch):
    at = page(warehouse, monkeypatch, repo=REPO)
    assert [t.value for t in at.title] == [REPO]
    shown = metrics(at)
    expected = expected_for(warehouse, "repo_name = ?", REPO)
    assert {label: shown[label][0] for label in expected} == expected
    assert expected["Pull requests merged"] == "9" and expected["Pushes"] != "0"
    assert shown["Stars"][1] == f"https://github.com/{REPO}/stargazers"
    assert shown["Pull requests merged"][1] == (
        "https://github.com/search?q=repo%3Akaltura%2FmwEmbed+is%3Apr+is%3Amerged"
        "+merged%3A2015-01-01..2021-07-21&type=pullrequests"
    )
    assert "first seen 2015-01-01 12:00 UTC" in at.markdown[0].value
    assert len(at.get("vega_lite_chart")) == 6
    assert [s.value for s in at.subheader] == [
        "Stars and forks", "Events", "Pushes and commits", "Distinct pushers", "Pull requests",
        "Issues", "Top contributors", "Releases",
    ]
    assert at.query_params["repo"] == REPO


def test_bots_are_flagged_and_left_out_until_asked_for(warehouse, monkeypatch):
    at = page(warehouse, monkeypatch, repo=WITH_A_BOT)
    people = at.dataframe[0].value
    assert "https://github.com/gitter-badger" not in people["profile"].tolist()
    assert "bot(s) left out" in " ".join(c.value for c in at.caption)
    at.toggle[0].set_value(True).run()
    people = at.dataframe[0].value
    bot = people[people["profile"] == "https://github.com/gitter-badger"]
    assert len(bot) == 1 and bool(bot["is_bot"].iloc[0])
    humans = sql(
        warehouse,
        "select count(distinct actor_login) from gharchive_analytics.fct_events where repo_name = ?"
        " and event_type in ('PushEvent', 'PullRequestEvent', 'IssuesEvent', 'IssueCommentEvent',"
        " 'PullRequestReviewEvent', 'PullRequestReviewCommentEvent', 'CommitCommentEvent', 'ReleaseEvent')",
        WITH_A_BOT,
    )[0]
    assert len(people) <= humans


def test_an_owner_page_adds_up_its_repositories(warehouse, monkeypatch):
    at = page(warehouse, monkeypatch, owner=OWNER)
    assert [t.value for t in at.title] == [OWNER]
    repos = sql(
        warehouse,
        "select count(*) from gharchive_analytics.dim_repos where owner_login = ?", OWNER,
    )[0]
    assert repos == 32
    assert f"{repos:,} repositories in the loaded hours" in at.markdown[0].value
    expected = expected_for(warehouse, "split_part(repo_name, '/', 1) = ?", OWNER)
    shown = metrics(at)
    assert {label: shown[label][0] for label in expected} == expected
    assert shown["Pull requests opened"][1].startswith("https://github.com/search?q=user%3Acloudify-cosmo+")
    assert len(at.dataframe[2].value) == repos  # contributors, releases, repositories


def test_what_is_typed_or_pasted_is_found_and_becomes_the_link(warehouse, monkeypatch):
    at = page(warehouse, monkeypatch)
    assert "Type a repository" in at.info[0].value
    at.sidebar.text_input[0].set_value("https://github.com/KALTURA/mwembed/").run()
    assert [t.value for t in at.title] == [REPO]
    assert at.query_params["repo"] == REPO


def test_an_unknown_name_says_so_and_suggests(warehouse, monkeypatch):
    at = page(warehouse, monkeypatch, repo="no-one/nothing")
    assert "No repository or owner named **no-one/nothing**" in at.warning[0].value
    at.sidebar.text_input[0].set_value("twee").run()
    # "twee" is no owner; the repositories whose name holds it are offered, the busiest first.
    options = at.selectbox[0].options
    assert "mesin/twee" in options and all("twee" in o.lower() for o in options)
    at.selectbox[0].set_value("mesin/twee").run()
    assert at.query_params["repo"] == "mesin/twee"


def test_a_user_who_owns_no_repository_gets_where_they_contributed(warehouse, monkeypatch):
    at = page(warehouse, monkeypatch, user="asfgit")  # Apache's mirror bot pushes to many repositories
    assert [t.value for t in at.title] == ["asfgit"]
    assert "owns no repository seen in the loaded hours" in at.markdown[0].value
    table = at.dataframe[0].value
    repos, pushes = sql(
        warehouse,
        "select count(distinct repo_id), count(*) from gharchive_analytics.stg_push_events where actor_login = ?",
        "asfgit",
    )
    assert len(table) == repos == 10
    assert int(table["pushes"].sum()) == pushes
    assert all(link.startswith("https://github.com/apache/") for link in table["link"])
    assert at.query_params["user"] == "asfgit"


def test_an_owner_who_also_contributes_elsewhere_shows_both(warehouse, monkeypatch):
    at = page(warehouse, monkeypatch, owner="nWidart")
    assert "Where nWidart contributed" in [s.value for s in at.subheader]
    mine = at.dataframe[-1].value
    assert int(mine["pushes"].sum()) == sql(
        warehouse, "select count(*) from gharchive_analytics.stg_push_events where actor_login = ?", "nWidart"
    )[0]
