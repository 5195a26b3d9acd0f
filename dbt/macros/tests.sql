{#- What data tests read. With the var `test_loaded_since` (a UTC time, 'YYYY-MM-DD HH:MM:SS'), a
    test on a relation that has a `loaded_at` column (the staging sources and views, the facts)
    reads only the rows loaded since then: the hourly build on BigQuery tests what it has just
    built instead of the whole history (its cost stays flat as history grows), and a daily build
    without the var tests everything. Relations without `loaded_at` (dims, metrics) are tested
    whole. Overrides dbt's own get_where_subquery, keeping each test's `where` config. -#}
{% macro get_where_subquery(relation) -%}
  {%- set filters = [] -%}
  {%- set where = config.get('where') -%}
  {%- if where -%}
    {%- do filters.append('(' ~ where ~ ')') -%}
  {%- endif -%}
  {%- if var('test_loaded_since', none) and execute -%}
    {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- if 'loaded_at' in columns -%}
      {%- do filters.append(loaded_since_filter()) -%}
    {%- endif -%}
  {%- endif -%}
  {%- if filters -%}
    {%- do return('(select * from ' ~ relation ~ ' where ' ~ (filters | join(' and ')) ~ ') dbt_subquery') -%}
  {%- else -%}
    {%- do return(relation) -%}
  {%- endif -%}
{%- endmacro %}

{#- `loaded_at` on or after the var `test_loaded_since`, as a constant (so BigQuery prunes the
    blocks of older loads, clustered by loaded_at); true without the var. -#}
{% macro loaded_since_filter(column='loaded_at') -%}
  {%- set since = var('test_loaded_since', none) -%}
  {%- if since -%}
    {%- if not modules.re.match('^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$', since | string) -%}
      {{ exceptions.raise_compiler_error("var test_loaded_since must be a UTC time like '2024-01-31 06:00:00', not '" ~ since ~ "'") }}
    {%- endif -%}
    {{ column }} >= {{ timestamp_literal(since | string) }}
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}
