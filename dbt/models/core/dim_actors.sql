{{ config(
    unique_key='actor_id',
    cluster_by=bq_cluster(['actor_id']),
    meta={'merge_prune_on': none}
) }}
{%- set window = loaded_window(upstream='fct_events') %}
{%- set incremental = is_incremental_with('loaded_through') %}

-- One row per GitHub user id that caused an event: its latest login, when it was first and last
-- seen, and whether it is a bot. Incremental: a build reads only the events fct_events got since
-- the last build and merges what they change into the actors they touch.
with

new_events as (
    select
        actor_id,
        actor_login,
        created_at,
        loaded_at
    from {{ ref('fct_events') }}
    {{ new_rows_only(window) }} and actor_id is not null
),

known as (
    {{ existing_rows(incremental, [
        ('actor_id', dbt.type_bigint()), ('actor_login', dbt.type_string()),
        ('first_seen_at', dbt.type_timestamp()), ('last_seen_at', dbt.type_timestamp()),
        ('events', dbt.type_bigint()), ('loaded_through', dbt.type_timestamp())
    ], 'actor_id', 'new_events') }}
),

-- Events an earlier build has not counted yet: a window read again after a failed build counts
-- nothing twice (commits are stamped in order, so an actor's events are counted up to
-- loaded_through).
unseen as (
    select new_events.*
    from new_events
    left join known on new_events.actor_id = known.actor_id
    where known.loaded_through is null or new_events.loaded_at > known.loaded_through
),

changed as (
    select
        actor_id,
        {{ latest('actor_login', 'created_at') }} as actor_login,
        min(created_at) as first_seen_at,
        max(created_at) as last_seen_at,
        count(*) as events,
        max(loaded_at) as loaded_through
    from unseen
    group by actor_id
),

merged as (
    select
        changed.actor_id,
        changed.loaded_through,
        case
            when known.actor_id is null or changed.last_seen_at >= known.last_seen_at
                then changed.actor_login
            else known.actor_login
        end as actor_login,
        case
            when known.first_seen_at < changed.first_seen_at then known.first_seen_at
            else changed.first_seen_at
        end as first_seen_at,
        case
            when known.last_seen_at > changed.last_seen_at then known.last_seen_at
            else changed.last_seen_at
        end as last_seen_at,
        changed.events + coalesce(known.events, 0) as events
    from changed
    left join known on changed.actor_id = known.actor_id
),

final as (
    select
        actor_id,
        actor_login,
        first_seen_at,
        last_seen_at,
        events,
        loaded_through,
        {{ is_bot('actor_login') }} as is_bot
    from merged
)

select * from final
