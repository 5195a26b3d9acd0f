with

source as (
    select * from {{ source('gharchive_staging', 'watch_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.action') }} as action
    from source
)

select * from renamed
