{{ config(
    unique_key='repo_id',
    cluster_by=bq_cluster(['repo_id']),
    meta={'merge_prune_on': none}
) }}
{%- set window = loaded_window(upstream='fct_events') %}
{%- set incremental = is_incremental_with('loaded_through') %}

-- One row per repository id: its latest name and owner, when first and last seen, and its language
-- where a pull request payload carries it. Incremental: a build reads only the events fct_events
-- got since the last build and merges what they change into the repositories they touch.
with

new_events as (
    select
        repo_id,
        repo_name,
        created_at,
        loaded_at
    from {{ ref('fct_events') }}
    {{ new_rows_only(window) }} and repo_id is not null
),

new_languages as (
    select
        base_repo_id as repo_id,
        base_repo_language as language,
        created_at
    from {{ ref('stg_pull_request_events') }}
    {{ new_rows_only(window) }} and base_repo_id is not null and base_repo_language is not null
),

known as (
    {{ existing_rows(incremental, [
        ('repo_id', dbt.type_bigint()), ('repo_name', dbt.type_string()),
        ('first_seen_at', dbt.type_timestamp()), ('last_seen_at', dbt.type_timestamp()),
        ('events', dbt.type_bigint()), ('language', dbt.type_string()),
        ('language_seen_at', dbt.type_timestamp()), ('loaded_through', dbt.type_timestamp())
    ], 'repo_id', 'new_events') }}
),

-- Events an earlier build has not counted yet (a window read again after a failed build).
unseen as (
    {{ not_counted_yet('repo_id') }}
),

changed as (
    select
        repo_id,
        {{ seen_in_new_events('repo_name') }}
    from unseen
    group by repo_id
),

languages as (
    select
        repo_id,
        {{ latest('language', 'created_at') }} as language,
        max(created_at) as language_seen_at
    from new_languages
    group by repo_id
),

merged as (
    select
        changed.repo_id,
        {{ seen_merged('repo_id', 'repo_name') }},
        -- The newest language seen, new or known.
        case
            when known.language_seen_at is null or languages.language_seen_at >= known.language_seen_at
                then coalesce(languages.language, known.language)
            else known.language
        end as language,
        case
            when known.language_seen_at > languages.language_seen_at then known.language_seen_at
            else coalesce(languages.language_seen_at, known.language_seen_at)
        end as language_seen_at
    from changed
    left join known on changed.repo_id = known.repo_id
    left join languages on changed.repo_id = languages.repo_id
),

final as (
    select
        repo_id,
        repo_name,
        {{ dbt.split_part('repo_name', "'/'", 1) }} as owner_login,
        first_seen_at,
        last_seen_at,
        events,
        language,
        language_seen_at,
        loaded_through
    from merged
)

select * from final
