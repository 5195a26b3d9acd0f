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
        {{ json_str('payload', '$.review.author_association') }} as author_association
    from source
)

select * from renamed
