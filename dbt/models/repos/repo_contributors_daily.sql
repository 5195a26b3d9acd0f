{{ config(
    partition_by=bq_partition('activity_date', data_type='date'),
    cluster_by=bq_cluster(['repo_id', 'actor_login'])
) }}
{%- set days = days_to_rebuild(loaded_window(upstream=repo_page_upstreams())) %}

-- One row per repository, day and person who contributed that day: pushed, opened a pull request
-- or an issue, commented, reviewed or published a release. Stars and forks are not contributions.
-- A person is their actor id and login (before 2015 GH Archive has logins only). A build
-- recomputes the days the new events fall on (macros/days.sql).
with

events as (
    select
        repo_id,
        actor_id,
        actor_login,
        event_type,
        created_at
    from {{ ref('fct_events') }}
    where repo_id is not null and actor_login is not null and {{ on_days(days) }}
),

pushes as (
    select
        repo_id,
        actor_id,
        actor_login,
        cast(created_at as date) as activity_date,
        cast(sum(commit_count) as {{ dbt.type_bigint() }}) as commits
    from {{ ref('fct_pushes') }}
    where repo_id is not null and actor_login is not null and {{ on_days(days) }}
    group by 1, 2, 3, 4
),

opened as (
    select
        repo_id,
        actor_id,
        actor_login,
        cast(created_at as date) as activity_date,
        count(*) as pull_requests_opened
    from {{ ref('fct_pull_requests') }}
    where repo_id is not null and actor_login is not null and is_opened and {{ on_days(days) }}
    group by 1, 2, 3, 4
),

issues as (
    select
        repo_id,
        actor_id,
        actor_login,
        cast(created_at as date) as activity_date,
        count(*) as issues_opened
    from {{ ref('fct_issues') }}
    where repo_id is not null and actor_login is not null and is_opened and {{ on_days(days) }}
    group by 1, 2, 3, 4
),

per_day as (
    select
        repo_id,
        actor_id,
        actor_login,
        cast(created_at as date) as activity_date,
        count(case when event_type = 'PushEvent' then 1 end) as pushes,
        count(case
            when event_type in ('IssueCommentEvent', 'PullRequestReviewCommentEvent', 'CommitCommentEvent')
                then 1
        end) as comments,
        count(case when event_type = 'PullRequestReviewEvent' then 1 end) as reviews,
        count(case when event_type = 'ReleaseEvent' then 1 end) as releases
    from events
    group by 1, 2, 3, 4
),

final as (
    select
        per_day.activity_date,
        per_day.repo_id,
        per_day.actor_id,
        per_day.actor_login,
        {{ is_bot('per_day.actor_login') }} as is_bot,
        per_day.pushes,
        coalesce(pushes.commits, 0) as commits,
        coalesce(opened.pull_requests_opened, 0) as pull_requests_opened,
        coalesce(issues.issues_opened, 0) as issues_opened,
        per_day.comments,
        per_day.reviews,
        per_day.releases
    from per_day
    left join pushes
        on
            per_day.repo_id = pushes.repo_id
            and per_day.actor_login = pushes.actor_login
            and per_day.activity_date = pushes.activity_date
            and coalesce(per_day.actor_id, -1) = coalesce(pushes.actor_id, -1)
    left join opened
        on
            per_day.repo_id = opened.repo_id
            and per_day.actor_login = opened.actor_login
            and per_day.activity_date = opened.activity_date
            and coalesce(per_day.actor_id, -1) = coalesce(opened.actor_id, -1)
    left join issues
        on
            per_day.repo_id = issues.repo_id
            and per_day.actor_login = issues.actor_login
            and per_day.activity_date = issues.activity_date
            and coalesce(per_day.actor_id, -1) = coalesce(issues.actor_id, -1)
)

select * from final
where
    pushes + pull_requests_opened + issues_opened + comments + reviews + releases > 0
