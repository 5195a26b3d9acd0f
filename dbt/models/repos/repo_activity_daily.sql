{{ config(
    partition_by=bq_partition('activity_date', data_type='date'),
    cluster_by=bq_cluster(['repo_id'])
) }}
{%- set days = days_to_rebuild(loaded_window(upstream=repo_page_upstreams())) %}

-- One row per repository and day it had events: what the repository page counts. A build
-- recomputes the days the new events fall on (macros/days.sql).
with

events as (
    select
        repo_id,
        repo_name,
        event_type,
        created_at
    from {{ ref('fct_events') }}
    where repo_id is not null and {{ on_days(days) }}
),

pushes as (
    select
        repo_id,
        cast(created_at as date) as activity_date,
        cast(sum(commit_count) as {{ dbt.type_bigint() }}) as commits,
        count(distinct coalesce(cast(actor_id as {{ dbt.type_string() }}), actor_login)) as pushers
    from {{ ref('fct_pushes') }}
    where repo_id is not null and {{ on_days(days) }}
    group by 1, 2
),

pull_requests as (
    select
        repo_id,
        cast(created_at as date) as activity_date,
        count(case when is_opened then 1 end) as pull_requests_opened,
        count(case when is_merged then 1 end) as pull_requests_merged,
        count(case when is_closed then 1 end) as pull_requests_closed
    from {{ ref('fct_pull_requests') }}
    where repo_id is not null and {{ on_days(days) }}
    group by 1, 2
),

issues as (
    select
        repo_id,
        cast(created_at as date) as activity_date,
        count(case when is_opened then 1 end) as issues_opened,
        count(case when is_closed then 1 end) as issues_closed
    from {{ ref('fct_issues') }}
    where repo_id is not null and {{ on_days(days) }}
    group by 1, 2
),

per_day as (
    select
        repo_id,
        cast(created_at as date) as activity_date,
        {{ latest('repo_name', 'created_at') }} as repo_name,
        count(*) as events,
        count(case when event_type = 'WatchEvent' then 1 end) as stars,
        count(case when event_type = 'ForkEvent' then 1 end) as forks,
        count(case when event_type = 'PushEvent' then 1 end) as pushes,
        count(case when event_type = 'ReleaseEvent' then 1 end) as releases
    from events
    group by 1, 2
),

final as (
    select
        per_day.activity_date,
        per_day.repo_id,
        per_day.repo_name,
        {{ dbt.split_part('per_day.repo_name', "'/'", 1) }} as owner_login,
        per_day.events,
        per_day.stars,
        per_day.forks,
        per_day.pushes,
        coalesce(pushes.commits, 0) as commits,
        coalesce(pushes.pushers, 0) as pushers,
        coalesce(pull_requests.pull_requests_opened, 0) as pull_requests_opened,
        coalesce(pull_requests.pull_requests_merged, 0) as pull_requests_merged,
        coalesce(pull_requests.pull_requests_closed, 0) as pull_requests_closed,
        coalesce(issues.issues_opened, 0) as issues_opened,
        coalesce(issues.issues_closed, 0) as issues_closed,
        per_day.releases
    from per_day
    left join pushes
        on per_day.repo_id = pushes.repo_id and per_day.activity_date = pushes.activity_date
    left join pull_requests
        on per_day.repo_id = pull_requests.repo_id and per_day.activity_date = pull_requests.activity_date
    left join issues
        on per_day.repo_id = issues.repo_id and per_day.activity_date = issues.activity_date
)

select * from final
