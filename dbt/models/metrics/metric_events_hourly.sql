-- Events per type per hour of created_at (the original dashboard's line chart).
with

events as (
    select * from {{ ref('fct_events') }}
),

final as (
    select
        {{ dbt.date_trunc('hour', 'created_at') }} as event_hour,
        event_type,
        count(*) as events
    from events
    group by 1, 2
)

select * from final
