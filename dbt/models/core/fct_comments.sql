{{ config(
    unique_key=['event_id', 'created_at'],
    partition_by=bq_partition('created_at'),
    cluster_by=bq_cluster(['repo_id', 'comment_kind'])
) }}
{%- set window = loaded_window() %}

-- Comments of every kind: on issues and pull requests, on pull request diffs, on commits.
{%- set sources = [
    ('stg_issue_comment_events', "case when is_pull_request then 'pull_request' else 'issue' end"),
    ('stg_pull_request_review_comment_events', "'pull_request_review'"),
    ('stg_commit_comment_events', "'commit'"),
] %}

-- The linter cannot follow indentation through a Jinja loop: layout is checked by eye here.
-- noqa: disable=LT02
with

unioned as (
    {%- for model, kind in sources %}
    select
        {{ fact_envelope() }},
        comment_id,
        comment_body_length,
        loaded_at,
        {{ kind }} as comment_kind
    from {{ ref(model) }}
    {{ new_rows_only(window) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

-- noqa: enable=LT02
select * from unioned
