{{ config(
    unique_key=['event_id', 'created_at'],
    partition_by=bq_partition('created_at'),
    cluster_by=bq_cluster(['event_type', 'repo_id'])
) }}
{%- set window = loaded_window() %}

-- Every event of every type, one row per id: the envelope only; payload fields live in the
-- per-type facts. Built incrementally from rows loaded since the last build.
-- The linter cannot follow indentation through a Jinja loop: layout is checked by eye here.
-- noqa: disable=LT02
with

unioned as (
    {%- for model in event_staging_models() %}
    select
        event_id,
        event_type,
        created_at,
        is_public,
        actor_id,
        actor_login,
        repo_id,
        repo_name,
        org_id,
        org_login,
        source_hour,
        loaded_at
    from {{ ref(model) }}
    {{ new_rows_only(window) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

-- noqa: enable=LT02
select * from unioned
