with

source as (
    select * from {{ source('gharchive_staging', 'pull_request_review_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.action') }} as action,
        {{ json_int('payload', '$.pull_request.number') }} as pr_number,
        {{ json_int('payload', '$.pull_request.id') }} as pr_id,
        {{ json_int('payload', '$.review.id') }} as review_id,
        {{ json_str('payload', '$.review.state') }} as review_state,
        {{ json_text_length('payload', '$.review.body') }} as review_body_length,
        {{ json_ts('payload', '$.review.submitted_at') }} as review_submitted_at,
        {{ json_str('payload', '$.review.author_association') }} as author_association,
        {{ pull_request_summary() }},
        {{ pull_request_peer_columns() }},
        {{ json_ts('payload', '$.pull_request.updated_at') }} as updated_at,
        {{ json_int('payload', '$.review.user.id') }} as creator_user_id
    from source
)

select * from renamed
