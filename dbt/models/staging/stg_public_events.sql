with

source as (
    select * from {{ source('gharchive_staging', 'public_events') }}
),

renamed as (
    select
        {{ stg_envelope() }}
    from source
)

select * from renamed
