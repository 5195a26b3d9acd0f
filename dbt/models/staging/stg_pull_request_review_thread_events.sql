with

source as (
    select * from {{ source('gharchive_staging', 'pull_request_review_thread_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.action') }} as action,
        {{ json_int('payload', '$.pull_request.number') }} as pr_number,
        {{ json_int('payload', '$.pull_request.id') }} as pr_id,
        {{ json_str('payload', '$.thread.node_id') }} as thread_node_id
    from source
)

select * from renamed
