with

source as (
    select * from {{ source('gharchive_staging', 'member_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.action') }} as action,
        {{ json_int('payload', '$.member.id') }} as member_id,
        {{ json_str('payload', '$.member.login') }} as member_login
    from source
)

select * from renamed
