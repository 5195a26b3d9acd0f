{{ config(
    unique_key=['event_id', 'created_at'],
    partition_by=bq_partition('created_at'),
    cluster_by=bq_cluster(['repo_id', 'actor_id'])
) }}
{%- set window = loaded_window() %}

with

pushes as (
    select * from {{ ref('stg_push_events') }}
    {{ new_rows_only(window) }}
),

final as (
    select
        {{ fact_envelope() }},
        push_id,
        ref,
        case
            when ref like 'refs/heads/%' then {{ dbt.replace('ref', "'refs/heads/'", "''") }}
        end as branch,
        -- size is the commit count; payloads trimmed after 2025-10-07 have neither it nor the list.
        coalesce(size, commit_count) as commit_count,
        distinct_size as distinct_commit_count,
        head_sha,
        before_sha,
        loaded_at
    from pushes
)

select * from final
