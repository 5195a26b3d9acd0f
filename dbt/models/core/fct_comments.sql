{{ config(
    unique_key='event_id',
    partition_by=bq_partition('created_at'),
    cluster_by=bq_cluster(['repo_id', 'comment_kind'])
) }}

-- Comments of every kind: on issues and pull requests, on pull request diffs, on commits.
with

issue_comments as (
    select
        event_id,
        created_at,
        actor_id,
        actor_login,
        repo_id,
        repo_name,
        comment_id,
        comment_body_length,
        loaded_at,
        case when is_pull_request then 'pull_request' else 'issue' end as comment_kind
    from {{ ref('stg_issue_comment_events') }}
    {{ new_rows_only() }}
),

review_comments as (
    select
        event_id,
        created_at,
        actor_id,
        actor_login,
        repo_id,
        repo_name,
        comment_id,
        comment_body_length,
        loaded_at,
        'pull_request_review' as comment_kind
    from {{ ref('stg_pull_request_review_comment_events') }}
    {{ new_rows_only() }}
),

commit_comments as (
    select
        event_id,
        created_at,
        actor_id,
        actor_login,
        repo_id,
        repo_name,
        comment_id,
        comment_body_length,
        loaded_at,
        'commit' as comment_kind
    from {{ ref('stg_commit_comment_events') }}
    {{ new_rows_only() }}
),

unioned as (
    select * from issue_comments
    union all
    select * from review_comments
    union all
    select * from commit_comments
)

select * from unioned
