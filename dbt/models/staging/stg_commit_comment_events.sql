with

source as (
    select * from {{ source('gharchive_staging', 'commit_comment_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.action') }} as action,
        -- The timeline (2012-2014) gives only comment_id and the commit's sha.
        coalesce(
            {{ json_int('payload', '$.comment.id') }},
            {{ json_int('payload', '$.comment_id') }}
        ) as comment_id,
        coalesce(
            {{ json_str('payload', '$.comment.commit_id') }},
            {{ json_str('payload', '$.commit') }}
        ) as commit_id,
        {{ json_str('payload', '$.comment.path') }} as comment_path,
        {{ json_text_length('payload', '$.comment.body') }} as comment_body_length,
        {{ comment_position_columns() }},
        {{ json_ts('payload', '$.comment.updated_at') }} as updated_at,
        {{ json_int('payload', '$.comment.user.id') }} as creator_user_id
    from source
)

select * from renamed
