"""The dbt project over the timeline era (2011-2014): the real sample lines, served in the files GH
Archive names by US Pacific time, loaded by their UTC hours, then every model and test built on them
alone. The staging models read both eras' payloads: push commits from `shas`, issue numbers and ids
from the bare-id payloads, NULL where the era has nothing (no actor id before 2015).
"""

from pathlib import Path

from test_incremental_models import dbt_build, load, query

TIMELINE_HOURS = "2011-02-12-8,2013-01-16-8,2013-08-06-3,2013-09-20-17,2014-06-01-8"


def test_every_model_builds_and_passes_its_tests_on_the_timeline_era(tmp_path: Path):
    load(tmp_path, TIMELINE_HOURS)
    dbt_build(tmp_path)
    assert query(tmp_path, "select count(*) from gharchive_analytics.fct_events") == [(405,)]
    assert query(
        tmp_path,
        "select count(*) from gharchive_analytics.fct_events where event_id like 'tl-%'",
    ) == [(404,)], "every timeline line has its derived id; the 2011 line its own"
    assert query(
        tmp_path,
        "select actor_login, repo_name, commit_count, cast(created_at as varchar)"
        " from gharchive_analytics.fct_pushes where repo_name = 'kennethlarsen/podroulette'",
    ) == [("kennethlarsen", "kennethlarsen/podroulette", 1, "2013-01-16 08:00:59")]
    # Pushes of the era count their commits from `shas`; none is left without a count.
    assert query(
        tmp_path, "select count(*) from gharchive_analytics.fct_pushes where commit_count is null"
    ) == [(0,)]
    # Issues of the era are bare ids with their number beside them.
    assert query(
        tmp_path,
        "select count(*), count(issue_number), count(issue_id)"
        " from gharchive_analytics.stg_issues_events",
    ) == [(14, 14, 14)]
    assert query(
        tmp_path,
        "select count(*), count(issue_id), count(comment_id)"
        " from gharchive_analytics.stg_issue_comment_events",
    ) == [(34, 34, 34)]
    assert query(
        tmp_path, "select count(actor_id) from gharchive_analytics.fct_events where event_id like 'tl-%'"
    ) == [(0,)], "the timeline has no actor ids"
