{{ config(materialized='table', cluster_by=bq_cluster(['repo_id'])) }}

-- One row per repository id: its latest name and owner, when first and last seen, and its language
-- where a pull request payload carries it.
with

events as (
    select * from {{ ref('fct_events') }}
    where repo_id is not null
),

repos as (
    select
        repo_id,
        {{ latest('repo_name', 'created_at') }} as repo_name,
        min(created_at) as first_seen_at,
        max(created_at) as last_seen_at,
        count(*) as events
    from events
    group by repo_id
),

languages as (
    select
        base_repo_id as repo_id,
        {{ latest('base_repo_language', 'created_at') }} as language
    from {{ ref('stg_pull_request_events') }}
    where base_repo_id is not null and base_repo_language is not null
    group by base_repo_id
),

final as (
    select
        repos.repo_id,
        repos.repo_name,
        {{ dbt.split_part('repos.repo_name', "'/'", 1) }} as owner_login,
        repos.first_seen_at,
        repos.last_seen_at,
        repos.events,
        languages.language
    from repos
    left join languages on repos.repo_id = languages.repo_id
)

select * from final
