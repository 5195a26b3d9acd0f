with

source as (
    select * from {{ source('gharchive_staging', 'delete_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.ref') }} as ref,
        {{ json_str('payload', '$.ref_type') }} as ref_type,
        {{ json_str('payload', '$.pusher_type') }} as pusher_type
    from source
)

select * from renamed
