{{ config(
    unique_key=['event_id', 'created_at'],
    partition_by=bq_partition('created_at'),
    cluster_by=bq_cluster(['repo_id'])
) }}
{%- set window = loaded_window() %}

-- Releases: one row per release event.
with

events as (
    select * from {{ ref('stg_release_events') }}
    {{ new_rows_only(window) }}
),

final as (
    select
        {{ fact_envelope() }},
        action,
        release_id,
        tag_name,
        release_name,
        is_draft,
        is_prerelease,
        published_at,
        loaded_at
    from events
)

select * from final
