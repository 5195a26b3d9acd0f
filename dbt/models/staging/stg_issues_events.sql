with

source as (
    select * from {{ source('gharchive_staging', 'issues_events') }}
),

renamed as (
    select
        {{ stg_envelope() }},
        {{ json_str('payload', '$.action') }} as action,
        -- The timeline (2012-2014) gives the issue as a bare id, and its number beside it.
        coalesce(
            {{ json_int('payload', '$.issue.id') }},
            {{ json_int('payload', '$.issue') }}
        ) as issue_id,
        coalesce(
            {{ json_int('payload', '$.issue.number') }},
            {{ json_int('payload', '$.number') }}
        ) as issue_number,
        {{ json_str('payload', '$.issue.title') }} as issue_title,
        {{ json_str('payload', '$.issue.state') }} as issue_state,
        {{ json_str('payload', '$.issue.user.login') }} as issue_author_login,
        {{ json_array_join('payload', '$.issue.labels', 'name') }} as issue_labels,
        {{ json_int('payload', '$.issue.comments') }} as issue_comments,
        {{ json_ts('payload', '$.issue.created_at') }} as issue_created_at,
        {{ json_ts('payload', '$.issue.closed_at') }} as issue_closed_at,
        {{ json_str('payload', '$.issue.pull_request.url') }} is not null as is_pull_request,
        {{ json_str('payload', '$.issue.author_association') }} as author_association,
        {{ issue_peer_columns() }},
        {{ json_ts('payload', '$.issue.updated_at') }} as updated_at,
        {{ json_int('payload', '$.issue.user.id') }} as creator_user_id
    from source
)

select * from renamed
