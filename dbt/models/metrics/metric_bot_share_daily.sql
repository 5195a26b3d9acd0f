-- Share of events per day caused by bots.
with

events as (
    select * from {{ ref('fct_events') }}
),

actors as (
    select * from {{ ref('dim_actors') }}
),

final as (
    select
        cast(events.created_at as date) as event_date,
        count(*) as events,
        sum(case when actors.is_bot then 1 else 0 end) as bot_events,
        1.0 * sum(case when actors.is_bot then 1 else 0 end) / count(*) as bot_share
    from events
    left join actors on events.actor_id = actors.actor_id
    group by 1
)

select * from final
