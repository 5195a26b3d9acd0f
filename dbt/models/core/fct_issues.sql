{{ config(
    unique_key=['event_id', 'created_at'],
    partition_by=bq_partition('created_at'),
    cluster_by=bq_cluster(['repo_id', 'action'])
) }}
{%- set window = loaded_window() %}

with

events as (
    select * from {{ ref('stg_issues_events') }}
    {{ new_rows_only(window) }}
),

final as (
    select
        {{ fact_envelope() }},
        action,
        issue_id,
        issue_number,
        issue_author_login,
        issue_labels,
        issue_created_at,
        issue_closed_at,
        action = 'opened' as is_opened,
        action = 'closed' as is_closed,
        case
            when action = 'closed' and issue_closed_at is not null and issue_created_at is not null
                then {{ dbt.datediff('issue_created_at', 'issue_closed_at', 'second') }}
        end as time_to_close_seconds,
        loaded_at
    from events
)

select * from final
