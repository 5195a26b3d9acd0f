{#- The envelope every staging model starts with, from a source table of the pipeline. -#}
{% macro stg_envelope() -%}
  id as event_id,
  type as event_type,
  created_at,
  public as is_public,
  actor_id,
  actor_login,
  repo_id,
  repo_name,
  org_id,
  org_login,
  source_hour,
  loaded_at
{%- endmacro %}

{#- The rows of `window` (loaded_window()): loaded after the commits the model has already read, up
    to the newest commit of the ledger when the build started; all of them up to it on a first or
    full build. Both bounds are constants, so BigQuery prunes staging's blocks (clustered by
    loaded_at) to the new rows. -#}
{% macro new_rows_only(window, loaded_at='loaded_at') -%}
  {%- if execute -%}
    {%- if window.upper is none -%}
      where false
    {%- else -%}
      where {{ loaded_at }} <= {{ timestamp_literal(window.upper) }}
      {%- if window.lower is not none %} and {{ loaded_at }} > {{ timestamp_literal(window.lower) }}{% endif -%}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}

{#- The staging models of every event table the pipeline routes, in one list. -#}
{% macro event_staging_models() -%}
  {{ return([
    'stg_commit_comment_events', 'stg_create_events', 'stg_delete_events', 'stg_discussion_events',
    'stg_fork_events', 'stg_gollum_events', 'stg_issue_comment_events', 'stg_issues_events',
    'stg_member_events', 'stg_public_events', 'stg_pull_request_events',
    'stg_pull_request_review_comment_events', 'stg_pull_request_review_events',
    'stg_pull_request_review_thread_events', 'stg_push_events', 'stg_release_events',
    'stg_sponsorship_events', 'stg_watch_events', 'stg_other_events'
  ]) }}
{%- endmacro %}

{#- Whether a login belongs to a bot: GitHub Apps end in [bot]; the rest are well-known automation
    accounts and the usual -bot / _bot suffixes. -#}
{% macro is_bot(login) -%}
  coalesce({{ regex_matches(
    'lower(' ~ login ~ ')',
    '(\\[bot\\]$|[-_]bot$|^bot[-_]|^(dependabot|renovate|greenkeeper|snyk-bot|imgbot|codecov|pyup-bot|mergify|allcontributors|github-actions|travis-ci|coveralls|netlify|vercel|gitter-badger)\\b)'
  ) }}, false)
{%- endmacro %}

{#- Who, where and when: the first columns of every per-type fact. -#}
{% macro fact_envelope() -%}
  event_id,
  created_at,
  actor_id,
  actor_login,
  repo_id,
  repo_name
{%- endmacro %}
