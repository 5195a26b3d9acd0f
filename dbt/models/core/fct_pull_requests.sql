{{ config(
    unique_key=['event_id', 'created_at'],
    partition_by=bq_partition('created_at'),
    cluster_by=bq_cluster(['repo_id', 'action'])
) }}
{%- set window = loaded_window() %}

-- One row per pull request event, with what dashboards ask: opened, closed, merged, time to merge.
with

events as (
    select * from {{ ref('stg_pull_request_events') }}
    {{ new_rows_only(window) }}
),

final as (
    select
        {{ fact_envelope() }},
        action,
        pr_id,
        pr_number,
        pr_author_login,
        pr_created_at,
        pr_closed_at,
        merged_at,
        merged_by_login,
        additions,
        deletions,
        changed_files,
        commits,
        base_repo_language,
        action = 'opened' as is_opened,
        action = 'closed' as is_closed,
        -- A close is a merge when the payload says so; trimmed payloads cannot say (NULL).
        case
            when action = 'closed' then coalesce(is_merged, case when merged_at is not null then true end)
        end as is_merged,
        case
            when action = 'closed' and merged_at is not null and pr_created_at is not null
                then {{ dbt.datediff('pr_created_at', 'merged_at', 'second') }}
        end as time_to_merge_seconds,
        loaded_at
    from events
)

select * from final
