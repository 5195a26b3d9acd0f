with

source as (
    select * from {{ source('gharchive_staging', 'pull_request_review_comment_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.action') }} as action,
        {{ json_int('payload', '$.pull_request.number') }} as pr_number,
        {{ json_int('payload', '$.pull_request.id') }} as pr_id,
        {{ json_int('payload', '$.comment.id') }} as comment_id,
        {{ json_text_length('payload', '$.comment.body') }} as comment_body_length,
        {{ json_str('payload', '$.comment.path') }} as comment_path,
        {{ json_str('payload', '$.comment.commit_id') }} as commit_id,
        {{ json_str('payload', '$.comment.author_association') }} as author_association,
        {{ diff_comment_peer_columns() }},
        {{ pull_request_summary() }},
        {{ pull_request_peer_columns() }},
        {{ json_ts('payload', '$.comment.updated_at') }} as updated_at,
        {{ json_int('payload', '$.comment.user.id') }} as creator_user_id
    from source
)

select * from renamed
