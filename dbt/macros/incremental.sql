{#- The incremental facts' merge reads the existing table only where a duplicate of a new row can be:
    an event's created_at never changes, so a row already in the fact lies between the new rows'
    least and greatest created_at. The bounds are read from the new rows first and written into
    the statement as constants, so BigQuery prunes the fact's partitions: the merge reads a day or
    two of the fact, not its whole history, however old the fact grows (without this, dbt's merge
    reads the key of every row in the table on every build). Models opt in with
    meta: {merge_prune_on: created_at}. Overrides dbt's own get_merge_sql (BigQuery) and
    get_delete_insert_merge_sql (DuckDB), keeping any incremental_predicates. -#}
{% macro get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {%- set predicates = with_new_rows_range(source, incremental_predicates, 'DBT_INTERNAL_DEST.') -%}
  {{ return(adapter.dispatch('get_merge_sql', 'dbt')(target, source, unique_key, dest_columns, predicates)) }}
{%- endmacro %}

{% macro get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
  {#- dbt aliases the target only when the key is a list of columns (as the facts' is). -#}
  {%- set prefix = '' if unique_key is string else 'DBT_INCREMENTAL_TARGET.' -%}
  {%- set predicates = with_new_rows_range(source, incremental_predicates, prefix) -%}
  {{ return(adapter.dispatch('get_delete_insert_merge_sql', 'dbt')(target, source, unique_key, dest_columns, predicates)) }}
{%- endmacro %}

{#- `predicates` plus, for a model with meta.merge_prune_on, the target's column between the new
    rows' bounds (`false` when there are no new rows: nothing can match). -#}
{% macro with_new_rows_range(source, predicates, target_prefix) -%}
  {%- set all = [] if predicates is none else [] + predicates -%}
  {%- set column = (config.get('meta') or {}).get('merge_prune_on') -%}
  {%- if column and execute -%}
    {%- set bounds = run_query('select min(' ~ column ~ ') as low, max(' ~ column ~ ') as high from ' ~ source ~ ' as new_rows') -%}
    {%- set low = bounds.columns[0].values()[0] -%}
    {%- set high = bounds.columns[1].values()[0] -%}
    {%- if low is none -%}
      {%- do all.append('false') -%}
    {%- else -%}
      {%- do all.append(target_prefix ~ column ~ ' between ' ~ timestamp_literal(low) ~ ' and ' ~ timestamp_literal(high)) -%}
    {%- endif -%}
  {%- endif -%}
  {{ return(all) }}
{%- endmacro %}

{#- A UTC timestamp constant both engines read the same way, from a datetime (a query's result) or
    from text already in that form. -#}
{% macro timestamp_literal(value) -%}
  {%- if value is string -%}
    {{ return("cast('" ~ value ~ "' as timestamp)") }}
  {%- endif -%}
  {%- set utc = value.astimezone(modules.pytz.utc).replace(tzinfo=none) if value.tzinfo else value -%}
  {{ return("cast('" ~ utc.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as timestamp)") }}
{%- endmacro %}

{#- Whether the model builds incrementally on a target that already has `column`: a table built
    before the model was incremental (a dimension that was rebuilt whole) lacks it, and is then
    rebuilt whole once, in the same merge, which adds the column. -#}
{% macro is_incremental_with(column) -%}
  {%- if not (execute and is_incremental()) -%}
    {{ return(false) }}
  {%- endif -%}
  {%- set names = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
  {{ return(column in names) }}
{%- endmacro %}

{#- The model's own rows of the keys `key` in `among`, as a relation of `columns` ([(name, type)]):
    read from the table when the build is incremental (is_incremental_with), else no rows. So an
    incremental model's SQL has one shape whether or not it builds on its table. -#}
{% macro existing_rows(incremental, columns, key, among) -%}
  {%- if incremental -%}
    select {% for name, type in columns %}{{ name }}{{ ', ' if not loop.last }}{% endfor %} from {{ this }}
    where {{ key }} in (select {{ key }} from {{ among }})
  {%- else -%}
    select {% for name, type in columns %}cast(null as {{ type }}) as {{ name }}{{ ', ' if not loop.last }}{% endfor %}
    from (select 1 as nothing) as empty where false
  {%- endif -%}
{%- endmacro %}
