{{ config(
    unique_key=['event_id', 'created_at'],
    partition_by=bq_partition('created_at'),
    cluster_by=bq_cluster(['repo_id'])
) }}
{%- set window = loaded_window() %}

-- Stars (WatchEvent action started): one row per star.
with

events as (
    select * from {{ ref('stg_watch_events') }}
    {{ new_rows_only(window) }}
),

final as (
    select
        {{ fact_envelope() }},
        action,
        loaded_at
    from events
)

select * from final
