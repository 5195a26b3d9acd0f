with

source as (
    select * from {{ source('gharchive_staging', 'pull_request_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.action') }} as action,
        {{ json_int('payload', '$.number') }} as pr_number,
        {{ json_int('payload', '$.pull_request.id') }} as pr_id,
        {{ json_str('payload', '$.pull_request.title') }} as pr_title,
        {{ json_str('payload', '$.pull_request.state') }} as pr_state,
        {{ json_str('payload', '$.pull_request.user.login') }} as pr_author_login,
        {{ json_ts('payload', '$.pull_request.created_at') }} as pr_created_at,
        {{ json_ts('payload', '$.pull_request.closed_at') }} as pr_closed_at,
        {{ json_bool('payload', '$.pull_request.merged') }} as is_merged,
        {{ json_ts('payload', '$.pull_request.merged_at') }} as merged_at,
        {{ json_str('payload', '$.pull_request.merged_by.login') }} as merged_by_login,
        {{ json_int('payload', '$.pull_request.additions') }} as additions,
        {{ json_int('payload', '$.pull_request.deletions') }} as deletions,
        {{ json_int('payload', '$.pull_request.changed_files') }} as changed_files,
        {{ json_int('payload', '$.pull_request.commits') }} as commits,
        {{ json_int('payload', '$.pull_request.comments') }} as comments,
        {{ json_int('payload', '$.pull_request.review_comments') }} as review_comments,
        {{ json_array_join('payload', '$.pull_request.labels', 'name') }} as labels,
        {{ json_str('payload', '$.pull_request.base.ref') }} as base_ref,
        {{ json_int('payload', '$.pull_request.base.repo.id') }} as base_repo_id,
        {{ json_str('payload', '$.pull_request.base.repo.full_name') }} as base_repo_name,
        {{ json_str('payload', '$.pull_request.base.repo.language') }} as base_repo_language,
        {{ json_str('payload', '$.pull_request.head.ref') }} as head_ref,
        {{ json_str('payload', '$.pull_request.head.sha') }} as head_sha,
        {{ json_str('payload', '$.pull_request.head.repo.full_name') }} as head_repo_name,
        {{ json_str('payload', '$.pull_request.author_association') }} as author_association,
        {{ pull_request_peer_columns() }},
        {{ json_ts('payload', '$.pull_request.updated_at') }} as updated_at,
        {{ json_int('payload', '$.pull_request.user.id') }} as creator_user_id
    from source
)

select * from renamed
