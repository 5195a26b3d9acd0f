{#- JSON extraction that works on DuckDB's JSON and BigQuery's JSON columns alike. A path is a
    JSONPath like '$.pull_request.merged_at'. Every extractor returns NULL, never an error, when the
    field is missing or of another kind: GitHub trims payloads (2025-10-07) and types drift. -#}

{% macro json_str(column, path) -%}
  {{ return(adapter.dispatch('json_str', 'ghevents')(column, path)) }}
{%- endmacro %}
{% macro duckdb__json_str(column, path) -%}
  json_extract_string({{ column }}, '{{ path }}')
{%- endmacro %}
{% macro bigquery__json_str(column, path) -%}
  lax_string({{ column }}{{ path[1:] }})
{%- endmacro %}

{% macro json_int(column, path) -%}
  {{ return(adapter.dispatch('json_int', 'ghevents')(column, path)) }}
{%- endmacro %}
{% macro duckdb__json_int(column, path) -%}
  try_cast(json_extract_string({{ column }}, '{{ path }}') as bigint)
{%- endmacro %}
{% macro bigquery__json_int(column, path) -%}
  safe_cast(json_value({{ column }}, '{{ path }}') as int64)
{%- endmacro %}

{% macro json_bool(column, path) -%}
  {{ return(adapter.dispatch('json_bool', 'ghevents')(column, path)) }}
{%- endmacro %}
{% macro duckdb__json_bool(column, path) -%}
  try_cast(json_extract_string({{ column }}, '{{ path }}') as boolean)
{%- endmacro %}
{% macro bigquery__json_bool(column, path) -%}
  safe_cast(json_value({{ column }}, '{{ path }}') as bool)
{%- endmacro %}

{#- GitHub writes times as 2021-07-21T06:00:00Z; both engines keep them as UTC timestamps. -#}
{% macro json_ts(column, path) -%}
  {{ return(adapter.dispatch('json_ts', 'ghevents')(column, path)) }}
{%- endmacro %}
{% macro duckdb__json_ts(column, path) -%}
  try_cast(json_extract_string({{ column }}, '{{ path }}') as timestamp)
{%- endmacro %}
{% macro bigquery__json_ts(column, path) -%}
  safe_cast(json_value({{ column }}, '{{ path }}') as timestamp)
{%- endmacro %}

{#- Number of elements of an array, NULL when the array is absent. -#}
{% macro json_array_length(column, path) -%}
  {{ return(adapter.dispatch('json_array_length', 'ghevents')(column, path)) }}
{%- endmacro %}
{% macro duckdb__json_array_length(column, path) -%}
  case when json_type({{ column }}, '{{ path }}') = 'ARRAY'
    then json_array_length({{ column }}, '{{ path }}') end
{%- endmacro %}
{% macro bigquery__json_array_length(column, path) -%}
  array_length(json_query_array({{ column }}, '{{ path }}'))
{%- endmacro %}

{#- A field of every element of an array, joined with commas (e.g. label names). -#}
{% macro json_array_join(column, path, field) -%}
  {{ return(adapter.dispatch('json_array_join', 'ghevents')(column, path, field)) }}
{%- endmacro %}
{% macro duckdb__json_array_join(column, path, field) -%}
  nullif(array_to_string(
    json_extract_string({{ column }}, '{{ path }}[*].{{ field }}'), ','), '')
{%- endmacro %}
{% macro bigquery__json_array_join(column, path, field) -%}
  nullif(array_to_string(array(
    select json_value(element, '$.{{ field }}')
    from unnest(json_query_array({{ column }}, '{{ path }}')) as element), ','), '')
{%- endmacro %}

{#- Length in characters of a text field (comment bodies), NULL when absent. -#}
{% macro json_text_length(column, path) -%}
  length({{ json_str(column, path) }})
{%- endmacro %}
