with

source as (
    select * from {{ source('gharchive_staging', 'gollum_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_array_length('payload', '$.pages') }} as page_count,
        {{ json_array_join('payload', '$.pages', 'page_name') }} as page_names,
        {{ json_array_join('payload', '$.pages', 'action') }} as page_actions
    from source
)

select * from renamed
