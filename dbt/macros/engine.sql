{#- Engine-specific SQL the models need besides JSON, each behind adapter.dispatch. -#}

{#- True when the text matches the regular expression. -#}
{% macro regex_matches(column, pattern) -%}
  {{ return(adapter.dispatch('regex_matches', 'ghevents')(column, pattern)) }}
{%- endmacro %}
{% macro duckdb__regex_matches(column, pattern) -%}
  regexp_matches({{ column }}, '{{ pattern }}')
{%- endmacro %}
{% macro bigquery__regex_matches(column, pattern) -%}
  regexp_contains({{ column }}, r'{{ pattern }}')
{%- endmacro %}

{#- The p-th continuous percentile (0 to 1) of an aggregate group. -#}
{% macro percentile(column, p) -%}
  {{ return(adapter.dispatch('percentile', 'ghevents')(column, p)) }}
{%- endmacro %}
{% macro duckdb__percentile(column, p) -%}
  quantile_cont({{ column }}, {{ p }})
{%- endmacro %}
{% macro bigquery__percentile(column, p) -%}
  approx_quantiles({{ column }}, 100)[offset({{ (p * 100) | int }})]
{%- endmacro %}

{#- The value of `column` on the row with the greatest `order_by` in the group. -#}
{% macro latest(column, order_by) -%}
  {{ return(adapter.dispatch('latest', 'ghevents')(column, order_by)) }}
{%- endmacro %}
{% macro duckdb__latest(column, order_by) -%}
  arg_max({{ column }}, {{ order_by }})
{%- endmacro %}
{% macro bigquery__latest(column, order_by) -%}
  array_agg({{ column }} ignore nulls order by {{ order_by }} desc limit 1)[safe_offset(0)]
{%- endmacro %}

{#- BigQuery-only table options: dbt-duckdb refuses partition_by. -#}
{% macro bq_partition(field, granularity='day', data_type='timestamp') -%}
  {%- if target.type == 'bigquery' -%}
    {{ return({'field': field, 'data_type': data_type, 'granularity': granularity}) }}
  {%- else -%}
    {{ return(none) }}
  {%- endif -%}
{%- endmacro %}

{% macro bq_cluster(columns) -%}
  {{ return(columns if target.type == 'bigquery' else none) }}
{%- endmacro %}
