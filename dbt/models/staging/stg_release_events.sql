with

source as (
    select * from {{ source('gharchive_staging', 'release_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.action') }} as action,
        {{ json_int('payload', '$.release.id') }} as release_id,
        {{ json_str('payload', '$.release.tag_name') }} as tag_name,
        {{ json_str('payload', '$.release.name') }} as release_name,
        {{ json_str('payload', '$.release.target_commitish') }} as target_commitish,
        {{ json_bool('payload', '$.release.draft') }} as is_draft,
        {{ json_bool('payload', '$.release.prerelease') }} as is_prerelease,
        {{ json_ts('payload', '$.release.published_at') }} as published_at
    from source
)

select * from renamed
