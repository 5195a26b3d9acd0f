{{ config(
    unique_key='event_id',
    partition_by=bq_partition('created_at'),
    cluster_by=bq_cluster(['event_type', 'repo_id'])
) }}

-- Every event of every type, one row per id: the envelope only; payload fields live in the
-- per-type facts. Built incrementally from rows loaded since the last build.
with

{% for model in event_staging_models() %}
{{ model }} as (
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
    {{ new_rows_only() }}
),
{% endfor %}

unioned as (
    {% for model in event_staging_models() %}
    select * from {{ model }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from unioned
