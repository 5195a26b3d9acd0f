{{ config(
    unique_key=['event_id', 'created_at'],
    partition_by=bq_partition('created_at'),
    cluster_by=bq_cluster(['repo_id'])
) }}
{%- set window = loaded_window() %}

-- Forks: one row per new fork.
with

events as (
    select * from {{ ref('stg_fork_events') }}
    {{ new_rows_only(window) }}
),

final as (
    select
        {{ fact_envelope() }},
        forkee_id,
        forkee_full_name,
        forkee_owner_login,
        loaded_at
    from events
)

select * from final
