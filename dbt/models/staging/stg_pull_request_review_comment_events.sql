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
        {{ json_str('payload', '$.comment.author_association') }} as author_association
    from source
)

select * from renamed
