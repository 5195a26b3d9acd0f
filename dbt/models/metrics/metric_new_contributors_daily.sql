-- Per repository and day, the actors whose first push or opened pull request in that repository
-- (in the loaded data) happened that day.
with

contributions as (
    select
        actor_id,
        repo_id,
        created_at
    from {{ ref('fct_pushes') }}
    union all
    select
        actor_id,
        repo_id,
        created_at
    from {{ ref('fct_pull_requests') }}
    where is_opened
),

actors as (
    select * from {{ ref('dim_actors') }}
),

firsts as (
    select
        actor_id,
        repo_id,
        min(created_at) as first_contribution_at
    from contributions
    where actor_id is not null and repo_id is not null
    group by 1, 2
),

final as (
    select
        cast(firsts.first_contribution_at as date) as event_date,
        firsts.repo_id,
        repos.repo_name,
        count(*) as new_contributors,
        sum(case when actors.is_bot then 0 else 1 end) as new_human_contributors
    from firsts
    inner join {{ ref('dim_repos') }} as repos on firsts.repo_id = repos.repo_id
    inner join actors on firsts.actor_id = actors.actor_id
    group by 1, 2, 3
)

select * from final
