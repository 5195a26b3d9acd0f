with

source as (
    select * from {{ source('gharchive_staging', 'push_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_int('payload', '$.push_id') }} as push_id,
        {{ json_int('payload', '$.size') }} as size,
        {{ json_int('payload', '$.distinct_size') }} as distinct_size,
        -- The timeline (2012-2014) lists commits as `shas`, [sha, email, message, name, distinct].
        coalesce(
            {{ json_array_length('payload', '$.commits') }},
            {{ json_array_length('payload', '$.shas') }}
        ) as commit_count,
        {{ json_str('payload', '$.ref') }} as ref,
        {{ json_str('payload', '$.head') }} as head_sha,
        {{ json_str('payload', '$.before') }} as before_sha
    from source
)

select * from renamed
