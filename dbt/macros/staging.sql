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
    accounts, the usual -bot / _bot suffixes and a CamelCase Bot at the end (KalturaGitBot; case
    matters there, so Talbot stays a person). -#}
{% macro is_bot(login) -%}
  coalesce({{ regex_matches(
    'lower(' ~ login ~ ')',
    '(\\[bot\\]$|[-_]bot$|^bot[-_]|^(dependabot|renovate|greenkeeper|snyk-bot|imgbot|codecov|pyup-bot|mergify|allcontributors|github-actions|travis-ci|coveralls|netlify|vercel|gitter-badger)\\b)'
  ) }} or {{ regex_matches(login, '[a-z0-9]Bot$') }}, false)
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

{#- What a pull request payload object says about the pull request, for the review and review
    comment events, which carry the same `pull_request` object as PullRequestEvent. -#}
{% macro pull_request_summary() -%}
  {{ json_str('payload', '$.pull_request.title') }} as pr_title,
  {{ json_str('payload', '$.pull_request.state') }} as pr_state,
  {{ json_str('payload', '$.pull_request.user.login') }} as pr_author_login,
  {{ json_ts('payload', '$.pull_request.created_at') }} as pr_created_at,
  {{ json_str('payload', '$.pull_request.base.ref') }} as base_ref,
  {{ json_str('payload', '$.pull_request.base.repo.language') }} as base_repo_language,
  {{ json_str('payload', '$.pull_request.head.ref') }} as head_ref
{%- endmacro %}

{#- The pull request columns ClickHouse's github_events extracts that the rest do not (named as
    there): NULL where the payload lacks them (trimmed after 2025-10-07, or of another era). -#}
{% macro pull_request_peer_columns() -%}
  {{ json_bool('payload', '$.pull_request.locked') }} as locked,
  {{ json_str('payload', '$.pull_request.assignee.login') }} as assignee,
  {{ json_array_join('payload', '$.pull_request.assignees', 'login') }} as assignees,
  {{ json_str('payload', '$.pull_request.merge_commit_sha') }} as merge_commit_sha,
  {{ json_array_join('payload', '$.pull_request.requested_reviewers', 'login') }} as requested_reviewers,
  {{ json_array_join('payload', '$.pull_request.requested_teams', 'name') }} as requested_teams,
  {{ json_str('payload', '$.pull_request.base.sha') }} as base_sha,
  {{ json_bool('payload', '$.pull_request.mergeable') }} as mergeable,
  {{ json_bool('payload', '$.pull_request.rebaseable') }} as rebaseable,
  {{ json_str('payload', '$.pull_request.mergeable_state') }} as mergeable_state,
  {{ json_bool('payload', '$.pull_request.maintainer_can_modify') }} as maintainer_can_modify
{%- endmacro %}

{#- ClickHouse's issue columns, from the payload's `issue`. -#}
{% macro issue_peer_columns() -%}
  {{ json_bool('payload', '$.issue.locked') }} as locked,
  {{ json_str('payload', '$.issue.assignee.login') }} as assignee,
  {{ json_array_join('payload', '$.issue.assignees', 'login') }} as assignees
{%- endmacro %}

{#- Where a comment on code sits (commit and diff comments), named as ClickHouse names it. -#}
{% macro comment_position_columns() -%}
  {{ json_int('payload', '$.comment.position') }} as position,
  {{ json_int('payload', '$.comment.line') }} as line
{%- endmacro %}

{#- ClickHouse's diff comment columns, from the payload's `comment`. -#}
{% macro diff_comment_peer_columns() -%}
  {{ comment_position_columns() }},
  {{ json_str('payload', '$.comment.diff_hunk') }} as diff_hunk,
  {{ json_int('payload', '$.comment.original_position') }} as original_position,
  {{ json_str('payload', '$.comment.original_commit_id') }} as original_commit_id
{%- endmacro %}
