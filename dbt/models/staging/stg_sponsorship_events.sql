with

source as (
    select * from {{ source('gharchive_staging', 'sponsorship_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.action') }} as action,
        {{ json_str('payload', '$.sponsorship.sponsor.login') }} as sponsor_login,
        {{ json_str('payload', '$.sponsorship.sponsorable.login') }} as sponsorable_login,
        {{ json_str('payload', '$.sponsorship.tier.name') }} as tier_name
    from source
)

select * from renamed
