"""The columns ClickHouse's github_events and OSS Insight extract, checked value by value: every
pull request, review, review comment, issue, issue comment and commit comment event of the bundled
samples, read by the pipeline and the staging models, against the same value taken from the raw
line here, independently, as those peers define it (NULL where the payload lacks it).
"""

import datetime as dt
import gzip
import json
import os
import subprocess
from pathlib import Path

import pytest

from test_incremental_models import DBT, ROOT, load, query

HOURS = ["2015-01-01-12", "2021-07-21-6", "2021-07-21-7", "2021-07-21-8", "2021-07-21-9"]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("peers")
    load(tmp, ",".join(HOURS))
    env = dict(os.environ, GHEVENTS_DUCKDB=str(tmp / "w.duckdb"), DBT_PROFILES_DIR=str(ROOT / "dbt"))
    built = subprocess.run(
        [str(DBT), "run", "--no-use-colors", "--target-path", str(tmp / "t"), "--select", "path:models/staging"],
        cwd=ROOT / "dbt", env=env, capture_output=True, text=True,
    )
    assert built.returncode == 0, built.stdout[-3000:]
    events = []
    for hour in HOURS:
        with gzip.open(ROOT / "samples" / f"{hour}.json.gz", "rt", encoding="utf-8") as f:
            events += [json.loads(line) for line in f if line.strip()]
    return tmp, events


def joined(items, field):
    values = [item[field] for item in items or [] if item.get(field) is not None]
    return ",".join(values) or None


def ts(value):
    return None if value is None else dt.datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)


def login(obj):
    return (obj or {}).get("login")


def pull_request_peers(pr):
    return {
        "locked": pr.get("locked"),
        "assignee": login(pr.get("assignee")),
        "assignees": joined(pr.get("assignees"), "login"),
        "merge_commit_sha": pr.get("merge_commit_sha"),
        "requested_reviewers": joined(pr.get("requested_reviewers"), "login"),
        "requested_teams": joined(pr.get("requested_teams"), "name"),
        "base_sha": (pr.get("base") or {}).get("sha"),
        "mergeable": pr.get("mergeable"),
        "rebaseable": pr.get("rebaseable"),
        "mergeable_state": pr.get("mergeable_state"),
        "maintainer_can_modify": pr.get("maintainer_can_modify"),
    }


def pull_request_summary(pr):
    base, head = pr.get("base") or {}, pr.get("head") or {}
    return {
        "pr_title": pr.get("title"),
        "pr_state": pr.get("state"),
        "pr_author_login": login(pr.get("user")),
        "pr_created_at": ts(pr.get("created_at")),
        "base_ref": base.get("ref"),
        "base_repo_language": (base.get("repo") or {}).get("language"),
        "head_ref": head.get("ref"),
    }


def diff_peers(comment):
    return {
        "position": comment.get("position"),
        "line": comment.get("line"),
        "diff_hunk": comment.get("diff_hunk"),
        "original_position": comment.get("original_position"),
        "original_commit_id": comment.get("original_commit_id"),
    }


def issue_peers(issue):
    return {
        "locked": issue.get("locked"),
        "assignee": login(issue.get("assignee")),
        "assignees": joined(issue.get("assignees"), "login"),
    }


def expected(event):
    p = event["payload"]
    kind = event["type"]
    if kind == "PullRequestEvent":
        pr = p["pull_request"]
        return {**pull_request_peers(pr), "updated_at": ts(pr.get("updated_at")), "creator_user_id": pr["user"]["id"]}
    if kind == "PullRequestReviewEvent":
        pr = p["pull_request"]
        return {**pull_request_summary(pr), **pull_request_peers(pr),
                "updated_at": ts(pr.get("updated_at")), "creator_user_id": p["review"]["user"]["id"]}
    if kind == "PullRequestReviewCommentEvent":
        pr, comment = p["pull_request"], p["comment"]
        return {**diff_peers(comment), **pull_request_summary(pr), **pull_request_peers(pr),
                "updated_at": ts(comment.get("updated_at")), "creator_user_id": comment["user"]["id"]}
    if kind == "IssuesEvent":
        issue = p["issue"]
        return {**issue_peers(issue), "updated_at": ts(issue.get("updated_at")), "creator_user_id": issue["user"]["id"]}
    if kind == "IssueCommentEvent":
        comment = p["comment"]
        return {**issue_peers(p["issue"]), "updated_at": ts(comment.get("updated_at")),
                "creator_user_id": comment["user"]["id"]}
    if kind == "CommitCommentEvent":
        comment = p["comment"]
        return {"position": comment.get("position"), "line": comment.get("line"),
                "updated_at": ts(comment.get("updated_at")), "creator_user_id": comment["user"]["id"]}
    return None


MODELS = {
    "PullRequestEvent": "stg_pull_request_events",
    "PullRequestReviewEvent": "stg_pull_request_review_events",
    "PullRequestReviewCommentEvent": "stg_pull_request_review_comment_events",
    "IssuesEvent": "stg_issues_events",
    "IssueCommentEvent": "stg_issue_comment_events",
    "CommitCommentEvent": "stg_commit_comment_events",
}


@pytest.mark.parametrize("event_type", list(MODELS))
def test_every_peer_column_agrees_with_the_raw_line(warehouse, event_type):
    tmp, events = warehouse
    wanted = {e["id"]: expected(e) for e in events if e["type"] == event_type}
    columns = list(next(iter(wanted.values())))
    rows = query(tmp, f"select event_id, {', '.join(columns)} from gharchive_analytics.{MODELS[event_type]}")
    got = {row[0]: dict(zip(columns, row[1:])) for row in rows}
    assert set(got) == set(wanted), "one staging row per sample event"
    for event_id, values in wanted.items():
        assert got[event_id] == values, event_id
    # What the samples hold, so a column that silently became all-NULL fails here.
    filled = {c: sum(v[c] is not None for v in wanted.values()) for c in columns}
    assert filled == FILLED[event_type], filled


# Events with each column set, per type, in the samples (the payloads of review and review comment
# events carry no mergeable, rebaseable, mergeable_state or maintainer_can_modify).
FILLED = {
    "PullRequestEvent": {
        "locked": 431, "assignee": 9, "assignees": 3, "merge_commit_sha": 224, "requested_reviewers": 4,
        "requested_teams": 0, "base_sha": 431, "mergeable": 46, "rebaseable": 3, "mergeable_state": 431,
        "maintainer_can_modify": 64, "updated_at": 431, "creator_user_id": 431,
    },
    "PullRequestReviewEvent": {
        "pr_title": 28, "pr_state": 28, "pr_author_login": 28, "pr_created_at": 28, "base_ref": 28,
        "base_repo_language": 26, "head_ref": 28, "locked": 28, "assignee": 3, "assignees": 3,
        "merge_commit_sha": 28, "requested_reviewers": 10, "requested_teams": 1, "base_sha": 28,
        "mergeable": 0, "rebaseable": 0, "mergeable_state": 0, "maintainer_can_modify": 0,
        "updated_at": 28, "creator_user_id": 28,
    },
    "PullRequestReviewCommentEvent": {
        "position": 56, "line": 6, "diff_hunk": 60, "original_position": 60, "original_commit_id": 60,
        "pr_title": 60, "pr_state": 60, "pr_author_login": 60, "pr_created_at": 60, "base_ref": 60,
        "base_repo_language": 59, "head_ref": 60, "locked": 60, "assignee": 9, "assignees": 2,
        "merge_commit_sha": 60, "requested_reviewers": 3, "requested_teams": 1, "base_sha": 60,
        "mergeable": 0, "rebaseable": 0, "mergeable_state": 0, "maintainer_can_modify": 0,
        "updated_at": 60, "creator_user_id": 60,
    },
    "IssuesEvent": {"locked": 382, "assignee": 47, "assignees": 2, "updated_at": 382, "creator_user_id": 382},
    "IssueCommentEvent": {"locked": 610, "assignee": 64, "assignees": 4, "updated_at": 610, "creator_user_id": 610},
    "CommitCommentEvent": {"position": 18, "line": 18, "updated_at": 43, "creator_user_id": 43},
}
