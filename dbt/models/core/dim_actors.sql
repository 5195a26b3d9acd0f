{{ config(materialized='table', cluster_by=bq_cluster(['actor_id'])) }}

-- One row per GitHub user id that caused an event: its latest login, when it was first and last
-- seen, and whether it is a bot. Rebuilt whole: the latest login can change with any new event.
with

events as (
    select * from {{ ref('fct_events') }}
    where actor_id is not null
),

actors as (
    select
        actor_id,
        {{ latest('actor_login', 'created_at') }} as actor_login,
        min(created_at) as first_seen_at,
        max(created_at) as last_seen_at,
        count(*) as events
    from events
    group by actor_id
),

final as (
    select
        *,
        {{ is_bot('actor_login') }} as is_bot
    from actors
)

select * from final
