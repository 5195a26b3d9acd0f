with

source as (
    select * from {{ source('gharchive_staging', 'other_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        payload as payload,
        other as other
    from source
)

select * from renamed
