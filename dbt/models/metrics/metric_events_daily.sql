-- Events per type per day (the original dashboard's donut and scorecard).
with

events as (
    select * from {{ ref('fct_events') }}
),

final as (
    select
        cast(created_at as date) as event_date,
        event_type,
        count(*) as events
    from events
    group by 1, 2
)

select * from final
