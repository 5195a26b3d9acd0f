with

source as (
    select * from {{ source('gharchive_staging', 'discussion_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.action') }} as action,
        {{ json_int('payload', '$.discussion.id') }} as discussion_id,
        {{ json_int('payload', '$.discussion.number') }} as discussion_number,
        {{ json_str('payload', '$.discussion.title') }} as discussion_title,
        {{ json_str('payload', '$.discussion.category.name') }} as category_name
    from source
)

select * from renamed
