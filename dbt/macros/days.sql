{#- The repository page's models (models/repos) keep one row per repository, or contributor, and
    day, and a build recomputes whole days: the days of the events the facts got since the last
    build. A day's numbers are then exact however its hours arrive (an hour loaded late, a window
    read again after a failed build), distinct counts included, which adding to a day's row could
    not give. The merge replaces those days: delete+insert on the day on DuckDB, insert_overwrite
    of the day's partition on BigQuery. -#}

{#- The facts the repository models read: their window is what all of them have read. -#}
{% macro repo_page_upstreams() -%}
  {{ return(['fct_events', 'fct_pushes', 'fct_pull_requests', 'fct_issues']) }}
{%- endmacro %}

{#- The days to recompute in this build, as 'YYYY-MM-DD' texts: none on a first or full build (every
    day), else the days of the events staged in `window` (an empty list when none). Read from the
    staging views, as the facts find their new rows: staging is clustered by loaded_at, where a
    filter on a fact's loaded_at would read that whole column on BigQuery. -#}
{% macro days_to_rebuild(window) -%}
  {#- Named before anything returns, so dbt's parse records them as the model's dependencies. -#}
  {%- set staged = [] -%}
  {%- for model in event_staging_models() -%}
    {%- do staged.append(ref(model)) -%}
  {%- endfor -%}
  {%- if not (execute and is_incremental()) -%}
    {{ return(none) }}
  {%- endif -%}
  {%- if window.upper is none -%}
    {{ return([]) }}
  {%- endif -%}
  {%- set selects = [] -%}
  {%- for relation in staged -%}
    {%- do selects.append(
        "select distinct cast(cast(created_at as date) as " ~ dbt.type_string() ~ ") as day from "
        ~ relation ~ " " ~ new_rows_only(window)) -%}
  {%- endfor -%}
  {%- set found = run_query("select distinct day from (" ~ selects | join(" union all ") ~ ") as staged order by 1") -%}
  {{ return(found.columns[0].values() | list) }}
{%- endmacro %}

{#- A condition keeping the rows of `column` (a timestamp) on `days`: the days' range as constants
    first, so BigQuery prunes the facts' partitions, then the days themselves. -#}
{% macro on_days(days, column='created_at') -%}
  {%- if days is none -%}
    true
  {%- elif days | length == 0 -%}
    false
  {%- else -%}
    {%- set last = modules.datetime.date.fromisoformat(days[-1]) + modules.datetime.timedelta(days=1) -%}
    {{ column }} >= {{ timestamp_literal(days[0] ~ ' 00:00:00') }}
    and {{ column }} < {{ timestamp_literal(last.isoformat() ~ ' 00:00:00') }}
    and cast({{ column }} as date) in (
      {%- for day in days %}cast('{{ day }}' as date){{ ', ' if not loop.last }}{% endfor -%}
    )
  {%- endif -%}
{%- endmacro %}
