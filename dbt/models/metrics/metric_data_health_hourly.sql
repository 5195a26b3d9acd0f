-- Per GH Archive hour: what the ledger says (latest run), events in the warehouse against the
-- trailing 24-hour median, dead letters, and the known GH Archive breaks that cover the hour.
with

ledger as (
    select * from {{ source('gharchive_ops', 'ingest_ledger') }}
),

latest_ledger as (
    select
        hour,
        {{ latest('status', 'finished_at') }} as status,
        {{ latest('lines_read', 'finished_at') }} as lines_read,
        {{ latest('dead_letters', 'finished_at') }} as dead_letters,
        count(*) as runs
    from ledger
    group by hour
),

events as (
    select
        source_hour as hour,
        count(*) as events_loaded
    from {{ ref('fct_events') }}
    group by source_hour
),

hours as (
    select
        latest_ledger.hour,
        latest_ledger.status,
        latest_ledger.lines_read,
        latest_ledger.dead_letters,
        latest_ledger.runs,
        coalesce(events.events_loaded, 0) as events_loaded
    from latest_ledger
    left join events on latest_ledger.hour = events.hour
),

trailing_medians as (
    select
        current_hour.hour,
        {{ percentile('earlier.events_loaded', 0.5) }} as trailing_median_events
    from hours as current_hour
    inner join hours as earlier
        on
            current_hour.hour > earlier.hour
            and {{ dbt.dateadd('hour', -24, 'current_hour.hour') }} <= earlier.hour
            and earlier.status = 'loaded'
    group by current_hour.hour
),

breaks as (
    select * from {{ ref('gharchive_known_breaks') }}
),

annotated as (
    select
        hours.hour,
        {{ dbt.listagg('breaks.break_id', "','") }} as known_breaks
    from hours
    inner join breaks on hours.hour >= breaks.starts_at and hours.hour < breaks.ends_at
    group by hours.hour
),

final as (
    select
        hours.*,
        trailing_medians.trailing_median_events,
        annotated.known_breaks
    from hours
    left join trailing_medians on hours.hour = trailing_medians.hour
    left join annotated on hours.hour = annotated.hour
)

select * from final
