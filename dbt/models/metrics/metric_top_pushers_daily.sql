-- The most active pushers per day, bots left out, top N (var top_n) per day.
with

pushes as (
    select * from {{ ref('fct_pushes') }}
),

actors as (
    select * from {{ ref('dim_actors') }}
),

per_day as (
    select
        cast(pushes.created_at as date) as event_date,
        pushes.actor_id,
        actors.actor_login,
        count(*) as pushes,
        sum(coalesce(pushes.commit_count, 0)) as commits
    from pushes
    inner join actors on pushes.actor_id = actors.actor_id
    where not actors.is_bot
    group by 1, 2, 3
),

ranked as (
    select
        *,
        row_number() over (
            partition by event_date order by pushes desc, actor_login asc
        ) as rank_in_day
    from per_day
)

select * from ranked
where rank_in_day <= {{ var('top_n') }}
