with

source as (
    select * from {{ source('gharchive_staging', 'fork_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_int('payload', '$.forkee.id') }} as forkee_id,
        {{ json_str('payload', '$.forkee.full_name') }} as forkee_full_name,
        {{ json_str('payload', '$.forkee.owner.login') }} as forkee_owner_login
    from source
)

select * from renamed
