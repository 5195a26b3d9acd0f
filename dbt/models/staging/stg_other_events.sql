with

source as (
    select * from {{ source('gharchive_staging', 'other_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        payload,
        other
    from source
)

select * from renamed
