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

-- Events an earlier build has not counted yet (a window read again after a failed build).
unseen as (
    {{ not_counted_yet('actor_id') }}
),

changed as (
    select
        actor_id,
        {{ seen_in_new_events('actor_login') }}
    from unseen
    group by actor_id
),

merged as (
    select
        changed.actor_id,
        {{ seen_merged('actor_id', 'actor_login') }}
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
