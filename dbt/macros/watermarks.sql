{#- Which commits each incremental fact has read, so a build reads only the newer ones without
    scanning the fact (a max(loaded_at) over a year of a fact reads its whole loaded_at column).

    A commit stamps its staging rows' loaded_at and its ledger rows' finished_at with one time
    (DuckDB: taken once it holds the commit lock; BigQuery: its transaction's start, which for a
    commit that succeeds comes after the previous successful commit finished, since two
    transactions that update the lock row cannot overlap), so commits are stamped in the order
    they became visible. A build
    reads the rows loaded after the model's last watermark and up to the newest finished_at in the
    ledger at that moment (a commit still running then is stamped later and read next time); it
    records that upper bound as pending for this invocation, and the model's post-hook marks it
    done once the model is built. A failed build leaves it pending, so the next build reads the
    same rows again (the merge keys on event_id and created_at). A full build's end forgets all but each model's
    newest done window. -#}

{% macro watermarks_relation() -%}
  {{ return(api.Relation.create(
      database=target.database,
      schema=generate_schema_name('analytics', none),
      identifier='_ghevents_watermarks')) }}
{%- endmacro %}

{#- on-run-start: the table, and its schema on a fresh warehouse. The schema is created only if it
    is missing: dbt-bigquery's create_schema runs `create schema if not exists`, which BigQuery
    refuses without the project-level bigquery.datasets.create even when the dataset exists, and
    the deployment's dbt account has roles on its datasets only (docs/PERMISSIONS.md). -#}
{% macro create_watermarks_table() -%}
  {%- set relation = watermarks_relation() -%}
  {%- if execute and not adapter.check_schema_exists(relation.database, relation.schema) -%}
    {%- do adapter.create_schema(relation) -%}
  {%- endif -%}
  create table if not exists {{ relation }} (
    model {{ dbt.type_string() }},
    watermark {{ dbt.type_timestamp() }},
    invocation_id {{ dbt.type_string() }},
    done {{ dbt.type_boolean() }}
  )
{%- endmacro %}

{#- This build's window for the current model: {'lower': the last watermark marked done, or none on
    a first or full build; 'upper': the ledger's newest finished_at, or none before any commit}.
    A model built from other incremental models (the dimensions, from fct_events; the repository
    models, from several facts) passes them as `upstream` (a name or a list): its upper bound is
    then what they have all read (the least of their newest done watermarks), so it never marks as
    read rows an upstream model has not got yet. -#}
{% macro loaded_window(upstream=none) -%}
  {%- if not execute -%}
    {{ return({'lower': none, 'upper': none}) }}
  {%- endif -%}
  {%- set table = watermarks_relation() -%}
  {%- set lower = none -%}
  {%- if is_incremental() -%}
    {%- set done = run_query(
        "select max(watermark) from " ~ table ~ " where model = '" ~ this.identifier ~ "' and done") -%}
    {%- set lower = done.columns[0].values()[0] -%}
  {%- endif -%}
  {%- if upstream is none -%}
    {%- set newest = run_query("select max(finished_at) from " ~ source('gharchive_ops', 'ingest_ledger')) -%}
  {%- else -%}
    {#- Several upstreams: what the one furthest behind has read (none while one has read nothing). -#}
    {%- set models = [upstream] if upstream is string else upstream -%}
    {%- set newest = run_query(
        "select case when count(*) = " ~ models | length ~ " then min(newest) end from ("
        ~ "select model, max(watermark) as newest from " ~ table ~ " where done and model in ('"
        ~ models | join("', '") ~ "') group by model) as read_by_upstream") -%}
  {%- endif -%}
  {%- set upper = newest.columns[0].values()[0] -%}
  {#- Nothing committed since the last window: nothing to record. -#}
  {%- if upper is not none and (lower is none or upper > lower) and flags.WHICH in ('run', 'build') -%}
    {%- do run_query(
        "insert into " ~ table ~ " (model, watermark, invocation_id, done) values ('"
        ~ this.identifier ~ "', " ~ timestamp_literal(upper) ~ ", '" ~ invocation_id ~ "', false)") -%}
  {%- endif -%}
  {{ return({'lower': lower, 'upper': upper}) }}
{%- endmacro %}

{#- post-hook of the incremental facts: this invocation's window is read. Appends only (a copy of
    the pending row, marked done): BigQuery runs appends side by side, where updates of one table
    from the build's parallel threads would conflict. -#}
{% macro mark_window_done() -%}
  {%- set table = watermarks_relation() -%}
  insert into {{ table }} (model, watermark, invocation_id, done)
  select model, watermark, invocation_id, true from {{ table }}
  where model = '{{ this.identifier }}' and invocation_id = '{{ invocation_id }}' and not done
{%- endmacro %}

{#- on-run-end of a full build (no test_loaded_since: local runs, the daily cloud build): keep each
    model's newest done window only. One statement a build, so nothing runs beside it. -#}
{% macro forget_old_windows() -%}
  {%- if var('test_loaded_since', none) is none -%}
    {%- set table = watermarks_relation() -%}
    delete from {{ table }}
    where not done or concat(model, '@', cast(watermark as {{ dbt.type_string() }})) not in (
      select concat(model, '@', cast(max(watermark) as {{ dbt.type_string() }}))
      from {{ table }} where done group by model
    )
  {%- endif -%}
{%- endmacro %}
